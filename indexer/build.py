"""Corpus → passages → an engine's index: parse what changed, on every core, and hand it over.

A build re-parses only the files whose bytes changed; a full build starts empty. A manifest kept
with the index (`files.json`) records each file's hash, report and documents, so the next run
knows what changed and which passages to replace. Where and how the passages are written is the
engine's business: `build_index` talks to an `IndexTarget` (the Whoosh folder, an OpenSearch
alias), which starts from the served index for an update and swaps the new one in when complete.

Two rules reach beyond a changed file: documents with the same text are indexed once (the first
source in path order keeps it and the others are noted on it), and documents whose readable ids
collide all get a suffix. Files whose
documents share a text or an id with a changed file are re-parsed with it, so an update gives the
ids a full rebuild would.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Protocol

from indexer.model import Document, Passage, stable_ids
from indexer.redirects import OldPassage, Redirects, redirects
from indexer.sources import FileReport, collect_files, file_digest, read_file
from indexer.speakers import default_registry

MANIFEST_FILE = "files.json"
REPORT_FILE = "report.json"
FINGERPRINT_FILE = "fingerprint"
_CODE_DIR = Path(__file__).parent
# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 8

Shaped = list[tuple[Document, list[Passage]]]

# An update may drop at most this many documents of the served index, and this share of it,
# unless asked to (`prune`): a forgotten or mistyped corpus path, or a corpus folder that lost
# most of its files, would otherwise empty the index without a word.
PRUNE_FREE_COUNT = 50
PRUNE_FREE_SHARE = 0.05


class PruneNeeded(Exception):
    """The build would drop more of the served index than an update may without `prune`."""

    def __init__(self, removed: list[dict], indexed: int) -> None:
        self.removed, self.indexed = removed, indexed
        super().__init__(
            f"this update would remove {len(removed)} of the {indexed} documents in the index "
            f"(more than {PRUNE_FREE_COUNT} or {PRUNE_FREE_SHARE:.0%}): their files are gone from "
            "the corpus paths given, or can no longer be read. Check the paths (is $CORPUS "
            "set?); to remove them, run again with --prune. The index is untouched."
        )


@dataclass(frozen=True)
class Previous:
    """The served index as its last build left it."""

    location: str
    manifest: dict
    fingerprint: str | None


class BuildSink(Protocol):
    """One build being written: nothing of it is served until `commit` returns."""

    location: str

    def delete_documents(self, doc_ids: Iterable[str]) -> None: ...

    def add_document(self, doc: Document, passages: list[Passage], moved: Redirects) -> None:
        """Index a document's passages with their neighbours and former ids (`moved`)."""

    def commit(self, side_files: dict[str, str]) -> None:
        """Write everything, store `side_files` (name → text) with the index, and serve it."""

    def abandon(self) -> None: ...


class IndexTarget(Protocol):
    """Where builds go: one engine's index. Implemented under `search/engines/`."""

    # Changes when the engine's schema or analysis changes: then every file is indexed again.
    version: str

    def previous(self) -> Previous | None: ...

    def old_passages(self, doc_ids: set[str] | None) -> tuple[list[OldPassage], set[str]]:
        """The served index's passages of `doc_ids` (None: all), for the redirect table, and
        the ids of the passages it serves outside them."""

    def open_build(self, incremental: bool, passages: int) -> BuildSink:
        """A new build: a copy of the served index when `incremental`, else an empty one."""


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)
    documents: int = 0
    passages_by_kind: Counter = field(default_factory=Counter)
    passages_by_format: Counter = field(default_factory=Counter)
    index_path: str = ""
    fingerprint: str = ""
    up_to_date: bool = False
    incremental: bool = False
    parsed_files: int = 0
    # Documents of the served index this build dropped: {"id", "source", "file"} each.
    removed: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def passages(self) -> int:
        return sum(self.passages_by_kind.values())

    def to_json(self) -> dict:
        # asdict() would rebuild a Counter from its items, counting pairs: convert by hand.
        data = {k: v for k, v in vars(self).items() if not isinstance(v, Counter | list)}
        data["files"] = [asdict(f) for f in self.files]
        data["removed"] = self.removed
        data["passages_by_kind"] = dict(self.passages_by_kind)
        data["passages_by_format"] = dict(self.passages_by_format)
        data["passages"] = self.passages
        return data


