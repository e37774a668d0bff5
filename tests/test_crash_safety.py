"""Crash safety: a build killed with SIGKILL leaves the served index serving and the next run
repairs everything; a running server picks up a rebuilt index without a restart or a failed
request; the web app never writes.

Builds and servers run as real subprocesses (the `verbatim` command of this virtualenv), on
loopback only, each in a process group of its own that is killed when its test ends.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import quote

import pytest

import webapp
from indexer.build import build_index
from search.engines.whoosh import engine as whoosh_engine
from search.engines.whoosh import store
from search.engines.whoosh.searcher import IndexHandle, search
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import write_corpus

VERBATIM = str(Path(sys.executable).parent / "verbatim")
HOST = "127.0.0.1"
FILES = 100
PARAGRAPHS = 8
# Big enough that writing it takes a while, so a kill lands in the middle of the write.
BIG_PARAGRAPHS = 400
BUILD_TIMEOUT = 120.0
SERVER_READY_TIMEOUT = 60.0
# Enough for a rebuild to happen under the requests, few enough to end on a slow machine.
MAX_REQUESTS = 3000


# --- a generated corpus: every file and version of it carries a word of its own ---------------


def alpha(n: int) -> str:
    """A number as a word of letters (Whoosh and the stemmer leave such words whole)."""
    letters = ""
    while True:
        n, digit = divmod(n, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if n == 0:
            return letters


def marker(n: int, version: int = 0) -> str:
    """Found in every answer of file `n` at `version`, and nowhere else."""
    return f"mark{alpha(n)}q{alpha(version)}"


def generated_transcript(n: int, version: int = 0, paragraphs: int = PARAGRAPHS) -> str:
    # Files 0 and 1 share a date, so their ids collide and take suffixes; the others are unique.
    day = date(2021, 1, 1) + timedelta(days=max(n - 1, 0))
    lines = [f"Sergey Lavrov's interview with TASS, Moscow, {day:%B} {day.day}, {day.year}"]
    for p in range(paragraphs):
        # Words of its own, none starting like a marker.
        words = " ".join("w" + alpha(n * 5000 + p * 40 + k) for k in range(30))
        lines.append(f"Question: What about {words}?")
        lines.append(f"Sergey Lavrov: {marker(n, version)} {words}, {words}.")
    return "\n\n".join(lines) + "\n"


def file_name(n: int) -> str:
    return f"t{n:04d}.txt"


@dataclass
class Workspace:
    """A corpus and its index at fixed paths: the build manifest keys files by path."""

    corpus: Path
    index: Path
    # file number -> (version, paragraphs) of what the corpus holds now
    files: dict[int, tuple[int, int]] = field(default_factory=dict)

    def write(self, n: int, version: int, paragraphs: int = PARAGRAPHS) -> None:
        write_corpus(self.corpus, {file_name(n): generated_transcript(n, version, paragraphs)})
        self.files[n] = (version, paragraphs)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Workspace:
    """The generated corpus indexed once; each test starts from a copy of it."""
    root = tmp_path_factory.mktemp("crash")
    space = Workspace(root / "work" / "corpus", root / "work" / "index")
    for n in range(FILES):
        space.write(n, 0)
    build_index([space.corpus], WhooshTarget(space.index), log=lambda line: None)
    shutil.copytree(root / "work", root / "pristine", symlinks=True)
    return space


@pytest.fixture()
def workspace(pristine) -> Workspace:
    work = pristine.corpus.parent
    shutil.rmtree(work)
    shutil.copytree(work.parent / "pristine", work, symlinks=True)
    return Workspace(pristine.corpus, pristine.index, dict(pristine.files))


# --- processes ---------------------------------------------------------------------------------


def start(args: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def kill_group(process: subprocess.Popen) -> None:
    """The process and whatever it started (parse workers, gunicorn workers)."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        process.wait(10)


def start_index(space: Workspace, log: Path, *flags: str) -> subprocess.Popen:
    return start(
        [VERBATIM, "index", str(space.corpus), "--index", str(space.index), "--quiet", *flags], log
    )


def run_index(space: Workspace, log: Path, *flags: str) -> None:
    process = start_index(space, log, *flags)
    try:
        assert process.wait(BUILD_TIMEOUT) == 0, log.read_text()
    finally:
        kill_group(process)


