"""Markdown files with YAML front matter, as static-site tools and scrapers write them.

The front matter (between `---` lines) gives the title, the date and the address (`url`, or
`source_url`); only the simple `key: value` subset of YAML is read: plain, single- and
double-quoted scalars (with their escapes and line folding), block scalars and lists of scalars.

The body becomes one block per paragraph: hard-wrapped lines are joined, a hard line break
(two trailing spaces or a backslash) ends a paragraph where a sentence or a speaker label shows
it does, list items stand alone, headings and rules are dropped (a heading only names the document
when the front matter does not), and inline markup is reduced to its text. Struck-out words
(`<s>`, `~~`) are dropped: a transcript strikes what its editors corrected, and keeps the
correction in brackets after it.

Transcripts in Markdown label turns at the start of a paragraph: an upper-case label and a colon
(`MS. PSAKI:  Hi`), a bold label (`**Jen Psaki:**` or `**Jen Psaki**:`), or a question marked
`Q` and wide spacing (`Q    Thank you`). What a transcript records besides speech is dropped:
the dateline and start time that open it (the first dateline line becomes the place), clock lines
(`2:40 P.M. EDT`, `END 3:15 P.M. EST`), paragraphs that are only stage directions
(`(Laughter.)`; inside speech they stay), and the notes after the closing time.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

from indexer.dates import find_date
from indexer.model import Block, SourceDocument
from indexer.readers.base import SourceMeta, carry_bare_labels
from indexer.text import normalise

_FENCE = re.compile(r"^\s*---\s*$")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\s*$")
_YAML_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w.-]*)\s*:(?:[ \t]+(?P<value>.*))?$")

_URL_KEYS = ("url", "source_url", "canonical_url", "link", "permalink")
_DATE_KEYS = ("date", "published_time", "published", "created")

# --- front matter -------------------------------------------------------------------------

_YAML_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\u00a0",
    "L": "\u2028",
    "P": "\u2029",
}
_YAML_HEX = {"x": 2, "u": 4, "U": 8}


def split_front_matter(text: str) -> tuple[dict[str, Any], str] | None:
    """The front matter's fields and the body after it, or None if the text has none."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return None
    for end in range(1, len(lines)):
        if _FRONT_MATTER_END.match(lines[end]):
            return _yaml_mapping(lines[1:end]), "\n".join(lines[end + 1 :])
    return None


def _yaml_mapping(lines: list[str]) -> dict[str, Any]:
    """Top-level `key: value` entries; a value runs on over the indented lines below its key."""
    entries: list[tuple[str, str, list[str]]] = []
    for line in lines:
        match = _YAML_KEY.match(line) if line[:1] not in (" ", "\t", "#", "-") else None
        if match:
            entries.append((match.group("key"), match.group("value") or "", []))
        elif entries:
            entries[-1][2].append(line)
    return {key: _yaml_value(first, rest) for key, first, rest in entries}


def _yaml_value(first: str, rest: list[str]) -> Any:
    first = first.strip()
    if first.startswith('"'):
        return _double_quoted("\n".join([first[1:], *rest]))
    if first.startswith("'"):
        return _single_quoted("\n".join([first[1:], *rest]))
    if first[:1] in ("|", ">"):
        body = [line.strip() for line in rest]
        return ("\n" if first[0] == "|" else " ").join(body).strip()
    items = [line.strip() for line in rest if line.strip()]
    if not first and items and all(item.startswith("-") for item in items):
        return [_yaml_value(item[1:].strip(), []) for item in items]
    if first.startswith("[") and first.endswith("]"):
        return [_yaml_value(item, []) for item in first[1:-1].split(",") if item.strip()]
    plain = " ".join([first, *items])
    return re.sub(r"\s+#.*$", "", plain).strip()


def _fold(text: str) -> str:
    """YAML line folding in a flow scalar: a line break is a space, an empty line a newline."""
    lines = text.split("\n")
    out = lines[0].rstrip(" \t")
    blank = 0
    for line in lines[1:]:
        if not line.strip():
            blank += 1
            continue
        out += ("\n" * blank if blank else " ") + line.strip(" \t")
        blank = 0
    return out


