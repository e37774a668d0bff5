"""Quote finding measured: the quote set looked up by four engines, ranks and latency per class.

Engines, all over the same passages:
- quote: `search.quotes.finder.find_quote(handle, text, limit=10)`, the quote finder, timed
  alone in this process (its latency is one of the targets);
- search: the search core's `search(handle, text)`, the plain search, as a user pasting the quote;
- fts5-phrase and fts5-words: SQLite FTS5 (`eval.fts5`), a phrase query and a bm25 OR-query.
The baselines run in worker processes. The plain search takes seconds on a quote-long query
(every word must match, and it counts all matches), so by default it is measured on every third
quote of each class (`search_every`); FTS5 and the quote finder on all of them.

A result is right when it is the passage the quote was drawn from, or a passage holding all the
words the quote stands for (`Query.fragments`, in order). Per class: top-1 and top-5 accuracy
and the mean reciprocal rank of the first right result among the first ten.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from eval import fts5
from eval.corpus_text import match_key
from eval.quoteset import Query
from search.engines.whoosh.searcher import IndexHandle, search
from search.errors import QueryError

LIMIT = 10
ENGINES = ("quote", "search", "fts5-phrase", "fts5-words")
BASELINES = ENGINES[1:]
GROUPS = ("exact", "trimmed", "ellipsis", "misquoted")
# What the quote finder is held to: top-1 accuracy per class, and its latency.
TARGETS = {"exact": 1.0, "trimmed": 0.98, "ellipsis": 0.98, "misquoted": 0.95}
P95_TARGET_MS = 300.0

Results = list[tuple[str, str]]  # (passage id, text) best first


def rank_of(query: Query, results: Results) -> int | None:
    """1-based rank of the first right result, None if none of them is."""
    wanted = [match_key(f) for f in query.fragments]
    for rank, (pid, text) in enumerate(results, start=1):
        if pid == query.target or _holds_in_order(match_key(text), wanted):
            return rank
    return None


def _holds_in_order(text: str, parts: list[str]) -> bool:
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def quote_engine(handle: IndexHandle) -> Callable[[str], Results]:
    from search.engines.whoosh.engine import WhooshEngine
    from search.quotes.finder import find_quote

    engine = WhooshEngine(handle.index_dir)

    def look(text: str) -> Results:
        found = find_quote(engine, text, limit=LIMIT)
        return [(m.passage.id, m.passage.text) for m in found]

    return look


def search_engine(handle: IndexHandle) -> Callable[[str], Results]:
    def look(text: str) -> Results:
        try:
            page = search(handle, text, per_page=LIMIT)
        except QueryError:
            return []  # a quote the query syntax refuses finds nothing, as it would for a user
        return [(hit.id, hit.text) for hit in page.hits]

    return look


@dataclass
class Outcome:
    rank: int | None
    ms: float
    error: str | None = None


def run_engine(look: Callable[[str], Results], queries: Iterable[Query]) -> dict[str, Outcome]:
    outcomes = {}
    for query in queries:
        started = time.perf_counter()
        try:
            results, error = look(query.text), None
        except Exception as exc:  # a crash on one quote is a miss to report, not the end
            results, error = [], f"{type(exc).__name__}: {exc}"
        ms = (time.perf_counter() - started) * 1000
        outcomes[query.qid] = Outcome(rank_of(query, results), ms, error)
    return outcomes


# Worker processes for the baselines: each opens its own index handle and database.
_worker: dict[str, object] = {}


def _start_worker(index_dir: str, db_path: str) -> None:
    _worker["handle"] = IndexHandle(index_dir)
    _worker["db"] = fts5.open_or_build(Path(db_path), _worker["handle"].searcher())


def _baseline_chunk(job: tuple[list[Query], int]) -> dict[str, dict[str, Outcome]]:
    queries, search_every = job
    handle, db = _worker["handle"], _worker["db"]
    engines = {
        "fts5-phrase": lambda text: fts5.lookup(db, fts5.phrase_query(text), LIMIT),
        "fts5-words": lambda text: fts5.lookup(db, fts5.words_query(text), LIMIT),
    }
    done = {name: run_engine(look, queries) for name, look in engines.items()}
    sampled = [q for q in queries if int(q.qid.rsplit("-", 1)[1]) % search_every == 0]
    done["search"] = run_engine(search_engine(handle), sampled)
    return done


def run_baselines(
    index_dir: Path, db_path: Path, queries: list[Query], workers: int, search_every: int = 1
) -> dict[str, dict[str, Outcome]]:
    """FTS5 on every query; the plain search (seconds a quote) on every `search_every`th of
    each class."""
    chunks = [(queries[i :: workers * 4], search_every) for i in range(workers * 4)]
    merged: dict[str, dict[str, Outcome]] = {name: {} for name in BASELINES}
    with ProcessPoolExecutor(
        workers, initializer=_start_worker, initargs=(str(index_dir), str(db_path))
    ) as pool:
        for part in pool.map(_baseline_chunk, chunks):
            for name, outcomes in part.items():
                merged[name].update(outcomes)
    return merged


@dataclass
class Score:
    n: int = 0
    top1: int = 0
    top5: int = 0
    reciprocal: float = 0.0
    errors: int = 0
    ms: list[float] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.n += 1
        self.top1 += outcome.rank == 1
        self.top5 += outcome.rank is not None and outcome.rank <= 5
        self.reciprocal += 1 / outcome.rank if outcome.rank else 0.0
        self.errors += outcome.error is not None
        self.ms.append(outcome.ms)

    def as_json(self) -> dict:
        return {
            "n": self.n,
            "top1": self.top1 / self.n if self.n else None,
            "top5": self.top5 / self.n if self.n else None,
            "mrr": self.reciprocal / self.n if self.n else None,
            "errors": self.errors,
            "latency_ms": latency(self.ms),
        }


def latency(ms: list[float]) -> dict:
    if not ms:
        return {}
    ordered = sorted(ms)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": pct(0.95),
        "max": round(ordered[-1], 1),
        "mean": round(statistics.fmean(ordered), 1),
    }


def score(queries: list[Query], outcomes: dict[str, dict[str, Outcome]]) -> dict:
    """Scores per engine, per class (each misquote kind and the groups) and overall."""
    table: dict[str, dict[str, Score]] = {}
    for engine, by_qid in outcomes.items():
        rows = table.setdefault(engine, {})
        for query in queries:
            outcome = by_qid.get(query.qid)
            if outcome is None:  # not measured with this engine (the sampled plain search)
                continue
            for cls in dict.fromkeys((query.cls, query.group, "all")):
                rows.setdefault(cls, Score()).add(outcome)
    return {engine: {cls: s.as_json() for cls, s in rows.items()} for engine, rows in table.items()}


def verdicts(scores: dict) -> dict:
    """Each target, the figure it is held against, and whether it is met."""
    quote = scores["quote"]
    checks = {}
    for group, target in TARGETS.items():
        top1 = quote[group]["top1"]
        checks[f"{group} top-1 ≥ {target:.0%}"] = {"value": top1, "met": top1 >= target}
        best = max(
            (scores[e][group] for e in ("fts5-phrase", "fts5-words")),
            key=lambda s: (s["top1"], s["mrr"]),
        )
        ahead = (quote[group]["top1"], quote[group]["mrr"]) > (best["top1"], best["mrr"]) or (
            quote[group]["top1"] == 1.0 and best["top1"] == 1.0
        )
        checks[f"{group} ahead of FTS5"] = {
            "value": {"quote": quote[group]["top1"], "fts5": best["top1"]},
            "met": ahead,
        }
    p95 = quote["all"]["latency_ms"]["p95"]
    checks[f"quote p95 ≤ {P95_TARGET_MS:.0f} ms"] = {"value": p95, "met": p95 <= P95_TARGET_MS}
    return checks


def evaluate(
    handle: IndexHandle,
    queries: list[Query],
    db_path: Path,
    workers: int = os.cpu_count() or 2,
    search_every: int = 1,
    warmup: int = 5,
) -> dict:
    """Every engine over every query; the quote finder alone first, its latency measured."""
    look = quote_engine(handle)
    for query in queries[:warmup]:  # loads the columns and caches a first request pays for
        look(query.text)
    outcomes = {"quote": run_engine(look, queries)}
    fts5.open_or_build(db_path, handle.searcher()).close()  # once, before the workers need it
    outcomes.update(run_baselines(handle.index_dir, db_path, queries, workers, search_every))
    scores = score(queries, outcomes)
    return {
        "scores": scores,
        "targets": verdicts(scores),
        "ranks": {
            q.qid: {e: outcomes[e][q.qid].rank for e in outcomes if q.qid in outcomes[e]}
            for q in queries
        },
        "errors": {
            f"{e} {qid}": o.error for e, by in outcomes.items() for qid, o in by.items() if o.error
        },
    }
