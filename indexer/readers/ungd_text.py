"""UN General Debate speeches (the UNGD corpus): one plain-text file per country and session.

The file holds only the body of one speech, in English; its name says the rest:
`ISO_NN_YYYY.txt` (country code, session number, year). Who spoke, and as what, comes from the
corpus's speaker table (a CSV named by the `speakers` option of the source profile), joined on
the country code and the session. A file the table does not name is said by the country's
delegation. The country's name is the table's, from the same session, else the nearest session
that names it, else the profile's `country_names` option, else the code itself.

The day of the speech is not in the file name or the table. The page headers of some records
carry the meeting's date ("A/70/PV.22 01/10/2015"), which is used when present; otherwise the
date is the session's year, with year precision (`indexer.dates`): no day is invented.

The text's layout depends on where it came from, so it is read from the file itself:
- one paragraph per line, sometimes numbered ("63.<TAB>text", numbers running through the
  meeting record, so they are dropped), sometimes split at a page break mid-sentence;
- hard-wrapped lines from PDF columns (~50-100 characters), where a paragraph starts after a
  number, an indented line (where the file indents paragraphs), a blank line, or a line that
  ends a sentence short of the column's width or before a line that stops short itself (the
  indented first line of a paragraph, its indent lost);
- Markdown in the latest sessions (headings, bullets, emphasis, rules).
Page furniture (page numbers, document and job numbers, "A/70/PV.22" headers, form feeds) and
record notes ("(spoke in French)") are not speech and are dropped; a page break is not a
paragraph break. Words broken at a line end keep their hyphen ("Secretary-\nGeneral"), unless
the text writes the word unbroken elsewhere ("inter-\nnational").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path

from indexer.dates import DAY, partial_date
from indexer.model import Block, SourceDocument
from indexer.readers.base import SourceMeta, warn_missing_extra
from indexer.readers.ungd_people import Row, people
from indexer.text import normalise

KIND = "speech"
DEFAULT_PUBLISHER = "United Nations General Assembly"
# The general debate opens in September; the day a speech was given is not in the corpus.
_FIRST_SESSION_YEAR = 1945  # session N was held in 1945 + N

_FILE_NAME = re.compile(r"^(?P<iso>[A-Z]{2,3})_(?P<session>\d{1,2})_(?P<year>\d{4})\.txt$")

# --- the speaker table -------------------------------------------------------------------------

_ISO, _SESSION, _COUNTRY = "ISO Code", "Session", "Country"
_NAME, _POST = "Name of Person Speaking", "Post"

_HONORIFIC = re.compile(
    r"^(?:H\.\s?[EM]\.|(?:His|Her)(?:\s+(?:Serene|Royal))?\s+(?:Excellency|Majesty|Highness"
    r"|Holiness|Beatitude)|(?:The\s+)?(?:Rt\.?\s+)?(?:Hon\.|Honou?rable)|(?:The\s+)?Rev(?:erend)?\.?"
    r"|Mr|Mrs|Ms|Miss|Mme|Mlle|Dr|Sir|Dame|Father)(?:[.,-]\s*|\s+)",
    re.IGNORECASE,
)
_TRAILING_DEGREES = re.compile(r"(?:,\s*[A-Z]{2,5}\.?)+$")
_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")
_REGNAL_NUMBER = re.compile(r"^X{0,2}(?:IX|IV|V?I{1,3}|V)$|^X{1,2}$")


@dataclass(frozen=True)
class SpeakerRow:
    name: str  # cleaned; empty when the table names nobody
    post: str
    country: str


@dataclass(frozen=True)
class SpeakerTable:
    rows: dict[tuple[str, int], SpeakerRow]
    # Every (session, name) the table gives a country code, for files the table misses.
    countries: dict[str, tuple[tuple[int, str], ...]]
    # The person each row names, read against the whole table (`ungd_people`).
    people: dict[tuple[str, int], str] = field(default_factory=dict)

    def country(self, iso: str, session: int) -> str | None:
        """The country's name in the session nearest to this one that names it."""
        named = self.countries.get(iso)
        if not named:
            return None
        # On a tie the earlier session wins: a country keeps its name until it changes it.
        return min(named, key=lambda item: (abs(item[0] - session), item[0]))[1]


def _squeeze(text: str) -> str:
    return " ".join(text.split()).strip(" ,;")


