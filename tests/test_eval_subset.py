"""Measured trust, in small: the attribution audit and the quote finder on a few real files.

`make eval` measures the whole audit and a thousand quotes; these tests hold a subset of the same
measurements to floors just below today's figures, so that a change which makes Verbatim
attribute or find worse fails here first. Raise a floor when a fix lifts a figure.
"""

from __future__ import annotations

import pytest

from eval.attribution import (
    AUDIT_DIR,
    AuditLine,
    evaluate,
    load_audit,
    same_date,
    same_person,
)
from eval.quotes import quote_engine, run_engine, score
from eval.quoteset import QUOTAS, generate
from indexer.build import build_index
from search.engines.whoosh.searcher import IndexHandle
from search.engines.whoosh.writer import WhooshTarget
from tests.golden_io import SHARED_CORPORA

pytestmark = pytest.mark.corpora

# The seed and a few files of every source: one of each shape of transcript, with the
# exchanges the parser gets right and some it gets wrong today.
SUBSET = (
    "seed/000_5405c89c347b2785.txt",
    "kremlin/html/56969.html",  # media forum: journalists' questions unlabelled as such
    "kremlin/html/57083.html",  # "Question:" labels
    "kremlin/html/54485.html",  # press statements, a label spread over two <b>
    "kremlin/html/43098.html",  # a readout: the press service speaks
    "whitehouse/press-briefings/2022-01/2022-01-31-press-briefing-by-press-secretary-jen-psaki"
    "-january-31-2022.md",
    "whitehouse/press-briefings/2022-04/2022-04-05-background-press-call-by-senior-administration"
    "-officials-on-the-administrations-proposed-rule-to-fix-family-glitch-and-lower-healthcare"
    "-costs.md",
    "ungd/TXT/Session 40 - 1985/MYS_40_1985.txt",
    "ungd/TXT/Session 70 - 2015/TUN_70_2015.txt",
    "cmfa/html/2020-05-13_t1778769.html",  # outlet and spokesperson labels
    "cmfa/html/2019-10-31_t1712371.html",  # Q:/A: labels, a journalist's follow-up
    "cmfa/cmfa_ukraine_qa.csv",
    "interviews-json/vladimir_putin_interviews.json",
    "interviews-json/barack_obama_interviews.json",
    "russian/kremlin_articles_ru_enhanced_part1.csv",
)
QUOTE_FILES = SUBSET[:6] + SUBSET[7:8] + SUBSET[9:10] + SUBSET[12:13]

# Today's figures on the subset, less a little: one mistake passes, two fail.
# Measured: speaker, kind and date 79/79, pairing 50/50, words reached 97.2% (before the pairing
# fixes and the seed rows' reconciliation: speaker 77/79, kind 77/79, pairing 43/50, date 75/79).
ATTRIBUTION_FLOORS = {"speaker": 0.98, "kind": 0.98, "pairing": 0.97, "date": 0.98}
COVERAGE_FLOOR = 0.97
# Measured: every quote first (6 a class, 30 misquoted); a floor lets one go, two fail.
QUOTES_PER_CLASS = 6
QUOTE_FLOORS = {"exact": 1.0, "trimmed": 0.83, "ellipsis": 0.83, "misquoted": 0.95}


@pytest.fixture(scope="module")
def subset_report():
    lines = [line for line in load_audit() if line.file in SUBSET]
    return evaluate(lines, SHARED_CORPORA)


