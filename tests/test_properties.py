"""Property tests: any text goes through the reader and the shaper without loss or crash."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.readers import plain_text
from indexer.readers.base import SourceMeta
from indexer.speakers import default_registry
from indexer.transcript import blocks_to_turns, shape

WORDS = st.sampled_from(
    [
        "Question:",
        "Q:",
        "A:",
        "Sergey Lavrov:",
        "MS. PSAKI:",
        "Lavrov",
        "talks",
        "sanctions",
        "Moscow,",
        "May 5, 2021",
        "04.08.2021 -",
        "interview",
        "with",
        "TASS",
        ".",
        "?",
        "\n\n",
        "\n",
        "Mr.",
        "Answer:",
        "—",
        "Putin's",
        "the",
        "is",
        "ready.",
    ]
)
TRANSCRIPTS = st.lists(WORDS | st.text(min_size=1, max_size=12), max_size=80).map(" ".join)


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@settings(max_examples=200, deadline=None)
@given(TRANSCRIPTS)
def test_every_word_of_a_document_reaches_a_passage_or_its_title(text):
    registry = default_registry()
    for document in plain_text.read(text, "t.txt", SourceMeta()):
        _, passages = shape(document, registry)
        kept = set()
        for p in passages:
            kept |= (
                words(p.text) | words(p.question or "") | words(p.speaker) | words(p.asker or "")
            )
        body = " ".join(block.text for block in document.blocks)
        # A speaker label leaves the text: it becomes the passage's speaker, canonically named.
        labels = " ".join(t.label or "" for t in blocks_to_turns(document.blocks, registry))
        lost = words(body) - kept - words(labels)
        assert not lost, f"lost {lost}"
