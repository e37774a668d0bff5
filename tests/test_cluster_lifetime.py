"""cluster/: a node never outlives its owner, the owner of `make opensearch` is make's caller, and
a start that cannot bind its ports says which."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cluster import manage
from cluster.layout import Layout
from cluster.processes import is_node


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _layout(home: Path, http_port: int | None = None) -> Layout:
    return Layout(
        http_port=http_port or _free_port(),
        transport_port=_free_port(),
        home=home,
        heap="512m",
        max_lifetime=900,
        start_timeout=300,
    )


@pytest.mark.parametrize("recipe_suffix", ["", " ; true"], ids=["make-execs", "make-shell"])
def test_owner_of_make_opensearch_is_makes_caller(tmp_path: Path, recipe_suffix: str) -> None:
    if shutil.which("make") is None:
        pytest.fail("make is needed: `make opensearch` is how the cluster starts")
    # " ; true" makes make run the recipe through sh -c; without it make runs python itself.
    code = "from cluster.processes import command_line_owner; print(command_line_owner())"
    (tmp_path / "Makefile").write_text(f"owner:\n\t@{sys.executable} -c '{code}'{recipe_suffix}\n")
    env = {**os.environ, "PYTHONPATH": str(manage.HERE.parent)}
    result = subprocess.run(
        ["make", "-s", "-C", str(tmp_path), "owner"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    assert int(result.stdout.strip()) == os.getpid()


def test_taken_port_is_named_and_nothing_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        layout = _layout(tmp_path, http_port=taken.getsockname()[1])
        with pytest.raises(manage.ClusterError, match=f"port {layout.http_port} "):
            manage.spawn_node(layout, 0, os.getpid(), int(time.time()) + 60)
    assert not layout.pid_file(0).exists()


def test_command_line_rejects_unknown_node(capsys: pytest.CaptureFixture[str]) -> None:
    assert manage.main(["kill-node", "7"]) == 2
    assert "usage:" in capsys.readouterr().err


def _launcher_ready() -> None:
    """Builds the launcher when CI requires OpenSearch; elsewhere skips when it is not built."""
    if os.environ.get("VERBATIM_REQUIRE_OPENSEARCH") == "1":
        manage.build(log=lambda line: None)
    elif manage.launcher_stale():
        pytest.skip("the OpenSearch launcher is not built (`make opensearch` builds it)")


def _wait_for(predicate, bound_seconds: float, what: str) -> None:
    deadline = time.monotonic() + bound_seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} not within {bound_seconds:.0f} s")


def test_node_exits_when_its_owner_exits(tmp_path: Path) -> None:
    """One node JVM owned by a `sleep`: killing the sleep makes the node close and exit."""
    _launcher_ready()
    layout = _layout(tmp_path)
    owner = subprocess.Popen(["sleep", "600"])
    pid = None
    try:
        pid = manage.spawn_node(layout, 0, owner.pid, int(time.time()) + layout.max_lifetime)
        log = layout.log(0)

        def started() -> bool:
            if not is_node(pid, layout.node_home(0)):
                pytest.fail("the node exited while starting:\n" + manage.log_tails(layout, [0]))
            return log.exists() and "watching owner pid" in log.read_text(errors="replace")

        # The watch begins before the node starts (alone, it would wait for the other two).
        _wait_for(started, 300, "the node's watch")
        owner.kill()
        owner.wait()
        _wait_for(lambda: not is_node(pid, layout.node_home(0)), 60, "the node's exit")
        assert f"stopping: owner process {owner.pid} has exited" in log.read_text(errors="replace")
    finally:
        owner.kill()
        owner.wait()
        if pid is not None and is_node(pid, layout.node_home(0)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
