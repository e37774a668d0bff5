"""Draw the attribution audit's sample and show each passage's source, for checking by hand.

    .venv/bin/python -m eval.audit_sample kremlin > /tmp/kremlin-review.txt
    .venv/bin/python -m eval.audit_sample --holdout kremlin > /tmp/kremlin-holdout.txt

For one source: files drawn at random with a fixed seed, passages drawn in each, and for every
passage a draft audit line (today's parser's values, to be corrected) followed by the source
text around it. The auditor reads the source, not the draft, and writes the line that the
source supports into `tests/audit/<source>.jsonl`. The draw depends on the parser only in which
passages exist to be drawn; every expected value comes from reading the file.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from eval.corpus_text import match_key, normalise_space, source_text
from eval.source_view import excerpt
from indexer.dates import iso_partial
from indexer.sources import read_file
from indexer.speakers import default_registry

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
LOCATOR_CHARS = 60
QUESTION_CHARS = 40
SEED = 20240611
# The held-out draw (`tests/audit/holdout/`), made after the parser was fixed against the first
# audit: other files, another seed, so the fixes are measured on passages they were not made for.
HOLDOUT_SEED = 20261126


@dataclass(frozen=True)
class Plan:
    pattern: str  # files of the source, relative to the corpora root
    files: int  # how many files to draw (all when there are fewer)
    per_file: int  # passages drawn in each
    # A stratum: only files whose raw text holds this (the Kremlin's "Transcripts" section and
    # its press conferences would otherwise be outnumbered by short news items).
    holding: str | None = None


PLANS = {
    "seed": [Plan("seed/*.txt", 1, 100)],
    "kremlin": [
        Plan("kremlin/html/*.html", 12, 2),
        Plan("kremlin/html/*.html", 6, 2, holding='content="News ,Transcripts'),
        Plan("kremlin/html/*.html", 4, 2, holding="<b>Question"),
    ],
    "whitehouse": [Plan("whitehouse/press-briefings/*/*.md", 12, 2)],
    "ungd": [Plan("ungd/TXT/*/*.txt", 10, 2)],
    "cmfa-html": [Plan("cmfa/html/*.html", 12, 2)],
    "cmfa-table": [Plan("cmfa/cmfa_ukraine_qa.csv", 1, 20)],
    "interviews-json": [Plan("interviews-json/*.json", 3, 7)],
    "russian": [Plan("russian/*.csv", 2, 10)],
}


def clip(text: str | None, chars: int) -> str | None:
    return normalise_space(text)[:chars].rstrip() if text else None


def draw(
    source: str, corpora: Path = CORPORA, seed: int = SEED, exclude: frozenset[str] = frozenset()
) -> list[tuple[Path, object, object]]:
    """(file, document, passage) triples drawn for `source`, the same on every run; passages
    whose opening is in `exclude` (as `match_key` has it) are not drawn."""
    drawn: list[tuple[Path, object, object]] = []
    for n, plan in enumerate(PLANS[source]):
        seed_n = f"{seed}-{source}" + (f"-{n}" if n else "")
        taken = {path for path, _, _ in drawn}
        drawn.extend(_draw_plan(plan, random.Random(seed_n), corpora, taken, exclude))
    return drawn


def _draw_plan(
    plan: Plan, rng: random.Random, corpora: Path, taken: set[Path], exclude: frozenset[str]
) -> list:
    files = sorted(corpora.glob(plan.pattern))
    rng.shuffle(files)
    registry, drawn, used = default_registry(), [], 0
    for path in files:
        if used == plan.files:
            break
        holds = not plan.holding or plan.holding in path.read_text("utf-8", "replace")
        if path in taken or not holds:
            continue
        _, shaped = read_file(path, corpora, registry)
        pool = [
            (doc, p)
            for doc, passages in shaped
            for p in passages
            if match_key(clip(p.text, LOCATOR_CHARS) or "") not in exclude
        ]
        if not pool:
            continue
        used += 1
        picked = rng.sample(pool, min(plan.per_file, len(pool)))
        picked = _locatable(picked, pool, path, random.Random(f"{SEED}-{path.name}"))
        drawn.extend((path, doc, p) for doc, p in sorted(picked, key=lambda dp: dp[1].id))
    return drawn


def _locatable(picked: list, pool: list, path: Path, spare: random.Random) -> list:
    """The picked passages, each one whose opening words occur more than once in the file
    ("Yeah.") swapped for another that can be found (drawn from a separate generator, so the
    rest of the draw stays as it was)."""
    text = match_key(source_text(path))

    def unique(passage) -> bool:
        key = match_key(clip(passage.text, LOCATOR_CHARS) or "")
        return bool(key) and text.count(key) == 1

    others = [dp for dp in pool if dp not in picked and unique(dp[1])]
    spare.shuffle(others)
    return [dp if unique(dp[1]) else others.pop() for dp in picked if unique(dp[1]) or others]


def draft_line(source: str, path: Path, doc, passage, corpora: Path = CORPORA) -> dict:
    return {
        "source": source,
        "file": path.relative_to(corpora).as_posix(),
        "locator": clip(passage.text, LOCATOR_CHARS),
        "speaker": passage.speaker,
        "kind": passage.kind,
        "date": iso_partial(doc.date, doc.date_precision),
        "question": clip(passage.question, QUESTION_CHARS),
        "asker": passage.asker,
        "checked": "",
        "parser_id": passage.id,
    }


def audited_openings() -> frozenset[str]:
    """The passages the first audit holds, which a held-out draw leaves alone."""
    folder = Path(__file__).resolve().parent.parent / "tests" / "audit"
    lines = (json.loads(raw) for path in folder.glob("*.jsonl") for raw in path.open())
    return frozenset(match_key(line["locator"]) for line in lines)


def main(argv: list[str]) -> int:
    holdout = "--holdout" in argv
    source = next(arg for arg in argv if not arg.startswith("--"))
    seed, exclude = (HOLDOUT_SEED, audited_openings()) if holdout else (SEED, frozenset())
    for n, (path, doc, passage) in enumerate(draw(source, seed=seed, exclude=exclude)):
        line = draft_line(source, path, doc, passage)
        shown, where = excerpt(path, line["locator"] or "")
        print(f"#### {n} {passage.id}  ({where})")
        print("DRAFT " + json.dumps(line, ensure_ascii=False))
        print(f"  doc: {doc.title[:120]!r} date={doc.date} kind={doc.kind}")
        print(shown)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
