"""Citations of one passage: plain text, BibTeX, RIS and CSL-JSON.

Each names the original publication first (its URL, when the transcript came from the web) and
Verbatim's permalink second, with the date, the speaker, the document's title as published and
the date the passage was retrieved, since a transcript page can change or vanish after it is
cited. What kind of saying it was ("answer to TASS") goes in the field each format keeps for
the kind of a work, never into the title; a corpus file's local path is never a source.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date

import iuliia

from search.views import PassageView

_KIND_PHRASES = {
    "answer": "answer",
    "question": "question",
    "paragraph": "statement",
    "narration": "account",
}
FORMATS = {
    "bib": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "json": "application/vnd.citationstyles.csl+json",
}


def long_date(value: date | None, precision: str | None = "day") -> str:
    """ "21 September 1954", "September 1954" or "1954": no more precise than it is known."""
    if value is None:
        return "undated"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


def _date_parts(passage: PassageView) -> list[int]:
    assert passage.date is not None
    parts = [passage.date.year, passage.date.month, passage.date.day]
    return parts[: {"year": 1, "month": 2}.get(passage.date_precision or "day", 3)]


def latin(text: str) -> str:
    """Cyrillic written in Latin letters (the scheme of English Wikipedia); other text as is."""
    return iuliia.WIKIPEDIA.translate(text)


def ascii_name(text: str) -> str:
    """A readable ASCII form of an id, for a BibTeX key or a download's fallback file name.

    Two ids that differ only where transliteration merges letters (е and э both give "e") must
    not share a key: an id that was not ASCII already keeps a short hash of itself.
    """
    name = re.sub(r"[^A-Za-z0-9]+", "-", latin(text)).strip("-")
    if name != text:
        name = f"{name[:60]}-{hashlib.sha1(text.encode()).hexdigest()[:4]}"
    return name or "passage"


def _said(passage: PassageView) -> str:
    said = _KIND_PHRASES.get(passage.kind, passage.kind)
    if passage.kind == "answer" and passage.asker:
        said += f" to {passage.asker}"
    return said


def _kind_of_work(passage: PassageView) -> str:
    """ "Answer to TASS": the field for the kind of a work, capitalised as a field opens."""
    said = _said(passage)
    return said[:1].upper() + said[1:]


def _where(permalink: str, retrieved: date) -> str:
    return f"Verbatim, {permalink} (retrieved {long_date(retrieved)})"


def plain_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    """`Sergey Lavrov, answer to Komsomolskaya Pravda, in "Title", 4 August 2021. ...`"""
    parts = [
        f'{passage.speaker}, {_said(passage)}, in "{passage.title}", '
        f"{long_date(passage.date, passage.date_precision)}."
    ]
    if passage.publisher:
        parts.append(f"{passage.publisher}.")
    if passage.url:
        parts.append(f"{passage.url}.")
    parts.append(f"{_where(permalink, retrieved)}.")
    return " ".join(parts)


def _bibtex_escape(text: str) -> str:
    text = re.sub(r"([&%$#_{}])", r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def _bibtex_url(url: str) -> str:
    # A brace would end the field early; URL fields are otherwise read as written.
    return url.replace("{", "%7B").replace("}", "%7D")


def _bibtex_note(permalink: str, retrieved: date) -> str:
    # Inside \url, hyperref reads \% as the percent sign a percent-encoded permalink is full of.
    link = _bibtex_url(permalink).replace("%", r"\%")
    return rf"Verbatim, \url{{{link}}} (retrieved {long_date(retrieved)})"


def bibtex_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    """One `@misc` entry, readable by BibTeX and biblatex alike."""
    fields = {
        "author": _bibtex_escape(passage.speaker),
        # Double braces keep the title's capitals as published.
        "title": "{" + _bibtex_escape(passage.title) + "}",
        "howpublished": _bibtex_escape(_kind_of_work(passage)),
        "year": str(passage.date.year) if passage.date else "",
        "date": passage.when or "",
        "publisher": _bibtex_escape(passage.publisher or ""),
        "url": _bibtex_url(passage.url or permalink),
        "urldate": retrieved.isoformat(),
        "note": _bibtex_note(permalink, retrieved) if passage.url else "",
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{ascii_name(passage.id)},\n{body}\n}}\n"


def ris_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    """A RIS record: the original URL, then the permalink (UR may repeat)."""
    lines = [
        ("TY", "GEN"),
        ("AU", passage.speaker),
        ("TI", passage.title),
        ("M3", _kind_of_work(passage)),
    ]
    if passage.date:
        # "2021/08/04"; a date known to the month or the year stops there ("1954").
        parts = [f"{passage.date.year}"] + [f"{n:02d}" for n in _date_parts(passage)[1:]]
        lines += [("PY", str(passage.date.year)), ("DA", "/".join(parts))]
    if passage.publisher:
        lines.append(("PB", passage.publisher))
    lines += [("UR", url) for url in (passage.url, permalink) if url]
    lines += [
        ("N1", _where(permalink, retrieved)),
        ("Y2", retrieved.strftime("%Y/%m/%d")),
        ("ER", ""),
    ]
    # RIS is one tag per line: a value must not start a new line of its own.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


def csl_json_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    item = {
        "id": passage.id,
        "type": "interview" if passage.kind in ("answer", "question") else "speech",
        "title": passage.title,
        "genre": _kind_of_work(passage),
        "author": [{"literal": passage.speaker}],
        "publisher": passage.publisher,
        "URL": passage.url or permalink,
        "archive": "Verbatim",
        "archive_location": permalink,
        "accessed": {"date-parts": [[retrieved.year, retrieved.month, retrieved.day]]},
        "language": passage.language,
    }
    if passage.date:
        item["issued"] = {"date-parts": [_date_parts(passage)]}
    return json.dumps([{k: v for k, v in item.items() if v}], ensure_ascii=False, indent=2)


CITERS = {"bib": bibtex_citation, "ris": ris_citation, "json": csl_json_citation}


def all_citations(passage: PassageView, permalink: str, retrieved: date) -> dict[str, str]:
    """Every format, keyed as the page shows them."""
    return {"plain": plain_citation(passage, permalink, retrieved)} | {
        name: cite(passage, permalink, retrieved) for name, cite in CITERS.items()
    }
