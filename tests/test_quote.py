"""The quote finder: exact, trimmed, cut and misremembered quotes find their source."""

import json
import os
import re

import pytest
from click.testing import CliRunner

from cli.main import main
from indexer.build import build_index
from search.engines.whoosh import store
from search.engines.whoosh.engine import WhooshEngine
from search.engines.whoosh.searcher import IndexHandle
from search.engines.whoosh.writer import WhooshTarget
from search.errors import QueryError
from search.quotes import candidates
from search.quotes.align import align
from search.quotes.finder import find_quote
from search.quotes.parse import parse_quote
from search.quotes.spelling import normalise_word
from search.sentences import (
    SPLITTER_FILE,
    load_splitter,
    save_splitter,
    sentence_spans,
    splitter_for,
    train_splitter,
)
from tests.conftest import seed_id, write_corpus
from webapp import create_app, quote_pages

SEED_SENTENCE = "I am quite sure that our partners appreciate what we are doing."
SEED_ID = seed_id("2021-08-04-lavrov-komsomolskaya-pravda", 1)

BRITISH = """Foreign Minister Sergey Lavrov's interview with TASS, Moscow, May 5, 2021

Question: Will the dialogue with Europe go on?

Sergey Lavrov: We have always favoured a dialogue with our neighbours in Europe. The programme \
of consultations was organised in the centre of Moscow. Mr. Borrell knows our position very well. \
We will not apologise for defending our interests.
"""

AMERICAN = """Foreign Minister Sergey Lavrov's interview with RIA Novosti, Moscow, June 9, 2021

Question: How did the call go?

Sergey Lavrov: The organization of the summit in Geneva was analyzed by our colleagues. We will \
defend the honor of our diplomats. Secretary Antony Blinken and I spoke by phone on Tuesday.
"""


@pytest.fixture(scope="module")
def quote_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quotes")
    corpus = write_corpus(folder / "corpus", {"british.txt": BRITISH, "american.txt": AMERICAN})
    build_index([corpus], WhooshTarget(folder / "index"), log=lambda line: None)
    return folder / "index"


@pytest.fixture(scope="module")
def own(quote_index):
    return IndexHandle(quote_index)


@pytest.fixture(scope="module")
def quote_client(seed_index):
    app = create_app(seed_index)
    app.config["TESTING"] = True
    if "quote" not in app.blueprints:  # until create_app registers it itself
        app.register_blueprint(quote_pages.blueprint)
    return app.test_client()


def top(engine, text):
    """The best match; `engine` is an engine, or a Whoosh index of a test's own."""
    if isinstance(engine, IndexHandle):
        engine = WhooshEngine(engine.index_dir)
    matches = find_quote(engine, text)
    assert matches, f"nothing found for {text!r}"
    return matches[0]


def ops(match):
    return [(op.op, op.source, op.quote) for op in match.diff]


# Finding the source


def test_exact_sentence_is_found_first_with_a_perfect_score(seed_engine):
    match = top(seed_engine, SEED_SENTENCE)
    assert match.passage.id == SEED_ID
    assert match.score == 1.0
    assert match.sentence == SEED_SENTENCE
    assert ops(match) == [("equal", SEED_SENTENCE[:-1], SEED_SENTENCE[:-1])]


def test_quote_trimmed_at_both_ends_even_inside_words_scores_perfectly(seed_engine):
    match = top(seed_engine, "ite sure that our partners appreciate what we are doi")
    assert match.passage.id == SEED_ID
    assert match.score == 1.0
    assert match.sentence == SEED_SENTENCE


def test_ellipsis_joins_two_sentences_and_both_are_marked(seed_engine):
    quote = f"we were not only the first to register a vaccine … {SEED_SENTENCE}"
    match = top(seed_engine, quote)
    assert match.passage.id == SEED_ID and match.score == 1.0
    assert match.highlight_html.count("<mark") == 2
    assert [op.op for op in match.diff] == ["equal", "elided", "equal"]
    assert "declared our readiness" in match.diff[1].source  # what the ellipsis stands for


