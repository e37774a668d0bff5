"""What to fetch and how politely: the sources file (`indexer/data/fetch_sources.toml`, or one of
the user's own in the same shape) read into settings and one entry per publisher's list."""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path

DEFAULT_SOURCES = Path(__file__).parent.parent / "data" / "fetch_sources.toml"
TOOL_VERSION = "0.1"
KINDS = ("rss", "atom", "sitemap", "urls", "links")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class SourcesError(ValueError):
    """The sources file cannot be used as written; the message says where."""


@dataclass(frozen=True)
class Settings:
    """How every request is made. Times in seconds."""

    # Where publishers can reach whoever runs the fetch (a URL or an e-mail address): it goes in
    # the User-Agent, and nothing is fetched without it.
    contact: str = ""
    delay: float = 5.0  # between two requests to one host (robots.txt may ask for more)
    timeout: float = 30.0  # for connecting, and for each read of the answer
    deadline: float = 120.0  # for a whole answer, however slowly it trickles in
    tries: int = 4  # per address, the first included
    backoff: float = 10.0  # the wait before the second try; doubled for each try after it
    max_wait: float = 600.0  # a longer Retry-After gives the address up until the next run
    max_bytes: int = 20_000_000  # the indexer reads no bigger file
    revisit_after: float = 86_400.0  # a page fetched this recently is not asked for again

    @property
    def user_agent(self) -> str:
        return f"Verbatim/{TOOL_VERSION} (+{self.contact}; archive of diplomatic transcripts)"


@dataclass(frozen=True)
class Source:
    """One publisher's list of transcripts: a feed, a sitemap, a list of addresses or a page of
    links, and what of it to keep."""

    name: str  # the folder its pages are saved in
    kind: str  # one of KINDS
    url: str  # the feed, sitemap, list or page of links (a local path for `urls`, too)
    publisher: str | None = None
    language: str = "en"
    include: str | None = None  # a regular expression the page addresses must match
    max_items: int = 50  # pages taken from one run of the list, newest first as listed
    notes: str = ""

    def wants(self, url: str) -> bool:
        return self.include is None or re.search(self.include, url) is not None


@dataclass(frozen=True)
class SourcesFile:
    settings: Settings
    sources: tuple[Source, ...] = field(default_factory=tuple)

    def only(self, names: tuple[str, ...]) -> SourcesFile:
        unknown = sorted(set(names) - {s.name for s in self.sources})
        if unknown:
            known = ", ".join(s.name for s in self.sources)
            raise SourcesError(f"no source named {', '.join(unknown)} (known: {known})")
        return replace(self, sources=tuple(s for s in self.sources if s.name in names))


def load_sources(path: Path = DEFAULT_SOURCES) -> SourcesFile:
    """The sources file's settings and sources; SourcesError says what is wrong with it."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise SourcesError(f"{path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from None
    settings = _build(Settings, data.get("settings", {}), f"{path} [settings]")
    sources = []
    for n, entry in enumerate(data.get("source", []), 1):
        where = f"{path} source #{n}"
        source = _build(Source, entry, where)
        if source.kind not in KINDS:
            raise SourcesError(f"{where}: kind {source.kind!r} is not one of {', '.join(KINDS)}")
        if not _NAME.match(source.name):
            raise SourcesError(
                f"{where}: name {source.name!r} must be lower-case letters, "
                "digits, - or _ (it names a folder)"
            )
        if source.include is not None:
            try:
                re.compile(source.include)
            except re.error as exc:
                raise SourcesError(f"{where}: include is not a regular expression: {exc}") from None
        sources.append(source)
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise SourcesError(f"{path}: two sources share a name")
    return SourcesFile(settings, tuple(sources))


def _build(cls, values: dict, where: str):
    """`cls` from a TOML table, every key known and of its field's type."""
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise SourcesError(f"{where}: unknown key {', '.join(unknown)}")
    required = [name for name, f in known.items() if f.default is MISSING]
    missing = [name for name in required if name not in values]
    if missing:
        raise SourcesError(f"{where}: {', '.join(missing)} missing")
    for key, value in values.items():
        default = known[key].default
        expected = str if default is MISSING or default is None else type(default)
        if expected is float and type(value) is int:
            continue
        if type(value) is not expected:
            raise SourcesError(f"{where}: {key} should be a {expected.__name__}, not {value!r}")
    return cls(**values)
