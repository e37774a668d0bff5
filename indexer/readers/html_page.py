"""Any HTML page that holds a transcript: its main content, one block per paragraph.

This is the fallback for HTML that no site-specific reader claims. A page carries the site's
chrome (navigation, header, footer, sidebars, share buttons, lists of related links) around the
text, so the reader drops what is chrome by its markup, then takes the main content: the
`<article>`, `<main>` or role=main element if it holds most of the page's text, else the element
whose paragraphs hold the most text that is not links. Each paragraph (`<p>`, list item,
heading, or a line set off by `<br>`) is a block. A paragraph opening with a bold run that ends
with a colon, inside or just after the bold (`<b>Name:</b>`, `<b>Name</b>:`), is labelled by
it; other labels ("Q:", "Name:" in plain text) are left for the shaper to find.

Title, date and url come from the page's metadata (og:title, article:published_time,
`<time datetime>`, canonical link), else from the visible heading and a date written in or near
it. A source may name a manifest (`manifest = "../index.csv"` in its options: a CSV with a column
naming each page relative to the manifest, `file` by default, and a `url` column) for pages that
do not carry their own address.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from indexer.dates import find_date, parse_date
from indexer.model import Block, SourceDocument
from indexer.readers.base import SourceMeta, carry_bare_labels, warn_missing_extra
from indexer.text import normalise, paragraphs

_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_SNIFF_CHARS = 2048

# Elements that are never the text of a page, whatever they hold.
_NEVER_TEXT = (
    "script style noscript template svg canvas iframe object embed button select input textarea"
    " nav aside"
).split()
# Page chrome by its HTML5 element or ARIA role. A form is chrome too, unless it wraps the page.
_CHROME_TAGS = ("header", "footer")
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
# Page chrome by its class or id: whole words of it, so "nav" matches "main-nav" but not "canvas".
_CHROME_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|side-bar|footer|header"
    r"|masthead|share|sharing|social|related|comments?|cookies?|banner|advert|ads?|promo"
    r"|subscribe|newsletter|toolbar|pagination|pager|skip-link|print)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)

_BLOCK_TAGS = frozenset(
    """
    address article blockquote body dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 header hr
    footer li main ol p pre section table tbody td th thead tfoot tr ul
""".split()
)
# A text's own paragraph; the element holding such paragraphs is what the density score counts.
_PARAGRAPH_TAGS = frozenset("p li dd dt h2 h3 h4 h5 h6 blockquote pre td th".split())
_BOLD_TAGS = frozenset({"b", "strong"})
# A form or chrome-named element holding this share of the page's text, in this many paragraphs,
# wraps the page rather than decorating it.
_WRAPPER_SHARE = 0.5
_WRAPPER_PARAGRAPHS = 3
# A block of links inside the main content (related items, tags) is dropped above this share.
_LINK_HEAVY = 0.5
_MAX_LABEL_WORDS = 6
_MAX_LABEL_CHARS = 60
# A `<title>` part after one of these, short enough to be a site's name, is dropped.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·•-]|::)\s+")
_MAX_SITE_NAME_WORDS = 5
_DATE_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "article.published",
)
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_LANGUAGES = frozenset({"en", "ru"})
_WHITESPACE = re.compile(r"\s+")


def sniff(path: str, text: str) -> bool:
    return bool(_HTML_START.search(text[:_SNIFF_CHARS]))


def read(text: str, source: str, meta: SourceMeta) -> list[SourceDocument]:
    soup = BeautifulSoup(normalise(text), "lxml")
    # Metadata first: an article's own <header> holds its heading and date, and goes as chrome.
    metas = _meta_tags(soup)
    title = _page_title(soup, metas) or Path(source).stem
    day = _page_date(soup, metas, title)
    language, url = _language(soup, meta), _page_url(metas, soup, meta)
    _drop_chrome(soup)
    main = _main_content(soup.body or soup)
    blocks, written_date = _without_heading_lines(_blocks(main), title)
    if not blocks:
        return []
    return [
        SourceDocument(
            title=title,
            date=day or written_date,
            source=source,
            blocks=tuple(blocks),
            language=language,
            publisher=meta.publisher,
            url=url,
        )
    ]


# --- metadata --------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return _WHITESPACE.sub(" ", normalise(text or "")).strip()


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """`<meta>` contents by lower-cased property, name or itemprop; the first of each wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = _clean(tag.get("content"))
        for attribute in ("property", "name", "itemprop"):
            key = tag.get(attribute)
            if isinstance(key, str) and content:
                found.setdefault(key.strip().lower(), content)
    return found


