"""Pages of the Russian President's website (en.kremlin.ru, kremlin.ru) as a crawler saved them.

A page is one document: the title is the `h1`, the date the `<time datetime>` above the text
(announcements carry "Announcement, December 14, 2012" instead), the place and the page's address
are in the markup too. The text is the summary under the title, then the flat run of `<p>`
paragraphs directly inside the article body; photo sliders, video players, "See also" boxes,
pull-quotes (`<blockquote>`, which repeat the text), tooltips and the tags and links at the
bottom sit in other elements and are left out.

A speaker turn opens with a bold name and a colon, the colon inside or just after the bold, the
name sometimes spread over several `<b>` elements and followed by a note such as
"(retranslated)". Bold or italic paragraphs with no such label are headings, separators
("* * *") and stage notes ("(Applause.)"): nobody says them, so they are left out. The first
turn of a person often names them with their post ("President of Russia Vladimir Putin"), later
turns by name alone; the longer label is shortened to the name the page uses later.

Who speaks the unlabelled text: a page with speaker labels opens with the press service's own
account of the event, so that text is the publisher's (the institution, "President of Russia").
A speech, address or article in the site's Transcripts section without labels is one person's
words: the President the title or summary names. Any other page (news items, readouts of
meetings and telephone conversations, messages quoted in part, announcements, documents) is the
press service's report and belongs to the publisher. In an interview, the person the President
answers is the asker.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from indexer.dates import find_date
from indexer.model import Block, SourceDocument
from indexer.readers.base import SourceMeta, warn_missing_extra
from indexer.speakers import default_registry
from indexer.text import normalise, unescape_leftovers

_SNIFF_CHARS = 20_000
# The site's name, its spaces often no-break ones: "President of\u00a0Russia".
_SITE_NAMES = r"(?:President\s+of\s+Russia|Президент\s+России)"
_SITE_NAME = re.compile(
    rf"""<meta\s[^>]*content=["']{_SITE_NAMES}["'][^>]*property=["']og:site_name["']"""
    rf"""|<meta\s[^>]*property=["']og:site_name["'][^>]*content=["']{_SITE_NAMES}["']""",
    re.IGNORECASE,
)
_KREMLIN_ADDRESS = re.compile(r"https?://(?:en\.)?kremlin\.ru/", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s*[•|]\s*(?:President of Russia|Президент России)\s*$")

_BOLD_TAGS = frozenset({"b", "strong"})
_PERSON_LINK = "person_tag"
_ITALIC_TAGS = frozenset({"i", "em"})
_MAX_LABEL_WORDS = 25
# Separators and cut marks that stand as paragraphs of their own.
_SEPARATOR = re.compile(r"^(?:[*\s]+|<…>|<\.\.\.>|\[…\]|…)$")
# A note on how the words reached the page: "(retranslated)", "(re-translated)",
# "(translated from Russian)", "(via interpreter)". It says nothing about who speaks.
_TRANSLATION_NOTE = re.compile(
    r"\((?:[^()]*\b(?:re-?)?translat\w*|[^()]*\binterpret\w*)[^()]*\)", re.IGNORECASE
)
_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
_QUESTION_HEAD = re.compile(r"^(?:question|вопрос)\b", re.IGNORECASE)
_QUESTION_FROM = re.compile(r"^(question|вопрос)\s+(?:from|от)\s+(\S.*)$", re.IGNORECASE)
# A label's note that is a stage direction rather than who asks: "(without a microphone)",
# "(Answering a question from ...)", "(to the Governor)". An asker's name is capitalised.
_STAGE_NOTE = re.compile(r"^(?:[a-z]|(?:Answering|Speaking|Addressing|Noise|Passes|Laughs|To)\b)")
_ENDS_AS_NAME = re.compile(r"\S*[A-ZА-ЯЁ0-9IVX]\S*$")
# A sentence ending inside a label, except after an initial ("A. Repik").
_SENTENCE_INSIDE = re.compile(r"(?<![\s.][A-ZА-ЯЁ])(?<!^[A-ZА-ЯЁ])[.!?…]\s+\S")

# The kind of a page, from its title (or summary): the first pattern that matches names it. The
# site's own sections (Announcements, Documents) decide first; a page naming none of these is an
# "event" in the Transcripts section and a "news" item elsewhere.
_KIND_PATTERNS = [
    ("press conference", r"\b(?:press|news)[ -]conference"),
    ("statement", r"\bpress statements?\b|\bstatements? (?:for|to) the press\b"),
    (
        "press conference",
        r"\b(?:answers?|replies|answered|answering|replied)\b.{0,30}\bquestions?\b"
        r"|\bquestions from (?:the )?(?:journalists|media|press)\b",
    ),
    ("direct line", r"\bdirect line\b"),
    ("media forum", r"\bmedia forum\b|\bforum of (?:[\w-]+ ){0,4}media\b"),
    ("interview", r"\binterview"),
    ("telephone conversation", r"\btelephone\b|\bphone\b"),
    ("article", r"\barticle by\b|\barticle\b.{0,40}\bpublished\b|^article\b"),
    ("address", r"\baddress\b"),
    ("speech", r"\bspeech(?:es)?\b|\baddressed\b|\bspoke at\b|\bremarks\b"),
    (
        "message",
        r"\bgreetings?\b|\bcongratulat\w*|\bcondolences?\b|\bmessage\b|\bletter\b|\bbirthday\b"
        r"|\bwished\b|\bsympathy\b",
    ),
    (
        "meeting",
        r"\bmeeting\b|\bmet\b|\bmeets?\b|\btalks\b|\bnegotiations\b|\bsession\b|\bsummit\b"
        r"|\bconference\b|\bvideoconference\b|\bforum\b",
    ),
    ("document", r"\bexecutive order\b|\bdecree\b|\bsigned\b|\blaw\b|\bratification\b"),
]
_KIND_RULES = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _KIND_PATTERNS]
_DAY_RANGE = re.compile(r"\b(\d{1,2})\s*[−–—-]\s*\d{1,2}\b(?=,?\s+\d{4})")
_SECTION_KINDS = {"announcements": "announcement", "documents": "document"}
_TRANSCRIPTS_SECTION = "transcripts"
# Kinds whose transcript, unlabelled, is one person's words; an unlabelled meeting or message is
# the press service's account of it, quoting at most.
_ONE_VOICE_KINDS = frozenset({"article", "address", "speech"})


