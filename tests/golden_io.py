"""Golden files: parser output as JSON, compared whole, rewritten with UPDATE_GOLDEN=1."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from indexer.build import read_file
from indexer.speakers import default_registry

GOLDEN_DIR = Path(__file__).parent / "golden"
PROJECT = Path(__file__).parent.parent


def parsed_as_json(path: Path, root: Path) -> dict:
    report, shaped = read_file(path, root, default_registry())
    data = {
        "status": report.status,
        "documents": [
            {
                **{k: v for k, v in asdict(doc).items() if k != "date"},
                "date": doc.date.isoformat() if doc.date else None,
                "passages": [asdict(p) for p in passages],
            }
            for doc, passages in shaped
        ],
    }
    return json.loads(json.dumps(data))  # as the golden file holds it: lists, not tuples


def assert_matches_golden(actual: dict, name: str) -> None:
    path = GOLDEN_DIR / name
    rendered = json.dumps(actual, ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected, (
        f"{name} differs from the parser's output; review, then UPDATE_GOLDEN=1"
    )