def process_alive(pid: int) -> bool:
    """Whether a process of this machine runs under `pid` (a build's writer: one that is gone
    left its unfinished build to be cleared away)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's, but alive
    return True


def code_version(engine_version: str = "") -> str:
    """Changes with the parsing code, its data and the engine's schema: then every file must be
    parsed again."""
    digest = hashlib.sha256(engine_version.encode())
    code = sorted(_CODE_DIR.rglob("*.py")) + sorted((_CODE_DIR / "data").rglob("*.toml"))
    for path in code:
        digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    extra = os.environ.get("VERBATIM_SPEAKERS")
    if extra and Path(extra).is_file():
        digest.update(Path(extra).read_bytes())
    return digest.hexdigest()


def fingerprint(
    digests: dict[str, str], forced_format: str | None, engine_version: str = ""
) -> str:
    """Changes when any input file, the parsing code, the speaker data or the schema changes."""
    code = code_version(engine_version)
    digest = hashlib.sha256(f"{code}\nformat={forced_format}\n".encode())
    for path in sorted(digests):
        digest.update(f"{path}\0{digests[path]}\n".encode())
    return digest.hexdigest()


def text_key(passages: list[Passage]) -> str:
    """The same for two documents that publish the same words, whatever their file or format."""
    digest = hashlib.sha1()
    for p in passages:
        digest.update(" ".join(f"{p.question or ''} {p.text}".split()).encode() + b"\0")
    return digest.hexdigest()


def _parse_one(job: tuple[Path, Path, str | None]) -> tuple[FileReport, Shaped]:
    path, root, forced_format = job
    return read_file(path, root, default_registry(), forced_format)


def parse_files(
    jobs: list[tuple[Path, Path]],
    forced_format: str | None,
    workers: int,
    on_file: Callable[[FileReport, int], None],
) -> dict[str, tuple[FileReport, Shaped]]:
    """Each file's report and documents, keyed by resolved path, parsed on `workers` cores."""
    args = [(path, root, forced_format) for root, path in jobs]
    results: dict[str, tuple[FileReport, Shaped]] = {}
    if workers > 1 and len(jobs) >= _PARALLEL_FROM:
        with ProcessPoolExecutor(workers) as pool:
            outcomes = pool.map(_parse_one, args, chunksize=4)
            for (path, _, _), outcome in zip(args, outcomes, strict=True):
                results[str(path.resolve())] = outcome
                on_file(outcome[0], len(results))
    else:
        for path, root, fmt in args:
            results[str(path.resolve())] = _parse_one((path, root, fmt))
            on_file(results[str(path.resolve())][0], len(results))
    return results


def _with_doc_id(doc: Document, passages: list[Passage], doc_id: str) -> tuple[Document, list]:
    return replace(doc, id=doc_id), stable_ids(doc_id, passages)


def _collision_suffix(doc: Document) -> str:
    return hashlib.sha1(f"{doc.source}\0{doc.title}".encode()).hexdigest()[:6]


@dataclass
class _Entry:
    """One parsed document on its way into the index."""

    file: str
    doc: Document
    passages: list[Passage]
    key: str
    kept: bool = True

    def manifest(self) -> dict:
        return {
            "id": self.doc.id,
            "base_id": self.base_id,
            "text_key": self.key,
            "kept": self.kept,
            "source": self.doc.source,
        }

    @property
    def base_id(self) -> str:
        return self.passages[0].doc_id if self.passages else self.doc.id


