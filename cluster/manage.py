"""A local three-node OpenSearch 2.19.6 cluster on 127.0.0.1, one JVM per node: one can die alone.

The nodes are built from Maven Central jars by the launcher in this folder (pom.xml,
src/main/java); nothing is downloaded at run time. Each node watches an owner process and a
deadline and exits when either is gone, so a cluster never outlives the run that started it.

Python entry points (the fault tests use these):
    start(owner_pid=None)   build if needed, start the missing nodes, wait for green, return urls
    stop()                  SIGTERM every node, SIGKILL after a bound, remove the pid files
    kill_node(n)            SIGKILL node n (0, 1 or 2) and wait until it is gone
    start_node(n)           start node n again and wait until the cluster is green
    urls()                  the three HTTP urls (give a client all of them)
    health()                GET _cluster/health from any node that answers
    running_nodes()         {n: pid} of the nodes alive now

The command line does the same: python -m cluster.manage start|stop|status|kill-node N|start-node N|
reset. Settings come from the environment: OPENSEARCH_HTTP_PORT (first HTTP port, 9200),
OPENSEARCH_TRANSPORT_PORT (9300), OPENSEARCH_HOME (var/opensearch), OPENSEARCH_HEAP (1g),
OPENSEARCH_MAX_LIFETIME (seconds, 14400), OPENSEARCH_START_TIMEOUT (seconds, 300),
OPENSEARCH_OWNER_PID (the process whose exit stops the nodes; 0 for none, then only the
lifetime bounds them).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from cluster.layout import CLUSTER_NAME, HERE, NODES, Layout, jvm_options, write_config
from cluster.processes import MAIN_CLASS, command_line_owner, node_pid, running_nodes, wait_gone

__all__ = ["CLUSTER_NAME", "NODES", "ClusterError", "Layout", "running_nodes"]

LAUNCHER_JAR = HERE / "target" / "launcher.jar"
LIB_DIR = HERE / "target" / "lib"
STOP_GRACE_SECONDS = 30.0
KILL_WAIT_SECONDS = 10.0
# Index defaults the cluster applies to any index created without its own: three primaries with
# one replica each, so every node holds shards and any one node can be lost without losing data.
DEFAULT_TEMPLATE = "verbatim-cluster-defaults"
DEFAULT_SHARDS = 3
DEFAULT_REPLICAS = 1


class ClusterError(RuntimeError):
    """The cluster could not be built, started or stopped; the message says why and where."""


# --- building the launcher ------------------------------------------------------------------


def launcher_stale() -> bool:
    """True when the launcher is missing or older than pom.xml or a source."""
    if not LAUNCHER_JAR.exists() or not LIB_DIR.is_dir():
        return True
    built = LAUNCHER_JAR.stat().st_mtime
    sources = [HERE / "pom.xml", *(HERE / "src").rglob("*")]
    return any(p.is_file() and p.stat().st_mtime > built for p in sources)


def build(log=print) -> None:
    """Runs `mvn -q -B package` when the launcher is missing or older than its sources."""
    if not launcher_stale():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ClusterError("Maven (mvn) is not installed: it builds the OpenSearch launcher")
    log("building the OpenSearch launcher (mvn -q -B package in cluster/)")
    result = subprocess.run([mvn, "-q", "-B", "package"], cwd=HERE, capture_output=True, text=True)
    if result.returncode != 0:
        raise ClusterError(f"mvn package failed in {HERE}:\n{result.stdout}{result.stderr}")


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise ClusterError("Java 17 is not installed (java not found): it runs the nodes")
    return java


def _owner(owner_pid: int | None) -> int:
    if "OPENSEARCH_OWNER_PID" in os.environ:
        return int(os.environ["OPENSEARCH_OWNER_PID"])
    return os.getpid() if owner_pid is None else owner_pid


# --- HTTP -------------------------------------------------------------------------------------


def _get(url: str, timeout: float) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def _put(url: str, body: dict, timeout: float = 30.0) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def urls(layout: Layout | None = None) -> list[str]:
    """The three nodes' HTTP urls, node-0 first (a client should know all of them)."""
    layout = layout or Layout.from_env()
    return [layout.url(n) for n in range(NODES)]


