"""Speakers' telling words: keyness against the rest of the corpus, on a corpus whose answer is
known because it was written for it."""

from __future__ import annotations

import math

import pytest

from indexer.build import build_index
from search.engines.whoosh.searcher import IndexHandle
from search.engines.whoosh.speaker_stats import log_likelihood, min_passages, speaker_profile
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import write_corpus

SPEAKERS = ("Sergey Lavrov", "Maria Zakharova")
PASSAGES = 50


def answer(speaker: str, n: int) -> str:
    """Passage n of a speaker. Both use the generic words often, Lavrov a little more often (45
    of 50 against 30 of 50: an old lift-times-count score ranked them first); only Lavrov speaks
    of multipolarity (10 passages) and of sovereignty (8, once by Zakharova); a word he says in
    only three passages is too rare to tell anything."""
    lavrov = speaker == "Sergey Lavrov"
    words = [f"Point {n}."]
    if n < (45 if lavrov else 30):
        words.append("People work hard for the country.")
    if lavrov and n < 10:
        words.append("Multipolarity is the reality.")
    if (lavrov and 10 <= n < 18) or (not lavrov and n == 0):
        words.append("Sovereignty matters.")
    if lavrov and 18 <= n < 21:
        words.append("Shrubbery grows.")
    if not lavrov and n >= 40:
        words.append("Briefings continue weekly.")
    return " ".join(words)


def interview(speaker: str) -> str:
    turns = "\n\n".join(
        f"Question: And point {n}?\n\n{speaker}: {answer(speaker, n)}" for n in range(PASSAGES)
    )
    return f"{speaker}'s interview with TASS, Moscow, May 5, 2021\n\n{turns}\n"


@pytest.fixture(scope="module")
def keyness_handle(tmp_path_factory) -> IndexHandle:
    folder = tmp_path_factory.mktemp("keyness")
    files = {f"{name.split()[1]}.txt": interview(name) for name in SPEAKERS}
    corpus = write_corpus(folder / "corpus", files)
    build_index([corpus], WhooshTarget(folder / "index"), log=lambda line: None)
    return IndexHandle(folder / "index")


def test_telling_words_are_the_speakers_own_not_generic_ones_used_a_little_more(keyness_handle):
    lavrov = speaker_profile(keyness_handle, "sergey-lavrov")
    assert lavrov.passages == PASSAGES
    # Ten passages to none first (ties alphabetical), then eight to none, then eight to one.
    assert list(lavrov.top_terms) == ["multipolarity", "reality", "matters", "sovereignty"]


def test_a_word_below_the_minimum_count_is_left_out_however_unique(keyness_handle):
    assert "shrubbery" not in speaker_profile(keyness_handle, "sergey-lavrov").top_terms


def test_words_used_less_by_the_speaker_than_by_others_are_never_telling(keyness_handle):
    zakharova = speaker_profile(keyness_handle, "maria-zakharova")
    assert list(zakharova.top_terms) == ["briefings", "continue", "weekly"]


def test_log_likelihood_matches_dunnings_formula_on_a_worked_example():
    # 10 of 50 passages against 0 of 50: expected 5 and 45 on each side.
    expected = 2 * (10 * math.log(10 / 5) + 40 * math.log(40 / 45) + 50 * math.log(50 / 45))
    assert log_likelihood(10, 50, 0, 50) == pytest.approx(expected)
    assert log_likelihood(5, 50, 5, 50) == pytest.approx(0.0)  # the same rate: no surprise
    assert log_likelihood(0, 50, 0, 50) == 0.0
    assert log_likelihood(50, 50, 50, 50) == 0.0


def test_the_minimum_count_scales_down_for_speakers_with_few_passages():
    assert [min_passages(n) for n in (3, 10, 30, 50, 1000)] == [1, 1, 3, 5, 5]
