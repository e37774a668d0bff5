"""Building the index: per-file reports, stable ids, staleness and the atomic swap."""

import json
import os

import pytest

from indexer.build import build_index
from indexer.model import passage_key
from indexer.sources import collect_files
from search.engines.whoosh import store
from search.engines.whoosh.searcher import IndexHandle, get_document, get_passage, search
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import SEED_FILE, write_corpus


def transcript(outlet: str = "TASS", answer: str = "They will, as long as our partners are ready."):
    return f"""Foreign Minister Sergey Lavrov's interview with {outlet}, Moscow, May 5, 2021

Question: Will the talks go on?

Sergey Lavrov: {answer}
"""


TRANSCRIPT = transcript()
ANSWER_KEY = passage_key("They will, as long as our partners are ready.")
NO_KEY = passage_key("No.")


def quiet_build(paths, index_dir, **kwargs):
    return build_index(paths, WhooshTarget(index_dir), log=lambda line: None, **kwargs)


def passage_ids(index_dir):
    searcher = IndexHandle(index_dir).searcher()
    return sorted(fields["id"] for fields in searcher.all_stored_fields())


def test_summary_counts_documents_and_passages_by_kind(seed_index):
    report = json.loads((store.current_build(seed_index) / "report.json").read_text())
    assert report["documents"] == 11
    assert report["passages_by_kind"] == {"answer": 6, "paragraph": 8, "narration": 1}
    assert [f["status"] for f in report["files"]] == ["indexed", "skipped"]


def test_bad_files_are_reported_and_the_build_goes_on(tmp_path):
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "good.txt": TRANSCRIPT,
            "empty.txt": "",
            "binary.txt": b"\x00\x01\x02PNG",
            "latin1.txt": "Sergey Lavrov: Caf\xe9 diplomacy.".encode("latin-1"),
        },
    )
    report = quiet_build([corpus], tmp_path / "index")
    reasons = {os.path.basename(f.path): (f.status, f.reason) for f in report.files}
    assert reasons["empty.txt"] == ("failed", "empty file")
    assert reasons["binary.txt"][0] == "failed" and "binary" in reasons["binary.txt"][1]
    assert reasons["good.txt"][0] == "indexed"
    assert reasons["latin1.txt"][0] == "indexed"
    assert search(IndexHandle(tmp_path / "index"), "café").total == 1


def test_same_corpus_gives_same_ids(tmp_path):
    quiet_build([SEED_FILE], tmp_path / "a")
    quiet_build([SEED_FILE], tmp_path / "b")
    assert passage_ids(tmp_path / "a") == passage_ids(tmp_path / "b")


def test_adding_a_document_changes_no_other_ids(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"b.txt": TRANSCRIPT})
    quiet_build([corpus], tmp_path / "index")
    before = passage_ids(tmp_path / "index")
    write_corpus(corpus, {"a.txt": transcript("RIA Novosti", "Yes.")})
    quiet_build([corpus], tmp_path / "index")
    after = passage_ids(tmp_path / "index")
    assert set(before) < set(after)
    assert f"2021-05-05-lavrov-tass-{ANSWER_KEY}" in before


def test_colliding_ids_get_a_suffix_of_their_own(tmp_path):
    corpus = write_corpus(
        tmp_path / "corpus", {"a.txt": TRANSCRIPT, "b.txt": transcript(answer="No.")}
    )
    quiet_build([corpus], tmp_path / "index")
    ids = passage_ids(tmp_path / "index")
    assert len(ids) == 2 and len(set(ids)) == 2
    assert all(i.startswith("2021-05-05-lavrov-tass-") for i in ids)


