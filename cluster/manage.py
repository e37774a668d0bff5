"""A local three-node OpenSearch 2.19.6 cluster on 127.0.0.1, one JVM per node: one can die alone.

The nodes are built from Maven Central jars by the launcher in this folder (pom.xml,
src/main/java); nothing is downloaded at run time. Each node watches an owner process and a
deadline and exits when either is gone, so a cluster never outlives the run that started it.

Python entry points (the fault tests use these):
    start(owner_pid=None)   build if needed, start the missing nodes, wait for green, return urls
    stop()                  SIGTERM every node, SIGKILL after a bound, remove the pid files
    kill_node(n)            SIGKILL node n (0, 1 or 2) and wait until it is gone
    start_node(n)           start node n again and wait until the cluster is green
    health()                GET _cluster/health from any node that answers
    running_nodes()         {n: pid} of the nodes alive now

The command line does the same: python -m cluster.manage start|stop|status|kill-node N|start-node N|
reset. Settings come from the environment: OPENSEARCH_HTTP_PORT (first HTTP port, 9200),
OPENSEARCH_TRANSPORT_PORT (9300), OPENSEARCH_HOME (var/opensearch), OPENSEARCH_HEAP (1g),
OPENSEARCH_MAX_LIFETIME (seconds, 14400), OPENSEARCH_START_TIMEOUT (seconds, 240),
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
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
NODES = 3
CLUSTER_NAME = "verbatim-local"
MAIN_CLASS = "org.verbatim.cluster.NodeMain"
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


@dataclass(frozen=True)
class Layout:
    """Ports, folders and limits of one local cluster, read from the environment."""

    http_port: int
    transport_port: int
    home: Path
    heap: str
    max_lifetime: int
    start_timeout: float

    @classmethod
    def from_env(cls) -> Layout:
        env = os.environ
        return cls(
            http_port=int(env.get("OPENSEARCH_HTTP_PORT", "9200")),
            transport_port=int(env.get("OPENSEARCH_TRANSPORT_PORT", "9300")),
            home=Path(env.get("OPENSEARCH_HOME", PROJECT / "var" / "opensearch")).resolve(),
            heap=env.get("OPENSEARCH_HEAP", "1g"),
            max_lifetime=int(env.get("OPENSEARCH_MAX_LIFETIME", str(4 * 3600))),
            start_timeout=float(env.get("OPENSEARCH_START_TIMEOUT", "240")),
        )

    def node_home(self, n: int) -> Path:
        return self.home / f"node-{n}"

    def pid_file(self, n: int) -> Path:
        return self.node_home(n) / "node.pid"

    def stdout_log(self, n: int) -> Path:
        return self.node_home(n) / "logs" / "stdout.log"

    def log(self, n: int) -> Path:
        return self.node_home(n) / "logs" / f"node-{n}.log"

    def url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.http_port + n}"

    @property
    def state_file(self) -> Path:
        return self.home / "cluster.json"


# --- building the launcher ------------------------------------------------------------------


def _launcher_stale() -> bool:
    if not LAUNCHER_JAR.exists() or not LIB_DIR.is_dir():
        return True
    built = LAUNCHER_JAR.stat().st_mtime
    sources = [HERE / "pom.xml", *(HERE / "src").rglob("*")]
    return any(p.is_file() and p.stat().st_mtime > built for p in sources)


def build(log=print) -> None:
    """Runs `mvn -q -B package` when the launcher is missing or older than its sources."""
    if not _launcher_stale():
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


# --- processes --------------------------------------------------------------------------------


def _cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return raw.decode(errors="replace").split("\0")


def _is_node(pid: int, node_home: Path) -> bool:
    """True when pid is a live (not zombie) launcher JVM for this node's folder."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)  # reaps it when it is our own dead child
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
        return False
    args = _cmdline(pid)
    return MAIN_CLASS in args and str(node_home) in args


def _node_pid(layout: Layout, n: int) -> int | None:
    """The pid of node n if it runs: from its pid file, or found in /proc when the file is lost."""
    home = layout.node_home(n)
    with contextlib.suppress(OSError, ValueError):
        pid = int(layout.pid_file(n).read_text().strip())
        if _is_node(pid, home):
            return pid
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _is_node(int(entry.name), home):
            return int(entry.name)
    return None


def running_nodes(layout: Layout | None = None) -> dict[int, int]:
    """{node number: pid} of the nodes alive now."""
    layout = layout or Layout.from_env()
    found = {n: _node_pid(layout, n) for n in range(NODES)}
    return {n: pid for n, pid in found.items() if pid is not None}


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _parent(pid: int) -> int:
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
        parent = _parent(pid)
        if _comm(pid) in makes or (_comm(pid) in shells and _comm(parent) in makes):
            pid = parent
            continue
        break
    return pid


def _owner(owner_pid: int | None) -> int:
    if "OPENSEARCH_OWNER_PID" in os.environ:
        return int(os.environ["OPENSEARCH_OWNER_PID"])
    return os.getpid() if owner_pid is None else owner_pid


# --- configuration ----------------------------------------------------------------------------


def _node_settings(layout: Layout, n: int) -> dict[str, object]:
    home = layout.node_home(n)
    return {
        "cluster.name": CLUSTER_NAME,
        "node.name": f"node-{n}",
        "node.roles": ["cluster_manager", "data", "ingest"],
        "path.data": str(home / "data"),
        "path.logs": str(home / "logs"),
        # Loopback only: bootstrap checks are for nodes bound to other addresses.
        "network.host": "127.0.0.1",
        "http.port": layout.http_port + n,
        "transport.port": layout.transport_port + n,
        "discovery.seed_hosts": [f"127.0.0.1:{layout.transport_port + i}" for i in range(NODES)],
        "cluster.initial_cluster_manager_nodes": [f"node-{i}" for i in range(NODES)],
        # The disk is shared with other work and often past the default 85 %: absolute
        # watermarks keep the protection without leaving replicas unassigned for that reason.
        "cluster.routing.allocation.disk.watermark.low": "2gb",
        "cluster.routing.allocation.disk.watermark.high": "1gb",
        "cluster.routing.allocation.disk.watermark.flood_stage": "500mb",
    }