def kill_build_while_writing(space: Workspace, log: Path, *flags: str, delay: float) -> Path:
    """Start a build, SIGKILL it `delay` seconds after it made its build folder; that folder."""
    builds = set((space.index / store.BUILDS).iterdir())
    process = start_index(space, log, *flags)
    try:
        deadline = time.monotonic() + BUILD_TIMEOUT
        while not (new := set((space.index / store.BUILDS).iterdir()) - builds):
            assert process.poll() is None, "the build ended before it started writing"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.002)
        time.sleep(delay)
        assert process.poll() is None, "the build finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(10) == -signal.SIGKILL
    finally:
        kill_group(process)
    [unfinished] = new
    return unfinished


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, dict]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, json.loads(body) if response.status == 200 else {}
    finally:
        conn.close()


def total_on(port: int, word: str) -> int:
    status, body = get(port, f"/api/search?q={quote(word)}&per_page=100")
    assert status == 200
    return body["total"]


@dataclass
class Server:
    process: subprocess.Popen
    port: int


@contextmanager
def serving(index: Path, log: Path) -> Iterator[Server]:
    """`verbatim serve` (gunicorn, 2 workers) on a free loopback port, stopped on leaving."""
    port = free_port()
    process = start(
        [VERBATIM, "serve", "--host", HOST, "--port", str(port), "--workers", "2"],
        log,
        env=dict(os.environ, INDEX_DIR=str(index)),
    )
    try:
        deadline = time.monotonic() + SERVER_READY_TIMEOUT
        while True:
            assert process.poll() is None, log.read_text()
            with suppress(OSError):
                if get(port, "/api/speakers")[0] == 200:
                    break
            assert time.monotonic() < deadline, f"no answer on port {port}:\n{log.read_text()}"
            time.sleep(0.1)
        yield Server(process, port)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            kill_group(process)


# --- what a sound index holds ------------------------------------------------------------------


def assert_index_holds_the_corpus(space: Workspace) -> None:
    """Every file's passages once, of its current version only, under unique ids."""
    stored = list(IndexHandle(space.index).searcher().all_stored_fields())
    ids = [fields["id"] for fields in stored]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1][:5]
    markers = {marker(n, v): n for n, (v, _) in space.files.items()}
    by_file: dict[int, list[int]] = defaultdict(list)
    for fields in stored:
        [word] = [w for w in fields["text"].split() if w.startswith("mark")]
        assert word in markers, f"stale or unknown passage {fields['id']}"
        by_file[markers[word]].append(fields["position"])
    expected = {n: list(range(1, p + 1)) for n, (_, p) in space.files.items()}
    assert {n: sorted(positions) for n, positions in by_file.items()} == expected
    assert len({fields["doc_id"] for fields in stored}) == len(space.files)


def assert_only_finished_builds(index: Path) -> None:
    builds = list((index / store.BUILDS).iterdir())
    assert builds and all((b / store.COMPLETE_MARKER).exists() for b in builds)
    assert store.current_build(index) == max(builds).resolve()


def assert_killed_build_left_served_one_alone(
    index: Path, served: Path, served_files: dict[str, tuple], unfinished: Path
) -> None:
    """The served build is still current and unchanged; the killed one is there, unfinished."""
    assert store.current_build(index) == served
    assert file_states(served) == served_files
    assert unfinished.exists() and not (unfinished / store.COMPLETE_MARKER).exists()


def assert_next_run_repaired(space: Workspace, unfinished: Path) -> None:
    assert not unfinished.exists()
    assert_only_finished_builds(space.index)
    assert_index_holds_the_corpus(space)