def _title_case_shouted(name: str) -> str:
    """Names the record wrote in capitals ("Mr. PEREZ-LLORCA") in title case ("Perez-Llorca")."""
    words = name.split()

    def fix(match: re.Match[str]) -> str:
        run = match.group()
        if sum(ch.isupper() for ch in run) * 2 <= len(run):
            return run
        return run[0].upper() + run[1:].lower()

    # "Frederik IX": a regnal number after a name stays as it is ("XI Jinping" does not).
    return " ".join(
        word
        if i > 0 and i == len(words) - 1 and _REGNAL_NUMBER.match(word)
        else _LETTER_RUN.sub(fix, word)
        for i, word in enumerate(words)
    )


def clean_name(raw: str) -> str:
    """A person's name without honorifics or shouting: "H.E. Mr. KARJALAINEN" → "Karjalainen"."""
    name = _squeeze(raw)
    while True:
        stripped = _HONORIFIC.sub("", name, count=1)
        if stripped == name or not stripped.strip():
            break
        name = stripped
    name = _TRAILING_DEGREES.sub("", name).strip(" ,;")
    return _title_case_shouted(name)


@cache
def speaker_table(path: Path) -> SpeakerTable:
    """The speaker table, parsed once per process and path."""
    rows: dict[tuple[str, int], SpeakerRow] = {}
    countries: dict[str, list[tuple[int, str]]] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for record in csv.DictReader(fh):
            iso = (record.get(_ISO) or "").strip()
            session_text = (record.get(_SESSION) or "").strip()
            if not iso or not session_text.isdigit():
                continue
            session = int(session_text)
            country = _squeeze(record.get(_COUNTRY) or "")
            if country:
                countries.setdefault(iso, []).append((session, country))
            row = SpeakerRow(
                clean_name(record.get(_NAME) or ""), _squeeze(record.get(_POST) or ""), country
            )
            # Three (code, session) pairs have two rows; the first is the one with a post, the
            # head of delegation, so the first row wins.
            rows.setdefault((iso, session), row)
    persons = people(
        Row(iso, session, r.name, r.country, r.post) for (iso, session), r in rows.items()
    )
    return SpeakerTable(rows, {iso: tuple(named) for iso, named in countries.items()}, persons)


def _table_for(meta: SourceMeta) -> SpeakerTable | None:
    path = meta.sidecar("speakers")
    if path is None:
        return None
    if not path.is_file():
        warn_missing_extra(path, "speaker table not found, speeches are given to delegations")
        return None
    return speaker_table(path)


# --- page furniture and markup -----------------------------------------------------------------

# Meeting records ("A/70/PV.22", "A/PV.2357", OCR's "A/37/PY.22") and documents ("A/65/397").
_PV_SYMBOL = r"A/(?:\d{1,2}/)?P[VY]\.\d{1,4}"
_DOCUMENT_SYMBOL = r"A/\d{1,2}/\d{1,4}(?:/Add\.\d{1,2})?"
_JOB_NUMBER = r"\d{2}-\d{5}"
_PAGE = r"\d{1,3}(?:/\d{1,3})?"
_DAY = r"\d{2}/\d{2}/\d{4}"
_FURNITURE = re.compile(
    rf"^(?:\d{{1,4}}|{_JOB_NUMBER}(?:\s+{_PAGE})?|{_PAGE}\s+{_JOB_NUMBER}"
    rf"|{_PV_SYMBOL}(?:\s+{_DAY})?|{_DAY}(?:\s+{_PV_SYMBOL})?|{_DOCUMENT_SYMBOL}"
    r"|\(spoke in [^()]*\))$",
    re.IGNORECASE,
)
# A line with no letter or digit: Markdown rules ("---"), separators ("* * *"), stray quotes.
_SEPARATOR = re.compile(r"^[^\w]*$")
_HEADING = re.compile(r"^#{1,6}\s+")
# A list item or quote; a dash before a lower-case word is a dash ("regions\n- and the").
_BULLET = re.compile(r"^(?:•\s*|(?:[-*>]\s+)+(?=[^\sa-z]|$))")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
# "delega¬tion", "1981¬1982": the 1982 records mark broken words with a not sign.
_NOT_SIGN = re.compile(r"(\w?)¬\s*(\w?)")

# A paragraph number: "63.", "104..", OCR's "l63." or "?25.", or a bare "59" that starts a
# sentence after one ended.
_NUMBER_MARK = re.compile(r"^(?:\d{1,4}\.{1,2}|[lI!?]\d{1,3}\.|\d{1,3}[A-Z]\.)\s+(?=\S)")
_BARE_NUMBER_MARK = re.compile(r"^\d{1,4}\s+(?=[A-Z\"“‘'])")

