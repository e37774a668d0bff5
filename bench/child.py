"""One measured step in a process of its own: `python -m bench.child TASK ARGS_PATH RESULT_PATH`.

Each build and each latency run gets a fresh interpreter, so its peak memory is its own
(`ru_maxrss` of the process, and of the parse workers it started) and no step warms another.
The arguments are read as JSON from ARGS_PATH; the result is written as JSON to RESULT_PATH.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import baselines, corpus, timing
from bench.engines import open_engine
from bench.queries import CLASSES, Query, draw_queries, load, save
from bench.timing import current_rss_mb


def _mb(kilobytes: int) -> float:
    return round(kilobytes / 1024, 1)


def peak_rss() -> dict[str, float]:
    return {
        "peak_rss_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "children_peak_rss_mb": _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    }


def disk_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _timed_build(args: dict, target: Any, full: bool = True) -> tuple[Any, float]:
    """`indexer.build.build_index` of the size's files into `target`, and its seconds."""
    from indexer.build import build_index

    started = time.monotonic()
    report = build_index(
        [Path(p) for p in args["paths"]],
        target,
        full=full,
        workers=args.get("workers"),
        log=lambda line: None,
    )
    return report, round(time.monotonic() - started, 3)


def build_verbatim(args: dict) -> dict:
    from search.engines.whoosh.writer import WhooshTarget

    report, seconds = _timed_build(args, WhooshTarget(args["index_dir"]), args.get("full", True))
    return {
        "seconds": seconds,
        "passages": report.passages,
        "passages_by_kind": dict(report.passages_by_kind),
        "passages_by_format": dict(report.passages_by_format),
        "documents": report.documents,
        "incremental": report.incremental,
        "parsed_files": report.parsed_files,
        "files": [[f.path, f.passages, f.status, f.format] for f in report.files],
        "index_path": report.index_path,
        "index_bytes": disk_bytes(Path(report.index_path)),
        **peak_rss(),
    }


def build_opensearch(args: dict) -> dict:
    """The same files through the OpenSearch engine's own writer (parse, then the bulk API into
    a new index behind the size's alias), as `verbatim index` builds with VERBATIM_ENGINE=
    opensearch."""
    from bench import opensearch
    from search.engines.opensearch.connection import Settings
    from search.engines.opensearch.writer import OpenSearchTarget

    settings = Settings(urls=tuple(args["urls"]), index=args["alias"])
    report, seconds = _timed_build(args, OpenSearchTarget(settings))
    return {
        "seconds": seconds,
        "passages": report.passages,
        "documents": report.documents,
        **opensearch.index_stats(args["urls"], args["alias"]),
        **peak_rss(),
    }


def tenfold(args: dict) -> dict:
    from bench import opensearch

    loaded = opensearch.tenfold(args["urls"], args["source_alias"], args["alias"], args["copies"])
    return {**loaded, **opensearch.index_stats(args["urls"], args["alias"]), **peak_rss()}


def parse_only(args: dict) -> dict:
    """The reading and shaping part of a build alone, on as many workers: where the time goes."""
    from indexer.build import parse_files
    from indexer.sources import collect_files

    jobs = collect_files([Path(p) for p in args["paths"]])
    started = time.monotonic()
    parsed = parse_files(jobs, None, args.get("workers") or os.cpu_count() or 1, _ignore)
    seconds = time.monotonic() - started
    passages = sum(report.passages for report, _ in parsed.values())
    return {"seconds": round(seconds, 3), "passages": passages, **peak_rss()}


def _ignore(*_: object) -> None:
    pass


def _build_baseline(args: dict, write: Callable[[list, Path], float]) -> dict:
    passages = baselines.passages_of(Path(args["verbatim_build"]))
    rss_before = current_rss_mb()
    target = Path(args["target"])
    seconds = write(passages, target)
    return {
        "seconds": round(seconds, 3),
        "passages": len(passages),
        "index_bytes": disk_bytes(target),
        "rss_before_build_mb": rss_before,
        **peak_rss(),
    }


def build_bare(args: dict) -> dict:
    return _build_baseline(args, baselines.build_bare)


def build_fts5(args: dict) -> dict:
    return _build_baseline(args, baselines.build_fts5)


def plan(args: dict) -> dict:
    plans = corpus.plan_sizes(
        Path(args["root"]), corpus.parse_sizes(args["sizes"]), args["workers"]
    )
    return {"plans": [p.to_json() for p in plans]}


def make_queries(args: dict) -> dict:
    from search.engines.whoosh.searcher import IndexHandle

    searcher = IndexHandle(Path(args["index_dir"])).searcher()
    measured = draw_queries(searcher, args["per_class"], seed=args["seed"])
    warmup = draw_queries(searcher, args["warmup_per_class"], seed=args["seed"] + 1)
    Path(args["out"]).write_text(save(measured))
    Path(args["warmup_out"]).write_text(save(warmup))
    return {"per_class": args["per_class"]}


def latency(args: dict) -> dict:
    """Opens the engine cold, then times every query of every class on the warm engine. For the
    search core (either engine), a digest of each timed answer is kept for `bench.parity`."""
    from bench.parity import digest

    queries = load(Path(args["queries"]).read_text())
    warmup = load(Path(args["warmup"]).read_text())
    started = time.perf_counter()
    engine = open_engine(args["engine"], args["target"], args.get("opensearch_urls"))
    opened_ms = (time.perf_counter() - started) * 1000
    classes: dict[str, Any] = {}
    answers: dict[str, list] = {}
    keep = args["engine"] in ("app", "os")

    def run(q: Query) -> object:
        try:
            found = engine.run(q)
        except Exception:
            kept.append(None)
            raise
        kept.append((q, found))
        return found

    try:
        for cls in CLASSES:
            reason = engine.unsupported(cls)
            if reason:
                classes[cls] = timing.unavailable(reason)
                continue
            timing.warm(engine.run, warmup.get(cls, []))
            kept: list = []
            classes[cls] = timing.time_each(run, queries.get(cls, []), Query.describe)
            # Digested after the timing, so it costs the figures nothing.
            if keep:
                answers[cls] = [digest(*pair) if pair else None for pair in kept]
    finally:
        engine.close()
    return {
        "open_ms": round(opened_ms, 1),
        "classes": classes,
        "rss_mb": current_rss_mb(),
        **({"answers": answers} if keep else {}),
        **peak_rss(),
    }


TASKS: dict[str, Callable[[dict], dict]] = {
    "plan": plan,
    "build-verbatim": build_verbatim,
    "parse-only": parse_only,
    "build-opensearch": build_opensearch,
    "tenfold": tenfold,
    "build-bare": build_bare,
    "build-fts5": build_fts5,
    "queries": make_queries,
    "latency": latency,
}


def main(argv: list[str]) -> int:
    task, args_path, result_path = argv
    result = TASKS[task](json.loads(Path(args_path).read_text()))
    result["pid"] = os.getpid()
    Path(result_path).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
