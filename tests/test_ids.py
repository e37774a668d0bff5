"""Passage ids survive parser fixes: keyed on a passage's opening words, not its position."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.model import Passage, opening_words, passage_key, stable_ids

DOC = "2021-05-05-lavrov-interfax"


def passages(*texts: str, speaker: str = "Sergey Lavrov") -> list[Passage]:
    return [Passage("", DOC, i, "paragraph", speaker, t) for i, t in enumerate(texts, 1)]


def ids(*texts: str, speaker: str = "Sergey Lavrov") -> list[str]:
    return [p.id for p in stable_ids(DOC, passages(*texts, speaker=speaker))]


BEFORE = ["Question: Why? Sergey Lavrov: Because we said so.", "We stand firm.", "Thank you."]


@pytest.mark.parametrize(
    ("fix", "after"),
    [
        # A parser fix splits the first passage at the label it had missed.
        ("split", ["Question: Why?", "Because we said so.", "We stand firm.", "Thank you."]),
        # ... or merges two passages (the later one's id goes; the others stay).
        (
            "merge",
            ["Question: Why? Sergey Lavrov: Because we said so. We stand firm.", "Thank you."],
        ),
        # ... or drops a passage that was never speech.
        ("drop", ["We stand firm.", "Thank you."]),
    ],
)
def test_a_fix_to_one_passage_leaves_the_others_ids_alone(fix, after):
    before = dict(zip(BEFORE, ids(*BEFORE), strict=True))
    now = dict(zip(after, ids(*after), strict=True))
    for text in set(before) & set(now):
        assert before[text] == now[text], fix


def test_fixing_the_speaker_keeps_the_id():
    assert ids("We stand firm.", speaker="Президент России") == ids("We stand firm.")


def test_opening_words_ignore_case_spacing_and_punctuation():
    assert opening_words("We  stand — firm!") == opening_words("we stand firm")
    assert passage_key("We  stand — firm!") == passage_key("we stand firm")


def test_repeated_openings_are_told_apart_in_order():
    first, second, third = ids("Thank you.", "We stand firm.", "Thank you!")
    assert third == f"{first}-2" and second != first


@given(st.lists(st.text(max_size=40), max_size=12))
def test_ids_are_unique_and_never_read_as_positions(texts):
    made = ids(*texts)
    assert len(set(made)) == len(made)
    for pid in made:
        key = pid.removeprefix(f"{DOC}-").split("-")[0]
        assert len(key) == 7 and key.isalpha() and key.isascii()