# A line that ends a sentence: final punctuation, then maybe closing quotes and a short
# reference in brackets, as in `saved.” (A/55/PV.3)`.
_SENTENCE_END = re.compile(r"[.!?:;…][\"”’'»)\]*]*(?:\s*\([^()]{1,40}\))?$")
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
_GLUED_HYPHEN = re.compile(r"(?<=[^\W\d_])- (?!(?:and|or|nor|to|as|than|but|versus)\b)(?=[a-z])")


def _remove_markup(line: str) -> tuple[str, bool, bool]:
    """The line without Markdown, whether it is a heading, whether it is a list item or quote."""
    heading = bool(_HEADING.match(line))
    line = _HEADING.sub("", line)
    bullet = bool(_BULLET.match(line))
    line = _BULLET.sub("", line)
    line = _EMPHASIS.sub(r"\1", _STRONG.sub("", line))
    return line, heading, bullet


def _mend_not_signs(text: str) -> str:
    def mend(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        joiner = "-" if left.isdigit() and right.isdigit() else ""
        return f"{left}{joiner}{right}"

    return _NOT_SIGN.sub(mend, text)


# --- lines and the layout they share -----------------------------------------------------------


@dataclass
class Line:
    text: str
    indented: bool = False
    after_blank: bool = False  # a blank line or a separator before it, not a page break
    marked: bool = False  # a number, bullet or heading says a paragraph starts here
    heading: bool = False
    first: bool = False  # the speech's first line
    printed: int = 0  # its length on the page, a paragraph number included


@dataclass(frozen=True)
class Layout:
    wrapped: bool  # lines wrapped to a column's width, not one paragraph per line
    width: int  # the column's width, in characters, when wrapped
    indented_paragraphs: bool  # an indented line starts a paragraph, and nothing else does


# A title before a name ends with a full stop but not a sentence: "... congratulate Mr.\nX".
_TITLE_ABBREVIATION = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Messrs|Mme|St|Prof|Gen|Sen|H\.E)\.$")


def _is_sentence_end(text: str) -> bool:
    return bool(_SENTENCE_END.search(text)) and not _TITLE_ABBREVIATION.search(text)


def speech_lines(text: str) -> tuple[list[Line], date | None]:
    """The speech's lines without furniture or markup, and the meeting's day if a header says."""
    text = _mend_not_signs(normalise(text).replace("\f", "\n"))
    lines: list[Line] = []
    meeting_day: date | None = None
    blank = page_break = False
    last_number: int | None = None  # the record's paragraph numbers run on through a speech
    for raw in text.split("\n"):
        stripped = raw.strip()
        furniture = _FURNITURE.match(stripped)
        if furniture:
            page_break = True
            meeting_day = meeting_day or _header_date(stripped)
            continue
        content, heading, bullet = _remove_markup(stripped)
        content = " ".join(content.split())
        if _SEPARATOR.match(content):
            blank = True
            continue
        line = Line(
            content,
            indented=raw[:1].isspace(),
            after_blank=blank and not page_break,
            marked=bullet,
            heading=heading,
            first=not lines,
            printed=len(content),
        )
        number = _strip_number(line, lines[-1] if lines else None, last_number)
        last_number = number if number is not None else last_number
        if line.text:
            lines.append(line)
        blank = page_break = False
    return lines, meeting_day


def _header_date(header: str) -> date | None:
    """The meeting's day in a page header such as "A/70/PV.22 01/10/2015"."""
    day = re.search(_DAY, header) if "PV" in header else None
    if not day:
        return None
    dd, mm, yyyy = (int(part) for part in day.group().split("/"))
    try:
        return date(yyyy, mm, dd)
    except ValueError:
        return None


def _strip_number(line: Line, previous: Line | None, last_number: int | None) -> int | None:
    """Drop the paragraph number the line starts with, if any, and return its value."""
    at_sentence_start = previous is None or _is_sentence_end(previous.text)
    match = _NUMBER_MARK.match(line.text)
    digits = match.group().strip(" .") if match else ""
    value = int(digits) if digits.isdigit() else None
    # After a salutation ("Mr. President,") a numbered paragraph may follow, and the record's
    # next number follows even a sentence whose full stop was lost; after a word, a number is
    # the text's own ("adopted in\n1945. The").
    after_comma = previous is not None and previous.text.endswith(",")
    next_in_record = value is not None and last_number is not None and value == last_number + 1
    if match and not (at_sentence_start or after_comma or next_in_record):
        match = None
    if not match and at_sentence_start:
        match = _BARE_NUMBER_MARK.match(line.text)
        value = int(match.group()) if match else None
    if not match:
        return None
    line.text = line.text[match.end() :]
    line.marked = True
    return value


