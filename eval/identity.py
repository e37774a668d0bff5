"""The identity audit: are the speakers the index lists people, and is the President the President?

    .venv/bin/python -m eval.identity --index DIR [--corpora DIR] [--before FILE] [--save FILE]

Measures one index, as the web pages read it (the search core's `speakers()`, the listing
`/speakers` shows, and `speaker_profile()`, what a speaker's page shows):

- speaker records: how many `/speakers` lists, all and with at least 20 passages; each record
  with 20 or more passages classified by the hand-judged `tests/audit/identity/speakers.tsv`
  (person, group, or a kind of defect); records the file does not judge yet are "unjudged";
- the President on Kremlin pages 2000–2020 (en.kremlin.ru): of the passages the page itself
  gives to the President of the day (`eval.kremlin_source`), the share the index attributes to
  that person, the misses by the name they went to, and the passages credited to the
  office-holder that the page gives to somebody else or to the press service;
- Vladimir Putin's and Dmitry Medvedev's first and last dates, as their speaker pages show them.

With `--before`, prints the figures beside those saved from an earlier index. The method and
the files are described in `tests/audit/identity/README.md`.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eval.kremlin_source import (
    HEADED,
    LEAD,
    NARRATION,
    QUOTED,
    PageMatcher,
    holder_on,
    match_key,
    president_label,
    quoted_is,
    read_page,
)
from search.core import Engine, open_engine
from search.errors import NotFound, Unavailable
from search.params import EXPORT_CAP, Filters
from search.views import PassageView

PROJECT = Path(__file__).resolve().parent.parent
AUDIT_DIR = PROJECT / "tests" / "audit" / "identity"
JUDGED_FILE = AUDIT_DIR / "speakers.tsv"
SPEECHES_FILE = AUDIT_DIR / "kremlin-speeches.tsv"
RESULTS = Path(__file__).resolve().parent / "results"
BEFORE_FILE = RESULTS / "identity-before.json"

MIN_PASSAGES = 20
COLUMNS = ("name", "passages", "verdict", "note")
# A person, or a declared group ("Participants", a delegation): what a speaker record should be.
SOUND = ("person", "group")
DEFECTS = (
    "label",
    "byline",
    "heading",
    "duplicate",
    "title-glued",
    "place",
    "shouted",
    "wrong-person",
)
VERDICTS = SOUND + DEFECTS
KREMLIN_SITE = "en.kremlin.ru"
# The site facet of the Kremlin pages: their publisher's name as a slug.
KREMLIN_SITE_FACET = "president-of-russia"
KREMLIN_YEARS = (date(2000, 1, 1), date(2020, 12, 31))
PROFILED = ("Vladimir Putin", "Dmitry Medvedev")
EXAMPLES = 12


@dataclass(frozen=True)
class Judgement:
    name: str
    passages: int  # when judged: the count then, for the reader of the file
    verdict: str
    note: str


def read_judgements(path: Path = JUDGED_FILE) -> dict[str, Judgement]:
    """The hand-judged speaker records, by name. Raises ValueError on a malformed line."""
    judged: dict[str, Judgement] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, None)
        if tuple(header or ()) != COLUMNS:
            raise ValueError(f"{path}: the header must be {'<TAB>'.join(COLUMNS)}")
        for number, row in enumerate(rows, start=2):
            if len(row) != len(COLUMNS):
                raise ValueError(f"{path}:{number}: {len(row)} columns, not {len(COLUMNS)}")
            name, passages, verdict, note = row
            if not name.strip() or name != name.strip():
                raise ValueError(f"{path}:{number}: the name is empty or padded")
            if not passages.isdigit():
                raise ValueError(f"{path}:{number}: passages {passages!r} is not a number")
            if verdict not in VERDICTS:
                raise ValueError(f"{path}:{number}: verdict {verdict!r} is none of {VERDICTS}")
            if verdict == "duplicate" and not note.strip():
                raise ValueError(f"{path}:{number}: a duplicate must say of whom")
            if name in judged:
                raise ValueError(f"{path}:{number}: {name!r} is judged twice")
            judged[name] = Judgement(name, int(passages), verdict, note)
    return judged


def read_speech_pages(path: Path = SPEECHES_FILE) -> set[str]:
    """Ids of Kremlin pages without labels that are the President's own words (hand-judged)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["page"] for row in csv.DictReader(fh, delimiter="\t")}


