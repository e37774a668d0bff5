"""The redirect table: which passage each id of the previous build now belongs to."""

import pytest

from indexer.model import Document, Passage, opening_words, passage_id, stable_ids
from indexer.redirects import OldPassage, redirects

DOC = "2021-05-05-lavrov-news-conference"


def shaped(*texts: str, doc_id: str = DOC, source: str = "a.txt"):
    passages = [
        Passage("", doc_id, i, "paragraph", "Sergey Lavrov", t) for i, t in enumerate(texts, 1)
    ]
    doc = Document(doc_id, "t", None, "statement", ("Sergey Lavrov",), source)
    return [(doc, stable_ids(doc_id, passages))]


def old(pid: str, text: str, doc_id: str = DOC, source: str = "a.txt", former=()):
    return OldPassage(pid, doc_id, source, opening_words(text), tuple(former))


def target(table, former_id: str) -> str | None:
    return next((new for new, ids in table.passages.items() if former_id in ids), None)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # The previous build was positional; a fix split its first passage: every old id
        # follows its words, not its position.
        (
            ["Question: Why? Because.", "We stand firm."],
            ["Question: Why?", "Because.", "We stand firm."],
            {1: "Question: Why?", 2: "We stand firm."},
        ),
        # Two passages merged: the second's id goes to the passage holding its words.
        (
            ["We stand firm.", "Talks go on."],
            ["We stand firm. Talks go on."],
            {1: "We stand firm. Talks go on.", 2: "We stand firm. Talks go on."},
        ),
        # A passage dropped: its id leads nowhere rather than to a stranger.
        (["Go ahead.", "We stand firm."], ["We stand firm."], {1: None, 2: "We stand firm."}),
    ],
)
def test_positional_ids_of_the_last_build_follow_their_words(before, after, expected):
    new = shaped(*after)
    table = redirects([old(passage_id(DOC, i), t) for i, t in enumerate(before, 1)], new)
    texts = {p.id: p.text for _, ps in new for p in ps}
    for position, text in expected.items():
        found = target(table, passage_id(DOC, position))
        if text is None:
            # Not found in the last build: the position of this parse takes the id, if any.
            assert found is None or texts[found] == after[position - 1]
        else:
            assert texts[found] == text


def test_former_ids_are_carried_from_build_to_build():
    new = shaped("We stand firm.")
    [(_, [p])] = new
    table = redirects([old(p.id, "We stand firm.", former=[f"{DOC}-7", "older-id"])], new)
    assert {f"{DOC}-7", "older-id"} <= set(table.passages[p.id])


def test_a_renamed_document_keeps_its_old_id_as_a_former_one():
    new = shaped("We stand firm.", doc_id="2021-05-05-lavrov-briefing")
    table = redirects([old(f"{DOC}-1", "We stand firm.")], new)
    assert table.documents == {"2021-05-05-lavrov-briefing": [DOC]}


def test_a_live_id_is_never_anyone_s_former_id():
    new = shaped("We stand firm.", "Talks go on.")
    live = {p.id for _, ps in new for p in ps}
    table = redirects([old(i, "Talks go on.") for i in live], new)
    assert not live & {f for ids in table.passages.values() for f in ids}
