"""Where the local cluster's nodes live and how each is set up: ports, folders, settings, JVM."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
NODES = 3
CLUSTER_NAME = "verbatim-local"


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
            start_timeout=float(env.get("OPENSEARCH_START_TIMEOUT", "300")),
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


def node_settings(layout: Layout, n: int) -> dict[str, object]:
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


def write_config(layout: Layout, n: int) -> None:
    home = layout.node_home(n)
    config = home / "config"
    for sub in (config, home / "data", home / "logs", home / "tmp"):
        sub.mkdir(parents=True, exist_ok=True)
    # JSON values are YAML values.
    lines = [f"{key}: {json.dumps(value)}" for key, value in node_settings(layout, n).items()]
    (config / "opensearch.yml").write_text("\n".join(lines) + "\n")
    shutil.copyfile(HERE / "config" / "log4j2.properties", config / "log4j2.properties")


def jvm_options(layout: Layout, n: int) -> list[str]:
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