@pytest.fixture(scope="module")
def quote_handle(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("eval-index")
    build_index(
        [SHARED_CORPORA / f for f in QUOTE_FILES], WhooshTarget(index_dir), log=lambda line: None
    )
    return IndexHandle(index_dir)


def subset_queries(searcher, live):
    return generate(searcher, sorted(live), {cls: QUOTES_PER_CLASS for cls in QUOTAS})


@pytest.fixture(scope="module")
def quote_outcomes(quote_handle):
    queries = subset_queries(quote_handle.searcher(), quote_handle.columns().live)
    outcomes = run_engine(quote_engine(quote_handle), queries)
    return queries, outcomes, score(queries, {"quote": outcomes})


class Renumbered:
    """The same passages under other docnums, as a build on two workers may number them."""

    def __init__(self, searcher, docnums):
        self.searcher, self.docnums = searcher, docnums

    def stored_fields(self, docnum):
        return self.searcher.stored_fields(self.docnums[docnum])


def test_every_audit_line_names_a_file_a_locator_and_what_was_checked():
    lines = load_audit() + load_audit(AUDIT_DIR / "holdout")
    lines += load_audit(AUDIT_DIR / "holdout-identity")
    assert len(lines) >= 150 + 60 + 60
    lines += load_audit(AUDIT_DIR / "holdout-identity2")
    for line in lines:
        assert (SHARED_CORPORA / line.file).is_file(), line.file
        assert len(line.locator) >= 10 and line.checked, line
        assert line.kind in ("answer", "question", "paragraph", "narration"), line
        assert (line.question is not None) == (line.kind == "answer"), line


def test_audit_covers_every_source_with_at_least_fifteen_passages():
    counts = {}
    for line in load_audit():
        counts[line.source] = counts.get(line.source, 0) + 1
    assert set(counts) >= {
        "seed",
        "kremlin",
        "whitehouse",
        "ungd",
        "cmfa-html",
        "cmfa-table",
        "interviews-json",
        "russian",
    }
    assert min(counts.values()) >= 15, counts


def test_a_name_with_an_initial_is_the_same_person_as_the_full_name():
    assert same_person("Ольга Любимова", "О.Любимова")
    assert same_person("Alvaro Uribe Vélez", "alvaro uribe velez")
    assert not same_person("Ольга Любимова", "А.Любимова")
    assert not same_person("Vladimir Putin", "Vladimir Volkov")


def test_a_year_alone_stands_for_any_day_of_it():
    assert same_date("1985", "1985-09-01")
    assert not same_date("2021-07-21", "2021-07-22")
    assert not same_date(None, "2020-01-01")


def test_a_locator_missing_from_its_file_counts_against_every_measure():
    line = AuditLine(
        "seed",
        SUBSET[0],
        "words that are nowhere in the seed page at all",
        "Sergey Lavrov",
        "paragraph",
        "2021-08-04",
        None,
        None,
        "test",
    )
    report = evaluate([line], SHARED_CORPORA)
    assert report.overall.located == 0
    assert report.overall.share("speaker") == 0.0
    assert [m.field for m in report.mismatches] == ["located"]


@pytest.mark.parametrize("measure", sorted(ATTRIBUTION_FLOORS))
def test_attribution_on_the_subset_stays_above_its_floor(subset_report, measure):
    share = subset_report.overall.share(measure)
    wrong = [m.line() for m in subset_report.mismatches if m.field == measure]
    assert share >= ATTRIBUTION_FLOORS[measure], "\n".join(wrong)


def test_most_of_each_subset_file_reaches_a_passage(subset_report):
    assert subset_report.overall.share("coverage") >= COVERAGE_FLOOR


def test_the_quote_set_depends_on_the_passages_not_on_how_the_build_numbered_them(quote_handle):
    searcher = quote_handle.searcher()
    live = sorted(quote_handle.columns().live)
    renumbered = Renumbered(searcher, live[::-1])
    first = [(q.text, q.target) for q in subset_queries(searcher, live)]
    again = [(q.text, q.target) for q in subset_queries(renumbered, range(len(live)))]
    assert first == again


@pytest.mark.parametrize("group", sorted(QUOTE_FLOORS))
def test_quote_finder_top_hit_on_a_small_index_stays_above_its_floor(quote_outcomes, group):
    queries, outcomes, scores = quote_outcomes
    top1 = scores["quote"][group]["top1"]
    missed = [q.text for q in queries if q.group == group and outcomes[q.qid].rank != 1]
    assert top1 >= QUOTE_FLOORS[group], f"top-1 {top1:.0%}; not first: {missed}"