def _percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))] if ordered else 0


# A file is hard-wrapped when most of its lines stop mid-sentence, or when nearly all of them
# are shorter than a paragraph-per-line file's lines ever are.
_WRAPPED_OPEN_SHARE = 0.5
_UNWRAPPED_LINE = 100


def file_layout(lines: list[Line]) -> Layout:
    body = [line for line in lines if not line.heading]
    if not body:
        return Layout(False, 0, False)
    open_lines = [line.printed for line in body if not _is_sentence_end(line.text)]
    wrapped = (
        len(open_lines) > _WRAPPED_OPEN_SHARE * len(body)
        or _percentile([line.printed for line in body], 0.9) < _UNWRAPPED_LINE
    )
    # The column's width, from the lines that stop mid-sentence: in a wrapped stretch they run
    # to the full width, and in a file that mixes layouts they are the wrapped ones.
    width = _percentile(open_lines, 0.9) if wrapped else 0
    return Layout(wrapped, width, wrapped and _indents_paragraphs(body, width))


def _indents_paragraphs(body: list[Line], width: int) -> bool:
    """Whether an indented line is what starts a paragraph in this file.

    It is when indented lines (nearly) always follow a sentence's end, and most lines that end a
    sentence short of the column are followed by one; in other files an indented line is a
    justified line's stray tab, or an odd paragraph among unmarked ones.
    """
    indented = sum(line.indented for line in body[1:])
    after_end = short_ends = short_ends_indented = 0
    for prev, line in pairwise(body):
        if not _is_sentence_end(prev.text):
            continue
        after_end += line.indented
        if _next_word_fits(prev, line, width):
            short_ends += 1
            short_ends_indented += line.indented
    return indented >= 3 and after_end >= 0.8 * indented and short_ends_indented >= 0.5 * short_ends


# A line that ends a sentence ends its paragraph when the next line's first word would have fit
# on it, with room to spare for a proportional font; or when the next line stops short of the
# column itself, mid-sentence, as the indented first line of a paragraph does. Calibrated on the
# 2005 and 2010 records, whose paragraphs are indented: this finds 94% of their paragraph ends,
# and makes three false breaks for every hundred paragraphs.
_SPARE_CHARACTERS = 2
# A justified line runs a little past the usual width; a line this much wider is a paragraph.
_UNWRAPPED_STRETCH = 1.25
# A line this short that stops without punctuation before a capital is a heading or salutation.
_HEADING_LINE = 0.6


def starts_paragraph(prev: Line, line: Line, following: Line | None, layout: Layout) -> bool:
    """Whether `line` starts a new paragraph rather than continuing `prev`'s."""
    if line.marked or line.heading or prev.heading:
        return True
    if _BROKEN_WORD.search(prev.text) or line.text[0].islower():
        # A broken word or a lower-case start goes on with what came before, even after
        # a colon or a page break ("the principle of non-interference:\nand, fourthly, ...").
        return False
    if not _is_sentence_end(prev.text):
        # A sentence goes on after a comma (salutations too: "Mr. President, ..."), into
        # anything but a capital, or after a line long enough to be text, not a heading.
        if prev.text.endswith(",") or not line.text[0].isupper():
            return False
        if layout.wrapped and prev.first:
            return False  # a short first line beside a printed drop capital: "The\nRepublic of"
        limit = _HEADING_LINE * layout.width if layout.wrapped else _UNWRAPPED_LINE
        return prev.printed < limit
    if layout.indented_paragraphs:
        return line.indented or line.after_blank
    if line.after_blank or not layout.wrapped:
        return True
    indented_start = (
        following is not None
        and not following.marked
        and not _is_sentence_end(line.text)
        and _next_word_fits(line, following, layout.width)
    )
    # A paragraph-per-line stretch inside a wrapped file has lines far wider than the column.
    too_wide = prev.printed > _UNWRAPPED_STRETCH * layout.width
    return _next_word_fits(prev, line, layout.width) or indented_start or too_wide


def _next_word_fits(prev: Line, line: Line, width: int) -> bool:
    room = width - prev.printed - 1 - _SPARE_CHARACTERS
    return len(line.text.split(" ", 1)[0]) <= room


