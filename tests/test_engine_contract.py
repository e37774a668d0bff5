"""What every engine behind `search.core.Engine` owes its callers, asked through the protocol
only: each test runs on Whoosh and on OpenSearch (`engine_name`, tests/engines.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from search.core import Engine, open_engine
from search.params import Filters
from search.snippets import SNIPPET_CHARS
from tests.conftest import write_corpus
from tests.engines import built_on
from tests.test_languages import RUSSIAN

CORPUS = {
    "en/2019.txt": "Briefing by Maria Zakharova, March 3, 2019\n\n"
    "Good afternoon. NATO keeps moving east. We have said so many times.\n",
    "en/2021.txt": "Comment by Maria Zakharova, May 5, 2021\n\n"
    "The Globe & Mail asked us. NATO is not welcome here. That is all.\n",
    "en/undated.txt": "Remarks by Maria Zakharova\n\n"
    "Good day. NATO is expanding again. We will see.\n",
    "en/long.txt": "Statement by Maria Zakharova, June 1, 2021\n\n"
    + "We met our partners in Geneva. " * 8
    + "They need to create a treaty on Antarctica of their own, and soon. "
    + "The talks went on for hours. " * 8
    + "\n",
    "ru/ru.txt": RUSSIAN,
    "ru/source.toml": 'language = "ru"\n',
}


@pytest.fixture(scope="module")
def engine(engine_name, tmp_path_factory) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("contract")
    corpus = write_corpus(folder / "corpus", CORPUS)
    with built_on(engine_name, [corpus], folder, "contract") as built, built.environment():
        yield open_engine(engine_name, index_dir=built.index_dir)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(date_from=date(2030, 1, 1)),
        Filters(date_to=date(1990, 12, 31)),
        Filters(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)),
        Filters(date_from=date(2030, 1, 1), speakers=("zakharova",)),
    ],
)
def test_a_date_filter_that_holds_no_passage_gives_no_results(engine, filters):
    """An empty set of allowed passages is a filter like any other, not the absence of one."""
    for text in ("NATO", ""):
        page = engine.search(text, filters)
        assert (page.total, page.hits) == (0, []), (text, filters)
        assert all(not values for values in page.facets.values())
        assert engine.export(text, filters) == []


def test_a_date_filter_keeps_only_its_dates(engine):
    page = engine.search("NATO", Filters(date_from=date(2021, 1, 1)))
    assert page.total == 1 and [h.date for h in page.hits] == [date(2021, 5, 5)]


def test_undated_passages_are_one_bucket_after_the_years(engine):
    years = [(f.value, f.count) for f in engine.search("NATO").facets["year"]]
    assert years == [("2019", 1), ("2021", 1), ("undated", 1)]


@pytest.mark.parametrize("sort", ["oldest", "newest"])
def test_undated_passages_come_last_in_either_date_order(engine, sort):
    dates = [h.date for h in engine.search("NATO", sort=sort).hits]
    dated = [date(2019, 3, 3), date(2021, 5, 5)]
    assert dates == [*(dated if sort == "oldest" else dated[::-1]), None]
    assert [p.date for p in engine.export("NATO", sort=sort)] == dates


def test_the_undated_bucket_is_a_filter(engine):
    page = engine.search("NATO", Filters(undated=True))
    assert page.total == 1 and [h.date for h in page.hits] == [None]
    assert [f.value for f in page.facets["year"]] == ["undated"]
    assert engine.search("", Filters(undated=True)).total == 1


def test_a_snippet_is_the_whole_sentences_around_the_match_marked(engine):
    [hit] = engine.search("Antarctica").hits
    assert (
        'They need to create a treaty on <mark class="match term0">Antarctica</mark> '
        "of their own, and soon." in hit.highlight
    )
    inner = hit.highlight.removeprefix("… ").removesuffix(" …")
    assert inner.startswith(("We met", "They need", "The talks")) and inner.endswith(".")
    assert len(re.sub(r"<[^>]+>", "", inner)) <= SNIPPET_CHARS
