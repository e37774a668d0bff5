"""Bytes from the web into text, or a clear reason why not."""

from __future__ import annotations

import re

# Larger files are refused rather than parsed: no transcript in our corpora comes near this, and
# one runaway file must not stall a build. Documented in the README.
MAX_FILE_BYTES = 20 * 1024 * 1024

# One byte in this many that is not UTF-8, in a file that otherwise is, is a stray.
_STRAY_SHARE = 1000
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w.:-]+)""", re.I)


class UnreadableFile(ValueError):
    """A file that cannot become text; the message is the reason given in the build report."""


def _cyrillic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0400" <= ch <= "\u04ff" for ch in letters) / len(letters)


def decode(raw: bytes) -> tuple[str, str]:
    """The text of `raw` and the encoding it was read with.

    UTF-8 first (with or without a byte-order mark), then the charset the file declares, then
    cp1251 when that reads as Russian, then latin-1, which reads any byte. A file that is UTF-8
    but for a stray byte or two is read as UTF-8 with those bytes replaced: reading the whole
    page as latin-1 would garble every other accented letter.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"file is {len(raw) / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit"
        )
    if not raw.strip():
        raise UnreadableFile("empty file")
    if b"\x00" in raw[:8192]:
        raise UnreadableFile("binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(raw[:4096])
    name = declared.group(1).decode("ascii", "replace").lower() if declared else None
    if name and name.replace("-", "") != "utf8":
        try:
            return raw.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    mended = raw.decode("utf-8-sig", errors="replace")
    stray = mended.count("\ufffd")
    if stray * _STRAY_SHARE <= len(raw):
        return mended, f"utf-8 ({stray} undecodable bytes replaced)"
    try:
        text = raw.decode("cp1251")
        if _cyrillic_share(text) > 0.3:
            return text, "cp1251"
    except UnicodeDecodeError:
        pass
    return raw.decode("latin-1"), "latin-1"
