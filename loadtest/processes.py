"""The processes of a load run: gunicorn replicas of Verbatim and nginx in front of them.

Each runs in a process group of its own, so that one signal reaches a master and its workers,
watched by a small process that kills the group if the load run dies without stopping it (even
by SIGKILL): nginx's workers would outlive their master otherwise.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
VERBATIM = str(Path(sys.executable).parent / "verbatim")
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
# Per replica in nginx's upstream block; nginx.conf.template says why.
SERVER_OPTIONS = "max_fails=0"


class ProcessError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# Polls for its parent (the load run) and its group; kills the group when the parent is gone, and
# exits by itself when the group is.
_watchdogs: list[subprocess.Popen] = []
_WATCHDOG = """
import os, signal, sys, time
pgid, parent = int(sys.argv[1]), os.getppid()
while os.getppid() == parent:
    time.sleep(0.5)
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        sys.exit()
try:
    os.killpg(pgid, signal.SIGKILL)
except ProcessLookupError:
    pass
"""


def start_group(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    with open(log, "ab") as out:
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    watchdog = [sys.executable, "-c", _WATCHDOG, str(process.pid)]
    _watchdogs.append(subprocess.Popen(watchdog, start_new_session=True))
    return process


def reap_watchdogs() -> None:
    """Once every group is stopped, each watchdog exits within a poll: wait for them."""
    for watchdog in _watchdogs:
        try:
            watchdog.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            watchdog.kill()
            watchdog.wait()
    _watchdogs.clear()


def group_pids(pgid: int) -> list[int]:
    """Every live process of a process group (a gunicorn master and its workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command name may hold spaces and ")": the fields follow the last ")".
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(entry.name))
    return sorted(pids)


def stop_group(process: subprocess.Popen, sig: signal.Signals = signal.SIGTERM) -> None:
    """`sig` to the whole group, then SIGKILL if it lingers."""
    for signum in (sig, signal.SIGKILL):
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            break
        try:
            process.wait(STOP_TIMEOUT)
            break
        except subprocess.TimeoutExpired:
            continue
    # The leader has been reaped; workers that outlived it go the same way.
    for pid in group_pids(process.pid):
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def wait_ready(
    port: int, process: subprocess.Popen, log: Path, path: str = "/api/speakers"
) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ProcessError(f"{process.args[-1]} exited with {process.returncode}:\n{tail(log)}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.05)
    raise ProcessError(
        f"nothing answered on {HOST}:{port} within {READY_TIMEOUT:.0f} s:\n{tail(log)}"
    )


def tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Replica:
    """One `verbatim serve` (a gunicorn master and its workers) on its own loopback port."""

    name: str
    index_dir: Path
    run_dir: Path
    workers: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    # More of its environment: VERBATIM_ENGINE and OpenSearch's settings, say.
    env: dict[str, str] = field(default_factory=dict)

    @property
    def address(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def log(self) -> Path:
        return self.run_dir / f"{self.name}.log"

    def start(self) -> None:
        args = [
            VERBATIM,
            "serve",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        env = dict(os.environ, INDEX_DIR=str(self.index_dir), **self.env)
        self.process = start_group(args, self.log, env)

    def wait_ready(self) -> None:
        assert self.process is not None
        wait_ready(self.port, self.process, self.log)

    def kill(self) -> list[int]:
        """SIGKILL to the master and every worker at once; the pids killed."""
        assert self.process is not None
        pids = group_pids(self.process.pid)
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(STOP_TIMEOUT)
        return pids

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop_group(self.process)


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        raise ProcessError("nginx is not installed: apt-get install -y nginx")
    return found


def nginx_version(binary: str) -> str:
    done = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
    return (done.stderr or done.stdout).strip().removeprefix("nginx version: ")


def render_config(run_dir: Path, port: int, upstreams: list[str]) -> Path:
    servers = "\n".join(f"        server {address} {SERVER_OPTIONS};" for address in upstreams)
    text = TEMPLATE.read_text()
    for name, value in {
        "RUN_DIR": str(run_dir),
        "HOST": HOST,
        "PORT": str(port),
        "UPSTREAM_SERVERS": servers,
    }.items():
        text = text.replace("{{" + name + "}}", value)
    path = run_dir / "nginx.conf"
    path.write_text(text)
    return path


@dataclass
class Proxy:
    """nginx in the foreground on a loopback port, in front of `upstreams`."""

    run_dir: Path
    upstreams: list[str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    # More of its environment: VERBATIM_ENGINE and OpenSearch's settings, say.
    env: dict[str, str] = field(default_factory=dict)

    @property
    def log(self) -> Path:
        return self.run_dir / "error.log"

    def start(self) -> None:
        (self.run_dir / "tmp").mkdir(exist_ok=True)
        # As root, nginx's workers run as an unprivileged user: they must reach the temp folders.
        self.run_dir.chmod(0o755)
        (self.run_dir / "tmp").chmod(0o777)
        config = render_config(self.run_dir, self.port, self.upstreams)
        binary = nginx_binary()
        # -e: the error log before the configuration is read, which would be /var/log otherwise.
        args = [binary, "-p", str(self.run_dir), "-c", str(config), "-e", str(self.log)]
        self.process = start_group(args, self.run_dir / "nginx.out")
        wait_ready(self.port, self.process, self.log)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # SIGQUIT: nginx's graceful shutdown (SIGTERM is its fast one).
            stop_group(self.process, signal.SIGQUIT)

    def log_excerpt(self, lines: int = 40) -> list[str]:
        """The first lines of nginx's error log, kept since the run folder is removed."""
        try:
            return self.log.read_text(errors="replace").splitlines()[:lines]
        except OSError:
            return []

    def upstream_errors(self) -> int:
        """Lines of nginx's error log about a replica that failed (each one retried)."""
        try:
            return sum("upstream" in line for line in self.log.read_text().splitlines())
        except OSError:
            return 0
