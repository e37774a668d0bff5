"""Builds into a Whoosh index folder: the `IndexTarget` that `indexer.build` writes through.

An update starts from the served index, hard-linked into a new folder (Whoosh never rewrites a
segment file); a full build starts empty. Either is swapped in by `store.publish` only when
complete, so a killed build leaves the previous index serving.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.build import FINGERPRINT_FILE, MANIFEST_FILE, REPORT_FILE, Previous
from indexer.model import Document, Passage
from indexer.redirects import OldPassage, Redirects
from search.engines.fields import document_fields
from search.engines.whoosh import store
from search.engines.whoosh.schema import build_schema, whoosh_fields
from search.sentences import save_splitter

# A big first build writes on every core, one segment each (two search as fast as one).
_PARALLEL_WRITE_FROM = 20_000
# Files written by a build beside Whoosh's own, not carried into the next one.
_BUILD_FILES = {MANIFEST_FILE, REPORT_FILE, FINGERPRINT_FILE, store.COMPLETE_MARKER}
# What decides how passages become Whoosh documents: a change to any of them re-indexes all.
_HERE = Path(__file__).parent
_SCHEMA_CODE = (
    _HERE / "analysis.py",
    _HERE / "schema.py",
    _HERE / "writer.py",
    _HERE.parent / "fields.py",
)


def _schema_version() -> str:
    digest = hashlib.sha256()
    for path in _SCHEMA_CODE:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


class WhooshTarget:
    """Builds under `index_dir/builds/`, served through the `current` symlink."""

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = Path(index_dir)
        self.version = _schema_version()

    def previous(self) -> Previous | None:
        """The served build, once builds abandoned by killed runs are cleared away."""
        store.remove_abandoned_builds(self.index_dir)
        try:
            build = store.current_build(self.index_dir)
            manifest = json.loads((build / MANIFEST_FILE).read_text())
        except (store.NoIndex, FileNotFoundError, json.JSONDecodeError):
            return None
        stamp = build / FINGERPRINT_FILE
        return Previous(str(build), manifest, stamp.read_text() if stamp.exists() else None)

    def old_passages(self, doc_ids: set[str] | None) -> tuple[list[OldPassage], set[str]]:
        found: list[OldPassage] = []
        elsewhere: set[str] = set()
        try:
            ix = whoosh_index.open_dir(str(store.current_build(self.index_dir)))
        except (store.NoIndex, whoosh_index.EmptyIndexError, OSError):
            return found, elsewhere  # nothing served: no links to keep
        with ix.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                if doc_ids is not None and fields["doc_id"] not in doc_ids:
                    elsewhere.add(fields["id"])
                    continue
                # Former ids are stored as space-separated keywords.
                former = ((fields.get(n) or "").split() for n in ("former_ids", "former_doc_ids"))
                found.append(OldPassage.stored(fields, *former))
        ix.close()
        return found, elsewhere

    def open_build(self, incremental: bool, passages: int) -> WhooshBuild:
        served = store.current_build(self.index_dir) if incremental else None
        return WhooshBuild(self.index_dir, store.new_build_dir(self.index_dir), served, passages)


def _copy_index(source: Path, target: Path) -> None:
    for item in source.iterdir():
        if item.name not in _BUILD_FILES and not item.name.endswith("WRITELOCK"):
            os.link(item, target / item.name)


class WhooshBuild:
    """One build folder being written.

    Segments are written as separate files: a compound segment is read back by copying each part
    into memory (the postings of 200k passages: about 470 MB per server worker), separate files
    are read from disk and the page cache, shared by every worker.
    """

    def __init__(self, index_dir: Path, build: Path, served: Path | None, passages: int) -> None:
        self.index_dir, self.build, self.incremental = index_dir, build, served is not None
        self.location = str(build)
        if served is None:
            self._index = whoosh_index.create_in(str(build), build_schema())
            procs = (os.cpu_count() or 1) if passages >= _PARALLEL_WRITE_FROM else 1
            self._writer = self._index.writer(
                limitmb=256, procs=procs, multisegment=procs > 1, compound=False
            )
        else:
            _copy_index(served, build)
            self._index = whoosh_index.open_dir(str(build))
            self._writer = self._index.writer(limitmb=256, compound=False)

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self._writer.delete_by_term("doc_id", doc_id)

    def add_document(self, doc: Document, passages: list[Passage], moved: Redirects) -> None:
        for fields in document_fields(doc, passages, moved):
            self._writer.add_document(**whoosh_fields(fields))

    def commit(self, side_files: dict[str, str]) -> None:
        self._writer.commit()
        self._index.close()
        if not self.incremental:
            # Sentence boundaries for the quote finder, learned from this corpus. An update
            # keeps the splitter of the build it started from (hard-linked with the index).
            with whoosh_index.open_dir(str(self.build)).searcher() as searcher:
                save_splitter(searcher, self.build)
        for name, text in side_files.items():
            (self.build / name).write_text(text)
        store.publish(self.index_dir, self.build)

    def abandon(self) -> None:
        store.abandon(self.build)