def test_three_dots_work_as_an_ellipsis(seed_engine):
    match = top(
        seed_engine, "we were not only the first... our partners appreciate what we are doing"
    )
    assert match.passage.id == SEED_ID and match.score == 1.0


def test_a_synonym_is_shown_as_the_one_replaced_word(seed_engine):
    match = top(seed_engine, SEED_SENTENCE.replace("sure", "certain"))
    assert match.passage.id == SEED_ID
    assert 0.85 < match.score < 1.0
    assert ops(match) == [
        ("equal", "I am quite", "I am quite"),
        ("replaced", "sure", "certain"),
        (
            "equal",
            "that our partners appreciate what we are doing",
            "that our partners appreciate what we are doing",
        ),
    ]
    assert '<del class="diff-source">sure</del> <ins class="diff-quote">certain</ins>' in (
        match.diff_html
    )


def test_a_dropped_word_is_shown_missing_from_the_quote(seed_engine):
    match = top(seed_engine, SEED_SENTENCE.replace("quite ", ""))
    assert match.passage.id == SEED_ID and 0.9 < match.score < 1.0
    assert ("missing", "quite", "") in ops(match)


def test_reordered_words_still_find_the_source(seed_engine):
    match = top(seed_engine, "I am quite sure that what we are doing our partners appreciate")
    assert match.passage.id == SEED_ID
    assert match.score > 0.8
    assert ("missing", "our partners appreciate", "") in ops(match)
    assert ("added", "", "our partners appreciate") in ops(match)


def test_closer_quotes_score_higher(seed_engine):
    exact = top(seed_engine, SEED_SENTENCE).score
    one_word = top(seed_engine, SEED_SENTENCE.replace("sure", "certain")).score
    two_words = top(
        seed_engine, SEED_SENTENCE.replace("sure", "certain").replace("doing", "do")
    ).score
    assert exact > one_word > two_words > 0


def test_american_spelling_finds_a_british_source(own):
    match = top(own, "we have always favored a dialog with our neighbors in Europe")
    assert "favoured a dialogue" in match.sentence
    assert match.score == 1.0
    match = top(own, "the program of consultations was organized in the center of Moscow")
    assert "programme" in match.sentence and match.score == 1.0


def test_british_spelling_finds_an_american_source(own):
    match = top(own, "The organisation of the summit in Geneva was analysed by our colleagues")
    assert match.sentence.startswith("The organization of the summit")
    assert match.score == 1.0
    assert top(own, "we will defend the honour of our diplomats").score == 1.0


def test_a_misspelt_name_is_found_and_marked(own):
    match = top(own, "Mr. Borel knows our position very well")
    assert "Borrell" in match.sentence
    assert ("replaced", "Borrell", "Borel") in ops(match)
    assert 0.9 < match.score < 1.0


def test_misspelt_names_alone_find_their_passage_through_the_nearest_index_words(own):
    match = top(own, "Antony Blinkin")
    assert "Blinken" in match.sentence


def test_the_matched_sentence_keeps_its_abbreviations(own):
    match = top(own, "Borrell knows our position")
    assert match.sentence == "Mr. Borrell knows our position very well."
    assert '<mark class="quote-match">Mr. Borrell knows our position very well.</mark>' in (
        match.highlight_html
    )


def test_the_highlight_shows_a_sentence_either_side(own):
    match = top(own, "Borrell knows our position")
    assert "organised in the centre of Moscow. <mark" in match.highlight_html
    assert "</mark> We will not apologise" in match.highlight_html


def test_a_sentence_said_twice_in_a_passage_aligns_with_its_exact_occurrence():
    # From a White House briefing: the second saying is the one quoted, and the window that
    # covers the quote's words best starts inside the first.
    said = (
        "I just can’t get into hypotheticals from here. I get the question. "
        "I just — I can’t get into hypotheticals from here."
    )
    quote = parse_quote("I just — I can’t get into hypotheticals from here.")
    words = parse_quote(said).fragments[0].norms  # the passage's words, as the finder reads them
    alignment = align(words, quote)
    assert alignment.score == 1.0
    assert alignment.fits[0].first == len(words) - 9


