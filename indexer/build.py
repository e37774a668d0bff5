"""Corpus → index: read every file, shape its passages, write them, swap the index in.

Every file gets a line in the report: indexed (with its documents and passages), skipped (not a
transcript) or failed (with the reason). One bad file never stops the build.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from functools import cache
from pathlib import Path

from whoosh import index as whoosh_index

from indexer import store
from indexer.decoding import UnreadableFile, decode
from indexer.model import Document, Passage, passage_id, slugify
from indexer.readers import UnknownFormat, reader_for
from indexer.readers.base import SourceMeta
from indexer.schema import build_schema
from indexer.speakers import SpeakerRegistry, default_registry
from indexer.transcript import shape

SOURCE_META_FILE = "source.toml"
# Files that describe a corpus rather than hold a transcript.
METADATA_FILES = frozenset(
    {SOURCE_META_FILE, "SOURCE.md", "MANIFEST.md", "README.md", "README.txt"}
)
_CODE_DIR = Path(__file__).parent
PROFILES_DIR = _CODE_DIR / "data" / "sources"


@dataclass
class FileReport:
    path: str
    status: str  # "indexed", "skipped" or "failed"
    reason: str = ""
    format: str = ""
    encoding: str = ""
    documents: int = 0
    passages: int = 0


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)
    documents: int = 0
    passages_by_kind: Counter = field(default_factory=Counter)
    index_path: str = ""
    fingerprint: str = ""
    up_to_date: bool = False

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    def to_json(self) -> dict:
        data = asdict(self)
        data["passages_by_kind"] = dict(self.passages_by_kind)
        data["passages"] = sum(self.passages_by_kind.values())
        return data


def collect_files(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """Every file under `paths`, with the root it was found under, in a stable order."""
    found = []
    for root in paths:
        if root.is_file():
            found.append((root.parent, root))
        elif root.is_dir():
            found.extend((root, p) for p in sorted(root.rglob("*")) if p.is_file())
        else:
            raise FileNotFoundError(f"{root}: no such file or folder")
    return [
        (root, p) for root, p in found if not any(part.startswith(".") for part in p.parts[-1:])
    ]


@cache
def source_profiles() -> list[dict]:
    profiles = []
    for path in sorted(PROFILES_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            profiles.extend(tomllib.load(fh).get("source", []))
    return profiles


def _meta_from(data: dict, path: Path) -> SourceMeta:
    return SourceMeta(
        publisher=data.get("publisher"),
        url=data.get("url"),
        language=data.get("language", "en"),
        options=dict(data.get("options", {})),
        path=path,
    )


def source_meta(path: Path, root: Path) -> SourceMeta | str:
    """What is known of a file beyond its text, or the reason it is not a transcript.

    The nearest `source.toml` at or above the file's folder (up to the corpus root) wins; then
    the first source profile whose pattern fits the file's path.
    """
    folder = path.parent
    while True:
        candidate = folder / SOURCE_META_FILE
        if candidate.is_file():
            with open(candidate, "rb") as fh:
                return _meta_from(tomllib.load(fh), path)
        if folder == root or folder.parent == folder:
            break
        folder = folder.parent
    absolute = path.resolve().as_posix()
    for profile in source_profiles():
        if fnmatch.fnmatch(absolute, profile["match"]):
            return profile["skip"] if "skip" in profile else _meta_from(profile, path)
    return _meta_from({}, path)


def read_file(
    path: Path, root: Path, registry: SpeakerRegistry, forced_format: str | None = None
) -> tuple[FileReport, list[tuple[Document, list[Passage]]]]:
    """One file's report and documents; never raises for a bad file."""
    label = str(path)
    if path.name in METADATA_FILES:
        return FileReport(label, "skipped", "corpus metadata, not a transcript"), []
    meta = source_meta(path, root)
    if isinstance(meta, str):
        return FileReport(label, "skipped", meta), []
    try:
        text, encoding = decode(path.read_bytes())
        fmt, reader = reader_for(label, text, forced_format)
    except (UnreadableFile, UnknownFormat, OSError) as exc:
        return FileReport(label, "failed", str(exc)), []
    source = str(path.relative_to(root.parent)) if root.parent != root else label
    shaped = [shape(doc, registry) for doc in reader.read(text, source, meta)]
    shaped = [(doc, passages) for doc, passages in shaped if passages]
    if not shaped:
        return FileReport(label, "failed", "no recognisable text", fmt, encoding), []
    passages = sum(len(p) for _, p in shaped)
    return FileReport(label, "indexed", "", fmt, encoding, len(shaped), passages), shaped