def _single_quoted(text: str) -> str:
    end = 0
    while True:
        end = text.find("'", end)
        if end == -1 or text[end + 1 : end + 2] != "'":
            break
        end += 2
    body = text if end == -1 else text[:end]
    return _fold(body).replace("''", "'")


def _double_quoted(text: str) -> str:
    """A double-quoted scalar: escapes, `\\` at a line's end joining lines, folding."""
    pieces: list[str] = []  # raw runs to fold, and escaped characters that folding must not touch
    run: list[str] = []
    i = 0
    while i < len(text) and text[i] != '"':
        char = text[i]
        if char != "\\" or i + 1 >= len(text):
            run.append(char)
            i += 1
            continue
        code = text[i + 1]
        if code == "\n":  # an escaped line break: the lines join with nothing between them
            i += 2
            while i < len(text) and text[i] in " \t":
                i += 1
            continue
        pieces.append(_fold("".join(run)))
        run = []
        if code in _YAML_HEX:
            width = _YAML_HEX[code]
            try:
                pieces.append(chr(int(text[i + 2 : i + 2 + width], 16)))
                i += 2 + width
                continue
            except ValueError:
                pieces.append("\\" + code)
        else:
            pieces.append(_YAML_ESCAPES.get(code, "\\" + code))
        i += 2
    pieces.append(_fold("".join(run)))
    return "".join(pieces)


# --- inline markup ------------------------------------------------------------------------

