"""Verbatim over HTTP: a gunicorn server on loopback, per-class latency, load at N clients.

The server is started as the README's deployment would run it, in a process group of its own,
and the group is killed when the block ends, whatever happens in it.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import timing
from bench.queries import CLASSES, Query
from bench.timing import current_rss_mb

HOST = "127.0.0.1"
PROJECT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 120.0
REQUEST_TIMEOUT = 120.0
# Where a quote finder page and API may be served; probed, and reported "not available" if absent.
QUOTE_ROUTES = {"page": "/quote", "api": "/api/quote"}
SEARCH_ROUTES = {"page": "/", "api": "/api/search"}


class ServerError(RuntimeError):
    pass


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path
    started_seconds: float = 0.0

    def worker_pids(self) -> list[int]:
        return sorted(pid for pid, parent in _parents().items() if parent == self.process.pid)

    def memory(self) -> dict[str, Any]:
        workers = {str(pid): current_rss_mb(pid) for pid in self.worker_pids()}
        return {"master_rss_mb": current_rss_mb(self.process.pid), "workers_rss_mb": workers}

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command name may hold spaces and parentheses: the ppid follows the last ")".
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int, workers: int) -> list[str]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return [
        str(gunicorn),
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "webapp:create_app()",
    ]


@contextmanager
def serve(
    index_dir: Path,
    log_path: Path,
    code: Path = PROJECT,
    workers: int = 2,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """A running server of the code in `code`, on a free loopback port; stopped (its whole
    process group) on leaving. `env`: more of its environment (VERBATIM_ENGINE and the rest)."""
    port = free_port()
    env = dict(os.environ, INDEX_DIR=str(index_dir), **(env or {}))
    started = time.monotonic()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            gunicorn_command(port, workers),
            cwd=code,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    share_priority(process.pid)
    server = Server(process, port, log_path)
    try:
        _wait_ready(server)
        server.started_seconds = round(time.monotonic() - started, 2)
        yield server
    finally:
        stop(process)


def share_priority(pid: int) -> None:
    """Give a process started in a session of its own the run's scheduling priority.

    Linux schedules each session as one group (autogroup); a run given priority by writing a
    negative nice to its /proc/PID/autogroup (on a machine shared with other work) would lose it
    in every child started with `start_new_session`. Nothing happens when the run's group has
    no priority, or the kernel has no autogroups.
    """
    try:
        nice = int(Path("/proc/self/autogroup").read_text().split("nice")[1])
        if nice < 0:
            Path(f"/proc/{pid}/autogroup").write_text(str(nice))
    except (OSError, IndexError, ValueError):
        pass


def stop(process: subprocess.Popen) -> None:
    """TERM to the server's process group, then KILL if it lingers."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(
                f"gunicorn exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            status, _ = get(http.client.HTTPConnection(HOST, server.port, timeout=5), "/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServerError(f"gunicorn did not answer within {READY_TIMEOUT:.0f} s:\n{server.log_tail()}")


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    """One GET on a kept-alive connection (reopened by http.client when the server closed it)."""
    conn.request("GET", path, headers={"Connection": "keep-alive"})
    response = conn.getresponse()
    body = response.read()
    if response.will_close:
        conn.close()
    return response.status, len(body)


def path_for(q: Query, endpoint: str) -> str:
    if q.cls == "quote":
        return f"{QUOTE_ROUTES[endpoint]}?{urlencode({'q': q.quote})}"
    return f"{SEARCH_ROUTES[endpoint]}?{urlencode(q.url_params())}"


def quote_routes(port: int) -> dict[str, str | None]:
    """For each endpoint, None when a quote finder answers there, else why it is not measured."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    found = {}
    for endpoint, route in QUOTE_ROUTES.items():
        status, _ = get(conn, f"{route}?{urlencode({'q': 'peace and security'})}")
        found[endpoint] = None if status == 200 else f"GET {route} answers {status}"
    conn.close()
    return found


def class_latency(
    port: int,
    queries: dict[str, list[Query]],
    warmup: dict[str, list[Query]],
    endpoint: str,
    quote_missing: str | None,
) -> dict[str, Any]:
    """Every class's queries, one at a time on one connection, after an untimed warm-up."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)

    def fetch(q: Query) -> None:
        status, _ = get(conn, path_for(q, endpoint))
        if status != 200:
            raise ServerError(f"HTTP {status} for {path_for(q, endpoint)[:200]}")

    classes = {}
    try:
        for cls in CLASSES:
            if cls == "quote" and quote_missing:
                classes[cls] = timing.unavailable(quote_missing)
                continue
            # Twice: the requests spread over the workers, and each must open its searcher.
            timing.warm(fetch, warmup.get(cls, []) * 2)
            classes[cls] = timing.time_each(fetch, queries.get(cls, []), Query.describe)
    finally:
        conn.close()
    return classes


def mixed_paths(queries: dict[str, list[Query]], quote_missing: str | None) -> list[str]:
    """The search pages of every class, interleaved class by class."""
    columns = [
        [path_for(q, "page") for q in queries.get(cls, [])]
        for cls in CLASSES
        if not (cls == "quote" and quote_missing)
    ]
    longest = max((len(c) for c in columns), default=0)
    return [c[i] for i in range(longest) for c in columns if i < len(c)]


def load(
    port: int, paths: list[str], clients: int, seconds: float, max_requests: int
) -> dict[str, Any]:
    """`clients` threads, each on its own kept-alive connection, for `seconds` at most."""
    samples: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    per_client = max(1, max_requests // clients)

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        mine, failed = [], []
        i = offset * 7
        while time.monotonic() < deadline and len(mine) + len(failed) < per_client:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                status, _ = get(conn, path)
            except (OSError, http.client.HTTPException) as exc:
                failed.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                continue
            if status == 200:
                mine.append((time.perf_counter() - started) * 1000)
            else:
                failed.append(f"HTTP {status} for {path[:200]}")
        conn.close()
        with lock:
            samples.extend(mine)
            errors.extend(failed)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    stats = timing.summary(samples, len(errors), errors[0] if errors else "")
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(samples),
        "rps": round(len(samples) / elapsed, 1) if elapsed else 0.0,
        **stats,
    }