def health(layout: Layout | None = None, timeout: float = 5.0) -> dict:
    """_cluster/health from the first node that answers; ClusterError when none does."""
    layout = layout or Layout.from_env()
    errors = []
    for n in range(NODES):
        try:
            return _get(f"{layout.url(n)}/_cluster/health", timeout)
        except (OSError, ValueError) as error:
            errors.append(f"{layout.url(n)}: {error}")
    raise ClusterError("no node answers: " + "; ".join(errors))


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_green(layout: Layout, timeout: float, expect: set[int]) -> dict:
    """Polls until all three nodes are in and every shard is assigned, or raises at the bound."""
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        dead = [n for n in expect if node_pid(layout, n) is None]
        if dead:
            raise ClusterError(f"node {dead[0]} exited while starting")
        for n in sorted(expect):
            url = (
                f"{layout.url(n)}/_cluster/health?wait_for_status=green"
                f"&wait_for_nodes={NODES}&timeout=5s"
            )
            try:
                state = _get(url, timeout=10.0)
            except urllib.error.HTTPError as error:
                last = f"{url}: HTTP {error.code}"  # 408: not green within the 5 s asked
                continue
            except (OSError, ValueError) as error:
                last = f"{url}: {error}"
                continue
            # A node joins the cluster before its own HTTP port opens: green is not enough.
            closed = [m for m in expect if not _port_open(layout.http_port + m)]
            if state.get("status") == "green" and state.get("number_of_nodes") == NODES:
                if not closed:
                    return state
                last = f"green, but node {closed[0]} does not answer HTTP yet"
                break
            last = json.dumps(state)
            break
        time.sleep(1.0)
    raise ClusterError(f"not green after {timeout:.0f} s; last: {last}")


def _apply_defaults(layout: Layout) -> None:
    _put(
        f"{layout.url(0)}/_index_template/{DEFAULT_TEMPLATE}",
        {
            "index_patterns": ["*"],
            "priority": 0,
            "template": {
                "settings": {
                    "index.number_of_shards": DEFAULT_SHARDS,
                    "index.number_of_replicas": DEFAULT_REPLICAS,
                }
            },
            "_meta": {"description": "Verbatim's local cluster: 3 primaries, 1 replica each"},
        },
    )


def log_tails(layout: Layout, nodes: list[int], lines: int = 15) -> str:
    """The last lines of each node's stdout and log, for an error message."""
    parts = []
    for n in nodes:
        for path in (layout.stdout_log(n), layout.log(n)):
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path} (last {len(tail)} lines)\n" + "\n".join(tail))
    return "\n".join(parts)


# --- lifecycle --------------------------------------------------------------------------------