def _write_config(layout: Layout, n: int) -> None:
    home = layout.node_home(n)
    config = home / "config"
    for sub in (config, home / "data", home / "logs", home / "tmp"):
        sub.mkdir(parents=True, exist_ok=True)
    # JSON values are YAML values.
    lines = [f"{key}: {json.dumps(value)}" for key, value in _node_settings(layout, n).items()]
    (config / "opensearch.yml").write_text("\n".join(lines) + "\n")
    shutil.copyfile(HERE / "config" / "log4j2.properties", config / "log4j2.properties")


def _jvm_options(layout: Layout, n: int) -> list[str]:
    home = layout.node_home(n)
    return [
        "-Xms512m",
        f"-Xmx{layout.heap}",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        f"-XX:ErrorFile={home / 'logs' / 'hs_err_pid%p.log'}",
        f"-Djava.io.tmpdir={home / 'tmp'}",
        "-Dfile.encoding=UTF-8",
        "-Djava.awt.headless=true",
        # As the distribution's jvm.options: its date formats expect the COMPAT locale data.
        "-Djava.locale.providers=SPI,COMPAT",
        "-Dio.netty.noUnsafe=true",
        "-Dio.netty.noKeySetOptimization=true",
        "-Dio.netty.recycler.maxCapacityPerThread=0",
        "-Dlog4j.shutdownHookEnabled=false",
        "-Dlog4j2.disable.jmx=true",
        "-Djna.nosys=true",
    ]


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
        dead = [n for n in expect if _node_pid(layout, n) is None]
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
            if state.get("status") == "green" and state.get("number_of_nodes") == NODES:
                return state
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


def _log_tails(layout: Layout, nodes: list[int], lines: int = 15) -> str:
    parts = []
    for n in nodes:
        for path in (layout.stdout_log(n), layout.log(n)):
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path} (last {len(tail)} lines)\n" + "\n".join(tail))
    return "\n".join(parts)


# --- lifecycle --------------------------------------------------------------------------------


def _spawn(layout: Layout, n: int, owner: int, deadline: int) -> int:
    http, transport = layout.http_port + n, layout.transport_port + n
    for port in (http, transport):
        if _port_open(port):
            raise ClusterError(
                f"port {port} on 127.0.0.1 is already in use by another process: stop it, or "
                "choose other ports with OPENSEARCH_HTTP_PORT / OPENSEARCH_TRANSPORT_PORT"
            )
    _write_config(layout, n)
    home = layout.node_home(n)
    classpath = f"{LIB_DIR}/*{os.pathsep}{LAUNCHER_JAR}"
    command = [_java(), *_jvm_options(layout, n), "-cp", classpath, MAIN_CLASS]
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
                _spawn(layout, n, owner, deadline)
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
        tails = _log_tails(layout, list(range(NODES)))
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


def _wait_gone(layout: Layout, pids: dict[int, int], seconds: float) -> dict[int, int]:
    deadline = time.monotonic() + seconds
    alive = dict(pids)
    while alive and time.monotonic() < deadline:
        alive = {n: pid for n, pid in alive.items() if _is_node(pid, layout.node_home(n))}
        if alive:
            time.sleep(0.2)
    return alive


def stop(log=print) -> None:
    """Stops every node: SIGTERM, then SIGKILL after STOP_GRACE_SECONDS; removes the pid files."""
    layout = Layout.from_env()
    pids = running_nodes(layout)
    for pid in pids.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    left = _wait_gone(layout, pids, STOP_GRACE_SECONDS)
    for pid in left.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    left = _wait_gone(layout, left, KILL_WAIT_SECONDS)
    if left:
        raise ClusterError(f"nodes still running after SIGKILL: {left}")
    for n in range(NODES):
        layout.pid_file(n).unlink(missing_ok=True)
    layout.state_file.unlink(missing_ok=True)
    log(f"OpenSearch stopped ({len(pids)} node(s) were running)")


def kill_node(n: int) -> int:
    """SIGKILLs node n, as a crash would, and waits until it is gone; returns its pid."""
    layout = Layout.from_env()
    pid = _node_pid(layout, n)
    if pid is None:
        raise ClusterError(f"node {n} is not running")
    os.kill(pid, signal.SIGKILL)
    if _wait_gone(layout, {n: pid}, KILL_WAIT_SECONDS):
        raise ClusterError(f"node {n} (pid {pid}) still running after SIGKILL")
    layout.pid_file(n).unlink(missing_ok=True)
    return pid


def start_node(n: int, wait_green: bool = True) -> int:
    """Starts node n again with the cluster's owner and deadline; waits for green by default."""
    layout = Layout.from_env()
    if _node_pid(layout, n) is not None:
        raise ClusterError(f"node {n} is already running")
    state = _read_state(layout)
    if not state:
        raise ClusterError("no cluster was started here: run start() (make opensearch) first")
    pid = _spawn(layout, n, state["owner"], state["deadline"])
    if wait_green:
        try:
            _wait_green(layout, layout.start_timeout, {n})
        except ClusterError as error:
            raise ClusterError(f"{error}\n{_log_tails(layout, [n])}") from error
    return pid


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
