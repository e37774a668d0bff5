"""The search core on the seed corpus: what the foundation issue promises users."""

from datetime import date

import pytest

from indexer.build import build_index
from search.engines.whoosh.searcher import IndexHandle, get_passage, more_like, search
from search.engines.whoosh.writer import WhooshTarget
from search.errors import QueryError
from search.params import Filters
from tests.conftest import seed_id, write_corpus


def test_sputnik_returns_lavrovs_answers_each_with_its_question(handle):
    results = search(handle, "Sputnik")
    assert results.total >= 3
    for hit in results.hits:
        assert hit.speaker == "Sergey Lavrov"
        assert hit.kind == "answer" and hit.question and hit.asker == "Komsomolskaya Pravda"
        assert "<mark" in hit.highlight


def test_speaker_field_returns_only_that_speaker(handle):
    results = search(handle, "speaker:zakharova")
    assert results.total == 2
    assert {hit.speaker for hit in results.hits} == {"Maria Zakharova"}


def test_phrase_finds_putins_article(handle):
    results = search(handle, '"historical unity"')
    assert [(h.speaker, h.date) for h in results.hits] == [("Vladimir Putin", date(2021, 7, 13))]


def test_nord_stream_finds_the_interfax_answer_with_its_question(handle):
    [hit] = search(handle, "Nord Stream").hits
    assert hit.date == date(2021, 7, 22) and hit.asker == "Interfax"
    assert "Nord Stream 2" in hit.question


def test_site_chrome_is_not_searchable(handle):
    assert search(handle, "Salisbury").total == 0


def test_stemming_matches_other_forms_of_a_word(handle):
    assert search(handle, "vaccinated").total == search(handle, "vaccinate").total > 0


def test_boolean_operators(handle):
    both = search(handle, "Sputnik AND France").total
    either = search(handle, "Sputnik OR Nord").total
    without = search(handle, "Sputnik NOT France").total
    assert both + without == search(handle, "Sputnik").total
    assert either > search(handle, "Sputnik").total


def test_kind_and_date_filters(handle):
    answers = search(handle, "Russia", Filters(kinds=("answer",)), per_page=50)
    assert answers.total and all(h.kind == "answer" for h in answers.hits)
    july = search(handle, "Russia", Filters(date_from=date(2021, 7, 1), date_to=date(2021, 7, 31)))
    assert july.total and all(date(2021, 7, 1) <= h.date <= date(2021, 7, 31) for h in july.hits)
    in_syntax = search(handle, "Russia date:[2021-07-01 TO 2021-07-31]")
    assert in_syntax.total == july.total


def test_answer_text_outranks_a_title_mention(handle):
    # "interview" is in two titles; an answer that says "sanctions" beats a title-only match
    top = search(handle, "sanctions").hits[0]
    assert "sanctions" in top.text


def test_pages_split_the_results(handle):
    first = search(handle, "Russia", per_page=2)
    second = search(handle, "Russia", per_page=2, page=2)
    assert first.total == second.total > 4
    assert {h.id for h in first.hits}.isdisjoint(h.id for h in second.hits)


def test_highlights_escape_the_corpus_text_and_mark_only_the_match(hostile_index):
    [hit] = search(IndexHandle(hostile_index), "alert").hits
    assert "<script>" in hit.text
    assert "&lt;script&gt;" in hit.highlight and "<script" not in hit.highlight
    assert '<mark class="match term0">alert</mark>' in hit.highlight


@pytest.mark.parametrize(
    "kwargs",
    [
        {"page": 0},
        {"page": 10**9},
        {"per_page": 10**6},
        {"sort": "sideways"},
        {"text": "date:2021-13-45"},
        {"text": "colour:red"},
        {"filters": Filters(date_from=date(2021, 9, 1), date_to=date(2021, 1, 1))},
    ],
)
def test_bad_parameters_raise_a_query_error(handle, kwargs):
    with pytest.raises(QueryError):
        search(handle, **({"text": "Russia"} | kwargs))


def test_passage_knows_its_neighbours(handle):
    doc = "2021-08-04-lavrov-komsomolskaya-pravda"
    middle = get_passage(handle, seed_id(doc, 3))
    assert (middle.prev_id, middle.next_id) == (seed_id(doc, 2), seed_id(doc, 4))
    last = get_passage(handle, seed_id("2021-08-04-lavrov-komsomolskaya-pravda", 5))
    assert last.next_id is None


def test_quoted_phrase_is_matched_as_written_not_stemmed(handle):
    assert search(handle, '"rolling review"').total == 1
    assert search(handle, '"rolled reviews"').total == 0  # stemming would have matched it
    assert search(handle, "rolled reviews").total == 1


def test_facets_count_speakers_years_kinds_and_sources(handle):
    facets = search(handle, "Russia").facets
    speakers = {f.label: f.count for f in facets["speaker"]}
    assert speakers["Sergey Lavrov"] > speakers["Maria Zakharova"] > 0
    assert [f.value for f in facets["year"]] == ["2021"]
    # The embassy's own position paper is narration: the publisher's text, nobody's words.
    assert {f.value for f in facets["kind"]} == {"answer", "paragraph", "narration"}
    assert search(handle, "Russia kind:narration").hits[0].speaker_slug == ""
    assert [f.label for f in facets["site"]] == ["Russian Embassy in the UK"]
    assert sum(f.count for f in facets["kind"]) == search(handle, "Russia").total