def build_index(
    paths: list[Path],
    target: IndexTarget,
    forced_format: str | None = None,
    full: bool = False,
    workers: int | None = None,
    log: Callable[[str], None] = print,
    progress: Callable[[int, int, int], None] | None = None,
    prune: bool = False,
) -> BuildReport:
    """Index `paths` into `target`; only what changed since the served index, unless `full`.

    When nothing changed (files, parsing code, forced format), the served index stays as it is.
    Raises PruneNeeded, leaving the index as it was, when the build would drop more documents of
    the served index than PRUNE_FREE_COUNT and PRUNE_FREE_SHARE allow, unless `prune`.
    """
    started = time.monotonic()
    jobs = collect_files(paths)
    digests = {str(path.resolve()): file_digest(path) for _, path in jobs}
    report = BuildReport(fingerprint=fingerprint(digests, forced_format, target.version))
    previous = target.previous()
    if previous and not full and previous.fingerprint == report.fingerprint:
        report.up_to_date, report.index_path = True, previous.location
        return report

    reusable = (
        previous is not None
        and not full
        and previous.manifest.get("code") == code_version(target.version)
        and previous.manifest.get("format") == forced_format
    )
    old = previous.manifest["files"] if reusable else {}
    report.incremental = reusable
    by_key = {str(path.resolve()): (root, path) for root, path in jobs}
    changed = {k for k in by_key if old.get(k, {}).get("sha256") != digests[k]}
    removed = set(old) - set(by_key)
    # What the served index holds, whatever this build reuses of it (a full or a first build
    # after a code change would drop the missing files' documents just the same).
    # Checked after parsing: a new file may hold the text of a gone one (a moved file).
    served = previous.manifest.get("files", {}) if previous else {}

    passages_seen = 0

    def on_file(file_report: FileReport, done: int) -> None:
        nonlocal passages_seen
        passages_seen += file_report.passages
        log(_file_line(file_report))
        if progress:
            progress(done, passages_seen, len(to_parse))

    to_parse = changed
    parsed = parse_files(
        [by_key[k] for k in sorted(changed)], forced_format, workers or os.cpu_count() or 1, on_file
    )
    entries = {k: _entries(k, docs) for k, (_, docs) in parsed.items()}

    # Unchanged files whose documents share a text or an id with a changed one are parsed again.
    touched = changed | removed
    keys = {d["text_key"] for k in touched for d in old.get(k, {}).get("docs", [])}
    ids = {d["base_id"] for k in touched for d in old.get(k, {}).get("docs", [])}
    for file_entries in entries.values():
        keys.update(e.key for e in file_entries)
        ids.update(e.base_id for e in file_entries)
    related = {
        k
        for k in set(by_key) - touched
        if any(d["text_key"] in keys or d["base_id"] in ids for d in old[k]["docs"])
    }
    if related:
        to_parse = related
        more = parse_files(
            [by_key[k] for k in sorted(related)],
            forced_format,
            workers or os.cpu_count() or 1,
            on_file,
        )
        parsed.update(more)
        entries.update({k: _entries(k, docs) for k, (_, docs) in more.items()})
    untouched = {k: old[k] for k in by_key if k not in parsed}

    _settle_duplicates_and_ids(entries, untouched)
    report.removed = _removed_documents(served, by_key, parsed, entries, untouched)
    indexed = sum(d["kept"] for f in served.values() for d in f.get("docs", []))
    if not prune and (
        len(report.removed) > PRUNE_FREE_COUNT or len(report.removed) > PRUNE_FREE_SHARE * indexed
    ):
        raise PruneNeeded(report.removed, indexed)
    kept = [e for es in entries.values() for e in es if e.kept]
    moved = _redirects(target if previous else None, kept, old, removed | set(parsed), reusable)
    writing = sum(len(e.passages) for e in kept)
    log(f"writing  {writing} passages of {len(kept)} documents into the index")
    sink = target.open_build(reusable, writing)
    try:
        if reusable:
            sink.delete_documents(
                d["id"]
                for k in removed | set(parsed)
                for d in old.get(k, {}).get("docs", [])
                if d["kept"]
            )
        for e in kept:
            sink.add_document(e.doc, e.passages, moved)
        manifest = {
            "code": code_version(target.version),
            "format": forced_format,
            "files": untouched,
        }
        for k, (file_report, _) in parsed.items():
            file_report.duplicates = sum(not e.kept for e in entries[k])
            manifest["files"][k] = {
                "sha256": digests[k],
                "report": asdict(file_report),
                "kinds": _kinds(entries[k]),
                "docs": [e.manifest() for e in entries[k]],
            }
        _fill_report(report, manifest, parsed, by_key)
        report.index_path = sink.location
        report.parsed_files = len(parsed)
        report.seconds = round(time.monotonic() - started, 2)
        sink.commit(
            {
                MANIFEST_FILE: json.dumps(manifest),
                FINGERPRINT_FILE: report.fingerprint,
                REPORT_FILE: json.dumps(report.to_json(), indent=2),
            }
        )
    except BaseException:
        sink.abandon()
        raise
    return report


def _removed_documents(
    served: dict, by_key: dict, parsed: dict, entries: dict[str, list[_Entry]], untouched: dict
) -> list[dict]:
    """Documents of the served index that this build leaves out: their file is gone or gives no
    document now, and no other file holds their text."""
    gone = [k for k in served if k not in by_key or (k in parsed and not entries.get(k))]
    still = {e.key for es in entries.values() for e in es}
    still.update(d["text_key"] for f in untouched.values() for d in f["docs"])
    return [
        {"id": d["id"], "source": d["source"], "file": k}
        for k in sorted(gone)
        for d in served[k].get("docs", [])
        if d["kept"] and d["text_key"] not in still
    ]


def _entries(file_key: str, docs: Shaped) -> list[_Entry]:
    return [_Entry(file_key, doc, passages, text_key(passages)) for doc, passages in docs]


def _kinds(entries: list[_Entry]) -> dict[str, int]:
    return dict(Counter(p.kind for e in entries if e.kept for p in e.passages))