def _with_doc_id(document: Document, passages: list[Passage], doc_id: str):
    return replace(document, id=doc_id), [
        replace(p, id=passage_id(doc_id, p.position), doc_id=doc_id) for p in passages
    ]


def unique_ids(shaped: list[tuple[Document, list[Passage]]]):
    """Documents whose readable ids collide get a suffix from their own source and title.

    The suffix depends only on the document itself, so adding a document leaves the ids of
    documents that did not collide unchanged.
    """
    counts = Counter(doc.id for doc, _ in shaped)
    result = []
    for doc, passages in shaped:
        if counts[doc.id] > 1:
            digest = hashlib.sha1(f"{doc.source}\0{doc.title}".encode()).hexdigest()[:6]
            doc, passages = _with_doc_id(doc, passages, f"{doc.id}-{digest}")
        result.append((doc, passages))
    return result


def fingerprint(files: list[tuple[Path, Path]], forced_format: str | None) -> str:
    """Changes when any input file, the parsing code or the speaker data changes."""
    digest = hashlib.sha256(f"format={forced_format}\n".encode())
    code = sorted(_CODE_DIR.rglob("*.py")) + sorted((_CODE_DIR / "data").rglob("*.toml"))
    for path in code:
        digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    for _, path in files:
        digest.update(str(path).encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _whoosh_fields(doc: Document, passage: Passage) -> dict:
    fields = {
        "id": passage.id,
        "doc_id": doc.id,
        "position": passage.position,
        "kind": passage.kind,
        "speaker": slugify(passage.speaker),
        "speaker_name": passage.speaker,
        "language": doc.language,
        "text": passage.text,
        "title": doc.title,
        "doc_kind": doc.kind,
        "doc_speakers": list(doc.speakers),
        "source": doc.source,
        "publisher": doc.publisher,
        "url": doc.url,
    }
    if passage.question:
        fields["question"] = passage.question
    if passage.asker:
        fields["asker"] = slugify(passage.asker)
        fields["asker_name"] = passage.asker
    if doc.date:
        fields["date"] = datetime(doc.date.year, doc.date.month, doc.date.day)
        fields["year"] = doc.date.year
    return fields


def build_index(
    paths: list[Path],
    index_dir: Path,
    forced_format: str | None = None,
    only_if_stale: bool = False,
    log: Callable[[str], None] = print,
) -> BuildReport:
    registry = default_registry()
    files = collect_files(paths)
    report = BuildReport(fingerprint=fingerprint(files, forced_format))
    if only_if_stale:
        try:
            current = store.current_build(index_dir)
            if (current / "fingerprint").read_text() == report.fingerprint:
                report.up_to_date = True
                report.index_path = str(current)
                return report
        except (store.NoIndex, FileNotFoundError):
            pass

    shaped: list[tuple[Document, list[Passage]]] = []
    for root, path in files:
        file_report, documents = read_file(path, root, registry, forced_format)
        report.files.append(file_report)
        shaped.extend(documents)
        log(_file_line(file_report))

    build = store.new_build_dir(index_dir)
    try:
        ix = whoosh_index.create_in(str(build), build_schema())
        writer = ix.writer(limitmb=256)
        for doc, passages in unique_ids(shaped):
            report.documents += 1
            for passage in passages:
                writer.add_document(doc_passages=len(passages), **_whoosh_fields(doc, passage))
                report.passages_by_kind[passage.kind] += 1
        writer.commit()
        ix.close()
        (build / "fingerprint").write_text(report.fingerprint)
        report.index_path = str(build)
        (build / "report.json").write_text(json.dumps(report.to_json(), indent=2))
    except BaseException:
        store.abandon(build)
        raise
    store.publish(index_dir, build)
    return report


def _file_line(f: FileReport) -> str:
    if f.status == "indexed":
        return f"indexed  {f.path}  [{f.format}] {f.documents} documents, {f.passages} passages"
    return f"{f.status:<8} {f.path}  {f.reason}"


def summary_lines(report: BuildReport) -> list[str]:
    if report.up_to_date:
        return [f"index is up to date: {report.index_path}"]
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.passages_by_kind.items()))
    lines = [
        f"{report.documents} documents, {sum(report.passages_by_kind.values())} passages"
        + (f" ({kinds})" if kinds else ""),
        f"{sum(f.status == 'indexed' for f in report.files)} files indexed, "
        f"{sum(f.status == 'skipped' for f in report.files)} skipped, {len(report.failed)} failed",
    ]
    lines += [f"  {f.status}: {f.path}: {f.reason}" for f in report.files if f.status != "indexed"]
    lines.append(f"index: {report.index_path}")
    return lines