def test_filters_alone_browse_the_corpus_newest_first(handle):
    results = search(handle, "", Filters(speakers=("putin",)), sort="newest")
    assert [h.date.isoformat() for h in results.hits] == [
        "2021-09-16",
        "2021-07-13",
        "2021-06-22",
        "2021-05-09",
    ]


def test_several_speakers_and_an_asker(handle):
    both = search(handle, "Russia", Filters(speakers=("lavrov", "S. Lavrov", "zakharova")))
    assert {h.speaker for h in both.hits} == {"Sergey Lavrov", "Maria Zakharova"}
    interfax = search(handle, "sanctions", Filters(askers=("Interfax",)))
    assert [h.asker for h in interfax.hits] == ["Interfax"]


def test_a_misspelt_name_gets_a_suggestion_from_the_index(handle):
    results = search(handle, "Lavrof")
    assert results.total == 0 and results.suggestion == "Lavrov"
    assert search(handle, "Lavrov").suggestion is None


def test_more_like_this_finds_other_passages_on_the_subject(handle):
    similar = more_like(handle, seed_id("2021-08-04-lavrov-komsomolskaya-pravda", 2))
    assert similar and all(
        p.id != seed_id("2021-08-04-lavrov-komsomolskaya-pravda", 2) for p in similar
    )
    assert similar[0].doc_id == "2021-08-04-lavrov-komsomolskaya-pravda"
    assert more_like(handle, "no-such-passage-1") is None


def test_a_passage_published_in_two_documents_is_shown_once_with_the_other(tmp_path):
    shared = "We call on all parties to show restraint and return to the negotiating table."
    corpus = write_corpus(
        tmp_path / "c",
        {
            "a.txt": f"Comment by Maria Zakharova on the talks, May 5, 2021\n\n{shared}\n",
            "b.txt": f"Briefing by Maria Zakharova, May 6, 2021\n\nGood afternoon.\n\n{shared}\n",
        },
    )
    build_index([corpus], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    results = search(IndexHandle(tmp_path / "index"), "restraint")
    assert results.total == 1
    [hit] = results.hits
    assert [r.title for r in hit.reposts] == ["Briefing by Maria Zakharova, May 6, 2021"]


def test_a_repost_in_an_undated_document_is_listed_without_a_date(tmp_path):
    corpus = write_corpus(
        tmp_path / "c",
        {
            "a.txt": "Comment by Maria Zakharova, May 5, 2021\n\nYeah. We will see.\n",
            "b.txt": "Remarks by Maria Zakharova\n\nGood day.\n\nYeah. We will see.\n",
        },
    )
    build_index([corpus], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    [hit] = search(IndexHandle(tmp_path / "index"), "yeah").hits
    assert [r.date for r in hit.reposts] in ([None], [date(2021, 5, 5)])


def test_asker_finds_the_outlet_a_journalist_speaks_for(tmp_path):
    page = (
        "Sergey Lavrov's interview with Bloomberg, May 5, 2021\n\n"
        "Question (John Micklethwait): Will the sanctions last?\n\n"
        "Sergey Lavrov: Sanctions never last.\n"
    )
    corpus = write_corpus(tmp_path / "c", {"a.txt": page})
    build_index([corpus], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    handle = IndexHandle(tmp_path / "index")
    for asked in ("asker:bloomberg", "outlet:Bloomberg", 'asker:"John Micklethwait"'):
        [hit] = search(handle, f"sanctions {asked}").hits
        assert (hit.asker, hit.asker_outlet, hit.asked_by) == (
            "John Micklethwait",
            "Bloomberg",
            "John Micklethwait, Bloomberg",
        )
    [hit] = search(handle, "sanctions", Filters(askers=("Bloomberg",))).hits
    assert hit.asker == "John Micklethwait"
    assert search(handle, "sanctions asker:reuters").total == 0
    # The surname alone, as a researcher remembers the journalist.
    for asked in ("asker:micklethwait", "asker:Micklethwait"):
        [hit] = search(handle, f"sanctions {asked}").hits
        assert hit.asker == "John Micklethwait"
    [hit] = search(handle, "sanctions", Filters(askers=("micklethwait",))).hits
    assert hit.asker == "John Micklethwait"
    assert search(handle, "sanctions asker:smith").total == 0


def test_sorting_by_date_puts_the_undated_last_and_a_year_shows_as_a_year(tmp_path):
    corpus = write_corpus(
        tmp_path / "c",
        {
            "a.txt": "Comment by Maria Zakharova, May 5, 2021\n\nWe call for restraint today.\n",
            "b.txt": "Remarks by Maria Zakharova\n\nWe call for restraint, as ever.\n",
            "c.txt": "Comment by Maria Zakharova, June 9, 2020\n\nWe call for restraint again.\n",
        },
    )
    build_index([corpus], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    handle = IndexHandle(tmp_path / "index")
    for sort, order in (
        ("oldest", ["2020-06-09", "2021-05-05", None]),
        ("newest", ["2021-05-05", "2020-06-09", None]),
    ):
        assert [h.when for h in search(handle, "restraint", sort=sort).hits] == order
