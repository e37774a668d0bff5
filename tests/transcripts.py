"""Small transcripts in the plain-text reader's format, for tests that build an index of a
corpus whose answers they know: a Lavrov interview and a Zakharova briefing, and the index."""

from __future__ import annotations

from pathlib import Path

from indexer.build import build_index
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