def _settle_duplicates_and_ids(entries: dict[str, list[_Entry]], untouched: dict) -> None:
    """Mark repeated texts as duplicates of the first source, then make ids unique."""
    groups: dict[str, list] = {}
    for file_entries in entries.values():
        for e in file_entries:
            groups.setdefault(e.key, []).append(e)
    untouched_docs = [d for f in untouched.values() for d in f["docs"]]
    for d in untouched_docs:
        if d["text_key"] in groups:
            groups[d["text_key"]].append(d)
    for members in groups.values():
        first = min(members, key=lambda m: m.doc.source if isinstance(m, _Entry) else m["source"])
        for m in members:
            if isinstance(m, _Entry):
                m.kept = m is first
        if isinstance(first, _Entry):
            others = sorted(
                m.doc.source if isinstance(m, _Entry) else m["source"]
                for m in members
                if m is not first
            )
            first.doc = replace(first.doc, also_sources=tuple(others))

    counts = Counter(d["base_id"] for d in untouched_docs if d["kept"])
    counts.update(e.base_id for es in entries.values() for e in es if e.kept)
    for file_entries in entries.values():
        for e in file_entries:
            if e.kept and counts[e.base_id] > 1:
                doc_id = f"{e.base_id}-{_collision_suffix(e.doc)}"
                e.doc, e.passages = _with_doc_id(e.doc, e.passages, doc_id)


def _redirects(
    target: IndexTarget | None, kept: list[_Entry], old: dict, touched: set[str], reusable: bool
) -> Redirects:
    """Former ids for this build's passages: the served index's that moved, positional ids."""
    doc_ids = None
    if reusable:
        doc_ids = {d["id"] for k in touched for d in old.get(k, {}).get("docs", []) if d["kept"]}
    old_passages, elsewhere = target.old_passages(doc_ids) if target else ([], set())
    return redirects(old_passages, [(e.doc, e.passages) for e in kept], frozenset(elsewhere))


def _fill_report(report: BuildReport, manifest: dict, parsed: dict, by_key: dict) -> None:
    for k in sorted(by_key, key=lambda k: str(by_key[k][1])):
        entry = manifest["files"][k]
        file_report = parsed[k][0] if k in parsed else FileReport(**entry["report"])
        if k not in parsed:
            file_report.status = (
                "unchanged" if file_report.status == "indexed" else file_report.status
            )
        report.files.append(file_report)
        kinds = Counter(entry.get("kinds", {}))
        report.passages_by_kind.update(kinds)
        if file_report.format:
            report.passages_by_format[file_report.format] += sum(kinds.values())
        report.documents += sum(d["kept"] for d in entry.get("docs", []))


def _file_line(f: FileReport) -> str:
    if f.status == "indexed":
        dupes = f", {f.duplicates} already indexed from another file" if f.duplicates else ""
        return (
            f"indexed  {f.path}  [{f.format}] {f.documents} documents, {f.passages} passages{dupes}"
        )
    return f"{f.status:<8} {f.path}  {f.reason}"


def removed_lines(removed: list[dict], done: bool = True, shown: int = 20) -> list[str]:
    """The documents an update removed (or, not `done`, would remove), the first `shown`."""
    if not removed:
        return []
    heading = "removed from the index (all in report.json)" if done else "would be removed"
    lines = [f"{len(removed)} documents {heading}:"]
    lines += [f"  removed: {d['id']} ({d['source']})" for d in removed[:shown]]
    if len(removed) > shown:
        lines.append(f"  ... and {len(removed) - shown} more")
    return lines


def summary_lines(report: BuildReport) -> list[str]:
    if report.up_to_date:
        return [f"index is up to date: {report.index_path}"]
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.passages_by_kind.items()))
    formats = ", ".join(f"{n} {k}" for k, n in sorted(report.passages_by_format.items()))
    statuses = Counter(f.status for f in report.files)
    lines = [
        f"{report.documents} documents, {report.passages} passages ({kinds or 'none'})",
        f"by format: {formats}" if formats else "by format: none",
        ", ".join(
            f"{statuses[s]} files {s}"
            for s in ("indexed", "unchanged", "skipped", "failed")
            if statuses[s] or s in ("indexed", "failed")
        ),
        f"{'updated' if report.incremental else 'built'} in {report.seconds} s, "
        f"{report.parsed_files} files parsed",
    ]
    lines += [
        f"  {f.status}: {f.path}: {f.reason}"
        for f in report.files
        if f.status in ("skipped", "failed")
    ]
    notes = Counter(w for f in report.files for w in f.warnings)
    lines += [f"  warning: {note} ({n} files)" for note, n in notes.most_common(5)]
    if len(notes) > 5:
        lines.append(f"  ... and {len(notes) - 5} more warnings, in report.json")
    lines += removed_lines(report.removed)
    lines.append(f"index: {report.index_path}")
    return lines