def sniff(path: str, text: str) -> bool:
    """A page of the President's site: its og:site_name, and the site's own address in it."""
    head = text[:_SNIFF_CHARS]
    return bool(_SITE_NAME.search(head) and _KREMLIN_ADDRESS.search(head))


@dataclass(frozen=True)
class _Paragraph:
    label: str | None
    text: str


def read(text: str, source: str, meta: SourceMeta) -> list[SourceDocument]:
    soup = BeautifulSoup(text, "lxml")
    listed = _manifest_row(meta)
    title = _page_title(soup) or _clean(listed.get("title")) or Path(source).stem
    sections = _sections(soup) or [
        s.strip() for s in listed.get("site_sections", "").split(";") if s.strip()
    ]
    day = _page_date(soup) or _listed_date(listed)
    people = _people_named(soup)
    # Tooltips (a person's photo and post, a glossary entry) hide inside the text; they and the
    # other widgets the site keeps out of its text selection are marked masha-ignore.
    for widget in soup.select(".masha-ignore, .read__tooltip, img, script, style"):
        widget.decompose()
    lead = _lead_paragraphs(soup)
    summary = " ".join(p.text for p in lead)
    body = soup.select_one(".read__internal_content") or soup.select_one("[itemprop=articleBody]")
    paragraphs = _body_paragraphs(body, people) if body is not None else []
    labelled = any(p.label for p in paragraphs)
    kind = _kind(title, summary, sections)
    speaker = _unlabelled_speaker(title, summary, kind, sections, labelled, meta)
    if speaker == meta.publisher or not paragraphs:
        # The summary opens the press service's own account. A page with no other text is its
        # summary, or failing that its headline: some early news items are a title alone.
        paragraphs = (lead + paragraphs) or [_Paragraph(None, title)]
    return [
        SourceDocument(
            title=title,
            date=day,
            source=source,
            blocks=tuple(Block(p.label, p.text) for p in paragraphs),
            language=_language(soup, meta),
            publisher=meta.publisher,
            url=_meta_property(soup, "og:url") or listed.get("url") or None,
            kind=kind,
            speaker=speaker,
            asker=_interviewer(paragraphs, speaker) if kind == "interview" else None,
            place=_clean(_text_of(soup.select_one(".read__place"))) or listed.get("place") or None,
            labels_marked=True,
        )
    ]


