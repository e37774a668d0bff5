"""Snippets: whole sentences around the match, marked and escaped, within a length limit."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktSentenceTokenizer

from search.snippets import ELLIPSIS, SNIPPET_CHARS, sentence_snippet

SPLITTER = PunktSentenceTokenizer()
MARK = re.compile(r'<mark class="match term\d+">(.*?)</mark>')


def visible(snippet: str) -> str:
    return html.unescape(MARK.sub(r"\1", snippet))


def spans_of(text: str, word: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]


def test_the_sentence_around_the_match_is_shown_whole_with_its_neighbours_while_they_fit():
    text = (
        ("We met in Geneva. " * 10)
        + "NATO must now create a defence alliance of its own. "
        + ("The talks went on. " * 10)
    )
    snippet = sentence_snippet(text, spans_of(text, "NATO"), SPLITTER)
    shown = visible(snippet)
    assert '<mark class="match term0">NATO</mark> must now create' in snippet
    assert shown.startswith(f"{ELLIPSIS} ") and shown.endswith(f". {ELLIPSIS}")
    inner = shown.removeprefix(f"{ELLIPSIS} ").removesuffix(f" {ELLIPSIS}")
    assert inner[0].isupper() and inner.endswith(".")  # whole sentences, not cut words
    assert len(inner) <= SNIPPET_CHARS


def test_the_sentence_with_most_query_words_wins_over_the_first_match():
    text = "Vaccines were discussed. Nothing else. Sputnik is a vaccine that works. The end."
    matches = spans_of(text, "Vaccines") + spans_of(text, "Sputnik") + spans_of(text, "vaccine")
    snippet = sentence_snippet(text, matches, SPLITTER, limit=40)
    assert visible(snippet).startswith(f"{ELLIPSIS} Sputnik is a vaccine that works.")


def test_a_sentence_longer_than_the_limit_is_cut_around_its_match_between_words():
    text = "First. " + " ".join(f"word{i}" for i in range(200)) + " target " + "tail " * 200
    snippet = sentence_snippet(text, spans_of(text, "target"), SPLITTER, limit=120)
    inner = visible(snippet).removeprefix(f"{ELLIPSIS} ").removesuffix(f" {ELLIPSIS}")
    assert "target" in inner and len(inner) <= 120
    assert all(w.startswith(("word", "target", "tail")) for w in inner.split())


def test_without_a_match_in_the_text_the_opening_is_shown():
    opening = "Good afternoon. We begin."
    assert sentence_snippet(opening, [], SPLITTER) == opening


@given(
    st.text(alphabet=st.sampled_from('ab <>&".\n Ёё'), max_size=900),
    st.lists(st.tuples(st.integers(-5, 950), st.integers(0, 60)), max_size=8),
    st.integers(20, 400),
)
def test_any_text_and_matches_give_an_escaped_snippet_within_the_limit(text, raw, limit):
    matches = [(start, start + length) for start, length in raw]  # some out of range, some empty
    snippet = sentence_snippet(text, matches, SPLITTER, limit=limit)
    assert "<" not in MARK.sub("", snippet).replace("<mark", "")  # only our marks are markup
    assert "&" not in MARK.sub("", snippet).replace("&amp;", "").replace("&lt;", "").replace(
        "&gt;", ""
    ).replace("&quot;", "").replace("&#x27;", "")
    inner = visible(snippet).removeprefix(f"{ELLIPSIS} ").removesuffix(f" {ELLIPSIS}")
    assert len(inner) <= limit + 1
    assert inner.strip() in text or not text.strip() or inner.strip() in " ".join(text.split())
    for marked in MARK.findall(snippet):
        assert html.unescape(marked) in text