def _join(left: str, right: str, vocabulary: set[str]) -> str:
    if not _BROKEN_WORD.search(left):
        return f"{left} {right}"
    head = re.search(r"[^\W\d_]+-$", left)
    tail = re.match(r"[^\W\d_]+", right)
    if head and tail:
        joined = (head.group()[:-1] + tail.group()).casefold()
        hyphenated = (head.group() + tail.group()).casefold()
        if joined in vocabulary and hyphenated not in vocabulary:
            return left[:-1] + right
    return left + right


# "Mr. President,", "Excellencies, Ladies and Gentlemen:": an address to the hall, which opens
# the paragraph after it rather than standing as a passage of its own.
_SALUTATION = re.compile(
    r"^(?:(?:Dear|Your|Distinguished|Honou?rable|Fellow|My)\s+)?(?:Mr\.?|Mister|Madam|Madame"
    r"|Excellenc(?:y|ies)|Ladies|Distinguished|Delegates|Colleagues|Friends|Brothers|Sisters|Leaders"
    r"|President|Secretary-General|Heads)(?!\w)[^?]{0,120}(?<![.?])$",
    re.IGNORECASE,
)


def _merge_salutations(paragraphs: list[tuple[str, bool]]) -> list[str]:
    """Salutations joined to the paragraph they open; a heading stops them."""
    merged: list[str] = []
    pending = ""
    for paragraph, heading in paragraphs:
        if not heading and _SALUTATION.match(paragraph):
            pending = f"{pending} {paragraph}".strip()
            continue
        if pending and heading:
            merged.append(pending)
        elif pending:
            paragraph = f"{pending} {paragraph}"
        merged.append(paragraph)
        pending = ""
    if pending:
        merged.append(pending)
    return merged


def speech_paragraphs(text: str) -> tuple[list[str], date | None]:
    """The speech's paragraphs, rebuilt from whatever layout the file has."""
    lines, meeting_day = speech_lines(text)
    layout = file_layout(lines)
    vocabulary = {w.casefold() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)}
    paragraphs: list[tuple[str, bool]] = []  # with whether it is a heading
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if i == 0 or starts_paragraph(lines[i - 1], line, following, layout):
            paragraphs.append((line.text, line.heading))
        else:
            paragraphs[-1] = (_join(paragraphs[-1][0], line.text, vocabulary), False)
    mended = [(_GLUED_HYPHEN.sub("-", text), heading) for text, heading in paragraphs]
    return _merge_salutations(mended), meeting_day


# --- the document ------------------------------------------------------------------------------


def sniff(path: str, text: str) -> bool:
    # A UN speech reads like any other plain text, so the content cannot tell; the corpus's
    # file name (ISO_NN_YYYY.txt, the year matching the session) can, given plain text.
    match = _FILE_NAME.match(Path(path).name)
    if not match or "\x00" in text[:4096] or not any(ch.isalpha() for ch in text[:4096]):
        return False
    return int(match.group("year")) == _FIRST_SESSION_YEAR + int(match.group("session"))


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


@dataclass(frozen=True)
class SpeechFile:
    iso: str
    session: int
    year: int


def speech_file(source: str, meta: SourceMeta) -> SpeechFile | None:
    for name in (Path(source).name, meta.path.name if meta.path else ""):
        match = _FILE_NAME.match(name)
        if match:
            return SpeechFile(match["iso"], int(match["session"]), int(match["year"]))
    return None


@dataclass(frozen=True)
class Attribution:
    speaker: str
    country: str
    title: str


def attribute(facts: SpeechFile, meta: SourceMeta) -> Attribution:
    """Who gave the speech, for which country, and the document's title."""
    table = _table_for(meta)
    row = table.rows.get((facts.iso, facts.session)) if table else None
    extra_names = meta.options.get("country_names", {})
    country = (
        (row.country if row else "")
        or (table.country(facts.iso, facts.session) if table else None)
        or extra_names.get(facts.iso)
        or facts.iso
    )
    debate = (
        f"at the {_ordinal(facts.session)} session of the UN General Assembly general debate,"
        f" {facts.year}"
    )
    if row and row.name:
        post = f", {row.post}," if row.post else ""
        # The title gives the table's own words; the speaker is the person they name.
        title = f"{country}: statement by {row.name}{post} {debate}"
        person = table.people.get((facts.iso, facts.session), row.name) if table else row.name
        return Attribution(person, country, title)
    title = f"{country}: statement by its delegation {debate}"
    return Attribution(f"Delegation of {country}", country, title)


