"""The page addresses a publisher lists: in an RSS or Atom feed, an XML sitemap (or a sitemap
index, one level down), a list of addresses, or a page of links."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

from indexer.decoding import UnreadableFile, decode


class ListError(ValueError):
    """The list could not be read; the message says why."""


def _local(tag: str) -> str:
    """The element's name without its namespace: feeds and sitemaps come with several."""
    return tag.rsplit("}", 1)[-1].lower()


def _xml(body: bytes) -> ET.Element:
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise ListError(f"not well-formed XML: {exc}") from None


def feed_links(body: bytes) -> list[str]:
    """Item links of an RSS 2.0 / RSS 1.0 or Atom feed, in the feed's order."""
    root = _xml(body)
    links = []
    for item in root.iter():
        if _local(item.tag) not in ("item", "entry"):
            continue
        for child in item:
            name = _local(child.tag)
            if name == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    links.append(href.strip())
                    break
                if not href and child.text and child.text.strip():
                    links.append(child.text.strip())
                    break
        else:
            guid = next((c for c in item if _local(c.tag) in ("guid", "id")), None)
            if guid is not None and (guid.text or "").strip().startswith("http"):
                links.append(guid.text.strip())
    return links


def sitemap_links(body: bytes) -> tuple[list[str], list[str]]:
    """(pages, sitemaps): the <loc>s of a urlset, newest <lastmod> first, or of a sitemap index."""
    root = _xml(body)
    entries = []
    for child in root:
        loc = next((c.text.strip() for c in child if _local(c.tag) == "loc" and c.text), None)
        mod = next((c.text.strip() for c in child if _local(c.tag) == "lastmod" and c.text), "")
        if loc:
            entries.append((mod, loc))
    entries.sort(key=lambda e: e[0], reverse=True)  # undated last; ISO dates sort as text
    locs = [loc for _, loc in entries]
    if _local(root.tag) == "sitemapindex":
        return [], locs
    if _local(root.tag) != "urlset":
        raise ListError(f"not a sitemap: the root element is <{_local(root.tag)}>")
    return locs, []


def url_list(body: bytes) -> list[str]:
    """One address a line; blank lines and lines starting with # are left out."""
    text = _text(body)
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def page_links(body: bytes, base: str) -> list[str]:
    """Every <a href> of an HTML page, made absolute, without fragments, each once."""
    parser = _Links()
    parser.feed(_text(body))
    absolute = (urldefrag(urljoin(base, href.strip()))[0] for href in parser.hrefs)
    return list(dict.fromkeys(a for a in absolute if a.startswith(("http://", "https://"))))


def _text(body: bytes) -> str:
    try:
        return decode(body)[0]
    except UnreadableFile as exc:
        raise ListError(str(exc)) from None