def spawn_node(layout: Layout, n: int, owner: int, deadline: int) -> int:
    """Starts node n's JVM in the background (no wait); returns its pid. Its ports must be free."""
    http, transport = layout.http_port + n, layout.transport_port + n
    for port in (http, transport):
        if _port_open(port):
            raise ClusterError(
                f"port {port} on 127.0.0.1 is already in use by another process: stop it, or "
                "choose other ports with OPENSEARCH_HTTP_PORT / OPENSEARCH_TRANSPORT_PORT"
            )
    write_config(layout, n)
    home = layout.node_home(n)
    classpath = f"{LIB_DIR}/*{os.pathsep}{LAUNCHER_JAR}"
    command = [_java(), *jvm_options(layout, n), "-cp", classpath, MAIN_CLASS]
    command += [str(home), str(owner), str(deadline)]
    with open(layout.stdout_log(n), "ab") as out:
        # A session of its own: ^C in the terminal that ran make does not reach the nodes; the
        # owner watch and the deadline bound their life instead.
        process = subprocess.Popen(
            command,
            cwd=home,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    layout.pid_file(n).write_text(f"{process.pid}\n")
    return process.pid


def _read_state(layout: Layout) -> dict:
    try:
        return json.loads(layout.state_file.read_text())
    except (OSError, ValueError):
        return {}


def start(owner_pid: int | None = None, log=print) -> list[str]:
    """Starts the nodes that are not running and waits for green; returns the HTTP urls.

    owner_pid: the process whose exit stops the nodes (default: the caller; the environment's
    OPENSEARCH_OWNER_PID wins). On failure every node is stopped and ClusterError says why.
    """
    layout = Layout.from_env()
    build(log)
    running = running_nodes(layout)
    missing = [n for n in range(NODES) if n not in running]
    if missing:
        state = _read_state(layout) if running else {}
        owner = state.get("owner", _owner(owner_pid))
        deadline = state.get("deadline", int(time.time()) + layout.max_lifetime)
        if owner > 0 and not Path(f"/proc/{owner}").exists():
            raise ClusterError(f"owner process {owner} is not running")
        layout.home.mkdir(parents=True, exist_ok=True)
        layout.state_file.write_text(json.dumps({"owner": owner, "deadline": deadline}) + "\n")
        try:
            for n in missing:
                spawn_node(layout, n, owner, deadline)
            log(
                f"starting OpenSearch nodes {missing} (owner pid {owner}, "
                f"stop by {time.strftime('%H:%M:%S', time.localtime(deadline))}); "
                f"logs in {layout.home}/node-N/logs/"
            )
        except ClusterError:
            stop(log=lambda line: None)
            raise
    started = time.monotonic()
    try:
        _wait_green(layout, layout.start_timeout, set(range(NODES)))
        _apply_defaults(layout)
    except (ClusterError, OSError) as error:
        tails = log_tails(layout, list(range(NODES)))
        stop(log=lambda line: None)
        raise ClusterError(
            f"the OpenSearch cluster did not start: {error}\nlogs: {layout.home}/node-N/logs/\n"
            + tails
        ) from error
    log(
        f"OpenSearch cluster green in {time.monotonic() - started:.1f} s: "
        + ", ".join(layout.url(n) for n in range(NODES))
    )
    return [layout.url(n) for n in range(NODES)]


def stop(log=print) -> None:
    """Stops every node: SIGTERM, then SIGKILL after STOP_GRACE_SECONDS; removes the pid files."""
    layout = Layout.from_env()
    pids = running_nodes(layout)
    for pid in pids.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    left = wait_gone(layout, pids, STOP_GRACE_SECONDS)
    for pid in left.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    left = wait_gone(layout, left, KILL_WAIT_SECONDS)
    if left:
        raise ClusterError(f"nodes still running after SIGKILL: {left}")
    for n in range(NODES):
        layout.pid_file(n).unlink(missing_ok=True)
    layout.state_file.unlink(missing_ok=True)
    log(f"OpenSearch stopped ({len(pids)} node(s) were running)")


def kill_node(n: int) -> int:
    """SIGKILLs node n, as a crash would, and waits until it is gone; returns its pid."""
    layout = Layout.from_env()
    pid = node_pid(layout, n)
    if pid is None:
        raise ClusterError(f"node {n} is not running")
    os.kill(pid, signal.SIGKILL)
    if wait_gone(layout, {n: pid}, KILL_WAIT_SECONDS):
        raise ClusterError(f"node {n} (pid {pid}) still running after SIGKILL")
    layout.pid_file(n).unlink(missing_ok=True)
    return pid


def start_node(n: int, wait_green: bool = True) -> int:
    """Starts node n again with the cluster's owner and deadline; waits for green by default."""
    layout = Layout.from_env()
    if node_pid(layout, n) is not None:
        raise ClusterError(f"node {n} is already running")
    state = _read_state(layout)
    if not state:
        raise ClusterError("no cluster was started here: run start() (make opensearch) first")
    # A node started just after a SIGKILL can exit at once while the old process's ports and
    # data lock are still being released: it is started again, a bounded number of times.
    for attempt in range(3):
        pid = spawn_node(layout, n, state["owner"], state["deadline"])
        if not wait_green:
            return pid
        try:
            _wait_green(layout, layout.start_timeout, {n})
            return pid
        except ClusterError as error:
            if node_pid(layout, n) is None and attempt < 2:
                time.sleep(5)
                continue
            raise ClusterError(f"{error}\n{log_tails(layout, [n])}") from error
    raise AssertionError("unreachable")


def reset(log=print) -> None:
    """Stops the cluster and deletes its data and logs."""
    stop(log)
    layout = Layout.from_env()
    shutil.rmtree(layout.home, ignore_errors=True)
    log(f"removed {layout.home}")


def _status() -> int:
    layout = Layout.from_env()
    nodes = running_nodes(layout)
    for n in range(NODES):
        pid = nodes.get(n)
        print(f"node-{n}  {layout.url(n)}  " + (f"pid {pid}" if pid else "not running"))
    try:
        state = health(layout)
    except ClusterError as error:
        print(error)
        return 1
    print(f"cluster {state['cluster_name']}: {state['status']}, {state['number_of_nodes']} nodes")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    usage = "usage: python -m cluster.manage start|stop|status|reset|kill-node N|start-node N"
    try:
        match args:
            case ["start"]:
                start(owner_pid=command_line_owner())
            case ["stop"]:
                stop()
            case ["reset"]:
                reset()
            case ["status"]:
                return _status()
            case ["kill-node", n] if n.isdigit() and int(n) < NODES:
                print(f"node {n} killed (pid {kill_node(int(n))})")
            case ["start-node", n] if n.isdigit() and int(n) < NODES:
                print(f"node {n} started (pid {start_node(int(n))}); cluster green")
            case _:
                print(usage, file=sys.stderr)
                return 2
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
