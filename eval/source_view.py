"""Where a passage stands in its source file, shown as the source writes it, for checking by eye.

An auditor checks a passage against the file, not against our parser's output: this finds the
locator (the passage's first words) in the raw file and prints what surrounds it there — the
lines of a text or Markdown file, the markup of an HTML page (labels in `<b>` kept), the turns
of a JSON interview before it, the row of a CSV table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from eval.corpus_text import match_key, read_text

# Markup kept in an HTML excerpt: what tells a label, a paragraph and a stage note apart.
_KEPT_TAGS = re.compile(r"^</?(p|b|strong|i|em|br|h\d|blockquote)\b", re.I)
_TAG_OR_ENTITY = re.compile(r"<[^>]*>|&#?\w+;")


def _keyed(text: str) -> tuple[str, list[int]]:
    """The match key of `text`, with the offset in `text` of each of its characters."""
    chars, offsets = [], []
    for offset, ch in enumerate(text):
        low = match_key(ch)
        for k in low:
            chars.append(k)
            offsets.append(offset)
    return "".join(chars), offsets


def find_offset(text: str, locator: str, masked: str | None = None) -> int | None:
    """Where the locator starts in `text` (markup and spacing between its words ignored)."""
    key, offsets = _keyed(masked if masked is not None else text)
    at = key.find(match_key(locator))
    return offsets[at] if at >= 0 else None


def _line_excerpt(raw: str, offset: int, before: int, after: int) -> tuple[str, str]:
    lines = raw.splitlines()
    line = raw.count("\n", 0, offset)
    first, last = max(0, line - before), min(len(lines), line + after + 1)
    shown = "\n".join(f"{n + 1:6}  {lines[n][:400]}" for n in range(first, last))
    return shown, f"source lines {first + 1}-{last}"


def _html_excerpt(raw: str, offset: int, before: int, after: int) -> tuple[str, str]:
    start, end = max(0, offset - before), min(len(raw), offset + after)
    region = raw[start:end]

    def keep(match: re.Match) -> str:
        tag = match.group()
        return tag if _KEPT_TAGS.match(tag) else ("" if tag.startswith("<") else tag)

    shown = _TAG_OR_ENTITY.sub(keep, region)
    shown = re.sub(r"[ \t\r\u00a0]+", " ", shown)
    shown = re.sub(r"\s*(<p\b)", r"\n\1", shown, flags=re.I)
    shown = re.sub(r"\n\s*\n+", "\n", shown)
    return shown, f"source chars {start}-{end} (markup shown: p, b, i)"


def _json_excerpt(raw: str, locator: str, before: int) -> tuple[str, str] | None:
    data = json.loads(raw)
    records = data if isinstance(data, list) else [data]
    wanted = match_key(locator)
    for r, record in enumerate(records):
        turns = record.get("doc") if isinstance(record.get("doc"), list | dict) else None
        if turns is None:  # a flat message list: the record is the turn
            if wanted in match_key(record.get("text", "")):
                lines = []
                for n in range(max(0, r - before), r + 2):
                    if n < len(records):
                        m = records[n]
                        lines.append(
                            f"[{n}] {m['senderName']} outgoing={m['outgoing']} "
                            f"conv={m['conversationWithName']} ts={m['timestamp']}: "
                            f"{m['text'][:300]}"
                        )
                return "\n".join(lines), f"records {max(0, r - before)}-{r + 1}"
            continue
        turns = turns if isinstance(turns, list) else [turns]
        for t, turn in enumerate(turns):
            paragraphs = turn.get("p") or []
            paragraphs = paragraphs if isinstance(paragraphs, list) else [paragraphs]
            if any(wanted in match_key(str(p)) for p in paragraphs):
                head = (
                    f"record {r}: date_published={record.get('date_published')} "
                    f"genre={record.get('genre')} people={record.get('people')}"
                )
                lines = [head]
                for n in range(max(0, t - before), min(len(turns), t + 2)):
                    ps = turns[n].get("p") or []
                    ps = ps if isinstance(ps, list) else [ps]
                    lines.append(
                        f"  turn {n} {turns[n].get('person')}: "
                        + " / ".join(str(p)[:160] for p in ps[:3])
                    )
                return "\n".join(lines), f"record {r}, turns {max(0, t - before)}-{t + 1}"
    return None


def _csv_excerpt(raw: str, locator: str) -> tuple[str, str] | None:
    wanted = match_key(locator)
    for n, row in enumerate(csv.DictReader(io.StringIO(raw)), start=2):
        for column, value in row.items():
            key = match_key(value or "")
            at = key.find(wanted)
            if at < 0 or column.endswith("_lem"):
                continue
            facts = {
                c: row[c]
                for c in ("date", "raw_date", "spokesperson", "who_asked", "title")
                if c in row
            }
            lines = [f"row {n} {facts}"]
            if "question" in row:
                lines.append(f"  question: {row['question'][:300]}")
                lines.append(f"  answer: {row['answer'][:300]}")
            else:
                offset = find_offset(value, locator) or 0
                lines.append(f"  {column} …{value[max(0, offset - 700) : offset + 300]}…")
            return "\n".join(lines), f"csv row {n}, column {column}"
    return None


def excerpt(path: Path, locator: str, before: int = 12, after: int = 3) -> tuple[str, str]:
    """The source around the locator and a note of where it is, or a note that it is not there."""
    raw = read_text(path)
    suffix = path.suffix.lower()
    found: tuple[str, str] | None = None
    if suffix == ".json":
        found = _json_excerpt(raw, locator, before=4)
    elif suffix == ".csv":
        found = _csv_excerpt(raw, locator)
    elif suffix in (".html", ".htm"):
        masked = _TAG_OR_ENTITY.sub(lambda m: " " * len(m.group()), raw)
        offset = find_offset(raw, locator, masked)
        found = None if offset is None else _html_excerpt(raw, offset, 2500, 700)
    else:
        offset = find_offset(raw, locator)
        found = None if offset is None else _line_excerpt(raw, offset, before, after)
    return found or ("(locator not found in the source)", "not found")