def test_spelling_is_compared_in_one_form():
    pairs = [
        ("colour", "color"),
        ("realised", "realized"),
        ("organisation", "organization"),
        ("analyse", "analyze"),
        ("centre", "center"),
        ("dialogue", "dialog"),
        ("travelled", "traveled"),
        ("defence", "defense"),
        ("Lavrov’s", "lavrov's"),
        ("Erdoğan", "erdogan"),
    ]
    for british, american in pairs:
        assert normalise_word(british) == normalise_word(american), british
    for short in ("four", "your", "hour", "more", "were"):
        assert normalise_word(short) == short


# Bad input


@pytest.mark.parametrize("text", ["", "   ", "… ... …", "\u2014 ?!"])
def test_a_quote_without_words_is_refused(text):
    with pytest.raises(QueryError):
        parse_quote(text)


def test_an_overlong_quote_is_refused_with_the_limit(seed_engine):
    with pytest.raises(QueryError, match="longer than 2000 characters"):
        find_quote(seed_engine, "word " * 500)


def test_limit_out_of_range_is_refused(seed_engine):
    with pytest.raises(QueryError, match="limit"):
        find_quote(seed_engine, SEED_SENTENCE, limit=0)


def test_a_quote_of_words_too_common_to_look_up_is_refused(seed_engine, monkeypatch):
    monkeypatch.setattr(candidates, "POSTINGS_CAP", 2)  # "the" is in every seed passage
    with pytest.raises(QueryError, match="too common"):
        find_quote(seed_engine, "the the")


def test_a_quote_of_common_words_only_is_found_as_a_phrase(seed_engine, monkeypatch):
    # With every word past the cap, no rare word is left to draw candidates by: the phrase is.
    monkeypatch.setattr(candidates, "POSTINGS_CAP", 2)
    match = top(seed_engine, SEED_SENTENCE)
    assert (match.passage.id, match.score) == (SEED_ID, 1.0)
    cut_inside_words = "m quite sure that our partners appreciate what we are doi"
    assert top(seed_engine, cut_inside_words).passage.id == SEED_ID


COMMON_WORDS_BRIEFING = """Press Briefing by Press Secretary Karine Jean-Pierre, May 15, 2024

Question: Will you comment on the polls?

Karine Jean-Pierre: I’m going to be careful here, as I said.

Question: And the debate?

Karine Jean-Pierre: Look, I’m going to be brief today, I promise.

Question: The schedule?

Karine Jean-Pierre: I’m going to be very clear about that, as I was.

Question: The trip?

Karine Jean-Pierre: So I’m going to be on the plane with him, I believe.

Question: The letter?

Karine Jean-Pierre: I think I’m going to be answering that one later.

Question: The campaign?

Karine Jean-Pierre: I can’t — I — I’m going to be really mindful. I appreciate your efforts.
"""


