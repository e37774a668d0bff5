"""A corpus file's text as its source holds it, read without Verbatim's readers.

The yardstick for "how much of a file reaches a passage" must not share the readers' mistakes,
so it is deliberately plain: HTML loses its markup (and only the elements that are never text:
scripts, styles, and the pull-quotes that repeat the body), Markdown its front matter, a JSON
file keeps the strings under its text keys, a CSV the cells of its text columns. Where a page
marks its body (the Kremlin's `articleBody`, the CMFA's `content` block), only that is read;
what chrome is left in counts against the reader, which is the point.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from indexer.decoding import decode

# Columns of a table that hold what was said, by the tables' own headers.
TEXT_COLUMNS = re.compile(r"^(question|answer|text|article_full_text_\d+)$")
# Keys of a JSON turn list that hold what was said.
JSON_TEXT_KEYS = frozenset({"text", "p"})
_WORD = re.compile(r"[^\W_]+")
_FRONT_MATTER = re.compile(r"\A\ufeff?---\r?\n.*?\r?\n---\r?\n", re.S)


def read_text(path: Path) -> str:
    """The file decoded as the index build decodes it (BOMs, stray bytes)."""
    text, _ = decode(path.read_bytes())
    return text


def html_text(raw: str) -> str:
    soup = BeautifulSoup(raw, "lxml")
    for element in soup(["script", "style", "blockquote"]):
        element.decompose()
    body = soup.find(attrs={"itemprop": "articleBody"})
    if body is not None:
        parts = [soup.find("h1"), soup.find(class_="read__lead"), body]
    else:
        parts = [soup.find("div", class_="content") or soup.body or soup]
    return "\n".join(part.get_text("\n") for part in parts if part is not None)


def json_text(raw: str) -> str:
    found: list[str] = []

    def walk(value: object, key: str | None) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key in JSON_TEXT_KEYS:
            found.append(value)

    walk(json.loads(raw), None)
    return "\n".join(found)


def csv_text(raw: str) -> str:
    rows = csv.DictReader(io.StringIO(raw))
    columns = [c for c in rows.fieldnames or [] if TEXT_COLUMNS.match(c)]
    return "\n".join(row[c] or "" for row in rows for c in columns)


def source_text(path: Path) -> str:
    """What the file says, as plain text, by its format."""
    raw = read_text(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return html_text(raw)
    if suffix == ".md":
        return _FRONT_MATTER.sub("", raw, count=1)
    if suffix == ".json":
        return json_text(raw)
    if suffix == ".csv":
        return csv_text(raw)
    return raw


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def word_counts(text: str) -> Counter:
    return Counter(words(text))


def match_key(text: str) -> str:
    """Letters and digits only, lower-cased: a locator found whatever the spacing, hyphenation,
    quotes or escapes between its words."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def covered_share(source: Counter, reached: Counter) -> tuple[int, int]:
    """(words of the source found in the passages, words of the source), counted with
    multiplicity, so a dropped paragraph counts even when its words occur elsewhere."""
    total = sum(source.values())
    found = sum(min(n, reached[w]) for w, n in source.items())
    return found, total
