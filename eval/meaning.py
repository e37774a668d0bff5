"""Misquotes that change the meaning, measured: are they found, flagged, and kept out of the
exact tier?

    .venv/bin/python -m eval.meaning --index DIR --label after   # or before, at another commit

The set: real sentences of the indexed corpus (`eval.quoteset`, its own seed), each changed one
way (`eval.misquote.MEANING_CHANGES`): a negation dropped or added, "only" dropped or added,
another number, another date, another name. For each, the quote finder's first ten results
are read: the rank of the source (as `eval.quotes.rank_of` counts it), and of the source's
match: whether it says `meaning_changed`, its tier and score. A finder from before tiers and
flags existed is measured too: it flags nothing, and its tier is read from the score as the
tiers are now (1.0 exact, 0.6 close, below weak).

Writes `eval/results/meaning-<label>.json` (every quote and the summary) and, once both a
`before` and an `after` exist, `eval/results/meaning.md` setting them side by side. With
`--faithful`, the quote finder alone is measured on `make eval`'s quote set too (top-1 per
class, as `eval.quotes` scores it, without the baselines), so the faithful misquotes' figures
can be compared on the same index.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from eval.quotes import LIMIT, quote_engine, rank_of, run_engine, score
from eval.quoteset import MEANING_QUOTAS, MEANING_SEED, Query, generate
from search.engines.whoosh.engine import WhooshEngine
from search.quotes.finder import find_quote

RESULTS = Path(__file__).resolve().parent / "results"
PROJECT = RESULTS.parent.parent
# Targets of issue 17: flagged in at least this share, never in the exact tier.
FLAGGED_TARGET = 0.95


def _tier(match) -> str:
    tier = getattr(match, "tier", None)
    if tier:
        return tier
    return "exact" if match.score >= 1.0 else "close" if match.score >= 0.6 else "weak"


def measure(engine: WhooshEngine, query: Query) -> dict:
    matches = find_quote(engine, query.text, limit=LIMIT)
    rank = rank_of(query, [(m.passage.id, m.passage.text) for m in matches])
    match = matches[rank - 1] if rank else None
    changes = getattr(match, "meaning_changes", ()) if match else ()
    return {
        **query.as_json(),
        "rank": rank,
        "score": match.score if match else None,
        "tier": _tier(match) if match else None,
        "meaning_changed": bool(changes),
        "meaning_changes": [c.as_json() for c in changes],
    }


def summary(rows: list[dict]) -> dict:
    found = [r for r in rows if r["rank"]]
    scores = [r["score"] for r in found]
    return {
        "n": len(rows),
        "found_top1": sum(r["rank"] == 1 for r in rows) / len(rows),
        "found_top10": len(found) / len(rows),
        "flagged": sum(r["meaning_changed"] for r in rows) / len(rows),
        "exact_tier": sum(r["tier"] == "exact" for r in rows),
        "source_scores_below_0.8": sum(s < 0.8 for s in scores) / len(found) if found else None,
        "median_source_score": round(statistics.median(scores), 4) if scores else None,
    }


def evaluate(engine: WhooshEngine) -> dict:
    handle = engine.handle
    queries = generate(
        handle.searcher(), sorted(handle.columns().live), MEANING_QUOTAS, seed=MEANING_SEED
    )
    rows = [measure(engine, q) for q in queries]
    kinds = sorted({r["cls"] for r in rows})
    return {
        "summary": {"all": summary(rows)}
        | {k.split(":", 1)[1]: summary([r for r in rows if r["cls"] == k]) for k in kinds},
        "queries": rows,
    }


def faithful(engine: WhooshEngine) -> dict:
    """The quote finder's top-1, top-5 and MRR per class of `make eval`'s quote set."""
    handle = engine.handle
    queries = generate(handle.searcher(), sorted(handle.columns().live))
    outcomes = {"quote": run_engine(quote_engine(handle), queries)}
    return {
        cls: {k: v for k, v in s.items() if k != "latency_ms"}
        for cls, s in score(queries, outcomes)["quote"].items()
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _then_and_now(before: dict, after: dict, part: str) -> list[tuple[str, dict, dict]]:
    """Each row of a part of the results, as measured before (empty if it was not) and after."""
    return [(name, before[part].get(name, {}), now) for name, now in after[part].items()]


def markdown(before: dict, after: dict) -> str:
    lines = [
        "# Misquotes that change the meaning",
        "",
        f"Before: commit `{before['commit'][:10]}`; after: commit `{after['commit'][:10]}`; "
        f"index `{after['index']}`. Regenerate: `python -m eval.meaning --index DIR --label "
        "before|after` (before at the earlier commit).",
        "",
        "| kind | n | source top-1 (before → after) | flagged | in the exact tier | source "
        "score < 0.8 | median source score |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, then, now in _then_and_now(before, after, "summary"):
        lines.append(
            f"| {kind} | {now['n']} | {_pct(then.get('found_top1'))} → {_pct(now['found_top1'])} "
            f"| {_pct(then.get('flagged'))} → {_pct(now['flagged'])} "
            f"| {then.get('exact_tier', '–')} → {now['exact_tier']} "
            f"| {_pct(then.get('source_scores_below_0.8'))} → "
            f"{_pct(now['source_scores_below_0.8'])} "
            f"| {then.get('median_source_score', '–')} → {now['median_source_score']} |"
        )
    if "faithful" in before and "faithful" in after:
        lines += [
            "",
            "## make eval's quote set, quote finder alone (same index)",
            "",
            "| class | n | top-1 before | top-1 after | MRR before | MRR after |",
            "|---|---|---|---|---|---|",
        ]
        for cls, then, now in _then_and_now(before, after, "faithful"):
            lines.append(
                f"| {cls} | {now['n']} | {_pct(then.get('top1'))} | {_pct(now['top1'])} "
                f"| {then.get('mrr', 0):.4f} | {now['mrr']:.4f} |"
            )
    overall = after["summary"]["all"]
    met = overall["flagged"] >= FLAGGED_TARGET and overall["exact_tier"] == 0
    lines += [
        "",
        f"Targets (flagged ≥ {FLAGGED_TARGET:.0%}, none in the exact tier): "
        f"{'met' if met else 'not met'}.",
        "",
    ]
    missed = [r for r in after["queries"] if not r["meaning_changed"]]
    if missed:
        lines += ["## Not flagged after", ""]
        lines += [f"- `{r['qid']}` (rank {r['rank']}, {r['tier']}): {r['text']}" for r in missed]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eval.meaning", description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--label", choices=("before", "after"), required=True)
    parser.add_argument("--faithful", action="store_true", help="make eval's quote set too")
    args = parser.parse_args(argv)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=PROJECT, capture_output=True, text=True
    ).stdout.strip()
    engine = WhooshEngine(args.index)
    measured = evaluate(engine)
    if args.faithful:
        measured["faithful"] = faithful(engine)
    stamp = {
        "commit": commit,
        "index": str(args.index),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"meaning-{args.label}.json"
    out.write_text(json.dumps({**stamp, **measured}, ensure_ascii=False, indent=1) + "\n")
    print(json.dumps(measured["summary"], indent=1))
    before, after = RESULTS / "meaning-before.json", RESULTS / "meaning-after.json"
    if before.exists() and after.exists():
        text = markdown(json.loads(before.read_text()), json.loads(after.read_text()))
        (RESULTS / "meaning.md").write_text(text, encoding="utf-8")
        print(f"results in {RESULTS / 'meaning.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
