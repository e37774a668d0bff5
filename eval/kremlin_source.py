"""Who speaks each paragraph of an en.kremlin.ru page, read from the page itself.

The identity audit asks whether the index credits the President's words to the person who held
the office that day. To know which words are the President's without trusting the parser under
test, this module reads the saved page again with rules of its own, kept deliberately plain:

- the summary under the title (`.read__lead`) is the press service's (narration);
- a body paragraph (`<p>` directly inside the article body) that opens with bold text holding
  or followed by a colon, or followed by a note in brackets ("(retranslated)") and words, is a
  turn: the bold text before the colon is its label; unlabelled paragraphs after it continue
  that turn;
- body paragraphs before the first label are the press service's (narration);
- a bold paragraph with no colon is a heading: the paragraphs after it, until the next label,
  have no known speaker;
- in the press service's paragraphs, words quoted after a colon ("The message said, in part:
  “I am sure …”", "Mr Putin emphasized: “… if we …”") and the quoted paragraphs that follow
  are the quoted person's own words, first person and verbatim: the page's subject's, when its
  title names the President of the day as its subject (`quoted_is`);
- a page with no label at all is narration, unless the hand-judged list of the President's own
  speeches and articles (`tests/audit/identity/kremlin-speeches.tsv`) names it: then its body
  (headings aside) is his.

Which labels denote the President is `president_label` below; the method is written down in
`tests/audit/identity/README.md`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

NARRATION = "narration"  # the press service's own account, in the body
LEAD = "lead"  # the summary under the title: the press service's too
HEADED = "headed"  # after a heading, before any label: nobody known
QUOTED = "quoted"  # words the press service quotes whole after a colon: the sender's

# Office-holders of the President of Russia. Putin acting from 1999-12-31 (the corpus' page
# kremlin/html/37409.html, "Acting President Vladimir Putin addressed the nation", and 2000 pages
# titled "Acting President ..."), inaugurated 2000-05-07; Medvedev inaugurated 2008-05-07; Putin
# again from 2012-05-07 (kremlin/html/17976.html: "The inauguration took place on May 7"). The
# corpus has no page from 2006-05 to 2010-03, so the 2008 date is the public record's. An
# inauguration day is the new holder's: the ceremony opens the day's record.
TERMS = (
    (date(1999, 12, 31), date(2008, 5, 6), "Vladimir Putin"),
    (date(2008, 5, 7), date(2012, 5, 6), "Dmitry Medvedev"),
    (date(2012, 5, 7), date(9999, 12, 31), "Vladimir Putin"),
)

_HOLDER_WORDS = {"Vladimir Putin": ("putin", "путин"), "Dmitry Medvedev": ("medvedev", "медведев")}
# A post before the name that is not the presidency: "Prime Minister Dmitry Medvedev".
_OTHER_POST = re.compile(r"\b(?:prime\s+minister|premier|chairman\s+of\s+the\s+government)\b")
_BARE_OFFICE = re.compile(
    r"^(?:the\s+)?(?:russian\s+)?president(?:\s+of\s+(?:russia|the\s+russian\s+federation))?$"
    r"|^президент(?:\s+россии)?$"
)


def holder_on(day: date) -> str | None:
    """The President of Russia on a day, or None before the corpus' first term."""
    for first, last, name in TERMS:
        if first <= day <= last:
            return name
    return None


def president_label(label: str, day: date) -> bool:
    """Does this source label name the person who was President on `day`?

    A label naming the holder ("Vladimir Putin", "President of Russia Vladimir Putin",
    "V.Putin") counts unless it gives him another post ("Prime Minister Dmitry Medvedev"); so
    does the bare office ("President", "President of Russia", "The President").
    """
    text = " ".join(re.sub(r"\([^)]*\)", " ", label).casefold().split())
    if _BARE_OFFICE.match(text):
        return True
    holder = holder_on(day)
    if holder is None:
        return False
    words = _HOLDER_WORDS[holder]
    squeezed = text.replace(" ", "")
    return any(w in squeezed for w in words) and not _OTHER_POST.search(text)


@dataclass(frozen=True)
class SourceParagraph:
    key: str  # letters and digits only, case-folded: what passages are matched on
    label: str  # the turn's label, or LEAD / NARRATION / HEADED


@dataclass(frozen=True)
class SourcePage:
    page_id: str
    title: str
    sections: tuple[str, ...]
    labelled: bool
    paragraphs: tuple[SourceParagraph, ...]


