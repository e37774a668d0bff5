"""Where indexes live on disk, and how a finished build replaces the one being served.

INDEX_DIR/
  current -> builds/20261126T153000.123456-4242  (a symlink, replaced atomically)
  builds/20261126T153000.123456-4242/  (a whole Whoosh index, report.json, fingerprint)

A build writes into a new folder and is swapped in only when complete, so a build that is killed
leaves the previous index serving. Readers notice the swap by reading the symlink.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from indexer.build import process_alive
from search.errors import NoIndex

CURRENT = "current"
BUILDS = "builds"
COMPLETE_MARKER = "complete"


def current_build(index_dir: Path) -> Path:
    link = index_dir / CURRENT
    try:
        target = os.readlink(link)
    except FileNotFoundError:
        raise NoIndex(f"no index at {index_dir}: run `verbatim index` first") from None
    return (index_dir / target).resolve()


def new_build_dir(index_dir: Path) -> Path:
    now = time.time()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f"{now % 1:.6f}"[1:]
    path = index_dir / BUILDS / f"{stamp}-{os.getpid()}"
    path.mkdir(parents=True)
    return path


def publish(index_dir: Path, build: Path) -> None:
    """Make `build` the served index in one atomic step, then clear out old builds."""
    try:
        served = current_build(index_dir)
    except NoIndex:
        served = None
    (build / COMPLETE_MARKER).touch()
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    if tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(build.relative_to(index_dir))
    os.replace(tmp, index_dir / CURRENT)
    _remove_old_builds(index_dir, keep={build, served})


def remove_abandoned_builds(index_dir: Path) -> None:
    """Unfinished builds whose process is gone were interrupted: nothing will finish them."""
    builds = index_dir / BUILDS
    if not builds.is_dir():
        return
    for path in builds.iterdir():
        pid = path.name.rpartition("-")[2]
        if not (path / COMPLETE_MARKER).exists() and pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _remove_old_builds(index_dir: Path, keep: set[Path | None]) -> None:
    """Keep the new build and the one served before it (a searcher may still read it)."""
    remove_abandoned_builds(index_dir)
    for path in (index_dir / BUILDS).iterdir():
        if (path / COMPLETE_MARKER).exists() and path.resolve() not in {
            k.resolve() for k in keep if k
        }:
            shutil.rmtree(path, ignore_errors=True)


def abandon(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)