def _without_site_name(title: str, site_name: str | None) -> str:
    """A title without the site's name: "Interview with TASS - Daily News" → "Interview with TASS".

    The last part after a separator goes when it is the og:site_name, or, for pages that do not
    name their site, when it is short and the rest is longer.
    """
    title = _clean(title)
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title
    head, tail = title[: separators[-1].start()], title[separators[-1].end() :]
    if site_name:
        return head if tail.casefold() == site_name.casefold() else title
    if len(tail.split()) <= _MAX_SITE_NAME_WORDS and len(head.split()) > len(tail.split()):
        return head
    return title


def _heading(soup: BeautifulSoup) -> str:
    """The page's own h1: the one in its article or main element, else one its <title> repeats.

    A site's logo is often an h1 too, and comes first.
    """
    scoped = soup.select_one("article h1, main h1, [role=main] h1")
    if scoped:
        return _clean(scoped.get_text())
    page_title = _clean(soup.title.get_text()).casefold() if soup.title else ""
    for heading in soup.find_all("h1"):
        text = _clean(heading.get_text())
        if text and (not page_title or text.casefold() in page_title):
            return text
    return ""


def _page_title(soup: BeautifulSoup, metas: dict[str, str]) -> str:
    site = metas.get("og:site_name")
    candidates = [
        _without_site_name(metas.get("og:title", ""), site),
        _without_site_name(metas.get("twitter:title", ""), site),
        _heading(soup),
        _without_site_name(soup.title.get_text() if soup.title else "", site),
    ]
    return next((c for c in candidates if c), "")


def _iso_or_written_date(value: str | None) -> date | None:
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    return find_date(value)


def _page_date(soup: BeautifulSoup, metas: dict[str, str], title: str) -> date | None:
    times = soup.select("article time, main time, [role=main] time") + soup.find_all("time")
    candidates = [t.get("datetime") for t in times if t.get("datetime")]
    candidates[:0] = [metas.get(key) for key in _DATE_META_KEYS]
    for value in candidates:
        day = _iso_or_written_date(value)
        if day:
            return day
    return find_date(title) or _date_near_heading(soup, title)


def _date_near_heading(soup: BeautifulSoup, title: str) -> date | None:
    """A date written just under the page's heading, as in `<h1>…</h1><p>May 5, 2021</p>`."""
    for heading in soup.find_all(["h1", "h2"]):
        if _clean(heading.get_text()) != title:
            continue
        for sibling in heading.find_next_siblings(limit=3):
            text = _clean(sibling.get_text())
            if text and len(text) <= 100 and find_date(text):
                return find_date(text)
    return None


def _page_url(metas: dict[str, str], soup: BeautifulSoup, meta: SourceMeta) -> str | None:
    canonical = soup.find("link", rel="canonical")
    href = canonical.get("href") if canonical else None
    return (
        metas.get("og:url")
        or (href if isinstance(href, str) else None)
        or (_manifest_url(meta) or meta.url)
    )


def _manifest_url(meta: SourceMeta) -> str | None:
    manifest = meta.sidecar("manifest")
    if manifest is None or meta.path is None:
        return None
    if not manifest.is_file():
        warn_missing_extra(manifest, "manifest named by the source profile is missing")
        return None
    file_column = meta.options.get("manifest_file_column", "file")
    url_column = meta.options.get("manifest_url_column", "url")
    rows = _manifest_rows(manifest, file_column, url_column)
    if rows is None:
        warn_missing_extra(manifest, f"manifest has no column {file_column!r} or {url_column!r}")
        return None
    return rows.get(meta.path.resolve())


