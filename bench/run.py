"""`python -m bench.run`: Verbatim against its floors, at three index sizes; see bench/README.md.

Everything happens in one scratch folder (removed at the end) and on loopback; every build and
in-process latency run is a child process, and the HTTP server is always stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus, http_load, parity, report
from bench import opensearch as cluster
from bench.queries import SEED, load

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = PROJECT.parent / "shared" / "corpora"
CHILD_TIMEOUT = 3 * 3600
UPDATE_ATTEMPTS = 3
CODE_PACKAGES = ("indexer", "search", "webapp", "bench")


class BenchError(RuntimeError):
    pass


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "--corpora",
        type=Path,
        default=DEFAULT_CORPORA,
        help="the corpus folder (default: ../shared/corpora)",
    )
    parser.add_argument(
        "--sizes",
        help="passages per index, comma-separated; 'all' is every "
        "file (default 10000,100000,all; --quick: 3000,10000)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, few queries, short load: a fast check"
    )
    parser.add_argument("--queries", type=int, help="distinct queries per class (50; quick 10)")
    parser.add_argument("--warmup", type=int, help="warm-up queries per class (5; quick 3)")
    parser.add_argument("--load-seconds", type=float, help="per concurrency level (15; quick 3)")
    parser.add_argument("--concurrency", default="1,4,16", help="client counts for the load")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="parse workers of the Verbatim build (default: every core)",
    )
    parser.add_argument(
        "--opensearch",
        default=os.environ.get("BENCH_OPENSEARCH_URL", cluster.DEFAULT_URLS),
        help="the OpenSearch cluster's nodes, comma-separated (default: the three of `make "
        "opensearch`); each size is built into an alias of its own there and deleted after",
    )
    parser.add_argument(
        "--no-opensearch", action="store_true", help="measure Whoosh and the baselines only"
    )
    parser.add_argument(
        "--tenfold",
        choices=("auto", "yes", "no"),
        default="auto",
        help="OpenSearch on the largest size copied ten times (auto: in a full run that "
        "measures every passage)",
    )
    parser.add_argument(
        "--lean",
        action="store_true",
        help="skip the parse-only run and the incremental update (Whoosh build diagnostics): "
        "for a machine too loaded to fit the whole run in its time",
    )
    parser.add_argument(
        "--largest-first",
        action="store_true",
        help="measure the largest size first (its figures are the targets'); the ten-fold "
        "copy still comes last",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--out",
        type=Path,
        default=PROJECT / "bench" / "results",
        help="where the reports go (default bench/results)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    args.sizes = args.sizes or ("3000,10000" if quick else "10000,100000,all")
    args.queries = args.queries or (10 if quick else 50)
    args.warmup = args.warmup if args.warmup is not None else (3 if quick else 5)
    args.load_seconds = args.load_seconds or (3.0 if quick else 15.0)
    args.concurrency = [int(c) for c in args.concurrency.split(",") if c.strip()]
    args.opensearch_urls = [] if args.no_opensearch else cluster.urls_of(args.opensearch)
    wants_all = "all" in args.sizes.split(",")
    args.tenfold = bool(args.opensearch_urls) and (
        args.tenfold == "yes" or (args.tenfold == "auto" and not quick and wants_all)
    )
    return args


def snapshot_code(scratch: Path) -> Path:
    """A copy of the code under test: edits made while the benchmark runs do not reach it.

    Children and the server run from this folder, where Python finds these packages before the
    project's editable install; the parsing code's version (which decides whether an update is
    incremental) stays the same from the first build to the last.
    """
    code = scratch / "code"
    for package in CODE_PACKAGES:
        ignore = shutil.ignore_patterns("__pycache__", "results")
        shutil.copytree(PROJECT / package, code / package, ignore=ignore)
    return code


def run_child(
    task: str, args: dict, scratch: Path, code: Path, timeout: float = CHILD_TIMEOUT
) -> dict:
    """Runs `bench.child TASK` in a process group of its own; kills the group if it overruns."""
    stem = scratch / f"{task}-{time.monotonic_ns()}"
    # The arguments go in a file: a size's list of files is longer than a command line may be.
    arguments, result = stem.with_suffix(".args.json"), stem.with_suffix(".json")
    arguments.write_text(json.dumps(args))
    command = [sys.executable, "-m", "bench.child", task, str(arguments), str(result)]
    process = subprocess.Popen(
        command,
        cwd=code,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    http_load.share_priority(process.pid)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except BaseException:
        http_load.stop(process)
        raise
    if process.returncode != 0:
        tail = "\n".join(stderr.splitlines()[-20:])
        raise BenchError(f"step {task} failed with exit code {process.returncode}:\n{tail}")
    return json.loads(result.read_text())


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bench_builds(plan: corpus.SizePlan, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    workers = args.workers
    index_dir = folder / "verbatim"
    paths = [str(p) for p in plan.paths]
    log(f"{plan.label}: Verbatim build of {plan.files} files")
    build_args = {"paths": paths, "index_dir": str(index_dir), "workers": workers}
    verbatim = run_child("build-verbatim", build_args, folder, args.code)
    log(f"{plan.label}: {verbatim['passages']} passages in {verbatim['seconds']} s")
    parse = None
    if not args.lean:
        parse = run_child("parse-only", {"paths": paths, "workers": workers}, folder, args.code)
        log(f"{plan.label}: parsing alone {parse['seconds']} s")
    source = {"verbatim_build": verbatim["index_path"]}
    bare = run_child("build-bare", {**source, "target": str(folder / "bare")}, folder, args.code)
    log(f"{plan.label}: bare Whoosh writer {bare['seconds']} s; FTS5")
    fts5 = run_child("build-fts5", {**source, "target": str(folder / "fts5.db")}, folder, args.code)
    built = {"verbatim": verbatim, "bare": bare, "fts5": fts5}
    if parse:
        built["parse_only"] = parse
    if args.opensearch_urls:
        log(f"{plan.label}: FTS5 {fts5['seconds']} s; OpenSearch build (parse + bulk)")
        os_args = {"paths": paths, "urls": args.opensearch_urls, "alias": args.alias}
        built["opensearch"] = run_child(
            "build-opensearch", {**os_args, "workers": workers}, folder, args.code
        )
        log(f"{plan.label}: OpenSearch {built['opensearch']['seconds']} s")
    return built


def bench_latency(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    queries, warmup = folder / "queries.json", folder / "warmup.json"
    run_child(
        "queries",
        {
            "index_dir": str(folder / "verbatim"),
            "per_class": args.queries,
            "warmup_per_class": args.warmup,
            "seed": args.seed,
            "out": str(queries),
            "warmup_out": str(warmup),
        },
        folder,
        args.code,
    )
    targets = {"app": folder / "verbatim", "bare": folder / "bare", "fts5": folder / "fts5.db"}
    if args.opensearch_urls:
        targets["os"] = args.alias
    return {
        engine: latency_of(engine, str(target), folder, args) for engine, target in targets.items()
    }


def latency_of(engine: str, target: str, folder: Path, args: argparse.Namespace) -> dict:
    log(f"latency in process: {engine} ({target})")
    latency_args = {
        "engine": engine,
        "target": target,
        "opensearch_urls": args.opensearch_urls,
        "queries": str(folder / "queries.json"),
        "warmup": str(folder / "warmup.json"),
    }
    return run_child("latency", latency_args, folder, args.code)


def server_env(engine: str, args: argparse.Namespace) -> dict:
    """What makes the web app serve `engine` ("app": Whoosh; "os": OpenSearch)."""
    if engine == "app":
        return {"VERBATIM_ENGINE": "whoosh"}
    return {
        "VERBATIM_ENGINE": "opensearch",
        "OPENSEARCH_URL": ",".join(args.opensearch_urls),
        "OPENSEARCH_INDEX": args.alias,
    }


def bench_http(folder: Path, args: argparse.Namespace, engine: str = "app") -> dict[str, Any]:
    """The web app over HTTP on one engine: every class's page (and API, on Whoosh), then the
    load."""
    queries = load((folder / "queries.json").read_text())
    warmup = load((folder / "warmup.json").read_text())
    env = server_env(engine, args)
    log_path = folder / f"gunicorn-{engine}.log"
    with http_load.serve(folder / "verbatim", log_path, args.code, env=env) as server:
        log(f"HTTP ({engine}): gunicorn ready on port {server.port} in {server.started_seconds} s")
        quote = http_load.quote_routes(server.port)
        result: dict[str, Any] = {
            "engine": env["VERBATIM_ENGINE"],
            "startup_seconds": server.started_seconds,
            "server_pid": server.process.pid,
            "quote_routes": quote,
        }
        # The API is the page's search as JSON: measured on the default engine only.
        endpoints = ("page",) if engine == "os" else ("page", "api")
        for endpoint in endpoints:
            log(f"HTTP latency ({engine}): {endpoint}")
            result[endpoint] = http_load.class_latency(
                server.port, queries, warmup, endpoint, quote[endpoint]
            )
        paths = http_load.mixed_paths(queries, quote["page"])
        result["load"] = []
        for clients in args.concurrency:
            log(f"HTTP load ({engine}): {clients} clients for {args.load_seconds:g} s")
            result["load"].append(
                http_load.load(server.port, paths, clients, args.load_seconds, max_requests=100_000)
            )
        result["memory"] = server.memory()
    return result


def median_file(files: list[list]) -> list | None:
    """The indexed file with the median passage count (the first such in path order)."""
    indexed = sorted((f for f in files if f[2] == "indexed" and f[1] > 0), key=lambda f: f[0])
    if not indexed:
        return None
    by_count = sorted(indexed, key=lambda f: f[1])
    return by_count[len(by_count) // 2]


def bench_update(
    plan: corpus.SizePlan, folder: Path, files: list[list], code: Path
) -> dict[str, Any]:
    """Times an update of the index after one file changed: its passages are re-read.

    A change to the parsing code since the last build makes the update a full one; the code may
    be edited while the benchmark runs, so the change is tried again (the next update starts
    from an index of the current code) and the attempts are reported.
    """
    chosen = median_file(files)
    if chosen is None:
        return {"seconds": None, "reason": "no indexed file"}
    path = Path(chosen[0])
    log(f"incremental update after changing {path.name}")
    args = {
        "paths": [str(p) for p in plan.paths],
        "index_dir": str(folder / "verbatim"),
        "full": False,
    }
    original = path.resolve()
    attempts = 0
    try:
        while True:
            attempts += 1
            corpus.modify_one(path)
            update = run_child("build-verbatim", args, folder, code)
            if update["incremental"] or attempts == UPDATE_ATTEMPTS:
                break
    finally:
        corpus.restore(path, original)
    return {
        "file": str(original),
        "file_passages": chosen[1],
        "attempts": attempts,
        "seconds": update["seconds"] if update["incremental"] else None,
        "full_seconds": None if update["incremental"] else update["seconds"],
        "parsed_files": update["parsed_files"],
        "incremental": update["incremental"],
        "passages": update["passages"],
    }


def bench_size(
    plan: corpus.SizePlan, folder: Path, args: argparse.Namespace, largest: bool
) -> dict[str, Any]:
    """Every measure of one size. The largest size's OpenSearch alias is kept when the ten-fold
    copy is to be made from it (`run` deletes it after); every other is deleted here."""
    folder.mkdir(parents=True)
    size: dict[str, Any] = {
        "label": plan.label,
        "target": plan.target,
        "files": plan.files,
        "expected_passages": plan.expected_passages,
        "workers": args.workers,
        "opensearch": bool(args.opensearch_urls),
    }
    args.alias = cluster.alias_for(plan.label)
    keep = largest and args.tenfold
    try:
        size["build"] = bench_builds(plan, folder, args)
        size["latency"] = bench_latency(folder, args)
        size["http"] = bench_http(folder, args)
        if args.opensearch_urls:
            size["http_os"] = bench_http(folder, args, "os")
            latency = size["latency"]
            found = parity.compare(
                load((folder / "queries.json").read_text()),
                latency["app"].pop("answers"),
                latency["os"].pop("answers"),
            )
            # Every query's two answers for the largest size (its report lists the ones that
            # differ most); the counts for the others.
            size["parity"] = found if largest else {"summary": found["summary"]}
    except BaseException:
        keep = False
        raise
    finally:
        if args.opensearch_urls and not keep:
            cluster.drop(args.opensearch_urls, args.alias)
    files = size["build"]["verbatim"]["files"]
    if args.lean:
        size["incremental"] = {"seconds": None, "reason": "skipped (--lean)"}
    else:
        size["incremental"] = bench_update(plan, folder, files, args.code)
    size["targets"] = report.targets(size)
    # The list of every file is long and says little: the results keep the failures.
    files = size["build"]["verbatim"].pop("files")
    size["build"]["verbatim"]["failed_files"] = [[f[0], f[3]] for f in files if f[2] == "failed"]
    return size


def bench_tenfold(folder: Path, args: argparse.Namespace, source_alias: str) -> dict[str, Any]:
    """The size's OpenSearch index copied ten times (`bench.opensearch.tenfold`), then the same
    queries through the search core in process; the copy is deleted after. Not over HTTP: each
    server worker would first read the index's text hashes (`ClusterHandle.repeated`), minutes
    at this size, past gunicorn's worker timeout. A failure here is reported, not fatal: the
    sizes before it are kept."""
    alias = cluster.alias_for("tenfold")
    try:
        log(f"ten-fold corpus: {cluster.COPIES} copies of {source_alias} into {alias}")
        copy_args = {
            "urls": args.opensearch_urls,
            "source_alias": source_alias,
            "alias": alias,
            "copies": cluster.COPIES,
        }
        built = run_child("tenfold", copy_args, folder, args.code)
        log(f"ten-fold: {built['passages']:,} passages loaded in {built['load_seconds']} s")
        return {"build": built, "latency": latency_of("os", alias, folder, args)}
    except BenchError as exc:
        log(f"ten-fold failed: {exc}")
        return {"error": str(exc)[-2000:]}
    finally:
        cluster.drop(args.opensearch_urls, alias)


def check_cluster(args: argparse.Namespace) -> None:
    if not args.opensearch_urls:
        return
    try:
        health = cluster.health(args.opensearch_urls)
    except Exception as exc:
        raise BenchError(
            f"no OpenSearch cluster answers at {', '.join(args.opensearch_urls)} ({exc}); start "
            "one with `make opensearch`, or measure without it: --no-opensearch"
        ) from None
    log(
        f"OpenSearch: cluster {health['cluster_name']}, {health['number_of_nodes']} nodes, "
        f"{health['status']}"
    )


def run(
    args: argparse.Namespace, scratch: Path, save: Callable[[list[dict[str, Any]]], None]
) -> list[dict[str, Any]]:
    """Every size, then the ten-fold copy; `save` is given the sizes done after each one, so a
    run stopped midway keeps them."""
    corpora = args.corpora.resolve()
    if not corpora.is_dir():
        raise BenchError(f"{corpora}: no such corpus folder")
    check_cluster(args)
    args.code = snapshot_code(scratch)
    root = corpus.mirror(corpora, scratch / "corpus")
    log(f"choosing the files of each size from {corpora}")
    plan_args = {"root": str(root), "sizes": args.sizes, "workers": args.workers}
    plans = [
        corpus.SizePlan.from_json(p)
        for p in run_child("plan", plan_args, scratch, args.code)["plans"]
    ]
    largest = plans[-1]
    sizes: list[dict[str, Any]] = []
    kept = scratch / "largest"  # the largest size's queries, for the ten-fold copy
    source_alias = None
    try:
        for plan in reversed(plans) if args.largest_first else plans:
            folder = scratch / f"size-{plan.label}"
            sizes.append(bench_size(plan, folder, args, largest=plan is largest))
            if plan is largest and args.tenfold:
                source_alias = args.alias
                kept.mkdir()
                for name in ("queries.json", "warmup.json"):
                    shutil.copy(folder / name, kept / name)
            shutil.rmtree(folder, ignore_errors=True)  # the largest indexes take gigabytes
            save(sizes)
        if source_alias:
            size = next(s for s in sizes if s["label"] == largest.label)
            size["tenfold"] = bench_tenfold(kept, args, source_alias)
            size["targets"] = report.targets(size)
    finally:
        if source_alias:
            cluster.drop(args.opensearch_urls, source_alias)
    return sizes


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    started = time.monotonic()
    started_utc = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    # The code is copied when the run starts: the commit and the worktree are read then too.
    commit, load_before = report.commit(), os.getloadavg()
    previous = signal.signal(signal.SIGTERM, _terminate)
    scratch = Path(tempfile.mkdtemp(prefix="verbatim-bench-"))

    def results(sizes: list[dict[str, Any]], complete: bool) -> dict[str, Any]:
        return {
            "mode": "quick" if args.quick else "full",
            "complete": complete,
            "command": report.command_line(argv),
            "started_utc": started_utc,
            "duration_seconds": round(time.monotonic() - started, 1),
            "machine": report.machine(),
            "load_average": {"start": load_before, "end": os.getloadavg()},
            "commit": commit,
            "corpora": str(args.corpora),
            "settings": {
                "per_class": args.queries,
                "warmup_per_class": args.warmup,
                "load_seconds": args.load_seconds,
                "concurrency": args.concurrency,
                "seed": args.seed,
                "workers": args.workers,
                "opensearch": args.opensearch_urls,
                "tenfold": args.tenfold,
                "lean": args.lean,
            },
            "sizes": sizes,
        }

    def save(sizes: list[dict[str, Any]]) -> None:
        for path in report.write(results(sizes, complete=False), args.out):
            log(f"wrote {path} (the sizes so far)")

    try:
        sizes = run(args, scratch, save)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
    for path in report.write(results(sizes, complete=True), args.out):
        log(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
