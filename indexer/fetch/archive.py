"""Fetched pages on disk, as fetched, each beside its provenance record; older versions kept.

    <out>/<source>/source.toml                     publisher and language, for the indexer
    <out>/<source>/<host>/<slug>.html              the newest version: the one indexed
    <out>/<source>/<host>/<slug>.html.fetch.json   where and when it came from (PROVENANCE)
    <out>/<source>/.versions/<host>/<slug>/<fetched at>.html (+ .fetch.json)   older versions

The indexer reads neither provenance records nor hidden folders, so only the newest version of
a page is indexed; the older ones stay reachable on disk. Every file is written to a temporary
name and renamed, so an interrupted fetch leaves whole files only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from indexer.fetch.config import Source
from indexer.fetch.http import Answer
from indexer.sources import PROVENANCE_SUFFIX

PROVENANCE = PROVENANCE_SUFFIX
VERSIONS = ".versions"
# What the indexer reads, by the type the server declared.
_EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/json": ".json",
    "text/csv": ".csv",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def extension(content_type: str, body: bytes) -> str | None:
    """The file extension for a page of this type, or None for what the indexer cannot read."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in _EXTENSIONS:
        return _EXTENSIONS[kind]
    if not kind and body.lstrip()[:1] == b"<":
        return ".html"
    return None


def slug(url: str) -> tuple[str, str]:
    """(host, file stem) for an address: readable, safe on any file system, one per address."""
    parts = urlsplit(url)
    stem = _UNSAFE.sub("-", parts.path.strip("/")).strip("-.")[:120] or "index"
    if parts.query:
        stem += "-" + hashlib.sha1(parts.query.encode()).hexdigest()[:10]
    return _UNSAFE.sub("-", parts.netloc.lower()) or "local", stem


@dataclass
class Saved:
    path: Path
    outcome: str  # "new", "changed", "unchanged"
    older: Path | None = None  # where the version it replaced now is


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, source: Source) -> Path:
        """The source's folder, with a source.toml telling the indexer who publishes it."""
        folder = self.root / source.name
        folder.mkdir(parents=True, exist_ok=True)
        meta = folder / "source.toml"
        if not meta.exists():
            lines = ["# Written by `verbatim fetch` from the sources file; edit freely."]
            if source.publisher:
                lines.append(f"publisher = {json.dumps(source.publisher, ensure_ascii=False)}")
            lines.append(f"language = {json.dumps(source.language)}")
            _write(meta, ("\n".join(lines) + "\n").encode())
        return folder

    def page_path(self, source: Source, url: str, suffix: str) -> Path:
        host, stem = slug(url)
        return self.root / source.name / host / f"{stem}{suffix}"

    def record(self, source: Source, url: str) -> tuple[Path, dict] | None:
        """The newest saved version of `url` and its provenance, if it was fetched before."""
        host, stem = slug(url)
        folder = self.root / source.name / host
        for record in sorted(folder.glob(f"{glob_escape(stem)}.*{PROVENANCE}")):
            page = record.with_name(record.name[: -len(PROVENANCE)])
            try:
                data = json.loads(record.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # unreadable: the page is fetched again, unconditionally
            if data.get("url") == url:
                return page, data
        return None

    def checked(self, page: Path, record: dict) -> None:
        """The publisher still serves the saved version: only the check time changes."""
        record["checked_at"] = now()
        _write(_provenance(page), _json(record))

    def save(self, source: Source, answer: Answer, suffix: str) -> Saved:
        """The page as fetched and its provenance; a different earlier version moves aside."""
        self.folder(source)
        digest = hashlib.sha256(answer.body).hexdigest()
        previous = self.record(source, answer.url)
        page = previous[0] if previous else self.page_path(source, answer.url, suffix)
        old = previous[1] if previous else None
        if old is None and page.exists():
            # A page without its record (a fetch stopped between the two writes).
            old = {
                "sha256": hashlib.sha256(page.read_bytes()).hexdigest(),
                "versions": [],
                "fetched_at": "unknown",
            }
        versions = list(old.get("versions", [])) if old else []
        outcome, older = "new", None
        if old is not None and old.get("sha256") == digest:
            outcome = "unchanged"
        elif old is not None:
            outcome = "changed"
            older = self._set_aside(source, page, old)
            versions.insert(
                0,
                {
                    "path": str(older.relative_to(self.root)),
                    "fetched_at": old.get("fetched_at"),
                    "sha256": old.get("sha256"),
                },
            )
            if page.suffix != suffix:  # the publisher changed the page's type
                page = page.with_suffix(suffix)
        stamp = now()
        record = {
            "url": answer.url,
            "final_url": answer.final_url or answer.url,
            "fetched_at": stamp if outcome != "unchanged" else old.get("fetched_at", stamp),
            "checked_at": stamp,
            "status": answer.status,
            "content_type": answer.headers.get("content-type", ""),
            "etag": answer.headers.get("etag"),
            "last_modified": answer.headers.get("last-modified"),
            "bytes": len(answer.body),
            "sha256": digest,
            "source": source.name,
            "versions": versions,
        }
        if outcome != "unchanged":
            _write(page, answer.body)
        _write(_provenance(page), _json(record))
        return Saved(page, outcome, older)

    def _set_aside(self, source: Source, page: Path, record: dict) -> Path:
        """The saved version moves to .versions/, named by when it was fetched."""
        host = page.parent.name
        when = _UNSAFE.sub("-", str(record.get("fetched_at") or "unknown"))
        folder = self.root / source.name / VERSIONS / host / page.stem
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{when}{page.suffix}"
        n = 1
        while target.exists():  # never overwrite an older version
            n += 1
            target = folder / f"{when}-{n}{page.suffix}"
        shutil.copy2(page, target)
        if _provenance(page).exists():
            shutil.copy2(_provenance(page), _provenance(target))
        return target


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _provenance(page: Path) -> Path:
    return page.with_name(page.name + PROVENANCE)


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_bytes(data)
    os.replace(temporary, path)