_PROTECT_BASE = 0xF0000  # a private-use plane: escaped characters hide there from the markup
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+|[\w.+-]+@[\w-]+\.[\w.-]+)>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_STRUCK = re.compile(r"<(s|del|strike)\b[^>]*>.*?</\1\s*>|~~.+?~~", re.S | re.I)
_IMAGE = re.compile(r"!\[[^\]]*\]\((?:[^()]|\([^)]*\))*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_EMPTY_EMPHASIS = re.compile(r"(?:\*+|_{2,})[ \t]+(?:\*+|_{2,})(?=\s|$)")
_STARS = re.compile(r"\*+")
_UNDERSCORES = re.compile(r"_+")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")
_SPACES = re.compile(r"[ \t]+")


_PROTECT = {code: _PROTECT_BASE + code for code in range(ord("!"), ord("~") + 1)}
_RESTORE = {hidden: code for code, hidden in _PROTECT.items()}


def _protect(text: str) -> str:
    return text.translate(_PROTECT)


def _strip_delimiters(text: str, pattern: re.Pattern[str], intraword: bool) -> str:
    """Emphasis delimiters removed; a run with space on both sides is a literal character.

    Underscores inside a word (`snake_case`) are literal too; asterisks there are emphasis.
    """

    def replace(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if before.isspace() and after.isspace():
            return match.group()
        if not intraword and before.isalnum() and after.isalnum():
            return match.group()
        return ""

    return pattern.sub(replace, text)


def plain_inline(markdown: str) -> str:
    """The text a line of Markdown shows: markup, links and escapes resolved, spaces collapsed."""
    text = _ESCAPED.sub(lambda m: _protect(m.group(1)), markdown)
    text = _CODE_SPAN.sub(lambda m: _protect(m.group(2).strip()), text)
    text = _AUTOLINK.sub(lambda m: _protect(m.group(1)), text)
    text = _COMMENT.sub("", text)
    text = _STRUCK.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _TAG.sub("", text)
    text = _EMPTY_EMPHASIS.sub(" ", text)
    text = _strip_delimiters(text, _STARS, intraword=True)
    text = _strip_delimiters(text, _UNDERSCORES, intraword=False)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text.translate(_RESTORE))
    return _SPACES.sub(" ", normalise(text)).strip()


# --- block structure ----------------------------------------------------------------------

_ATX_HEADING = re.compile(r"^#{1,6}(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^(?:=+|-{2,})\s*$")
_THEMATIC_BREAK = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_CODE_FENCE = re.compile(r"^(?:```|~~~)")
_LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s*\S+")
_LIST_ITEM = re.compile(r"^(?:[-+*]|\d{1,9}[.)])\s+(?=\S)")
_QUOTE_MARKER = re.compile(r"^(?:>\s?)+")
_BACKSLASH_BREAK = re.compile(r"(?<!\\)\\$")
_SENTENCE_END = re.compile(r"[.!?:;…\"”’)\]*_]$")
# The end of a sentence of prose, as opposed to an abbreviation ("Washington, D.C.").
_PROSE_END = re.compile(r"(?:[^\W\d_]{2}|\d)[.!?:;…]['\"”’)]*$|[!?:;…]['\"”’)]*$")
# Upper-case words, as transcripts write a speaker's label: "MS. JEAN-PIERRE", "DR. O’NEILL".
_CAPITALS_NAME = r"[^\W\d_a-z](?:[^\W\d_a-z]|[.’'-])*(?: +[^\W\d_a-z](?:[^\W\d_a-z]|[.’'-])*)*"
# A line that starts a speaker's turn, in its raw Markdown: after a hard break it starts a new
# paragraph even in mid-sentence.
_STARTS_TURN = re.compile(rf"^(?:Q[.:]?\s|\*\*|__|{_CAPITALS_NAME}:\s)")
# A label set off by wide spacing ("Q    Thanks", "MS. PSAKI:  Hi") starts a turn even where no
# blank line or hard break comes before it.
_WIDE_LABEL = re.compile(rf"^(?:Q|{_CAPITALS_NAME}:) {{2,}}\S")


def _markdown_lines(body: str) -> list[tuple[str, bool]]:
    """The body's lines made plain of odd spaces, each with whether it ends in a hard break.

    A hard break is two trailing spaces or a backslash; the spaces go when the text is made
    plain, so the break is noted first.
    """
    raw = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    breaks = [line.endswith("  ") or bool(_BACKSLASH_BREAK.search(line)) for line in raw]
    lines = [_BACKSLASH_BREAK.sub("", line) for line in normalise("\n".join(raw)).split("\n")]
    return [
        (_QUOTE_MARKER.sub("", line.strip()), hard)
        for line, hard in zip(lines, breaks, strict=True)
    ]


def _logical_lines(chunk: list[tuple[str, bool]]) -> list[str]:
    """A blank-line separated chunk's lines, joined where they are only wrapped.

    A hard break ends a paragraph when the line before it ends a sentence or the line after it
    starts a turn; otherwise (a break in mid-sentence) the lines join.
    """
    lines: list[str] = []
    after_hard_break = False
    for line, hard in chunk:
        if line and lines and not _starts_paragraph(lines[-1], line, after_hard_break):
            lines[-1] += " " + line
        elif line:
            lines.append(line)
        after_hard_break = hard
    return lines


def _starts_paragraph(previous: str, line: str, after_hard_break: bool) -> bool:
    if _WIDE_LABEL.match(line):
        return True
    return after_hard_break and bool(
        _SENTENCE_END.search(previous) or _STARTS_TURN.match(line) or _LIST_ITEM.match(line)
    )


def _chunk_paragraphs(chunk: list[tuple[str, bool]]) -> list[str]:
    """A chunk's paragraphs; a chunk that starts with a list marker has one per item."""
    if not chunk or not _LIST_ITEM.match(chunk[0][0]):
        return _logical_lines(chunk)
    items: list[list[tuple[str, bool]]] = []
    for line, hard in chunk:
        marker = _LIST_ITEM.match(line)
        if marker:
            items.append([(line[marker.end() :], hard)])
        else:
            items[-1].append((line, hard))
    return [paragraph for item in items for paragraph in _logical_lines(item)]


def markdown_paragraphs(body: str) -> tuple[list[str], list[str]]:
    """The body's paragraphs, still in inline Markdown, in order; and its headings, as text."""
    paragraphs: list[str] = []
    headings: list[str] = []
    chunk: list[tuple[str, bool]] = []

    def flush() -> None:
        paragraphs.extend(_chunk_paragraphs(chunk))
        chunk.clear()

    for line, hard in _markdown_lines(body):
        heading = _ATX_HEADING.match(line)
        if chunk and _SETEXT_UNDERLINE.match(line):
            headings.append(plain_inline(" ".join(text for text, _ in chunk)))
            chunk.clear()
        elif not line or _CODE_FENCE.match(line) or _THEMATIC_BREAK.match(line):
            flush()
        elif heading:
            flush()
            headings.append(plain_inline(heading.group("text") or ""))
        elif not _LINK_DEFINITION.match(line):
            chunk.append((line, hard))
    flush()
    return paragraphs, [h for h in headings if h]


# --- transcript conventions ---------------------------------------------------------------

_QUESTION_MARK = re.compile(r"^Q(?:\s*[.:]\s*|\s+|(?=[–—]))(?P<rest>\S.*)$", re.S)
_CAPITALS_LABEL = re.compile(
    r"^(?P<label>[^\W\d_](?:[^\W\d_]|[.’'\- ]){0,60}?(?:\s*\([^()]{1,40}\))?)\s*:\s*(?P<rest>.*)$",
    re.S,
)
_BOLD_LABEL = re.compile(
    r"^(?:\*\*|__)(?P<label>[^*_:]{1,60}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)\s*(?P<rest>.*)$",
    re.S,
)
_MAX_LABEL_WORDS = 6
_CLOCK_LINE = re.compile(
    r"^\(?(?:END\b[\s.:]*)?"
    r"(?:\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?|[AaPp]\.[Mm]\.)?(?:\s+[A-Z]{1,5})?\.?\)?$"
)
_STAGE_DIRECTION = re.compile(r"^(?:\([^()]*\)\s*)+$")
_TRAILING_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")
_MAX_DATELINE_WORDS = 12


def _is_clock_line(paragraph: str) -> bool:
    return bool(_CLOCK_LINE.match(paragraph)) and bool(re.search(r"END|\d|[AP]\.M", paragraph))


def _is_capitals_label(label: str) -> bool:
    name = label.split("(")[0]
    return 0 < len(name.split()) <= _MAX_LABEL_WORDS and name == name.upper()


def _labelled(markdown: str) -> Block | None:
    """A paragraph as a block: the label that starts it, if it has one, and the rest as text.

    None for a paragraph with no words (a row of `###`, an empty tag).
    """
    bold = _BOLD_LABEL.match(markdown)
    if bold and len(bold.group("label").split()) <= _MAX_LABEL_WORDS:
        return Block(plain_inline(bold.group("label")), plain_inline(bold.group("rest")))
    paragraph = plain_inline(markdown)
    if not any(ch.isalnum() for ch in paragraph):
        return None
    question = _QUESTION_MARK.match(paragraph)
    if question:
        return Block("Q", question.group("rest").strip())
    capitals = _CAPITALS_LABEL.match(paragraph)
    if capitals and _is_capitals_label(capitals.group("label")):
        return Block(" ".join(capitals.group("label").split()), capitals.group("rest").strip())
    return Block(None, paragraph)


def _is_dateline(block: Block) -> bool:
    """A short unlabelled line that is not a sentence: a place, a date, "Via Teleconference"."""
    return (
        block.label is None
        and len(block.text.split()) <= _MAX_DATELINE_WORDS
        and not _PROSE_END.search(block.text)
    )


def _is_furniture(block: Block) -> bool:
    return block.label is None and (
        _is_clock_line(block.text) or bool(_STAGE_DIRECTION.match(block.text))
    )


def _opening(blocks: list[Block]) -> tuple[str | None, int]:
    """The place a dateline names and how many blocks open the transcript before its speech.

    Nobody speaks before the start time: unlabelled blocks up to a clock line that comes before
    the first label are the opening. Without a start time, the opening is a run of datelines
    right before the first label.
    """
    first_label = next((i for i, b in enumerate(blocks) if b.label), len(blocks))
    clocks = [i for i in range(first_label) if _is_clock_line(blocks[i].text)]
    if clocks:
        end = clocks[-1] + 1
    elif first_label < len(blocks) and all(map(_is_dateline, blocks[:first_label])):
        end = first_label
    else:
        return None, 0
    datelines = [b.text for b in blocks[:end] if _is_dateline(b) and not _is_furniture(b)]
    place = _TRAILING_PARENTHETICAL.sub("", datelines[0]).strip(" []") if datelines else None
    return place or None, end


def _without_trailer(blocks: list[Block]) -> list[Block]:
    """Blocks before the closing time line when only unlabelled notes follow it."""
    for index in range(len(blocks) - 1, 0, -1):
        if _is_clock_line(blocks[index].text) and blocks[index].label is None:
            if all(b.label is None for b in blocks[index + 1 :]):
                return blocks[:index]
            break
    return blocks


# --- offices: "THE PRESIDENT" is whoever held the office that day -------------------------


def _office_holders(meta: SourceMeta, day: date | None) -> dict[str, str]:
    """Labels naming an office, mapped to the person the source profile says held it that day.

    Profile option `offices`: a list of {label, holder, from, until}; dates are inclusive and
    either may be left out.
    """
    holders: dict[str, str] = {}
    for office in meta.options.get("offices", []):
        start, until = _as_date(office.get("from")), _as_date(office.get("until"))
        if day is None and (start or until):
            continue
        if (start and day < start) or (until and day > until):
            continue
        holders[_label_key(office["label"])] = office["holder"]
    return holders


def _as_date(value: object) -> date | None:
    """A TOML date as it is, or one written as a string (quoted in a hand-written profile)."""
    if isinstance(value, str):
        return find_date(value)
    return value if isinstance(value, date) else None


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


# --- the reader ---------------------------------------------------------------------------


def sniff(path: str, text: str) -> bool:
    """Markdown with YAML front matter: `---`, then `key: value` lines, then `---`.

    A stream of YAML documents looks the same; only its file name tells it apart.
    """
    if path.lower().endswith((".yml", ".yaml")):
        return False
    split = split_front_matter(text.lstrip("\ufeff")[:20_000].replace("\r\n", "\n"))
    return split is not None and bool(split[0])


def _field(fields: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read(text: str, source: str, meta: SourceMeta) -> list[SourceDocument]:
    """One document: the front matter's fields and the body's paragraphs as labelled blocks."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    split = split_front_matter(text)
    fields, body = split if split else ({}, text)
    paragraphs, headings = markdown_paragraphs(body)

    raw_title = _field(fields, "title") or (headings[0] if headings else Path(source).stem)
    title = plain_inline(raw_title)
    day = next((find_date(v) for k in _DATE_KEYS if (v := _field(fields, k))), None)
    offices = _office_holders(meta, day)

    blocks = carry_bare_labels(b for b in map(_labelled, paragraphs) if b is not None)
    blocks = [
        Block(offices.get(_label_key(b.label), b.label), b.text) if b.label else b for b in blocks
    ]
    place, opening = _opening(blocks)
    blocks = [b for b in _without_trailer(blocks[opening:]) if not _is_furniture(b)]
    return [
        SourceDocument(
            title=title,
            date=day,
            source=source,
            blocks=tuple(blocks),
            language=_field(fields, "language", "lang") or meta.language,
            publisher=_field(fields, "publisher") or meta.publisher,
            url=_field(fields, *_URL_KEYS) or meta.url,
            kind=_field(fields, "kind"),
            speaker=_field(fields, "speaker"),
            asker=_field(fields, "asker"),
            place=_field(fields, "place", "location") or place,
            labels_marked=True,
        )
    ]
