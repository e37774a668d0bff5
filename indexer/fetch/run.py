"""One fetch: each source's list read, and each page it lists fetched and saved if new or
changed. A page fetched within `revisit_after` is not asked for again, so a fetch that was
interrupted resumes where it stopped when run again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from indexer.fetch.archive import Archive, extension
from indexer.fetch.config import Source, SourcesFile
from indexer.fetch.discover import ListError, feed_links, page_links, sitemap_links, url_list
from indexer.fetch.http import Client

# A sitemap index names many sitemaps; the newest few are read.
_SITEMAPS_READ = 5


@dataclass
class SourceReport:
    name: str
    listed: int = 0
    outcomes: Counter = field(default_factory=Counter)  # new, changed, unchanged, ...
    failures: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)
    error: str = ""  # the list itself could not be read


@dataclass
class FetchReport:
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return sum(s.outcomes["new"] + s.outcomes["changed"] for s in self.sources)

    @property
    def failed(self) -> bool:
        return any(s.error or s.failures for s in self.sources)

    def lines(self) -> list[str]:
        lines = []
        for s in self.sources:
            counts = ", ".join(f"{n} {k}" for k, n in sorted(s.outcomes.items())) or "nothing"
            lines.append(f"{s.name}: {s.listed} listed; {counts}")
            if s.error:
                lines.append(f"  list failed: {s.error}")
            lines += [f"  failed: {url}: {reason}" for url, reason in s.failures]
        return lines


def fetch(
    sources: SourcesFile,
    out: Path,
    client: Client | None = None,
    log: Callable[[str], None] = print,
) -> FetchReport:
    """Fetch every source into `out` (one folder per source)."""
    client = client or Client(sources.settings)
    archive = Archive(out)
    report = FetchReport()
    for source in sources.sources:
        result = SourceReport(source.name)
        report.sources.append(result)
        try:
            urls = listed(source, client)
        except ListError as exc:
            result.error = str(exc)
            log(f"{source.name}: could not read its list: {exc}")
            continue
        result.listed = len(urls)
        archive.folder(source)
        for url in urls:
            outcome = _fetch_page(
                source, url, client, archive, sources.settings.revisit_after, result, log
            )
            result.outcomes[outcome] += 1
    return report


def listed(source: Source, client: Client) -> list[str]:
    """The source's page addresses it wants, in the list's order, at most max_items."""
    if source.kind == "urls" and "://" not in source.url:
        try:
            urls = url_list(Path(source.url).expanduser().read_bytes())
        except OSError as exc:
            raise ListError(f"{source.url}: {exc.strerror or exc}") from None
    else:
        body, base = _list_body(source.url, client)
        if source.kind in ("rss", "atom"):
            urls = feed_links(body)
        elif source.kind == "sitemap":
            urls, sitemaps = sitemap_links(body)
            for sitemap in sitemaps[:_SITEMAPS_READ]:
                urls += sitemap_links(_list_body(sitemap, client)[0])[0]
        elif source.kind == "urls":
            urls = url_list(body)
        else:
            urls = page_links(body, base)
    wanted = [u for u in dict.fromkeys(urls) if source.wants(u)]
    return wanted[: source.max_items]


def _list_body(url: str, client: Client) -> tuple[bytes, str]:
    answer = client.get(url)
    if not answer.ok:
        raise ListError(f"{url}: {answer.error or f'HTTP {answer.status}'}")
    return answer.body, answer.final_url or url


def _fetch_page(
    source: Source,
    url: str,
    client: Client,
    archive: Archive,
    revisit: float,
    result: SourceReport,
    log: Callable[[str], None],
) -> str:
    known = archive.record(source, url)
    if known and _age(known[1].get("checked_at")) < revisit:
        return "fresh"  # fetched this recently: not asked for again
    etag = known[1].get("etag") if known else None
    modified = known[1].get("last_modified") if known else None
    answer = client.get(url, etag, modified)
    if answer.not_modified and known:
        archive.checked(*known)
        return "not modified"
    if not answer.ok:
        reason = answer.error or f"HTTP {answer.status}"
        result.failures.append((url, reason))
        log(f"failed   {url}  {reason}")
        return "failed"
    suffix = extension(answer.headers.get("content-type", ""), answer.body)
    if suffix is None:
        reason = f"not a page the indexer reads ({answer.headers.get('content-type')})"
        result.failures.append((url, reason))
        log(f"skipped  {url}  {reason}")
        return "failed"
    saved = archive.save(source, answer, suffix)
    if saved.outcome == "changed":
        log(f"changed  {url}  -> {saved.path} (the older version kept: {saved.older})")
    elif saved.outcome == "new":
        log(f"new      {url}  -> {saved.path}")
    return saved.outcome


def _age(stamp: str | None) -> float:
    if not stamp:
        return float("inf")
    try:
        then = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return float("inf")
    return (datetime.now(UTC) - then).total_seconds()