# --- page metadata -------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return " ".join(unescape_leftovers(normalise(text or "")).split())


def _text_of(element: Tag | None) -> str:
    return element.get_text(" ") if element is not None else ""


def _meta_property(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    content = tag.get("content") if tag else None
    return _clean(content) or None if isinstance(content, str) else None


def _page_title(soup: BeautifulSoup) -> str:
    heading = soup.select_one("h1.entry-title") or soup.find("h1")
    title = _clean(_text_of(heading))
    if not title:
        title = _meta_property(soup, "og:title") or ""
    if not title and soup.title:
        title = _TITLE_SUFFIX.sub("", _clean(soup.title.get_text()))
    return title


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _page_date(soup: BeautifulSoup) -> date | None:
    """The date above the text; an announcement's written date; the publication date below."""
    published = soup.select_one(".read__meta time[datetime]") or soup.select_one(
        "time.read__published[datetime]"
    )
    if published is not None and _iso_date(published.get("datetime")):
        return _iso_date(published.get("datetime"))
    announced = soup.select_one(".announce_date")
    if announced is not None:
        # "Announcement, May 14 − 15, 2017": the first day of the event announced.
        written = _DAY_RANGE.sub(r"\1", _clean(_text_of(announced)))
        if find_date(written):
            return find_date(written)
    for tag in soup.select(".read__status time[datetime]"):
        if _iso_date(tag.get("datetime")):
            return _iso_date(tag.get("datetime"))
    return None


def _sections(soup: BeautifulSoup) -> list[str]:
    """The site's sections a page is published in, from its keywords: News, Transcripts, ..."""
    keywords = _meta_property(soup, "keywords") or ""
    return [word.strip() for word in re.split(r"[,;]", keywords) if word.strip()]


def _language(soup: BeautifulSoup, meta: SourceMeta) -> str:
    tag = soup.find("meta", attrs={"itemprop": "inLanguage"})
    value = tag.get("content") if tag else None
    return value.strip().lower()[:2] if isinstance(value, str) and value.strip() else meta.language


# --- the manifest sidecar: a fallback for what a page fails to say ------------------------


def _manifest_row(meta: SourceMeta) -> dict[str, str]:
    manifest = meta.sidecar("manifest")
    if manifest is None or meta.path is None:
        return {}
    if not manifest.is_file():
        warn_missing_extra(manifest, "manifest named by the source profile is missing")
        return {}
    return _manifest_rows(manifest).get(meta.path.resolve(), {})


@cache
def _manifest_rows(manifest: Path) -> dict[Path, dict[str, str]]:
    """The manifest's rows by the absolute path of the page each describes (`file` column)."""
    with open(manifest, encoding="utf-8", newline="") as fh:
        return {
            (manifest.parent / row["file"]).resolve(): row
            for row in csv.DictReader(fh)
            if row.get("file")
        }


def _listed_date(row: dict[str, str]) -> date | None:
    return _iso_date(row.get("date"))


# --- kind and who speaks ------------------------------------------------------------------


def _kind(title: str, lead: str, sections: list[str]) -> str:
    """The site's section, else the title's words, else the summary's ("... published an
    article by Vladimir Putin" under a title that names only the article's subject)."""
    for section in sections:
        if section.casefold() in _SECTION_KINDS:
            return _SECTION_KINDS[section.casefold()]
    for text in (title, lead):
        for kind, pattern in _KIND_RULES:
            if pattern.search(text):
                return kind
    in_transcripts = any(s.casefold() == _TRANSCRIPTS_SECTION for s in sections)
    return "event" if in_transcripts else "news"


def _unlabelled_speaker(
    title: str, lead: str, kind: str, sections: list[str], labelled: bool, meta: SourceMeta
) -> str | None:
    """Who says the text no label claims; see the module's docstring for why."""
    in_transcripts = any(s.casefold() == _TRANSCRIPTS_SECTION for s in sections)
    if in_transcripts and not labelled and kind in _ONE_VOICE_KINDS:
        for person in default_registry().mentioned_in(f"{title}. {lead}"):
            if any(role.startswith("President of Russia") for role in person.roles):
                return person.name
    return meta.publisher


def _interviewer(paragraphs: list[_Paragraph], interviewee: str | None) -> str | None:
    """The first labelled person in an interview who is not a President of Russia.

    A page names the President's interviewer by name rather than "Question:"; naming them as the
    asker lets the shaper read their turns as questions.
    """
    registry = default_registry()
    for paragraph in paragraphs:
        if not paragraph.label or _QUESTION_HEAD.match(paragraph.label):
            continue
        known = registry.lookup(paragraph.label)
        if known and any(role.startswith("President of Russia") for role in known.roles):
            continue
        name = registry.canonical(paragraph.label)
        if name != interviewee:
            return name
    return None


# --- the text -----------------------------------------------------------------------------


def _name_words(name: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", name))


def _people_named(soup: BeautifulSoup) -> set[frozenset[str]]:
    """The people the site links the page to, each as the set of words of their name.

    The site lists them by surname ("Erdogan Recep Tayyip") under the text and links their names
    in it; a label's words that make up one of these names are the speaker's name.
    """
    names = soup.select(
        ".read__tags a[href*='/catalog/persons/'], a.person_tag, .tooltip_person .tooltip_title"
    )
    return {words for words in (_name_words(_text_of(n)) for n in names) if len(words) >= 2}


def _lead_paragraphs(soup: BeautifulSoup) -> list[_Paragraph]:
    """The summary under the title, the press service's words."""
    lead = soup.select_one(".read__lead")
    if lead is None:
        return []
    texts = [_clean("".join(run.text for run in _runs(p))) for p in lead.find_all("p")]
    texts = texts or [_clean(_text_of(lead))]
    return [_Paragraph(None, text) for text in texts if text]


def _body_paragraphs(body: Tag, people: set[frozenset[str]]) -> list[_Paragraph]:
    found: list[_Paragraph] = []
    pending_label: str | None = None
    for element in body.find_all("p", recursive=False):
        paragraph = _paragraph(element)
        if paragraph is None:
            continue
        label = paragraph.label or pending_label
        if paragraph.label and not re.search(r"\w", paragraph.text):
            pending_label = paragraph.label  # the words follow in the next paragraph
            continue
        pending_label = None
        found.append(_Paragraph(label, paragraph.text))
    return _shortened_labels(found, people)


@dataclass(frozen=True)
class _Run:
    """A stretch of a paragraph's text and how it is marked up."""

    text: str
    bold: bool = False
    italic: bool = False
    person: bool = False  # inside the site's link to a person's page: the name alone


def _runs(node: Tag, within: _Run = _Run("")) -> list[_Run]:
    """The paragraph's text as runs, in order."""
    runs: list[_Run] = []
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            runs.append(_Run(str(child), within.bold, within.italic, within.person))
        elif isinstance(child, Tag) and child.name == "br":
            runs.append(_Run("\n", within.bold, within.italic, within.person))
        elif isinstance(child, Tag):
            classes = child.get("class") or []
            runs.extend(
                _runs(
                    child,
                    _Run(
                        "",
                        within.bold or child.name in _BOLD_TAGS,
                        within.italic or child.name in _ITALIC_TAGS,
                        within.person or (child.name == "a" and _PERSON_LINK in classes),
                    ),
                )
            )
    return runs


def _paragraph(element: Tag) -> _Paragraph | None:
    """A paragraph's label and text; None for a heading, a separator or a stage note."""
    runs = _runs(element)
    text = "".join(run.text for run in runs)
    if not _clean(text) or _SEPARATOR.match(_clean(text)):
        return None
    opening: list[_Run] = []  # the bold run that opens the paragraph, spaces and all
    for run in runs:
        if not run.bold and run.text.strip():
            break
        opening.append(run)
    bold = "".join(run.text for run in opening)
    if not bold.strip():
        if all(run.italic for run in runs if run.text.strip()):
            return None  # a stage note or a heading in italics: "(Applause.)"
        return _Paragraph(None, _clean(text))
    after = text[len(bold) :]
    if not after.strip() and ":" not in bold:
        return None  # a bold heading: "Beginning of meeting with ..."
    split = _split_label(bold, after)
    if split is None:
        return _Paragraph(None, _clean(text))
    label, rest = split
    # The site links a speaker's name to their page: the name without their post before it.
    person = _clean("".join(run.text for run in opening if run.person))
    if person and not _QUESTION_HEAD.match(label) and person in label:
        label = person
    return _Paragraph(label, _clean(rest))


def _split_label(bold: str, after: str) -> tuple[str, str] | None:
    """A bold run and what follows it, as (label, the words said); None if it is no label."""
    if ":" in bold:
        label, rest = bold.split(":", 1)
        rest += after
    else:
        note = re.match(r"\s*(\([^()]*\))?\s*:", after) or re.match(
            r"\s*(\([^()]*\))\s*(?=\S)", after
        )
        if note:
            label, rest = f"{bold} {note.group(1) or ''}", after[note.end() :]
        elif re.match(r"\s*\.?\s*\S", after) and _is_name(bold):
            # A label that lost its colon: "<b>Megyn Kelly</b> With this?"
            label, rest = bold, re.sub(r"^\s*\.", "", after)
        else:
            return None
    label = _label(label, alone=not _clean(rest))
    return (label, rest) if label else None


def _is_name(text: str) -> bool:
    words = _clean(text).split()
    return 2 <= len(words) <= 6 and all(w[0].isupper() for w in words)


def _label(raw: str, alone: bool) -> str | None:
    """A speaker label as the shaper reads it, or None if the text is no label.

    A bold run ending with a colon is how the site marks a speaker, whatever the words: "Call
    centre operator:", "chairman of ... Ivan Mokhnachuk:". Standing alone in its paragraph it may
    as well introduce what follows ("The document reads, in full:"); then it must end as a name.
    """
    label = _clean(_TRANSLATION_NOTE.sub(" ", raw))
    notes = [m.group(1).strip() for m in _PARENTHETICAL.finditer(label)]
    name = _clean(_PARENTHETICAL.sub(" ", label))
    if not name or len(name.split()) > _MAX_LABEL_WORDS or _SENTENCE_INSIDE.search(name):
        return None
    if alone and not _ENDS_AS_NAME.search(name):
        return None
    asked_from = _QUESTION_FROM.match(name)
    if asked_from:
        # "Question from Perm Territory": where the question comes from, as the shaper reads it.
        return f"{asked_from.group(1)} ({asked_from.group(2)})"
    # Only a question's note names someone (who asks); on a name it is a stage direction.
    asker = next((n for n in notes if n and not _STAGE_NOTE.match(n)), None)
    if asker and _QUESTION_HEAD.match(name):
        return f"{name} ({asker})"
    return name


def _shortened_labels(
    paragraphs: list[_Paragraph], people: set[frozenset[str]]
) -> list[_Paragraph]:
    """Labels that add a post to a name, shortened to the name.

    "President of Slovenia Borut Pahor" becomes "Borut Pahor" when the site links the page to
    "Pahor Borut"; "President of Russia Vladimir Putin" becomes "Vladimir Putin", "Direct Line host
    Kirill Kleymenov" "Kirill Kleymenov", "Valeriya Korableva, reporter at Channel One" "Valeriya
    Korableva" and "VladimirPutin" "Vladimir Putin" when the page also labels them so.
    """
    labels = {p.label for p in paragraphs if p.label}
    short_forms = sorted((label for label in labels if len(label.split()) >= 2), key=len)
    # A name split over two bold elements with no space between them: "<b>Vladimir</b><b>Putin".
    spaced = {label.replace(" ", ""): label for label in short_forms}

    def shortest_form(label: str) -> str:
        label = spaced.get(label, label)
        words = label.split()
        for size in range(2, len(words)):
            if _name_words(" ".join(words[-size:])) in people:
                return " ".join(words[-size:])
        for short in short_forms:
            if len(short) < len(label) and (
                label.endswith(" " + short) or label.startswith(short + ",")
            ):
                return short
        return label

    return [_Paragraph(shortest_form(p.label), p.text) if p.label else p for p in paragraphs]