def speaker_census(engine: Engine, judged: dict[str, Judgement]) -> dict:
    """The records `/speakers` lists, and the verdicts on those with MIN_PASSAGES or more."""
    listed = engine.speakers()
    big = [s for s in listed if s.passages >= MIN_PASSAGES]
    verdicts: Counter = Counter()
    defects, unjudged = [], []
    for record in big:
        found = judged.get(record.name)
        if found is None:
            unjudged.append([record.name, record.passages])
            continue
        verdicts[found.verdict] += 1
        if found.verdict in DEFECTS:
            defects.append([record.name, record.passages, found.verdict, found.note])
    return {
        "records": len(listed),
        "records_min_passages": len(big),
        "min_passages": MIN_PASSAGES,
        "verdicts": {v: verdicts.get(v, 0) for v in VERDICTS},
        "defects": sum(verdicts[v] for v in DEFECTS),
        "unjudged": unjudged,
        "defect_records": defects,
    }


def _months(first: date, last: date) -> list[tuple[date, date]]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        end = calendar.monthrange(year, month)[1]
        months.append((date(year, month, 1), date(year, month, end)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def kremlin_documents(engine: Engine) -> list[list[PassageView]]:
    """Every Kremlin document dated in KREMLIN_YEARS, each as its passages in reading order.

    The search core lists no documents, so they are found as a reader would: a search of the
    site's facet month by month (an export, at most EXPORT_CAP a month), then each document
    asked for whole. Only pages on en.kremlin.ru count.
    """
    doc_ids: set[str] = set()
    for first, last in _months(*KREMLIN_YEARS):
        filters = Filters(sites=(KREMLIN_SITE_FACET,), date_from=first, date_to=last)
        # An empty month is skipped: given an empty date range, an export returns hits from
        # any date (the engine takes an empty filter for none), so the dates are checked too.
        if engine.search("", filters, per_page=1).total == 0:
            continue
        found = [
            v
            for v in engine.export("", filters, sort="oldest", cap=EXPORT_CAP)
            if v.date and first <= v.date <= last
        ]
        if len(found) >= EXPORT_CAP:
            raise RuntimeError(f"more than {EXPORT_CAP} Kremlin passages in {first:%Y-%m}")
        doc_ids.update(view.doc_id for view in found if view.url and KREMLIN_SITE in view.url)
    documents = []
    for doc_id in sorted(doc_ids):
        passages = sorted(engine.get_document(doc_id).passages, key=lambda v: v.position)
        documents.append(passages)
    return documents


def _source_path(source: str, corpora: Path) -> Path | None:
    path = Path(source)
    if path.is_file():
        return path
    # A build made from a relative path: the kremlin folder's name and what follows it.
    parts = path.parts
    if "kremlin" in parts:
        tail = Path(*parts[parts.index("kremlin") :])
        if (corpora / tail).is_file():
            return corpora / tail
    return None


@dataclass
class _Tally:
    passages: int = 0
    attributed: int = 0
    misses: Counter = None  # type: ignore[assignment]
    miss_examples: list = None  # type: ignore[assignment]
    credited: Counter = None  # type: ignore[assignment]
    credited_examples: list = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.misses, self.credited = Counter(), Counter()
        self.miss_examples, self.credited_examples = [], []


def _source_kind(label: str | None) -> str:
    if label is None:
        return "not found in the page"
    if label in (NARRATION, LEAD):
        return "press service's text"
    if label == HEADED:
        return "after a heading, no label"
    return "another speaker's label"


def president_share(engine: Engine, corpora: Path, speeches: set[str]) -> dict:
    """Kremlin pages 2000–2020: the President's words, by the page, and whom the index credits."""
    documents = kremlin_documents(engine)
    tally = _Tally()
    per_holder: Counter = Counter()
    per_holder_right: Counter = Counter()
    unmatched = missing_pages = 0
    for passages in documents:
        path = _source_path(passages[0].source, corpora)
        if path is None:
            missing_pages += 1
            continue
        page = read_page(path.resolve())
        matcher = PageMatcher(page)
        whole_speech = page.page_id in speeches and not page.labelled
        for view in passages:
            if view.date is None:
                continue
            holder = holder_on(view.date)
            paragraph = matcher.paragraph_of(view.text)
            if paragraph is None:
                unmatched += 1
            label = paragraph.label if paragraph else None
            said_by_president = label is not None and (
                (
                    label not in (NARRATION, LEAD, HEADED, QUOTED)
                    and president_label(label, view.date)
                )
                or (whole_speech and label in (NARRATION, HEADED))
                or (label == QUOTED and holder is not None and quoted_is(page.title, holder))
            )
            credited = holder is not None and match_key(view.speaker) == match_key(holder)
            where = f"{view.id} ({page.page_id}.html, {view.date}): {view.text[:60]}"
            if said_by_president:
                tally.passages += 1
                per_holder[holder] += 1
                if credited:
                    tally.attributed += 1
                    per_holder_right[holder] += 1
                else:
                    tally.misses[view.speaker] += 1
                    if len(tally.miss_examples) < EXAMPLES:
                        tally.miss_examples.append(f"{view.speaker!r} for {holder}: {where}")
            elif credited:
                kind = _source_kind(label)
                tally.credited[kind] += 1
                if len(tally.credited_examples) < EXAMPLES:
                    tally.credited_examples.append(f"{kind} (label {label!r}): {where}")
    share = tally.attributed / tally.passages if tally.passages else None
    return {
        "documents": len(documents),
        "pages_not_found": missing_pages,
        "passages_not_found_in_page": unmatched,
        "president_passages": tally.passages,
        "attributed_to_holder": tally.attributed,
        "share": round(share, 4) if share is not None else None,
        "by_holder": {h: [per_holder_right[h], per_holder[h]] for h in sorted(per_holder)},
        "misses": dict(tally.misses.most_common()),
        "miss_examples": tally.miss_examples,
        "credited_to_holder_not_president": dict(tally.credited.most_common()),
        "credited_examples": tally.credited_examples,
    }


def speaker_spans(engine: Engine, names: tuple[str, ...] = PROFILED) -> dict:
    """First and last dates as each person's speaker page shows them (None: no such page)."""
    slugs = {s.name: s.slug for s in engine.speakers()}
    spans: dict[str, dict | None] = {}
    for name in names:
        try:
            profile = engine.speaker_profile(slugs[name]) if name in slugs else None
        except NotFound:
            profile = None
        spans[name] = profile and {
            "first": profile.first_date.isoformat() if profile.first_date else None,
            "last": profile.last_date.isoformat() if profile.last_date else None,
            "passages": profile.passages,
        }
    return spans


def measure(
    index_dir: Path, corpora: Path, judged: Path = JUDGED_FILE, speeches: Path = SPEECHES_FILE
) -> dict:
    """Every figure of the audit for one index."""
    engine = open_engine(index_dir=index_dir)
    return {
        "index": str(index_dir),
        "speakers": speaker_census(engine, read_judgements(judged)),
        "president": president_share(engine, corpora, read_speech_pages(speeches)),
        "spans": speaker_spans(engine),
    }


# --- the report ---------------------------------------------------------------------------


def _figures(data: dict) -> dict[str, str]:
    speakers, president, spans = data["speakers"], data["president"], data["spans"]
    rows = {
        "speaker records in /speakers": str(speakers["records"]),
        f"records with ≥ {MIN_PASSAGES} passages": str(speakers["records_min_passages"]),
        "… of them defects (target 0)": str(speakers["defects"]),
    }
    for verdict in VERDICTS:
        rows[f"… {verdict}"] = str(speakers["verdicts"].get(verdict, 0))
    rows["… unjudged (not in speakers.tsv)"] = str(len(speakers["unjudged"]))
    share = president["share"]
    rows["Kremlin 2000–2020: President's passages credited to the holder (target ≥ 99%)"] = (
        f"{share:.1%} ({president['attributed_to_holder']}/{president['president_passages']})"
        if share is not None
        else "n/a"
    )
    rows["… credited to the holder, not his words by the page"] = str(
        sum(president["credited_to_holder_not_president"].values())
    )
    for name, span in spans.items():
        rows[f"{name}: first – last date on his page"] = (
            f"{span['first']} – {span['last']} ({span['passages']} passages)" if span else "no page"
        )
    return rows


def table(after: dict, before: dict | None = None) -> str:
    now = _figures(after)
    if before is None:
        lines = ["| figure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in now.items()]
    else:
        then = _figures(before)
        lines = ["| figure | before | after |", "|---|---|---|"]
        lines += [f"| {k} | {then.get(k, '')} | {v} |" for k, v in now.items()]
        fewer = before["speakers"]["records"] - after["speakers"]["records"]
        lines.append(f"| speaker records fewer than before (merged or dropped) | | {fewer} |")
    return "\n".join(lines)


def details(data: dict) -> str:
    speakers, president = data["speakers"], data["president"]
    parts = [
        "### Defects among speaker records\n",
        "| name | passages | verdict | note |",
        "|---|---:|---|---|",
    ]
    parts += [f"| {n} | {p} | {v} | {note} |" for n, p, v, note in speakers["defect_records"]]
    parts.append(f"\n### Unjudged records with ≥ {MIN_PASSAGES} passages\n")
    parts += [f"- {n} ({p})" for n, p in speakers["unjudged"]] or ["none"]
    parts.append("\n### The President's passages credited to someone else\n")
    parts += [f"- {name!r}: {n}" for name, n in president["misses"].items()] or ["none"]
    parts += ["", "Examples:", *[f"- {e}" for e in president["miss_examples"]]]
    parts.append("\n### Credited to the holder, but not the President's words by the page\n")
    credited = president["credited_to_holder_not_president"]
    parts += [f"- {kind}: {n}" for kind, n in credited.items()] or ["none"]
    parts += ["", "Examples:", *[f"- {e}" for e in president["credited_examples"]]]
    parts.append(
        f"\nPassages not found in their page: {president['passages_not_found_in_page']}; "
        f"pages not found: {president['pages_not_found']}; per holder (right/all): "
        f"{president['by_holder']}."
    )
    return "\n".join(parts)


def markdown(after: dict, before: dict | None, stamp: str) -> str:
    return (
        f"## Identity audit\n\n{stamp}Index: `{after['index']}`.\n\n{table(after, before)}\n\n"
        f"{details(after)}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eval.identity", description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="the index folder to measure")
    parser.add_argument("--corpora", type=Path, default=PROJECT.parent / "shared" / "corpora")
    parser.add_argument("--before", type=Path, help="figures saved from an earlier index")
    parser.add_argument("--save", type=Path, help="write this index's figures here as JSON")
    args = parser.parse_args(argv)
    if not args.index.is_dir():
        print(f"error: no index folder at {args.index}", file=sys.stderr)
        return 2
    if args.before is not None and not args.before.is_file():
        print(f"error: no saved figures at {args.before}", file=sys.stderr)
        return 2
    try:
        data = measure(args.index, args.corpora)
    except Unavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    print(markdown(data, before, ""))
    if args.save:
        args.save.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
