"""Small transcripts for tests: in the plain-text reader's format, for tests that build an index
of a corpus whose answers they know (a Lavrov interview, a Zakharova briefing, the index); and as
a reader's blocks, for tests of what the shaper makes of them (`passages_of`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexer.build import build_index
from indexer.model import Block, Passage, SourceDocument
from indexer.speakers import default_registry
from indexer.transcript import shape
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import write_corpus


def interview(when: str, answers: list[str], outlet: str = "TASS") -> str:
    """Sergey Lavrov's interview with `outlet` on `when`: one question for each answer."""
    pairs = "\n\n".join(
        f"Question: What about point {n}?\n\nSergey Lavrov: {answer}"
        for n, answer in enumerate(answers, 1)
    )
    return f"Foreign Minister Sergey Lavrov's interview with {outlet}, Moscow, {when}\n\n{pairs}\n"


def briefing(when: str, statement: str) -> str:
    """Maria Zakharova's briefing on `when`, one statement long."""
    return (
        f"Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, {when}\n\n"
        f"Maria Zakharova: {statement}\n"
    )


def indexed(folder: Path, files: dict[str, str]) -> Path:
    """The Whoosh index of these transcripts (file name → text), built under `folder`."""
    corpus = write_corpus(folder / "corpus", files)
    build_index([corpus], WhooshTarget(folder / "index"), log=lambda line: None)
    return folder / "index"


def passages_of(*blocks: tuple[str | None, str], **document: Any) -> list[Passage]:
    """The passages the shaper makes of a document of these (label, text) blocks; `document`
    holds its other fields (`SourceDocument`: title, date, source, kind, publisher, ...)."""
    source = SourceDocument(blocks=tuple(Block(label, text) for label, text in blocks), **document)
    return shape(source, default_registry())[1]
