"""SQLite FTS5 over the same passages as the index: the baseline the quote finder must beat.

The table holds each passage's id and text, read from the index's stored fields, tokenised by
`porter unicode61` (stemmed, accents folded). Two ways to look a quote up:
- phrase: the quote's words as one phrase ("a b c"); the parts of a quote cut with an ellipsis
  as phrases that must all occur;
- words: any of the quote's words (OR), ranked by bm25, common function words left out (with
  them every passage matches and the query takes seconds; without them it ranks no worse).
A database is built once per index build and kept beside the evaluation's other scratch files.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from whoosh.searching import Searcher

TOKENIZER = "porter unicode61 remove_diacritics 2"
_TOKEN = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have he i in is it its of on or that the their they "
    "this to was we were which will with you".split()
)
_ELLIPSIS = re.compile(r"\s*(?:\.\s*){3,}\s*|\s*…\s*")


def build(db_path: Path, searcher: Searcher) -> Path:
    """Write every passage of the index into a new FTS5 table at `db_path` (replacing it)."""
    partial = db_path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(partial) as db:
        db.execute(
            f"CREATE VIRTUAL TABLE passages USING fts5(pid UNINDEXED, text, tokenize='{TOKENIZER}')"
        )
        rows = ((f["id"], f.get("text", "")) for f in searcher.all_stored_fields())
        db.executemany("INSERT INTO passages (pid, text) VALUES (?, ?)", rows)
        db.execute("INSERT INTO passages (passages) VALUES ('optimize')")
    partial.replace(db_path)
    return db_path


def open_or_build(db_path: Path, searcher: Searcher) -> sqlite3.Connection:
    if not db_path.exists():
        build(db_path, searcher)
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _quoted(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def phrase_query(text: str) -> str | None:
    phrases = [_quoted(words) for part in _ELLIPSIS.split(text) if (words := _tokens(part))]
    return " AND ".join(phrases) or None


def words_query(text: str) -> str | None:
    words = _tokens(text)
    unique = list(dict.fromkeys(w for w in words if w not in _STOPWORDS)) or words
    return " OR ".join(_quoted([w]) for w in unique) or None


def lookup(db: sqlite3.Connection, match: str | None, limit: int = 10) -> list[tuple[str, str]]:
    """(passage id, text) of the best `limit` passages for an FTS5 MATCH expression."""
    if not match:
        return []
    rows = db.execute(
        "SELECT pid, text FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT ?",
        (match, limit),
    )
    return rows.fetchall()
