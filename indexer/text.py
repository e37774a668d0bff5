"""Text as found on the web, made plain: byte-order marks, CRLF, odd spaces, hard wraps."""

from __future__ import annotations

import html
import re

_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060]")
_BLANK_LINES = re.compile(r"\n\s*\n")
# A line this long was written as a paragraph, not wrapped to a page width.
_UNWRAPPED_LINE = 200


# Some pages escape their text twice ("The Globe &amp;amp; Mail"): once parsed, an entity is left
# as text. A transcript never means the entity's own letters.
_LEFTOVER_ENTITY = re.compile(
    r"&(?:amp|quot|apos|lt|gt|nbsp|laquo|raquo|mdash|ndash|#\d{1,6}|#x[0-9a-fA-F]{1,6});"
)


def unescape_leftovers(text: str) -> str:
    """`The Globe &amp; Mail` → `The Globe & Mail`: the entities a twice-escaped page leaves."""
    return _LEFTOVER_ENTITY.sub(lambda match: html.unescape(match.group()), text)


def normalise(text: str) -> str:
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD_SPACES.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated chunks of normalised text, each as its paragraphs.

    Hard-wrapped lines are joined back into one paragraph; a chunk of long lines holds one
    paragraph per line.
    """
    chunks = []
    for chunk in _BLANK_LINES.split(text):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if max(len(line) for line in lines) >= _UNWRAPPED_LINE:
            chunks.append(lines)
        else:
            chunks.append([" ".join(lines)])
    return chunks
