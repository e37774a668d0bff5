"""Selects the sample that ships in `corpus/` from the shared corpora, the same way every time.

    python tools/select_sample.py [--shared ../shared/corpora] [--out corpus]

Only sources whose terms allow redistribution are taken (corpus/README.md says which and why):
en.kremlin.ru pages and kremlin.ru Russian rows (CC BY 4.0), White House briefings (works of the
US federal government), UN General Debate speeches (CC0). Each source is sampled with its own
seeded generator, spread over the years (Kremlin), months (White House) and sessions (UN), and
every kind of page the source has is kept in. Kremlin pages lose the site's navigation, footer,
tab strip and sidebar, which the reader never reads (two thirds of a page's bytes); each trimmed
page is checked to read exactly as the original, or kept whole. Everything else is copied byte
for byte; tables keep their header and the rows of what was chosen.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

from bs4 import BeautifulSoup

from indexer.decoding import decode
from indexer.readers import kremlin_html
from indexer.readers.base import SourceMeta

SEED = 20261207
KREMLIN_PER_YEAR = 18  # every year the mirror has, fewer where it has fewer
# Six Direct Lines and big press conferences of 250-350 KB would take a tenth of the budget.
KREMLIN_MAX_BYTES = 150_000
KREMLIN_ALWAYS = (
    "press_conference",
    "interview",
    "direct_line",
    "valdai",
    "announcement",
    "document",
    "press_statements",
    "telephone",
    "speech",
)
WHITEHOUSE_PER_MONTH = 4
WHITEHOUSE_MAX_BYTES = 40_000  # the longest briefings would take a tenth of the budget each
UNGD_SESSIONS = (
    "Session 10 - 1955",
    "Session 25 - 1970",
    "Session 37 - 1982",
    "Session 50 - 1995",
    "Session 65 - 2010",
    "Session 75 - 2020",
    "Session 79 - 2024",
)
UNGD_PER_SESSION = 22
UNGD_ALWAYS = ("USA", "RUS", "CHN", "FRA", "GBR")  # the permanent members speak every session
RUSSIAN_ROWS = 60
# The Kremlin page's chrome: none of it is read (indexer/readers/kremlin_html.py).
KREMLIN_CHROME = ("div.header", "div.main-wrapper", "div.read__tabs", "div.sidebar")


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, list(reader)


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def read_kremlin(text: str, path: Path, manifest: Path) -> list[dict]:
    meta = SourceMeta(
        publisher="President of Russia", options={"manifest": f"../{manifest.name}"}, path=path
    )
    return [asdict(doc) for doc in kremlin_html.read(text, "kremlin/html/x.html", meta)]


def trimmed_kremlin_page(path: Path, manifest: Path) -> bytes:
    """The page without its chrome, if it reads exactly as the whole page; else the whole page."""
    raw = path.read_bytes()
    text, encoding = decode(raw)
    if encoding != "utf-8":
        return raw  # a page with a stray byte stays as it was: that is what it exercises
    soup = BeautifulSoup(text, "lxml")
    for selector in KREMLIN_CHROME:
        for element in soup.select(selector):
            element.decompose()
    trimmed = str(soup)
    if read_kremlin(trimmed, path, manifest) != read_kremlin(text, path, manifest):
        return raw
    return trimmed.encode("utf-8")


def select_kremlin(shared: Path, out: Path, rng: random.Random) -> int:
    header, rows = rows_of(shared / "kremlin" / "manifest.csv")
    column = {name: i for i, name in enumerate(header)}
    by_year: dict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        if int(row[column["bytes"]]) <= KREMLIN_MAX_BYTES:
            by_year[row[column["date"]][:4]].append(row)
    chosen: list[list[str]] = []
    for year in sorted(by_year):
        pool = sorted(by_year[year], key=lambda r: r[column["file"]])
        rng.shuffle(pool)
        # One of each kind the year has, then the rest at random, smaller pages first among
        # equals so the sample holds more pages in its budget.
        picked = []
        for kind in KREMLIN_ALWAYS:
            picked += [r for r in pool if r[column["kind_guess"]] == kind][:1]
        rest = [r for r in pool if r not in picked]
        picked += rest[: max(0, KREMLIN_PER_YEAR - len(picked))]
        chosen += picked
    chosen.sort(key=lambda r: r[column["file"]])
    manifest = out / "kremlin" / "manifest.csv"
    write_rows(manifest, header, chosen)
    for row in chosen:
        source = shared / "kremlin" / row[column["file"]]
        target = out / "kremlin" / row[column["file"]]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(trimmed_kremlin_page(source, shared / "kremlin" / "manifest.csv"))
    return len(chosen)


def select_whitehouse(shared: Path, out: Path, rng: random.Random) -> int:
    root = shared / "whitehouse" / "press-briefings"
    count = 0
    for month in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(p for p in month.glob("*.md") if p.stat().st_size <= WHITEHOUSE_MAX_BYTES)
        rng.shuffle(files)
        # A briefing, a gaggle and a press call where the month has them, then any.
        picked: list[Path] = []
        for word in ("press-briefing", "gaggle", "press-call"):
            picked += [p for p in files if word in p.name and p not in picked][:1]
        picked += [p for p in files if p not in picked][: WHITEHOUSE_PER_MONTH - len(picked)]
        for path in picked:
            copy(path, out / "whitehouse" / "press-briefings" / month.name / path.name)
        count += len(picked)
    return count


def select_ungd(shared: Path, out: Path, rng: random.Random) -> int:
    root = shared / "ungd"
    count = 0
    sessions = set()
    for session in UNGD_SESSIONS:
        files = sorted((root / "TXT" / session).glob("*.txt"))
        always = [p for p in files if p.name.split("_")[0] in UNGD_ALWAYS]
        rest = [p for p in files if p not in always]
        rng.shuffle(rest)
        for path in always + rest[: UNGD_PER_SESSION - len(always)]:
            copy(path, out / "ungd" / "TXT" / session / path.name)
            count += 1
        sessions.add(session.split()[1].lstrip("0"))
    header, rows = rows_of(root / "Speakers_by_session.csv")
    session_column = header.index("Session")
    write_rows(
        out / "ungd" / "Speakers_by_session.csv",
        header,
        [r for r in rows if r[session_column].strip() in sessions],
    )
    copy(root / "README.txt", out / "ungd" / "README.txt")
    return count


def select_russian(shared: Path, out: Path, rng: random.Random) -> int:
    parts = sorted((shared / "russian").glob("*.csv"))
    header, rows = rows_of(parts[0])
    for part in parts[1:]:
        rows += rows_of(part)[1]
    text_column = header.index("article_full_text_1")
    # Pages with turns ("В.Путин :") and readouts without, half and half.
    with_turns = [r for r in rows if " : " in r[text_column]]
    without = [r for r in rows if " : " not in r[text_column]]
    rng.shuffle(with_turns)
    rng.shuffle(without)
    chosen = with_turns[: RUSSIAN_ROWS // 2] + without[: RUSSIAN_ROWS // 2]
    chosen.sort(key=lambda r: (r[header.index("date")], r[header.index("url")]))
    write_rows(out / "russian" / "kremlin_articles_ru_sample.csv", header, chosen)
    return len(chosen)


def clear(folder: Path) -> None:
    """What an earlier run selected, leaving the folder's own notes (SOURCE.md)."""
    if not folder.is_dir():
        return
    for item in folder.iterdir():
        if item.is_dir():
            shutil.rmtree(item)
        elif item.name != "SOURCE.md":
            item.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--out", type=Path, default=Path("corpus"))
    args = parser.parse_args()
    counts = {}
    for name, select in (
        ("kremlin", select_kremlin),
        ("whitehouse", select_whitehouse),
        ("ungd", select_ungd),
        ("russian", select_russian),
    ):
        clear(args.out / name)
        counts[name] = select(args.shared, args.out, random.Random(f"{SEED}-{name}"))
    for name, n in counts.items():
        print(f"{name}: {n} files")


if __name__ == "__main__":
    main()
