"""Which corpus files make each benchmark size, and the scratch copy of the corpus they live in.

The corpus is mirrored as a tree of symlinks (one per file, folders recreated), so that one file
can be swapped for a modified copy to time an incremental update without touching the shared,
read-only corpus. Readers resolve sidecar files (manifests, speaker tables) relative to a file's
folder and source profiles match the resolved path, so a mirrored file reads as the original.

Sizes are prefixes of one fixed order of the files (by a hash of their path relative to the
corpus root): the same on every machine and clone, a mix of every source, and each smaller set a
subset of the larger one. Passages are counted by parsing the files in that order, only as far
as the largest size needs, so whatever the readers of the day can read decides the file lists.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

ALL = None  # the size that means "every file"


@dataclass(frozen=True)
class CountedFile:
    path: Path  # in the mirror
    passages: int
    status: str


@dataclass(frozen=True)
class SizePlan:
    label: str  # "10k", "100k", "all"
    target: int | None
    paths: list[Path]  # what build_index is given
    files: int
    expected_passages: int | None  # from parsing; the build's own count is reported beside it

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "target": self.target,
            "paths": [str(p) for p in self.paths],
            "files": self.files,
            "expected_passages": self.expected_passages,
        }

    @classmethod
    def from_json(cls, data: dict) -> SizePlan:
        return cls(**dict(data, paths=[Path(p) for p in data["paths"]]))


def parse_sizes(raw: str) -> list[int | None]:
    """The sizes in "10000,100000,all" as [10000, 100000, None]."""
    sizes: list[int | None] = []
    for part in (p.strip().lower() for p in raw.split(",") if p.strip()):
        if part == "all":
            sizes.append(ALL)
        else:
            value = int(part.replace("_", "").replace("k", "000"))
            if value <= 0:
                raise ValueError(f"a size must be positive, not {part!r}")
            sizes.append(value)
    if not sizes:
        raise ValueError("no sizes given")
    return sorted(set(sizes), key=lambda s: float("inf") if s is None else s)


def size_label(size: int | None) -> str:
    if size is None:
        return "all"
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def mirror(corpora: Path, target: Path) -> Path:
    """A tree of symlinks to every file under `corpora`, at the same relative paths."""
    root = target / corpora.resolve().name
    for dirpath, _, filenames in os.walk(corpora, followlinks=True):
        folder = root / Path(dirpath).relative_to(corpora)
        folder.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            (folder / name).symlink_to((Path(dirpath) / name).resolve())
    return root


def stable_order(root: Path) -> list[Path]:
    """Every file under `root`, shuffled by a hash of its relative path: fixed, and mixed."""
    from indexer.sources import collect_files

    files = [path for _, path in collect_files([root])]

    def key(path: Path) -> str:
        return hashlib.sha1(path.relative_to(root).as_posix().encode()).hexdigest()

    return sorted(files, key=key)


def _count_one(job: tuple[Path, Path]) -> CountedFile:
    from indexer.sources import read_file
    from indexer.speakers import default_registry

    path, root = job
    report, _ = read_file(path, root, default_registry())
    return CountedFile(path, report.passages, report.status)


def count_passages(
    files: list[Path], root: Path, enough: int | None, workers: int
) -> Iterator[CountedFile]:
    """Each file's passage count, in order; stops once `enough` passages are counted."""
    total = 0
    jobs = [(path, root) for path in files]
    with get_context("spawn").Pool(max(1, workers)) as pool:
        for counted in pool.imap(_count_one, jobs, chunksize=4):
            yield counted
            total += counted.passages
            if enough is not None and total >= enough:
                pool.terminate()
                return


def plan_sizes(root: Path, sizes: list[int | None], workers: int) -> list[SizePlan]:
    """The file list of each size; a size the corpus cannot reach becomes "all", once.

    Runs in a child process (`bench.child plan`), so it reads with the code under test.
    """
    ordered = stable_order(root)
    finite = [s for s in sizes if s is not None]
    counted = list(count_passages(ordered, root, max(finite), workers)) if finite else []
    plans, taken = [], set()
    for size in sizes:
        plan = _plan_one(root, ordered, counted, size)
        key = tuple(plan.paths)
        if key not in taken:
            taken.add(key)
            plans.append(plan)
    return plans


def _plan_one(
    root: Path, ordered: list[Path], counted: list[CountedFile], size: int | None
) -> SizePlan:
    reached = sum(c.passages for c in counted)
    if size is None or (reached < size and len(counted) == len(ordered)):
        return SizePlan("all", None, [root], len(ordered), reached if size else None)
    chosen, total = [], 0
    for c in counted:
        if total >= size:
            break
        if c.status == "indexed":
            chosen.append(c.path)
            total += c.passages
    return SizePlan(size_label(size), size, chosen, len(chosen), total)


def modify_one(path: Path) -> None:
    """Give a mirrored file new bytes: a changed copy replaces its symlink (or it grows again).

    The change is a trailing newline: the file's hash changes, so an update re-reads it and
    replaces its passages, while what the readers extract stays the same.
    """
    if path.is_symlink():
        original = path.resolve()
        path.unlink()
        shutil.copyfile(original, path)
    with open(path, "ab") as fh:
        fh.write(b"\n")


def restore(path: Path, original: Path) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to(original)