def file_states(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder` (symlinks not followed) with what a write would change."""
    states = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        target = os.readlink(path) if path.is_symlink() else None
        states[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns, target)
    return states


# --- kill -9 during builds ---------------------------------------------------------------------


def test_full_build_killed_while_writing_leaves_the_previous_index_serving(workspace, tmp_path):
    served = store.current_build(workspace.index)
    served_files = file_states(served)
    with serving(workspace.index, tmp_path / "serve.log") as server:
        workspace.write(3, 1)
        workspace.write(FILES, 0)
        unfinished = kill_build_while_writing(
            workspace, tmp_path / "index.log", "--full", delay=0.3
        )

        assert_killed_build_left_served_one_alone(workspace.index, served, served_files, unfinished)
        handle = IndexHandle(workspace.index)
        assert search(handle, marker(3, 0)).total == PARAGRAPHS
        assert search(handle, marker(FILES, 0)).total == 0
        assert total_on(server.port, marker(3, 0)) == PARAGRAPHS

        run_index(workspace, tmp_path / "index.log")

        assert_next_run_repaired(workspace, unfinished)
        # The same server, never restarted, now answers from the new index.
        assert server.process.poll() is None
        assert total_on(server.port, marker(FILES, 0)) == PARAGRAPHS
        assert total_on(server.port, marker(3, 0)) == 0


def test_incremental_update_killed_while_writing_leaves_the_previous_index_serving(
    workspace, tmp_path
):
    served = store.current_build(workspace.index)
    served_files = file_states(served)
    workspace.write(7, 1, paragraphs=BIG_PARAGRAPHS)
    unfinished = kill_build_while_writing(workspace, tmp_path / "index.log", delay=0.1)

    # The unfinished build shares the served one's files by hard links: none of them changed.
    assert_killed_build_left_served_one_alone(workspace.index, served, served_files, unfinished)
    handle = IndexHandle(workspace.index)
    assert search(handle, marker(7, 0)).total == PARAGRAPHS
    assert search(handle, marker(7, 1)).total == 0

    run_index(workspace, tmp_path / "index.log")

    assert_next_run_repaired(workspace, unfinished)
    assert search(IndexHandle(workspace.index), marker(7, 1)).total == BIG_PARAGRAPHS
    report = json.loads((store.current_build(workspace.index) / "report.json").read_text())
    assert report["incremental"] and report["parsed_files"] == 1


def test_an_unfinished_build_is_removed_by_the_next_run_even_when_it_has_nothing_to_do(
    workspace, tmp_path
):
    unfinished = kill_build_while_writing(workspace, tmp_path / "index.log", "--full", delay=0.3)
    run_index(workspace, tmp_path / "index.log")
    assert "up to date" in (tmp_path / "index.log").read_text()
    assert not unfinished.exists()


# --- serving while the index is rebuilt ---------------------------------------------------------


@dataclass
class Hammer:
    """Requests one after another from a thread until stopped or MAX_REQUESTS."""

    port: int
    words: tuple[str, ...]
    stop: threading.Event = field(default_factory=threading.Event)
    answers: list[tuple[str, int, int]] = field(default_factory=list)  # (word, status, total)
    errors: list[str] = field(default_factory=list)

    def run(self) -> None:
        for i in range(MAX_REQUESTS):
            if self.stop.is_set():
                return
            word = self.words[i % len(self.words)]
            try:
                status, body = get(self.port, f"/api/search?q={quote(word)}&per_page=100")
                self.answers.append((word, status, body.get("total", -1)))
            except (OSError, http.client.HTTPException, ValueError) as exc:
                self.errors.append(f"{word}: {exc!r}")

    def totals(self, word: str) -> list[int]:
        return [total for w, _, total in self.answers if w == word]


def test_a_running_server_answers_every_request_while_a_rebuild_is_swapped_in(workspace, tmp_path):
    with serving(workspace.index, tmp_path / "serve.log") as server:
        workspace.write(3, 1)
        workspace.write(FILES, 0)
        hammer = Hammer(server.port, (marker(FILES, 0), marker(3, 0), marker(50, 0)))
        thread = threading.Thread(target=hammer.run, daemon=True)
        thread.start()
        try:
            time.sleep(0.3)
            run_index(workspace, tmp_path / "index.log", "--full")
            # Until a request has seen the new index, or the thread ran out of requests.
            deadline = time.monotonic() + 30
            while PARAGRAPHS not in hammer.totals(marker(FILES, 0)) and thread.is_alive():
                assert time.monotonic() < deadline, "the server never saw the new index"
                time.sleep(0.05)
            time.sleep(0.3)
        finally:
            hammer.stop.set()
            thread.join(60)

        assert not thread.is_alive() and hammer.errors == []
        assert [s for _, s, _ in hammer.answers] == [200] * len(hammer.answers)
        new, gone, kept = (hammer.totals(w) for w in hammer.words)
        assert new.count(0) > 0 and new.count(PARAGRAPHS) > 0, "no request before or after"
        # Requests follow one another: once one has seen the new index, all the next ones do.
        assert new == sorted(new) and set(new) == {0, PARAGRAPHS}
        assert set(gone) == {PARAGRAPHS, 0} and gone == sorted(gone, reverse=True)
        assert set(kept) == {PARAGRAPHS}
        assert server.process.poll() is None


class SwapsAfterCall(IndexHandle):
    """A handle on which another build is published right after its `n`th searcher() call:
    what a server sees when a build finishes while one of its requests runs."""

    def __init__(self, index_dir: Path, n: int, other: Path) -> None:
        super().__init__(index_dir)
        self.calls, self.n, self.other = 0, n, other

    def searcher(self):
        found = super().searcher()
        self.calls += 1
        if self.calls == self.n:
            store.publish(self.index_dir, self.other)
        return found


def test_a_search_request_answers_from_one_build_even_when_a_swap_lands_mid_request(
    tmp_path, monkeypatch
):
    def build(name: str, days: range) -> Path:
        files = {file_name(n): generated_transcript(n, paragraphs=1) for n in days}
        build_index(
            [write_corpus(tmp_path / name, files)],
            WhooshTarget(tmp_path / name / "index"),
            log=lambda line: None,
        )
        return store.current_build(tmp_path / name / "index")

    many, few = build("many", range(2, 12)), build("few", range(2, 3))
    mixed = []
    for n in range(1, 8):
        index = tmp_path / f"swap{n}"
        shutil.copytree(many, index / store.BUILDS / many.name)
        store.publish(index, index / store.BUILDS / many.name)
        # Copied in after publishing: publish keeps only the new build and the one it replaced.
        other = shutil.copytree(few, index / store.BUILDS / f"z-{few.name}")
        monkeypatch.setattr(whoosh_engine, "IndexHandle", partial(SwapsAfterCall, n=n, other=other))
        client = webapp.create_app(index).test_client()
        response = client.get("/api/search?q=lavrov&per_page=100")
        body = response.get_json(silent=True) or {}
        if response.status_code != 200 or body["total"] != len(body["results"]):
            found = f"total {body.get('total')}, {len(body.get('results', []))} results"
            mixed.append(f"swap after call {n}: HTTP {response.status_code}, {found}")
    assert mixed == []


# --- the web app never writes ------------------------------------------------------------------


def sample_urls(app, handle: IndexHandle) -> list[str]:
    """Every GET route of the app with real ids filled in, bare and with a query."""
    fields = next(iter(handle.searcher().all_stored_fields()))
    samples = {
        "passage_id": [fields["id"]],
        "doc_id": [fields["doc_id"]],
        "slug": [fields["speaker"]],
        "fmt": ["bib", "ris", "json", "txt"],
        "filename": sorted(p.name for p in Path(app.static_folder).iterdir()),
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        # Each argument takes each of its sample values; one not named above takes "x".
        combos = [{}]
        for name in rule.arguments:
            combos = [{**c, name: v} for c in combos for v in samples.get(name, ["x"])]
        for values in combos:
            path = rule.build(values)[1]
            urls += [path, f"{path}?q=Lavrov&from=2021&sort=newest"]
    return urls


def test_the_web_app_writes_nothing_and_accepts_no_writes(app, handle, seed_index):
    urls = sample_urls(app, handle)
    before = file_states(seed_index)
    client = app.test_client()
    statuses = {url: client.get(url).status_code for url in urls}
    for url in urls:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            assert client.open(url, method=method).status_code == 405, (method, url)
    assert file_states(seed_index) == before
    assert [url for url, status in statuses.items() if status >= 500] == []
    fields = next(iter(handle.searcher().all_stored_fields()))
    # The pages that read the index did read it.
    for url in (
        f"/p/{fields['id']}",
        f"/d/{fields['doc_id']}",
        f"/speakers/{fields['speaker']}",
        "/?q=Lavrov&from=2021&sort=newest",
        "/api/search?q=Lavrov&from=2021&sort=newest",
    ):
        assert statuses[url] == 200, url
