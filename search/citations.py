"""Citations of one passage: plain text, BibTeX, RIS and CSL-JSON.

Each carries the permalink, the date, the speaker, the document's title, its source and the date
the passage was retrieved, since a transcript page can change or vanish after it is cited.
"""

from __future__ import annotations

import json
import re
from datetime import date

from search.engines.whoosh.searcher import PassageView

_KIND_PHRASES = {"answer": "answer", "question": "question", "paragraph": "statement"}
FORMATS = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems",
           "json": "application/vnd.citationstyles.csl+json"}  # fmt: skip


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


def _said(passage: PassageView) -> str:
    said = _KIND_PHRASES.get(passage.kind, passage.kind)
    if passage.kind == "answer" and passage.asker:
        said += f" to {passage.asker}"
    return said


def _source(passage: PassageView) -> str:
    return passage.url or passage.source


def plain_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    """`Sergey Lavrov, answer to Komsomolskaya Pravda, in "Title", 4 August 2021. ...`"""
    parts = [
        f'{passage.speaker}, {_said(passage)}, in "{passage.title}", '
        f"{long_date(passage.date, passage.date_precision)}."
    ]
    if passage.publisher:
        parts.append(f"{passage.publisher}.")
    parts.append(f"Source: {_source(passage)}.")
    parts.append(f"Verbatim, {permalink} (retrieved {long_date(retrieved)}).")
    return " ".join(parts)


def _bibtex_escape(text: str) -> str:
    text = re.sub(r"([&%$#_{}])", r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def bibtex_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    key = re.sub(r"[^A-Za-z0-9]+", "", passage.id.title())[:60] or "passage"
    fields = {
        "author": "{" + _bibtex_escape(passage.speaker) + "}",
        "title": "{" + _bibtex_escape(f"{passage.title} ({_said(passage)})") + "}",
        "year": str(passage.date.year) if passage.date else "",
        "date": passage.when or "",
        "publisher": _bibtex_escape(passage.publisher or ""),
        "howpublished": _bibtex_escape(_source(passage)),
        "url": permalink,
        "urldate": retrieved.isoformat(),
        "note": _bibtex_escape(f"Source: {_source(passage)}"),
    }
    body = ",\n".join(f"  {k} = {{{v}}}" if not v.startswith("{") else f"  {k} = {v}"
                      for k, v in fields.items() if v)  # fmt: skip
    return f"@misc{{{key},\n{body}\n}}\n"


def ris_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    lines = [("TY", "GEN"), ("AU", passage.speaker), ("TI", f"{passage.title} ({_said(passage)})")]
    if passage.date:
        # "2021/08/04"; a date known to the month or the year stops there ("1954").
        parts = [f"{passage.date.year}"] + [f"{n:02d}" for n in _date_parts(passage)[1:]]
        lines += [("PY", str(passage.date.year)), ("DA", "/".join(parts))]
    if passage.publisher:
        lines.append(("PB", passage.publisher))
    lines += [("UR", permalink), ("N1", f"Source: {_source(passage)}"),
              ("Y2", retrieved.strftime("%Y/%m/%d")), ("ER", "")]  # fmt: skip
    # RIS is one tag per line: a value must not start a new line of its own.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


def csl_json_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    item = {
        "id": passage.id,
        "type": "interview" if passage.kind in ("answer", "question") else "speech",
        "title": f"{passage.title} ({_said(passage)})",
        "author": [{"literal": passage.speaker}],
        "publisher": passage.publisher,
        "URL": permalink,
        "source": _source(passage),
        "accessed": {"date-parts": [[retrieved.year, retrieved.month, retrieved.day]]},
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