def test_unchanged_corpus_is_not_rebuilt(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": TRANSCRIPT})
    first = quiet_build([corpus], tmp_path / "index")
    second = quiet_build([corpus], tmp_path / "index")
    assert not first.up_to_date and second.up_to_date
    write_corpus(corpus, {"a.txt": TRANSCRIPT + "\nSergey Lavrov: One more thing.\n"})
    third = quiet_build([corpus], tmp_path / "index")
    assert not third.up_to_date


def test_interrupted_build_leaves_the_previous_index_serving(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": TRANSCRIPT})
    quiet_build([corpus], tmp_path / "index")
    served = store.current_build(tmp_path / "index")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("search.engines.whoosh.writer.document_fields", crash)
    with pytest.raises(KeyboardInterrupt):
        quiet_build([corpus], tmp_path / "index", full=True)
    assert store.current_build(tmp_path / "index") == served
    assert search(IndexHandle(tmp_path / "index"), "partners").total == 1
    assert [p.name for p in (tmp_path / "index" / "builds").iterdir()] == [served.name]


def test_a_searcher_picks_up_a_rebuilt_index(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": TRANSCRIPT})
    quiet_build([corpus], tmp_path / "index")
    handle = IndexHandle(tmp_path / "index")
    assert search(handle, "novosti").total == 0
    write_corpus(corpus, {"b.txt": transcript("RIA Novosti", "Yes.")})
    quiet_build([corpus], tmp_path / "index")
    assert search(handle, "novosti").total == 1


def test_whole_document_reads_in_order(handle):
    doc = get_document(handle, "2021-08-04-lavrov-komsomolskaya-pravda")
    assert [p.position for p in doc.passages] == [1, 2, 3, 4, 5]


def test_hidden_files_are_not_corpus(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": TRANSCRIPT, ".DS_Store": b"\x00"})
    assert [p.name for _, p in collect_files([corpus])] == ["a.txt"]


def test_unchanged_files_are_not_parsed_again(tmp_path):
    corpus = write_corpus(
        tmp_path / "c", {"a.txt": TRANSCRIPT, "b.txt": transcript("Reuters", "No.")}
    )
    first = quiet_build([corpus], tmp_path / "index")
    write_corpus(corpus, {"c.txt": transcript("AFP", "Maybe.")})
    again = quiet_build([corpus], tmp_path / "index")
    assert (first.parsed_files, again.parsed_files) == (2, 1)
    assert again.incremental and again.passages == first.passages + 1 == 3
    assert [f.status for f in again.files] == ["unchanged", "unchanged", "indexed"]


def test_a_changed_file_has_its_passages_replaced_in_place(tmp_path):
    corpus = write_corpus(
        tmp_path / "c", {"a.txt": TRANSCRIPT, "b.txt": transcript("Reuters", "No.")}
    )
    quiet_build([corpus], tmp_path / "index")
    write_corpus(corpus, {"a.txt": transcript(answer="Talks are over.")})
    report = quiet_build([corpus], tmp_path / "index")
    handle = IndexHandle(tmp_path / "index")
    assert report.parsed_files == 1
    assert search(handle, "partners").total == 0
    assert search(handle, "over").total == 1
    assert passage_ids(tmp_path / "index") == [
        f"2021-05-05-lavrov-reuters-{NO_KEY}",
        f"2021-05-05-lavrov-tass-{passage_key('Talks are over.')}",
    ]


def test_a_removed_file_has_its_passages_removed(tmp_path):
    corpus = write_corpus(
        tmp_path / "c", {"a.txt": TRANSCRIPT, "b.txt": transcript("Reuters", "No.")}
    )
    quiet_build([corpus], tmp_path / "index")
    (corpus / "a.txt").unlink()
    report = quiet_build([corpus], tmp_path / "index", prune=True)  # half the index: see safety
    assert passage_ids(tmp_path / "index") == [f"2021-05-05-lavrov-reuters-{NO_KEY}"]
    assert report.documents == 1 and report.passages == 1
    assert [d["source"] for d in report.removed] == ["c/a.txt"]


def test_incremental_updates_give_the_ids_of_a_full_rebuild(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": TRANSCRIPT})
    quiet_build([corpus], tmp_path / "index")
    # A new file whose id collides with an unchanged one: both take a suffix, as in a full build.
    write_corpus(corpus, {"b.txt": transcript(answer="Another answer.")})
    quiet_build([corpus], tmp_path / "index")
    quiet_build([corpus], tmp_path / "full", full=True)
    assert passage_ids(tmp_path / "index") == passage_ids(tmp_path / "full")
    assert len(passage_ids(tmp_path / "index")) == 2


def test_same_text_under_two_names_is_indexed_once_with_both_sources(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": TRANSCRIPT, "copy/a.txt": TRANSCRIPT})
    report = quiet_build([corpus], tmp_path / "index")
    [hit] = search(IndexHandle(tmp_path / "index"), "partners").hits
    assert hit.source == "c/a.txt" and hit.also_sources == ["c/copy/a.txt"]
    assert report.documents == 1
    assert [f.duplicates for f in report.files] == [0, 1]


def test_removing_the_first_copy_keeps_the_text_under_the_other_name(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": TRANSCRIPT, "copy/a.txt": TRANSCRIPT})
    quiet_build([corpus], tmp_path / "index")
    (corpus / "a.txt").unlink()
    quiet_build([corpus], tmp_path / "index")
    [hit] = search(IndexHandle(tmp_path / "index"), "partners").hits
    assert hit.source == "c/copy/a.txt" and hit.also_sources == []


def test_parsing_on_several_cores_gives_the_same_index(tmp_path):
    files = {f"{n:02}.txt": transcript(f"Outlet{n}", f"Answer number {n}.") for n in range(12)}
    corpus = write_corpus(tmp_path / "c", files)
    quiet_build([corpus], tmp_path / "one", workers=1)
    quiet_build([corpus], tmp_path / "two", workers=2)
    assert passage_ids(tmp_path / "one") == passage_ids(tmp_path / "two")
    assert len(passage_ids(tmp_path / "two")) == 12


SPEECH = """Sergey Lavrov's remarks at a news conference, Moscow, May 5, 2021

Sergey Lavrov: We stand firm on the treaty.

Our partners know it.

Talks will go on in June.
"""
# The same page after an editor's fix: a paragraph added at the top, two merged.
SPEECH_FIXED = """Sergey Lavrov's remarks at a news conference, Moscow, May 5, 2021

Sergey Lavrov: Good afternoon.

We stand firm on the treaty.

Our partners know it. Talks will go on in June.
"""


@pytest.mark.parametrize("full", [False, True])
def test_old_ids_still_land_on_their_passage_after_a_reparse(tmp_path, full):
    corpus = write_corpus(tmp_path / "corpus", {"speech.txt": SPEECH})
    quiet_build([corpus], tmp_path / "index")
    handle = IndexHandle(tmp_path / "index")
    before = {f["id"]: f["text"] for f in handle.searcher().all_stored_fields()}
    write_corpus(corpus, {"speech.txt": SPEECH_FIXED})
    quiet_build([corpus], tmp_path / "index", full=full)
    handle = IndexHandle(tmp_path / "index")
    for old_id, text in before.items():
        found = get_passage(handle, old_id)
        assert found is not None and text in found.text, old_id
    # Unchanged passages kept their ids; the merged one redirects to the passage it joined.
    stand = next(i for i, t in before.items() if t.startswith("We stand"))
    assert get_passage(handle, stand).id == stand
    talks = next(i for i, t in before.items() if t.startswith("Talks"))
    assert get_passage(handle, talks).text == "Our partners know it. Talks will go on in June."
    # The positional ids of before stable ids: the first build's, then this build's own.
    doc = get_passage(handle, stand).doc_id
    assert get_passage(handle, f"{doc}-1").text == "We stand firm on the treaty."
    assert get_passage(handle, f"{doc}-3").text.startswith("Our partners know it.")


def test_neighbours_are_ids_in_reading_order(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"speech.txt": SPEECH})
    quiet_build([corpus], tmp_path / "index")
    handle = IndexHandle(tmp_path / "index")
    [doc_id] = {f["doc_id"] for f in handle.searcher().all_stored_fields()}
    first, second, third = get_document(handle, doc_id).passages
    assert (first.prev_id, first.next_id) == (None, second.id)
    assert (second.prev_id, second.next_id) == (first.id, third.id)
    assert third.next_id is None


def test_a_renamed_document_is_found_under_its_old_id(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"speech.txt": SPEECH})
    quiet_build([corpus], tmp_path / "index")
    handle = IndexHandle(tmp_path / "index")
    [old_doc] = {f["doc_id"] for f in handle.searcher().all_stored_fields()}
    write_corpus(corpus, {"speech.txt": SPEECH.replace("news conference", "briefing")})
    quiet_build([corpus], tmp_path / "index")
    moved = get_document(IndexHandle(tmp_path / "index"), old_doc)
    assert moved is not None and moved.id != old_doc and "briefing" in moved.title