def match_key(text: str) -> str:
    """Letters and digits only, case-folded: spacing, quotes and dashes do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _opening_bold(p: Tag) -> tuple[str, str]:
    """The bold run that opens a paragraph, and the rest of its text."""
    bold: list[str] = []
    rest: list[str] = []
    in_opening = True
    for node in p.descendants:
        if not isinstance(node, NavigableString):
            continue
        text = str(node)
        is_bold = any(parent.name in ("b", "strong") for parent in node.parents if parent is not p)
        if in_opening and (is_bold or not text.strip()):
            bold.append(text)
        else:
            in_opening = False
            rest.append(text)
    return "".join(bold), "".join(rest)


def _label(bold: str, rest: str) -> tuple[str | None, str]:
    """(label, words said) when the bold opening is a speaker label; (None, text) otherwise."""
    if ":" in bold:
        label, said = bold.split(":", 1)
        return " ".join(label.split()), said + rest
    after = re.match(r"\s*(\([^()]*\))?\s*:", rest) or re.match(r"\s*\([^()]*\)\s*(?=\S)", rest)
    if after:
        # "<b>Name</b>: ..." or "<b>Name</b> (retranslated) ...": a name and a note, then words.
        return " ".join(bold.split()), rest[after.end() :]
    return None, bold + rest


@cache
def read_page(path: Path) -> SourcePage:
    raw = path.read_bytes().decode("utf-8", errors="replace")
    soup = BeautifulSoup(raw, "lxml")
    for widget in soup.select(".masha-ignore, .read__tooltip, script, style"):
        widget.decompose()
    heading = soup.select_one("h1")
    title = " ".join(heading.get_text(" ").split()) if heading else ""
    keywords = soup.find("meta", attrs={"name": "keywords"})
    content = keywords.get("content") if keywords else None
    sections = tuple(s.strip() for s in re.split(r"[,;]", content or "") if s.strip())
    paragraphs: list[SourceParagraph] = []
    lead = soup.select_one(".read__lead")
    if lead is not None:
        for p in lead.find_all("p") or [lead]:
            if match_key(p.get_text(" ")):  # an empty summary is no paragraph
                paragraphs.append(SourceParagraph(match_key(p.get_text(" ")), LEAD))
    body = soup.select_one(".read__internal_content")
    current: str = NARRATION
    labelled = quoting = False
    for p in body.find_all("p", recursive=False) if body is not None else []:
        bold, rest = _opening_bold(p)
        if bold.strip() and not rest.strip() and ":" not in bold:
            current = HEADED  # a heading
            continue
        label, said = _label(bold, rest) if bold.strip() else (None, rest)
        if label:
            current, labelled = label, True
        if current == NARRATION:
            quoting = _quoted(said, quoting, paragraphs)
            continue
        key = match_key(said)
        if key:
            paragraphs.append(SourceParagraph(key, current))
    return SourcePage(path.stem, title, sections, labelled, tuple(paragraphs))


# A colon, then an opening quotation mark: the press service quotes words whole.
_QUOTE_AFTER_COLON = re.compile(r":\s*(?=[“\"«])")


def _quoted(text: str, quoting: bool, paragraphs: list[SourceParagraph]) -> bool:
    """Adds a press-service paragraph, its quotation apart; whether a quotation goes on."""
    text = text.strip()
    if quoting and text[:1] in '“"«':
        quote = text  # the next paragraph of the same quotation
    else:
        found = _QUOTE_AFTER_COLON.search(text)
        if found is None:
            if match_key(text):
                paragraphs.append(SourceParagraph(match_key(text), NARRATION))
            return text.endswith(":")  # "The message said, in part:", the quotation below
        if match_key(text[: found.start()]):
            paragraphs.append(SourceParagraph(match_key(text[: found.start()]), NARRATION))
        quote = text[found.end() :]
    if match_key(quote):
        paragraphs.append(SourceParagraph(match_key(quote), QUOTED))
    return True


_TITLE_SUBJECT = re.compile(r"^(?:acting\s+)?(?:president\s+)?(?:and\s+prime\s+minister\s+)?")


def quoted_is(title: str, holder: str) -> bool:
    """Whether a page's quoted words are `holder`'s: its title names him as its subject
    ("Acting President Vladimir Putin congratulated …", "President Vladimir Putin sent …")."""
    subject = _TITLE_SUBJECT.sub("", " ".join(title.split()).casefold())
    return subject.startswith(holder.casefold())


class PageMatcher:
    """Finds, passage after passage in reading order, the source paragraph each one opens with."""

    PREFIX = 40

    def __init__(self, page: SourcePage) -> None:
        self.page = page
        self.joined = "".join(p.key for p in page.paragraphs)
        self.starts: list[int] = []
        offset = 0
        for p in page.paragraphs:
            self.starts.append(offset)
            offset += len(p.key)
        self.cursor = 0  # the paragraph after the last one matched

    def paragraph_of(self, passage_text: str) -> SourceParagraph | None:
        """The paragraph a passage opens with: one starting with the passage's opening words
        at or after the last match, else anywhere; failing that, the paragraph holding them."""
        key = match_key(passage_text)[: self.PREFIX]
        if not key:
            return None
        starting = [i for i, start in enumerate(self.starts) if self.joined.startswith(key, start)]
        later = [i for i in starting if i >= self.cursor]
        if later or starting:
            index = (later or starting)[0]
        else:
            found = self.joined.find(key)
            if found < 0:
                return None
            index = max(i for i, start in enumerate(self.starts) if start <= found)
        self.cursor = index + 1
        return self.page.paragraphs[index]
