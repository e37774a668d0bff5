"""Draw the attribution audit's sample and show each passage's source, for checking by hand.

    .venv/bin/python -m eval.audit_sample kremlin > /tmp/kremlin-review.txt
    .venv/bin/python -m eval.audit_sample --holdout kremlin > /tmp/kremlin-holdout.txt
    .venv/bin/python -m eval.audit_sample --holdout-identity whitehouse > /tmp/wh-identity.txt
    .venv/bin/python -m eval.audit_sample --holdout-identity2 whitehouse > /tmp/wh-identity2.txt

For one source: files drawn at random with a fixed seed, passages drawn in each, and for every
passage a draft audit line (today's parser's values, to be corrected) followed by the source
text around it. The auditor reads the source, not the draft, and writes the line that the
source supports into `tests/audit/<source>.jsonl`. The draw depends on the parser only in which
passages exist to be drawn; every expected value comes from reading the file.
"""

from __future__ import annotations

import json
import random
import re
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
# The identity held-out draw (`tests/audit/holdout-identity/`, issue 15), made on 2026-12-07
# after the identity and pairing fixes had landed: a third seed, leaving out every passage the
# two sets above hold, so that who-said-it, asker and date precision are measured on passages
# no fix was made for. Never used to tune: its misses are reported, not fixed against.
HOLDOUT_IDENTITY_SEED = 20261207
# The second identity held-out draw (`tests/audit/holdout-identity2/`, issue 15), made on
# 2026-12-08: `holdout-identity/` had been read while pairing shapes were fixed, so it no longer
# measures unseen pages. A fourth seed and the same plans, leaving out every passage of the three
# sets above; never used to tune.
HOLDOUT_IDENTITY2_SEED = 20261208


@dataclass(frozen=True)
class Plan:
    pattern: str  # files of the source, relative to the corpora root
    files: int  # how many files to draw (all when there are fewer)
    per_file: int  # passages drawn in each
    # A stratum: only files whose raw text holds this (the Kremlin's "Transcripts" section and
    # its press conferences would otherwise be outnumbered by short news items).
    holding: str | None = None
    # Only documents dated in these years (inclusive), and only those whose title matches this
    # (case aside): read from the source's own date and title, not from the parser's passages.
    years: tuple[int, int] | None = None
    titled: str | None = None

    def takes(self, doc) -> bool:
        if self.years and not (doc.date and self.years[0] <= doc.date.year <= self.years[1]):
            return False
        return not self.titled or re.search(self.titled, doc.title, re.I) is not None


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
# The identity held-out draw: 65 passages weighted to questions and answers (briefings, press
# conferences, interviews, the CMFA's Q/A table), with the 2025 briefings (a new press
# secretary), Kremlin news items of 2000-2008 (bylines and narration) and UN speeches (dates
# known to the year) that the first two draws barely reached.
IDENTITY_PLANS = {
    "whitehouse": [
        Plan("whitehouse/press-briefings/2025-*/*.md", 3, 3),
        # Briefings proper (gaggles and background calls are often statements only).
        Plan("whitehouse/press-briefings/*/*-press-briefing-by-*.md", 4, 2),
    ],
    "kremlin": [
        Plan("kremlin/html/*.html", 5, 2, years=(2000, 2008)),
        Plan("kremlin/html/*.html", 3, 2, holding="<b>Question"),
    ],
    "cmfa-html": [Plan("cmfa/html/*.html", 4, 2)],
    "cmfa-table": [Plan("cmfa/cmfa_ukraine_qa.csv", 1, 6)],
    "interviews-json": [Plan("interviews-json/*.json", 2, 4)],
    # Rows of answers to journalists and press conferences (each file is a whole table).
    "russian": [Plan("russian/*.csv", 2, 3, titled=r"вопрос.*журналист|вопросы представ|конферен")],
    "ungd": [Plan("ungd/TXT/*/*.txt", 2, 2)],
}


def clip(text: str | None, chars: int) -> str | None:
    return normalise_space(text)[:chars].rstrip() if text else None


def draw(
    source: str,
    corpora: Path = CORPORA,
    seed: int = SEED,
    exclude: frozenset[str] = frozenset(),
    plans: dict[str, list[Plan]] = PLANS,
) -> list[tuple[Path, object, object]]:
    """(file, document, passage) triples drawn for `source`, the same on every run; passages
    whose opening is in `exclude` (as `match_key` has it) are not drawn."""
    drawn: list[tuple[Path, object, object]] = []
    for n, plan in enumerate(plans[source]):
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
            if plan.takes(doc)
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
        "outlet": passage.asker_outlet,
        "checked": "",
        "parser_id": passage.id,
    }


def audited_openings(*folders: str) -> frozenset[str]:
    """The passages the audit's sets hold (the first audit and the named folders beside it),
    which a held-out draw leaves alone."""
    audit = Path(__file__).resolve().parent.parent / "tests" / "audit"
    paths = [*audit.glob("*.jsonl"), *(p for f in folders for p in (audit / f).glob("*.jsonl"))]
    lines = (json.loads(raw) for path in paths for raw in path.open() if raw.strip())
    return frozenset(match_key(line["locator"]) for line in lines)


def main(argv: list[str]) -> int:
    source = next(arg for arg in argv if not arg.startswith("--"))
    seed, exclude, plans = SEED, frozenset(), PLANS
    if "--holdout" in argv:
        seed, exclude = HOLDOUT_SEED, audited_openings()
    elif "--holdout-identity2" in argv:
        seed, exclude = HOLDOUT_IDENTITY2_SEED, audited_openings("holdout", "holdout-identity")
        plans = IDENTITY_PLANS
    elif "--holdout-identity" in argv:
        seed, exclude = HOLDOUT_IDENTITY_SEED, audited_openings("holdout")
        plans = IDENTITY_PLANS
    for n, (path, doc, passage) in enumerate(draw(source, seed=seed, exclude=exclude, plans=plans)):
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