@cache
def _manifest_rows(manifest: Path, file_column: str, url_column: str) -> dict[Path, str] | None:
    with open(manifest, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if {file_column, url_column} - set(reader.fieldnames or ()):
            return None
        return {
            (manifest.parent / row[file_column]).resolve(): row[url_column]
            for row in reader
            if row[file_column] and row[url_column]
        }


def _language(soup: BeautifulSoup, meta: SourceMeta) -> str:
    root = soup.find("html")
    declared = root.get("lang") if root else None
    if isinstance(declared, str):
        primary = declared.split("-")[0].strip().lower()
        if primary in _LANGUAGES:
            return primary
    return meta.language


# --- finding the main content ----------------------------------------------------------------


def _in_link(node: NavigableString) -> bool:
    return any(parent.name == "a" for parent in node.parents)


def _own_text_chars(element: Tag) -> int:
    """Characters of text in an element that are not inside a link."""
    total = 0
    for node in element.find_all(string=True):
        if not isinstance(node, PreformattedString) and not _in_link(node):
            total += len(node.strip())
    return total


def _link_density(element: Tag) -> float:
    total = len(_clean(element.get_text()))
    if not total:
        return 0.0
    links = sum(len(_clean(a.get_text())) for a in element.find_all("a"))
    return min(links / total, 1.0)


def _is_hidden(tag: Tag) -> bool:
    style = tag.get("style")
    return (
        tag.has_attr("hidden")
        or tag.get("aria-hidden") == "true"
        or (isinstance(style, str) and bool(_HIDDEN_STYLE.search(style)))
    )


def _chrome_name(tag: Tag) -> bool:
    classes = tag.get("class") or []
    names = " ".join([*classes, tag.get("id") or ""]) if isinstance(classes, list) else ""
    role = tag.get("role")
    return bool(_CHROME_NAMES.search(names)) or (
        isinstance(role, str) and role.lower() in _CHROME_ROLES
    )


def _wraps_page(tag: Tag, page_text: int) -> bool:
    """A form or a chrome-named element that holds the page itself, as ASP.NET pages do."""
    return _own_text_chars(tag) >= _WRAPPER_SHARE * page_text and (
        len(tag.find_all("p", limit=_WRAPPER_PARAGRAPHS)) >= _WRAPPER_PARAGRAPHS
    )


def _drop_chrome(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_NEVER_TEXT):
        tag.decompose()
    body = soup.body or soup
    page_text = _own_text_chars(body) or 1
    for tag in body.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "main", "article"):
            continue
        if tag.get("role") == "main":
            continue
        if (
            _is_hidden(tag)
            or tag.name in _CHROME_TAGS
            or ((tag.name == "form" or _chrome_name(tag)) and not _wraps_page(tag, page_text))
        ):
            tag.decompose()


def _main_content(body: Tag) -> Tag:
    page_text = _own_text_chars(body)
    semantic = body.find_all(["article", "main"]) + body.find_all(attrs={"role": "main"})
    if semantic:
        best = max(semantic, key=_own_text_chars)
        if _own_text_chars(best) * 2 >= page_text > 0:
            return best
    return _densest_element(body) or body


def _densest_element(body: Tag) -> Tag | None:
    """The element whose paragraphs hold the most text outside links, less its link density.

    Each paragraph's text counts for the element holding it and half for that one's parent, so
    a transcript split into a few sub-sections still rolls up into the element around them.
    """
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for node in body.find_all(string=True):
        if isinstance(node, PreformattedString):
            continue
        length = len(node.strip())
        if not length or _in_link(node):
            continue
        block = next((p for p in node.parents if p.name in _BLOCK_TAGS), None)
        if block is None:
            continue
        holder = block.parent if block.name in _PARAGRAPH_TAGS and block.parent else block
        for element, share in ((holder, 1.0), (holder.parent, 0.5)):
            if isinstance(element, Tag) and not isinstance(element, BeautifulSoup):
                scores[id(element)] = scores.get(id(element), 0.0) + share * length
                elements[id(element)] = element
    if not scores:
        return None
    leaders = sorted(scores, key=scores.__getitem__, reverse=True)[:5]
    best = max(leaders, key=lambda key: scores[key] * (1 - _link_density(elements[key])))
    return elements[best]


