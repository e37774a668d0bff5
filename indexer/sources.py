"""Corpus files → documents: finding the files, what is known of each, reading and shaping one.

Every file gets a report: indexed (with its documents and passages), skipped (not a transcript)
or failed (with the reason). A bad file never raises.
"""

from __future__ import annotations

import fnmatch
import hashlib
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from indexer.decoding import UnreadableFile, decode
from indexer.model import Document, Passage
from indexer.readers import UnknownFormat, reader_for
from indexer.readers.base import MissingExtra, SourceMeta
from indexer.speakers import SpeakerRegistry
from indexer.transcript import shape

SOURCE_META_FILE = "source.toml"
# Files that describe a corpus rather than hold a transcript.
METADATA_FILES = frozenset(
    {SOURCE_META_FILE, "SOURCE.md", "MANIFEST.md", "README.md", "README.txt"}
)
PROFILES_DIR = Path(__file__).parent / "data" / "sources"
# Where and when `verbatim fetch` got a page, beside it (indexer/fetch/archive.py).
PROVENANCE_SUFFIX = ".fetch.json"


@dataclass
class FileReport:
    path: str
    status: str  # "indexed", "unchanged", "skipped" or "failed"
    reason: str = ""
    format: str = ""
    encoding: str = ""
    documents: int = 0
    passages: int = 0
    duplicates: int = 0  # documents whose text was already indexed from another file
    # What the file was read without: a missing manifest or speaker table its profile names.
    warnings: list[str] = field(default_factory=list)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    # Hidden files and folders below a root are not corpus (the older versions of fetched pages
    # are kept in `.versions/`), nor are the provenance records beside fetched pages: they change
    # at every check of the page, which must not make the index stale.
    return [
        (root, p)
        for root, p in found
        if not any(part.startswith(".") for part in p.relative_to(root).parts)
        and not p.name.endswith(PROVENANCE_SUFFIX)
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


class NotATranscript(Exception):
    """A source profile says this file is not read (a corpus's own metadata, say): the reason."""


def source_meta(path: Path, root: Path) -> SourceMeta:
    """What is known of a file beyond its text; `NotATranscript` if a profile skips it.

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
            if "skip" in profile:
                raise NotATranscript(profile["skip"])
            return _meta_from(profile, path)
    return _meta_from({}, path)


def read_file(
    path: Path, root: Path, registry: SpeakerRegistry, forced_format: str | None = None
) -> tuple[FileReport, list[tuple[Document, list[Passage]]]]:
    """One file's report and documents; never raises for a bad file."""
    label = str(path)
    if path.name in METADATA_FILES:
        return FileReport(label, "skipped", "corpus metadata, not a transcript"), []
    try:
        meta = source_meta(path, root)
    except NotATranscript as exc:
        return FileReport(label, "skipped", str(exc)), []
    try:
        text, encoding = decode(path.read_bytes())
        fmt, reader = reader_for(label, text, forced_format or meta.options.get("format"))
    except (UnreadableFile, UnknownFormat, OSError) as exc:
        return FileReport(label, "failed", str(exc)), []
    source = str(path.relative_to(root.parent)) if root.parent != root else label
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MissingExtra)
            shaped = [shape(doc, registry) for doc in reader.read(text, source, meta)]
    except Exception as exc:  # a reader's bug on odd input must not stop the whole build
        reason = f"the {fmt} reader could not read it: {type(exc).__name__}: {exc}"
        return FileReport(label, "failed", reason, fmt, encoding), []
    notes = list(dict.fromkeys(str(w.message) for w in caught if w.category is MissingExtra))
    shaped = [(doc, passages) for doc, passages in shaped if passages]
    if not shaped:
        failed = FileReport(label, "failed", "no recognisable text", fmt, encoding, warnings=notes)
        return failed, []
    passages = sum(len(p) for _, p in shaped)
    report = FileReport(label, "indexed", "", fmt, encoding, len(shaped), passages, warnings=notes)
    return report, shaped
