"""Golden files: parser output as JSON, compared whole, rewritten with UPDATE_GOLDEN=1."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

from indexer.dates import iso_partial
from indexer.decoding import decode
from indexer.model import Document, Passage
from indexer.sources import read_file, source_meta
from indexer.speakers import default_registry
from indexer.transcript import shape

GOLDEN_DIR = Path(__file__).parent / "golden"
PROJECT = Path(__file__).parent.parent
# Trimmed copies of the real files the golden tests pin, laid out as in the shared corpora.
FIXTURE_CORPORA = Path(__file__).parent / "fixtures" / "corpora"
# The full corpora: tests over them are marked `corpora` and skipped when they are absent.
SHARED_CORPORA = PROJECT.parent / "shared" / "corpora"


def as_json(shaped: list[tuple[Document, list[Passage]]]) -> list[dict]:
    documents = [
        {
            **{k: v for k, v in asdict(doc).items() if k != "date"},
            "date": iso_partial(doc.date, doc.date_precision),
            "passages": [asdict(p) for p in passages],
        }
        for doc, passages in shaped
    ]
    return json.loads(json.dumps(documents))  # as the golden file holds it: lists, not tuples


def parsed_as_json(path: Path, root: Path) -> dict:
    """A file through the whole pipeline, format detected, as the index build reads it."""
    report, shaped = read_file(path, root, default_registry())
    return {"status": report.status, "documents": as_json(shaped)}


def shape_file(path: Path, root: Path, reader: ModuleType) -> list[tuple[Document, list[Passage]]]:
    """A file read by one given reader and shaped, without format detection."""
    text, _ = decode(path.read_bytes())
    meta = source_meta(path, root)
    source = str(path.relative_to(root.parent))
    return [shape(doc, default_registry()) for doc in reader.read(text, source, meta)]


def assert_matches_golden(actual: dict | list, name: str) -> None:
    path = GOLDEN_DIR / name
    rendered = json.dumps(actual, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected, f"{name} differs from the output; review it, then UPDATE_GOLDEN=1"