# --- paragraphs and labels -------------------------------------------------------------------

Run = tuple[str, int | None]  # text, and the id of the bold element it is in
_BREAK = None  # a <br> or the edge of a block element: paragraphs split here


def _is_bold(tag: Tag) -> bool:
    style = tag.get("style")
    return tag.name in _BOLD_TAGS or (isinstance(style, str) and bool(_BOLD_STYLE.search(style)))


def _runs(element: Tag, bold: int | None = None) -> Iterator[Run | None]:
    for child in element.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):
                yield str(child), bold
        elif isinstance(child, Tag):
            if child.name == "br":
                yield _BREAK
            elif child.name == "pre":
                yield _BREAK
                for line in (p for chunk in paragraphs(child.get_text()) for p in chunk):
                    yield line, None
                    yield _BREAK
            elif child.name in _BLOCK_TAGS:
                if child.name not in ("h1", "hr") and not _is_link_heavy(child):
                    yield _BREAK
                    yield from _runs(child, bold)
                yield _BREAK
            else:
                inner = bold if bold is not None or not _is_bold(child) else id(child)
                yield from _runs(child, inner)


def _is_link_heavy(tag: Tag) -> bool:
    return tag.name != "p" and tag.find("a") is not None and _link_density(tag) > _LINK_HEAVY


def _paragraph_runs(main: Tag) -> list[list[Run]]:
    found: list[list[Run]] = [[]]
    for token in _runs(main):
        if token is not None:
            found[-1].append(token)
        elif found[-1]:
            found.append([])
    # A line of no letters or digits ("***") only sets parts of the page apart.
    return [runs for runs in found if any(ch.isalnum() for text, _ in runs for ch in text)]


def _looks_like_label(label: str) -> bool:
    words = label.split()
    return (
        0 < len(words) <= _MAX_LABEL_WORDS
        and len(label) <= _MAX_LABEL_CHARS
        and not re.search(r"[?!;,:]|\.$", label)
        and any(ch.isalpha() for ch in label)
    )


def _labelled(runs: list[Run]) -> Block:
    """A paragraph's block, labelled by a leading bold run that ends at a colon.

    The colon may close the bold element or open the text after it; editors split bold text
    into several elements ("<b>CCTV4</b><b>: On June 19 ...</b>"), so each boundary between the
    leading bold elements is a place where the label may end.
    """
    whole = _clean("".join(text for text, _ in runs))
    runs = runs[next(i for i, (text, _) in enumerate(runs) if text.strip()) :]
    head = ""
    for i, (text, bold) in enumerate(runs):
        if bold is None:
            break
        head += text
        if i + 1 < len(runs) and runs[i + 1][1] == bold:
            continue  # the same bold element goes on
        rest = _clean("".join(text for text, _ in runs[i + 1 :]))
        label = _clean(head)
        if label.endswith(":"):
            label = label[:-1].strip()
        elif rest.startswith(":") and not rest[1:2].isdigit():  # "<b>At 10</b>:00" is a clock
            rest = rest[1:].strip()
        else:
            continue
        return Block(label, rest) if _looks_like_label(label) else Block(None, whole)
    return Block(None, whole)


def _blocks(main: Tag) -> list[Block]:
    # Pages put a speaker label on a line of its own too: "<b>Name:</b><br>text".
    return carry_bare_labels(_labelled(runs) for runs in _paragraph_runs(main))


def _without_heading_lines(blocks: list[Block], title: str) -> tuple[list[Block], date | None]:
    """The content without lines that repeat the title, and the date its leading lines give."""
    kept = [b for b in blocks if b.label or b.text != title]
    written = None
    while kept and kept[0].label is None and parse_date(kept[0].text):
        written = written or parse_date(kept[0].text)
        kept = kept[1:]
    return kept, written
