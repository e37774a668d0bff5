"""`python -m loadtest.run` (`make loadtest`): nginx in front of two Verbatim replicas, under load;
midway one replica is killed with SIGKILL and started again, and the client must not notice.

Settings (environment): DURATION seconds of load (60), CONNECTIONS (16), REPLICA_WORKERS gunicorn
workers per replica (2), INDEX_DIR (var/index, built from CORPUS, default `corpus`, if missing),
LOADTEST_RESULTS folder (loadtest/results); GUNICORN_CMD_ARGS reaches the replicas' gunicorn.
Loopback only; every process stops at the end.
Exit status 0 when no request failed, 1 otherwise, 2 when the run could not be set up.
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote

from loadtest import report
from loadtest.client import REQUEST_TIMEOUT, Load
from loadtest.processes import (
    HOST,
    SERVER_OPTIONS,
    VERBATIM,
    ProcessError,
    Proxy,
    Replica,
    nginx_binary,
    nginx_version,
    reap_watchdogs,
)
from search.engines.whoosh.searcher import IndexHandle
from search.engines.whoosh.store import NoIndex

PROJECT = Path(__file__).resolve().parent.parent
# When in the run the replica is killed, and how long it stays down before it is started again.
KILL_AT = 0.4
DOWN_SECONDS = 5.0
SEED = 20211126


@dataclass(frozen=True)
class Config:
    duration: float
    connections: int
    workers: int
    index_dir: Path
    corpus: Path
    results: Path

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ.get
        return cls(
            duration=float(env("DURATION", "60")),
            connections=int(env("CONNECTIONS", "16")),
            workers=int(env("REPLICA_WORKERS", "2")),
            index_dir=Path(env("INDEX_DIR", "var/index")).resolve(),
            corpus=Path(env("CORPUS", "corpus")).resolve(),
            results=Path(env("LOADTEST_RESULTS", PROJECT / "loadtest" / "results")),
        )


def ensure_nginx() -> str:
    """Debian's nginx, installed when missing (as root); its own service is not used."""
    try:
        return nginx_binary()
    except ProcessError:
        if os.geteuid() != 0:
            raise ProcessError("nginx is missing: sudo apt-get install -y nginx") from None
    print("installing nginx: apt-get update && apt-get install -y nginx", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "nginx"], check=True, env=env)
    return nginx_binary()


def ensure_index(config: Config) -> int:
    """The number of passages in the index, built from the corpus first if there is none."""
    try:
        return IndexHandle(config.index_dir).searcher().doc_count()
    except NoIndex:
        print(f"no index at {config.index_dir}: indexing {config.corpus}", flush=True)
        done = subprocess.run(
            [VERBATIM, "index", str(config.corpus), "--index", str(config.index_dir), "--quiet"],
            check=False,
        )
        if done.returncode not in (0, 3):
            raise ProcessError(f"verbatim index exited with {done.returncode}") from None
        return IndexHandle(config.index_dir).searcher().doc_count()


def request_paths(index_dir: Path) -> list[str]:
    """A mix of what users ask for: mostly searches (API and page), then passages, documents,
    speakers; drawn from the index itself, in a fixed shuffled order."""
    return paths_from(list(islice(IndexHandle(index_dir).searcher().all_stored_fields(), 1000)))


def paths_from(stored: list[dict]) -> list[str]:
    """The request mix drawn from these passages (their `id`, `doc_id` and `text`)."""
    words = Counter(w.strip(".,;:!?\"'()«»“”").lower() for f in stored for w in f["text"].split())
    common = [w for w, _ in words.most_common(200) if w.isalpha() and len(w) >= 5][:40]
    paths = []
    for word in common:
        paths += [f"/api/search?q={quote(word)}"] * 3 + [f"/?q={quote(word)}"]
    for fields in stored[:40]:
        paths += [f"/p/{quote(fields['id'])}", f"/api/passages/{quote(fields['id'])}"]
    paths += [f"/d/{quote(d)}" for d in sorted({f["doc_id"] for f in stored})[:10]]
    paths += ["/api/speakers", "/speakers", "/?q=Lavrov&sort=newest"]
    random.Random(SEED).shuffle(paths)
    return paths