def test_a_quote_of_common_words_is_told_apart_by_its_first_and_last_words(tmp_path, monkeypatch):
    # Every word ("I" too) past the cap: only the phrase lookup finds candidates. "I’m going
    # to" (the quote without its first and last words, which a trim may cut mid-word) is in
    # every answer, more than PHRASE_HOLDERS of them: its first and last words as written find
    # the one passage that holds the whole quote, the last in the index.
    corpus = write_corpus(tmp_path / "corpus", {"briefing.txt": COMMON_WORDS_BRIEFING})
    build_index([corpus], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    handle = IndexHandle(tmp_path / "index")
    monkeypatch.setattr(candidates, "POSTINGS_CAP", 2)
    monkeypatch.setattr(candidates, "PHRASE_HOLDERS", 3)
    match = top(handle, "I — I’m going to be")
    assert match.score == 1.0 and "really mindful" in match.passage.text
    # Cut inside its last word, no passage holds the quote's words as written: those holding
    # the rest stand (the second answer among them), and a cut word still matches in full.
    cut = top(handle, "I’m going to be bri")
    assert cut.score == 1.0 and "brief" in cut.passage.text


def test_a_quote_found_nowhere_gives_no_matches(seed_engine):
    assert find_quote(seed_engine, "zyxwvut qqqqq") == []


# Escaping


def test_markup_in_the_corpus_is_escaped_in_highlight_and_diff(hostile_index):
    match = top(IndexHandle(hostile_index), 'Yes and "quoted"')
    for html_text in (match.highlight_html, match.diff_html):
        assert "<script" not in html_text and "<img" not in html_text
    assert "&lt;img src=x onerror=alert(1)&gt;" in match.highlight_html


def test_markup_in_the_quote_is_escaped_in_the_diff(hostile_index):
    match = top(IndexHandle(hostile_index), "Yes <b>and</b> quoted")
    assert "<b>" not in match.diff_html and "&lt;b" in match.diff_html


# The web page and the API


def test_api_returns_ranked_matches_with_sentence_highlight_and_diff(quote_client):
    response = quote_client.get("/api/quote", query_string={"q": SEED_SENTENCE, "limit": 3})
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == SEED_SENTENCE and 1 <= len(body["results"]) <= 3
    first = body["results"][0]
    assert first["id"] == SEED_ID and first["score"] == 1.0
    assert first["url"] == f"http://localhost/p/{SEED_ID}"
    assert first["speaker"] == "Sergey Lavrov" and first["date"] == "2021-08-04"
    assert "Komsomolskaya Pravda" in first["title"]
    assert first["sentence"] == SEED_SENTENCE and "<mark" in first["highlight"]
    assert first["diff"] == [
        {"op": "equal", "source": SEED_SENTENCE[:-1], "quote": SEED_SENTENCE[:-1], "meaning": None}
    ]


@pytest.mark.parametrize(
    "args",
    [
        {"q": ""},
        {"q": " … "},
        {"q": "x" * 2001},
        {"q": "vaccine", "limit": "ten"},
        {"q": "vaccine", "limit": "0"},
    ],
)
def test_api_answers_bad_input_with_400_and_a_message(quote_client, args):
    response = quote_client.get("/api/quote", query_string=args)
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_page_shows_a_quote_it_cannot_look_for_in_its_form_with_the_message(quote_client):
    response = quote_client.get("/quote", query_string={"q": "vaccine", "limit": "ten"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "limit must be a whole number" in page
    assert '<textarea id="quote-text" name="q"' in page and ">vaccine</textarea>" in page


def test_page_shows_the_form_without_a_quote(quote_client):
    page = quote_client.get("/quote").get_data(as_text=True)
    assert '<label for="quote-text">' in page and '<textarea id="quote-text" name="q"' in page
    assert 'class="error"' not in page and 'class="results"' not in page


def test_page_shows_score_highlight_diff_facts_and_permalink(quote_client):
    quote = SEED_SENTENCE.replace("sure", "certain")
    page = quote_client.get("/quote", query_string={"q": quote}).get_data(as_text=True)
    assert "Match 92%" in page
    assert f'<mark class="quote-match">{SEED_SENTENCE}</mark>' in page
    assert '<ins class="diff-quote">certain</ins>' in page
    assert "Sergey Lavrov" in page and "4 August 2021" in page
    assert "interview with the newspaper Komsomolskaya Pravda" in page
    assert f'href="/p/{SEED_ID}"' in page
    assert f">{quote}</textarea>" in page


def test_a_quote_from_a_question_shows_the_question_once_marked_as_the_question(quote_client):
    # A reporter's words in the Komsomolskaya Pravda interview, quoted.
    quote = "It looks as if they are trying to drag the process out for as long as possible."
    page = quote_client.get("/quote", query_string={"q": quote}).get_data(as_text=True)
    [first] = re.findall(r'<li class="result.*?</li>', page, flags=re.S)[:1]
    assert "In the question asked by Komsomolskaya Pravda:" in first
    assert f'<mark class="quote-match">{quote}</mark>' in first
    # Once: not again as the card's usual question line above the answer.
    assert first.count("What is happening with the registration of Sputnik V") == 1
    assert 'class="question"' not in first


def test_page_explains_unusable_input(quote_client):
    response = quote_client.get("/quote", query_string={"q": "... …"})
    assert response.status_code == 400
    assert "no words to look for" in response.get_data(as_text=True)


# The command line


def run(*args):
    return CliRunner().invoke(main, ["quote", *map(str, args)])


def test_cli_prints_ranked_matches_with_a_word_diff(seed_index):
    result = run(SEED_SENTENCE.replace("sure", "certain"), "--index", seed_index, "--limit", 2)
    assert result.exit_code == 0
    assert result.output.count("\n9") + result.output.count("\n1") >= 1
    assert SEED_ID in result.output.split("\n")[1]
    assert "[-sure-]{+certain+}" in result.output


def test_cli_json_has_the_matches(seed_index):
    result = run(SEED_SENTENCE, "--index", seed_index, "--json")
    body = json.loads(result.output)
    assert body["results"][0]["id"] == SEED_ID and body["results"][0]["score"] == 1.0


def test_cli_bad_quote_is_one_line_and_a_failure(seed_index):
    result = run("   ", "--index", seed_index)
    assert result.exit_code != 0
    assert result.output.strip() == "Error: paste a quote to look for"


def test_cli_missing_index_is_one_clear_message(tmp_path):
    result = run(SEED_SENTENCE, "--index", tmp_path / "nothing")
    assert result.exit_code == 1 and "run `verbatim index` first" in result.output


# Sentence splitting


def test_splitter_learns_the_corpus_abbreviations():
    texts = [
        "The U.S. delegation met at 10 a.m. today. Talks went on. "
        "Officials of the U.S. said so at 5 p.m. yesterday. It rained. " * 40
    ]
    splitter = train_splitter(texts)
    sentences = splitter.tokenize("The U.S. side left at 9 a.m. on Monday. It was late.")
    assert sentences == ["The U.S. side left at 9 a.m. on Monday.", "It was late."]


def test_paragraph_breaks_end_sentences_and_only_nearby_paragraphs_are_split():
    splitter = train_splitter(["One sentence here. Another one there."])
    text = "First part without a stop\n\nSecond paragraph. Its end.\n\nThird one."
    at = text.index("Its")
    spans = sentence_spans(splitter, text, at, at + 3)
    assert [text[a:b] for a, b in spans] == ["Second paragraph.", "Its end."]


def test_saved_splitter_is_loaded_for_its_index(quote_index):
    build = store.current_build(quote_index)
    handle = IndexHandle(quote_index)
    path = save_splitter(handle.searcher(), build)
    assert path == build / SPLITTER_FILE
    saved = load_splitter(path)
    assert "mr" in saved._params.abbrev_types
    fresh = splitter_for(IndexHandle(quote_index))
    assert fresh._params.abbrev_types == saved._params.abbrev_types
    assert fresh._params.ortho_context == saved._params.ortho_context


def test_saving_never_writes_through_a_hard_link_into_another_build(quote_index, tmp_path):
    build = store.current_build(quote_index)
    previous = tmp_path / SPLITTER_FILE
    previous.write_text("the previous build's splitter")
    (build / SPLITTER_FILE).unlink(missing_ok=True)
    os.link(previous, build / SPLITTER_FILE)  # as a new build starts: linked to the last one
    save_splitter(IndexHandle(quote_index).searcher(), build)
    assert previous.read_text() == "the previous build's splitter"
    assert load_splitter(build / SPLITTER_FILE)._params.abbrev_types


def test_a_splitter_trained_on_nothing_still_splits_sentences():
    splitter = train_splitter([])
    assert splitter.tokenize("Mr. Smith came. He left.") == ["Mr. Smith came.", "He left."]


def test_quotes_are_found_in_every_segment_of_an_updated_index(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"british.txt": BRITISH})
    build_index([corpus], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    write_corpus(corpus, {"american.txt": AMERICAN})
    build_index([corpus], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    handle = IndexHandle(tmp_path / "index")
    assert len(handle.searcher().reader().leaf_readers()) == 2
    assert top(handle, "Mr. Borrell knows our position").score == 1.0
    assert top(handle, "the summit in Geneva was analyzed").score == 1.0