# The verbatim record's own speaker labels, kept in a few files where the meeting's business
# follows the speech: "The PRESIDENT (interpretation from French): ...", "Mr. ROSALES (El
# Salvador): ...". The record writes surnames in capitals, which tells a label from a sentence.
_RECORD_LABEL = re.compile(
    r"^(?:(?P<president>The (?:ACTING )?PRESIDENT)"
    r"|(?:Mr|Mrs|Ms|Miss|Sir|Mme)\.? (?P<surname>[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+)*)"
    r"(?: \((?P<country>[^()]{2,40})\))?)"
    r"(?: \((?:interpretation|translated|translation) from [^()]+\))?:\s+(?=\S)"
)
PRESIDENT_OF_THE_ASSEMBLY = "President of the General Assembly"


def record_label(paragraph: str, speaker: str, country: str) -> tuple[str, str] | None:
    """Who a record label names, and the text after it.

    The speech's own delegation speaks for its speaker: a delegate reading out the President's
    statement ("Mr. KINENE (Uganda)") is giving that speaker's speech.
    """
    match = _RECORD_LABEL.match(paragraph)
    if not match:
        return None
    rest = paragraph[match.end() :]
    if match["president"]:
        return PRESIDENT_OF_THE_ASSEMBLY, rest
    surname = clean_name(match["surname"])
    own_delegation = (match["country"] or "").casefold() == country.casefold()
    if own_delegation or surname.casefold() in speaker.casefold().split():
        return speaker, rest
    return (f"{surname} ({match['country']})" if match["country"] else surname), rest


def speech_blocks(paragraphs: list[str], speaker: str, country: str) -> tuple[Block, ...]:
    """Every paragraph labelled by whoever says it.

    The speech's own speaker labels its paragraphs so that a heading or salutation ending with
    a colon ("Climate Change: ...", "Mr President: ...") is not taken for someone speaking.
    """
    blocks = []
    current = speaker
    for paragraph in paragraphs:
        labelled = record_label(paragraph, speaker, country)
        if labelled:
            current, paragraph = labelled
        blocks.extend(Block(current, piece) for piece in split_overlong(paragraph))
    return tuple(blocks)


# Some records lost their paragraphs altogether (a whole 1982 speech in one run of text); such
# a run is cut at sentence ends into pieces of a readable length, so that a search hit shows
# the passage it found rather than the whole speech.
_OVERLONG = 3000
_PIECE = 1200
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|Art|Arts|para|vol|Jr|Sr|Messrs)|\b[A-Z])\.$"
)


def split_overlong(paragraph: str) -> list[str]:
    """The paragraph, or pieces of it ending at sentence ends if it is overlong."""
    if len(paragraph) <= _OVERLONG:
        return [paragraph]
    pieces = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        if match.start() - start < _PIECE or len(paragraph) - match.end() < _PIECE // 2:
            continue
        if _ABBREVIATION.search(paragraph[max(start, match.start() - 8) : match.start()]):
            continue
        pieces.append(paragraph[start : match.start()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return pieces


def read(text: str, source: str, meta: SourceMeta) -> list[SourceDocument]:
    paragraphs, meeting_day = speech_paragraphs(text)
    facts = speech_file(source, meta)
    precision = DAY
    if facts is None:
        # Only a forced format gets here: the file name is all that says whose speech it is.
        speaker, title, day = None, Path(source).stem, meeting_day
        blocks = tuple(Block(None, piece) for p in paragraphs for piece in split_overlong(p))
    else:
        who = attribute(facts, meta)
        speaker, title = who.speaker, who.title
        day = meeting_day if meeting_day and meeting_day.year == facts.year else None
        if day is None:
            day, precision = partial_date(facts.year)
        blocks = speech_blocks(paragraphs, who.speaker, who.country)
    return [
        SourceDocument(
            title=title,
            date=day,
            source=source,
            blocks=blocks,
            language=meta.language,
            publisher=meta.publisher or DEFAULT_PUBLISHER,
            url=meta.url,
            kind=KIND,
            speaker=speaker,
            date_precision=precision,
            # The speaker table, read whole, said who this is: "Castro (Philippines)" stays so.
            speaker_settled=facts is not None,
            # Every label is the record's own, found above; a colon in a speech ("Chapter I.
            # Muller:", "Protocol I. Haakmat:") starts no turn.
            labels_marked=True,
        )
    ]
