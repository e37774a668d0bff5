"""Finding, watching and waiting for the node JVMs through /proc (Linux)."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from cluster.layout import NODES, Layout

MAIN_CLASS = "org.verbatim.cluster.NodeMain"


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return raw.decode(errors="replace").split("\0")


def is_node(pid: int, node_home: Path) -> bool:
    """True when pid is a live (not zombie) launcher JVM for this node's folder."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)  # reaps it when it is our own dead child
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
        return False
    args = cmdline(pid)
    return MAIN_CLASS in args and str(node_home) in args


def node_pid(layout: Layout, n: int) -> int | None:
    """The pid of node n if it runs: from its pid file, or found in /proc when the file is lost."""
    home = layout.node_home(n)
    with contextlib.suppress(OSError, ValueError):
        pid = int(layout.pid_file(n).read_text().strip())
        if is_node(pid, home):
            return pid
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and is_node(int(entry.name), home):
            return int(entry.name)
    return None


def running_nodes(layout: Layout | None = None) -> dict[int, int]:
    """{node number: pid} of the nodes alive now."""
    layout = layout or Layout.from_env()
    found = {n: node_pid(layout, n) for n in range(NODES)}
    return {n: pid for n, pid in found.items() if pid is not None}


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def parent_of(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[-1].split()[1])


def command_line_owner() -> int:
    """The process that ran `make opensearch` (or this command): the nodes live as long as it.

    make and the shell it runs a recipe in are skipped, so the owner is the caller's shell or
    script (e.g. .ci/run), not make, which exits as soon as the cluster is green.
    """
    makes = {"make", "gmake"}
    shells = {"sh", "dash", "bash"}
    pid = os.getppid()
    while pid > 1:
        parent = parent_of(pid)
        if comm(pid) in makes or (comm(pid) in shells and comm(parent) in makes):
            pid = parent
            continue
        break
    return pid


def wait_gone(layout: Layout, pids: dict[int, int], seconds: float) -> dict[int, int]:
    deadline = time.monotonic() + seconds
    alive = dict(pids)
    while alive and time.monotonic() < deadline:
        alive = {n: pid for n, pid in alive.items() if is_node(pid, layout.node_home(n))}
        if alive:
            time.sleep(0.2)
    return alive