def kill_and_restart(load: Load, replica: Replica, duration: float) -> dict[str, Any]:
    """Midway through the load, SIGKILL one replica (master and workers, as a crash or the OOM
    killer would), leave it down a few seconds, start it again and wait until it answers."""
    kill_at, down = duration * KILL_AT, min(DOWN_SECONDS, duration * 0.1)
    time.sleep(max(kill_at - load.elapsed(), 0))
    events: dict[str, Any] = {"killed": replica.name, "kill_at_s": round(load.elapsed(), 2)}
    events["killed_pids"] = replica.kill()
    time.sleep(max(kill_at + down - load.elapsed(), 0))
    events["restart_at_s"] = round(load.elapsed(), 2)
    replica.start()
    replica.wait_ready()
    events["restarted_ready_at"] = round(load.elapsed(), 2)
    return events


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def commit() -> str:
    done = subprocess.run(
        ["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def run(config: Config) -> dict[str, Any]:
    nginx = ensure_nginx()
    passages = ensure_index(config)
    paths = request_paths(config.index_dir)
    run_dir = Path(tempfile.mkdtemp(prefix="verbatim-loadtest-"))
    replicas = [Replica(name, config.index_dir, run_dir, config.workers) for name in "ab"]
    proxy = Proxy(run_dir, [r.address for r in replicas])
    before = loadavg()
    try:
        for replica in replicas:
            replica.start()
        for replica in replicas:
            replica.wait_ready()
        proxy.start()
        print(
            f"load: {config.connections} connections for {config.duration:g} s on "
            f"http://{HOST}:{proxy.port} -> {', '.join(r.address for r in replicas)}",
            flush=True,
        )
        load = Load(HOST, proxy.port, paths, config.connections, config.duration)
        threads = load.run_in_background()
        events = kill_and_restart(load, replicas[0], config.duration)
        for thread in threads:
            thread.join(config.duration + REQUEST_TIMEOUT + 10)
        seconds = load.elapsed()
        events["nginx_upstream_errors"] = proxy.upstream_errors()
        events["nginx_log"] = proxy.log_excerpt()
    finally:
        proxy.stop()
        for replica in replicas:
            replica.stop()
        reap_watchdogs()
        shutil.rmtree(run_dir, ignore_errors=True)
    names = {r.address: r.name for r in replicas}
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "config": {
            **{k: str(v) for k, v in asdict(config).items()},
            "duration_s": config.duration,
            "host": HOST,
            "replicas": len(replicas),
            "workers_per_replica": config.workers,
            "nginx": nginx_version(nginx),
            "python": platform.python_version(),
            "cores": os.cpu_count(),
            "passages": passages,
            "distinct_paths": len(set(paths)),
            "commit": commit(),
            "gunicorn_cmd_args": os.environ.get("GUNICORN_CMD_ARGS", ""),
            "nginx_server_options": SERVER_OPTIONS,
            "loadavg_before": before,
            "loadavg_after": loadavg(),
        },
        "events": events,
        "summary": report.summarise(load.samples, seconds, names, events),
    }


def _exit_on_term(signum: int, frame: object) -> None:
    # SystemExit unwinds through run()'s `finally`, which stops nginx and the replicas.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_term)
    config = Config.from_env()
    try:
        result = run(config)
    except (ProcessError, subprocess.CalledProcessError) as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return 2
    stamp = time.strftime("%Y-%m-%dT%H%M%SZ", time.gmtime())
    as_json, as_md = report.write(config.results, stamp, result)
    print(as_md.read_text())
    print(f"written: {as_json} and {as_md}")
    failed = result["summary"]["requests_failed"]
    if result["summary"]["served_by_restarted_replica_after_restart"] == 0:
        print("warning: the restarted replica served nothing after its restart", file=sys.stderr)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
