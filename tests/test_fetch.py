"""`verbatim fetch` against a local server replaying recorded feeds and real pages: redirects,
404, 429 with Retry-After, 500, a slow answer, a truncated body, a wrong charset, robots.txt,
conditional requests, changed pages, resuming; then fetch + update into search and the feed.

Nothing here leaves 127.0.0.1. Waits between tries are recorded, not slept (`sleep`), and the
client's clock is fixed, so the pauses it asks for are exact and the tests take no time."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from cli.main import main
from indexer.fetch.config import Settings, Source, SourcesError, SourcesFile, load_sources
from indexer.fetch.discover import feed_links, page_links, sitemap_links
from indexer.fetch.http import Client
from indexer.fetch.run import fetch, listed
from indexer.sources import collect_files
from tests.golden_io import FIXTURE_CORPORA

INCLUDE = r"/events/president/news/\d+$|/old/|/private/"
REPLAY = Path(__file__).parent / "fixtures" / "fetch"
PAGES = FIXTURE_CORPORA / "kremlin" / "html"
CONTACT = "https://example.org/verbatim-tests"
SETTINGS = Settings(
    contact=CONTACT,
    delay=0.5,
    timeout=0.3,
    deadline=5,
    tries=3,
    backoff=2.0,
    max_wait=30,
    revisit_after=0,
)


@dataclass
class Route:
    """What the server answers at one path: one response per request, the last repeated."""

    responses: list[dict]
    hits: int = 0


@dataclass
class Replay:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def serve(self, path: str, *responses: dict) -> None:
        self.routes[path] = Route(list(responses))

    def page(self, path: str, page_id: str, **extra) -> None:
        body = (PAGES / f"{page_id}.html").read_bytes()
        self.serve(path, {"body": body, "type": "text/html; charset=utf-8", **extra})

    def requested(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)


class _Handler(BaseHTTPRequestHandler):
    replay: Replay

    def log_message(self, *args) -> None:  # a passing run stays quiet
        pass

    def do_GET(self) -> None:
        self.replay.log.append((self.path, dict(self.headers.items())))
        route = self.replay.routes.get(self.path)
        if route is None:
            self._answer({"status": 404, "body": b"not found"})
            return
        spec = route.responses[min(route.hits, len(route.responses) - 1)]
        route.hits += 1
        if spec.get("if_none_match") and self.headers.get("If-None-Match") == spec["if_none_match"]:
            self._answer({"status": 304, "body": b""})
            return
        self._answer(spec)

    def _answer(self, spec: dict) -> None:
        if spec.get("sleep"):
            time.sleep(spec["sleep"])
        body = spec.get("body", b"")
        if isinstance(body, str):
            body = body.replace("{base}", self.replay.base).encode("utf-8")
        self.send_response(spec.get("status", 200))
        self.send_header("Content-Type", spec.get("type", "text/html; charset=utf-8"))
        length = spec.get("length", len(body))
        self.send_header("Content-Length", str(length))
        for name, value in spec.get("headers", {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body[: spec.get("cut", len(body))])
        if "cut" in spec:
            self.close_connection = True


@pytest.fixture()
def replay() -> Iterator[Replay]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    state = Replay(f"http://127.0.0.1:{server.server_port}")
    _Handler.replay = state
    state.serve("/robots.txt", {"body": (REPLAY / "robots.txt").read_bytes(), "type": "text/plain"})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@dataclass
class Recorder:
    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def client(settings: Settings = SETTINGS) -> tuple[Client, Recorder]:
    sleep = Recorder()
    return Client(settings, sleep=sleep, clock=lambda: 0.0), sleep


def source(replay: Replay, kind: str = "rss", path: str = "/feed", **fields) -> Source:
    return Source(
        name="kremlin-en",
        kind=kind,
        url=replay.base + path,
        include=INCLUDE,
        publisher="President of Russia",
        **fields,
    )


def replay_feed(replay: Replay, name: str = "transcripts.rss", path: str = "/feed") -> None:
    replay.serve(
        path, {"body": (REPLAY / name).read_text(encoding="utf-8"), "type": "application/rss+xml"}
    )


def run(replay: Replay, out: Path, *sources: Source, settings: Settings = SETTINGS):
    http, sleep = client(settings)
    report = fetch(SourcesFile(settings, sources), out, http, log=lambda line: None)
    return report, sleep


def provenance(page: Path) -> dict:
    return json.loads(page.with_name(page.name + ".fetch.json").read_text(encoding="utf-8"))


# --- a fetch from a feed ------------------------------------------------------------------------


def test_a_feed_fetch_saves_each_page_as_fetched_beside_its_provenance(replay, tmp_path):
    replay_feed(replay)
    replay.page("/events/president/news/62991", "62991", headers={"ETag": '"v1"'})
    replay.serve(
        "/old/56952", {"status": 301, "headers": {"Location": "/events/president/news/56952"}}
    )
    replay.page("/events/president/news/56952", "56952")
    report, _ = run(replay, tmp_path, source(replay))
    [result] = report.sources
    assert result.listed == 4  # the photos page is left out by the include pattern
    assert result.outcomes == {"new": 2, "failed": 2}
    assert dict(result.failures) == {
        f"{replay.base}/events/president/news/1": "HTTP 404 Not Found",
        f"{replay.base}/private/2": "robots.txt forbids it",
    }
    assert replay.requested("/private/2") == 0
    page = next((tmp_path / "kremlin-en").glob("*/events-president-news-62991.html"))
    assert page.read_bytes() == (PAGES / "62991.html").read_bytes()
    record = provenance(page)
    assert record["url"] == record["final_url"] == f"{replay.base}/events/president/news/62991"
    assert (record["status"], record["etag"], record["bytes"]) == (200, '"v1"', page.stat().st_size)
    assert record["content_type"] == "text/html; charset=utf-8" and len(record["sha256"]) == 64
    redirected = next((tmp_path / "kremlin-en").glob("*/old-56952.html"))
    assert provenance(redirected)["final_url"] == f"{replay.base}/events/president/news/56952"
    assert (
        'publisher = "President of Russia"' in (tmp_path / "kremlin-en" / "source.toml").read_text()
    )


def test_every_request_names_the_tool_and_a_contact(replay, tmp_path):
    replay_feed(replay)
    run(replay, tmp_path, source(replay))
    agents = {headers.get("User-Agent") for _, headers in replay.log}
    assert agents == {f"Verbatim/0.1 (+{CONTACT}; archive of diplomatic transcripts)"}


def test_requests_to_one_host_are_spaced_by_the_delay(replay, tmp_path):
    replay_feed(replay)
    _, sleep = run(replay, tmp_path, source(replay))
    # The clock stands still: every request after the first waits the whole delay.
    requests = len(replay.log)
    assert sleep.waits == [SETTINGS.delay] * (requests - 1)


def test_robots_crawl_delay_longer_than_ours_is_obeyed(replay, tmp_path):
    replay.serve("/robots.txt", {"body": "User-agent: *\nCrawl-delay: 7\n", "type": "text/plain"})
    replay_feed(replay)
    _, sleep = run(replay, tmp_path, source(replay))
    assert set(sleep.waits) == {7.0}


# --- failures, retried or not ---------------------------------------------------------------------


def one_page(replay: Replay, tmp_path: Path, *responses: dict, settings: Settings = SETTINGS):
    replay.serve(
        "/list", {"body": f"{replay.base}/events/president/news/17610\n", "type": "text/plain"}
    )
    replay.serve("/events/president/news/17610", *responses)
    report, sleep = run(replay, tmp_path, source(replay, "urls", "/list"), settings=settings)
    [result] = report.sources
    pages = [p for p in (tmp_path / "kremlin-en").rglob("*.html")]
    return result, sleep, pages


PAGE = {"body": (PAGES / "17610.html").read_bytes(), "type": "text/html; charset=utf-8"}


def test_429_waits_as_long_as_retry_after_says_then_fetches(replay, tmp_path):
    result, sleep, pages = one_page(
        replay, tmp_path, {"status": 429, "headers": {"Retry-After": "3"}}, PAGE
    )
    assert result.outcomes == {"new": 1} and len(pages) == 1
    assert 3.0 in sleep.waits
    assert replay.requested("/events/president/news/17610") == 2


def test_retry_after_longer_than_max_wait_leaves_the_page_for_the_next_run(replay, tmp_path):
    result, _, pages = one_page(
        replay, tmp_path, {"status": 429, "headers": {"Retry-After": "3600"}}
    )
    assert pages == [] and "more than max_wait" in result.failures[0][1]
    assert replay.requested("/events/president/news/17610") == 1


def test_500_is_retried_with_backoff(replay, tmp_path):
    result, sleep, pages = one_page(replay, tmp_path, {"status": 500}, {"status": 503}, PAGE)
    assert result.outcomes == {"new": 1} and len(pages) == 1
    assert [w for w in sleep.waits if w != SETTINGS.delay] == [2.0, 4.0]


def test_a_server_that_keeps_failing_is_given_up_after_the_tries(replay, tmp_path):
    result, _, pages = one_page(replay, tmp_path, {"status": 500})
    assert pages == [] and result.failures[0][1] == "gave up after 3 tries: HTTP 500"
    assert replay.requested("/events/president/news/17610") == 3


def test_a_slow_answer_times_out_and_is_given_up(replay, tmp_path):
    settings = Settings(contact=CONTACT, delay=0, timeout=0.2, tries=2, backoff=0)
    result, _, pages = one_page(replay, tmp_path, {**PAGE, "sleep": 1.0}, settings=settings)
    assert pages == [] and "timed out" in result.failures[0][1]


def test_a_truncated_body_is_never_saved(replay, tmp_path):
    result, _, pages = one_page(replay, tmp_path, {**PAGE, "cut": 5000})
    assert pages == []
    assert "gave up after 3 tries" in result.failures[0][1]


def test_a_truncated_body_then_a_whole_one_is_saved_whole(replay, tmp_path):
    _, _, pages = one_page(replay, tmp_path, {**PAGE, "cut": 5000}, PAGE)
    assert [p.read_bytes() for p in pages] == [PAGE["body"]]


def test_a_type_the_indexer_cannot_read_is_not_saved(replay, tmp_path):
    result, _, pages = one_page(replay, tmp_path, {"body": b"%PDF-1.4", "type": "application/pdf"})
    assert pages == [] and "application/pdf" in result.failures[0][1]


def test_an_unreadable_list_is_reported_and_the_other_sources_go_on(replay, tmp_path):
    replay.serve("/broken", {"body": "<rss><channel><item>", "type": "application/rss+xml"})
    replay_feed(replay)
    broken = Source(name="broken", kind="rss", url=replay.base + "/broken")
    report, _ = run(replay, tmp_path, broken, source(replay))
    assert "not well-formed XML" in report.sources[0].error
    assert report.sources[1].listed == 4  # read, though none of its pages is served here
    assert report.failed


# --- changes, conditional requests, resuming ------------------------------------------------------


def test_an_unchanged_page_is_asked_for_conditionally_and_not_written_again(replay, tmp_path):
    result, _, [page] = one_page(
        replay, tmp_path, {**PAGE, "headers": {"ETag": '"a"'}, "if_none_match": '"a"'}
    )
    first = provenance(page)
    result, _, [page] = one_page(replay, tmp_path, {**PAGE, "if_none_match": '"a"'})
    assert result.outcomes == {"not modified": 1}
    conditional = [h for p, h in replay.log if p == "/events/president/news/17610"][-1]
    assert conditional.get("If-None-Match") == '"a"'
    assert provenance(page)["fetched_at"] == first["fetched_at"]


def test_a_changed_page_keeps_both_versions_and_the_newer_is_indexed(replay, tmp_path):
    one_page(replay, tmp_path, PAGE)
    newer = PAGE["body"].replace(b"Telephone conversation", b"Telephone talk", 1)
    result, _, pages = one_page(replay, tmp_path, {**PAGE, "body": newer})
    assert result.outcomes == {"changed": 1}
    [current] = [p for p in pages if ".versions" not in p.parts]
    [older] = [p for p in pages if ".versions" in p.parts]
    assert current.read_bytes() == newer and older.read_bytes() == PAGE["body"]
    [version] = provenance(current)["versions"]
    assert (tmp_path / version["path"]) == older
    assert provenance(older)["sha256"] == version["sha256"]
    # Only the newer version is corpus: the older one is kept out of the index.
    assert [p.name for _, p in collect_files([tmp_path]) if p.suffix == ".html"] == [current.name]


def test_an_interrupted_fetch_resumes_without_asking_again_for_what_it_saved(replay, tmp_path):
    replay_feed(replay)
    replay.page("/events/president/news/62991", "62991")
    replay.page("/old/56952", "56952")
    settings = Settings(contact=CONTACT, delay=0, revisit_after=3600)
    http, _ = client(settings)
    saved = []

    def stop_after_first(line: str) -> None:
        if line.startswith("new"):
            saved.append(line)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch(SourcesFile(settings, (source(replay),)), tmp_path, http, log=stop_after_first)
    assert len(saved) == 1 and replay.requested("/old/56952") == 0
    report = fetch(
        SourcesFile(settings, (source(replay),)),
        tmp_path,
        client(settings)[0],
        log=lambda line: None,
    )
    assert report.sources[0].outcomes == {"fresh": 1, "new": 1, "failed": 2}
    assert replay.requested("/events/president/news/62991") == 1
    assert replay.requested("/old/56952") == 1
    assert not list(tmp_path.rglob("*.partial"))


# --- lists ----------------------------------------------------------------------------------------


def test_atom_feed_sitemap_index_and_page_of_links_list_the_pages(replay):
    replay_feed(replay, "transcripts.atom", "/atom")
    replay.serve(
        "/sitemap.xml", {"body": (REPLAY / "sitemap_index.xml").read_text(), "type": "text/xml"}
    )
    replay.serve(
        "/sitemap-2013.xml", {"body": (REPLAY / "sitemap-2013.xml").read_text(), "type": "text/xml"}
    )
    links_page = (
        '<a href="/events/president/news/1">1</a><a href="news/2#top">2</a><a href="mailto:x">'
    )
    replay.serve("/list.html", {"body": links_page})
    http, _ = client()
    news = f"{replay.base}/events/president/news"
    assert listed(source(replay, "atom", "/atom"), http) == [f"{news}/17610"]
    assert listed(source(replay, "sitemap", "/sitemap.xml"), http) == [
        f"{news}/56952",
        f"{news}/17610",
    ]
    links = Source(name="x", kind="links", url=f"{replay.base}/list.html")
    assert listed(links, http) == [f"{news}/1", f"{replay.base}/news/2"]


def test_list_parsers_take_the_shapes_publishers_use():
    rss1 = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><item><link>https://a/1</link></item></rdf:RDF>"""
    assert feed_links(rss1) == ["https://a/1"]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="self" href="https://a/s"/>
    <link href="https://a/2"/></entry></feed>"""
    assert feed_links(atom) == ["https://a/2"]
    undated = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a/old</loc>
    </url><url><loc>https://a/new</loc><lastmod>2025-01-02</lastmod></url></urlset>"""
    assert sitemap_links(undated) == (["https://a/new", "https://a/old"], [])
    assert page_links(b'<a href="../x?y=1#z">', "https://a/b/c/") == ["https://a/b/x?y=1"]


def test_the_shipped_sources_file_reads_and_names_the_six_publishers():
    sources = load_sources()
    assert [s.name for s in sources.sources] == [
        "kremlin-en",
        "kremlin-ru",
        "whitehouse",
        "state-department",
        "russia-mfa",
        "china-mfa",
    ]
    assert {s.language for s in sources.sources} == {"en", "ru"}
    assert sources.settings.delay >= 1 and sources.settings.tries <= 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]]\nname = 'a'\nkind = 'gopher'\nurl = 'x'\n", "kind 'gopher'"),
        ("[[source]]\nname = 'A B'\nkind = 'rss'\nurl = 'x'\n", "name 'A B'"),
        ("[[source]]\nname = 'a'\nkind = 'rss'\n", "url missing"),
        ("[[source]]\nname = 'a'\nkind = 'rss'\nurl = 'x'\ncolour = 1\n", "unknown key colour"),
        ("[settings]\ndelay = 'soon'\n", "delay should be a float"),
        ("[[source]]\nname = 'a'\nkind = 'rss'\nurl = 'x'\ninclude = '('\n", "regular expression"),
        ("[[source", "not valid TOML"),
    ],
)
def test_a_bad_sources_file_is_one_clear_message(tmp_path, text, message):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match=message):
        load_sources(path)


def test_fetch_without_a_contact_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["fetch", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no contact" in result.output
    assert list(tmp_path.iterdir()) == []


# --- fetch, then update: new passages in search and in the Atom feed ------------------------------


def sources_file(replay: Replay, folder: Path) -> Path:
    path = folder / "sources.toml"
    path.write_text(
        f"""[settings]
contact = "{CONTACT}"
delay = 0.0
timeout = 5.0
tries = 2
backoff = 0.0
revisit_after = 0.0

[[source]]
name = "kremlin-en"
kind = "rss"
url = "{replay.base}/feed"
include = "/events/president/news/\\\\d+$|/old/"
publisher = "President of Russia"
""",
        encoding="utf-8",
    )
    return path


def test_fetch_then_update_adds_passages_to_search_and_the_atom_feed(replay, tmp_path, monkeypatch):
    from webapp import create_app

    corpus = tmp_path / "corpus"
    (corpus / "own").mkdir(parents=True)
    (corpus / "own" / "a.txt").write_text(
        "Interview of Sergey Lavrov with TASS, May 5, 2021\n\nQuestion: Talks?\n\n"
        "Sergey Lavrov: They go on.\n",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    monkeypatch.setenv("CORPUS", str(corpus))
    monkeypatch.setenv("INDEX_DIR", str(index))
    runner = CliRunner()
    assert runner.invoke(main, ["index"]).exit_code == 0
    app = create_app(index)
    app.config["TESTING"] = True
    web = app.test_client()
    assert web.get("/api/search?q=Kurz").get_json()["total"] == 0

    replay_feed(replay)
    replay.page("/events/president/news/62991", "62991")
    # Declared as Latin-1 but sent as UTF-8, as servers do: the bytes are kept, the index reads
    # them right (typographic quotes intact, not mojibake).
    replay.page("/old/56952", "56952", type="text/html; charset=iso-8859-1")
    sources = sources_file(replay, tmp_path)
    result = runner.invoke(main, ["update", "--sources", str(sources)])
    assert "2 new" in result.output
    assert result.exit_code == 5  # the feed lists a page that is gone: the fetch says so
    assert "Error" not in result.output and "Traceback" not in result.output

    hits = web.get("/api/search?q=Kurz").get_json()
    assert hits["total"] > 0
    assert {r["publisher"] for r in hits["results"]} <= {"President of Russia"}
    text = " ".join(
        r["text"] for r in web.get("/api/search?q=Kurz&per_page=50").get_json()["results"]
    )
    assert "’" in text and "â€™" not in text
    feed = web.get("/feed.atom?q=Kurz")
    assert feed.status_code == 200
    entries = ET.fromstring(feed.data).findall("{http://www.w3.org/2005/Atom}entry")
    assert entries and any(
        "Kurz" in (e.findtext("{http://www.w3.org/2005/Atom}content") or "") for e in entries
    )
    # The next update finds nothing new to index.
    again = runner.invoke(main, ["update", "--sources", str(sources)])
    assert "index is up to date" in again.output
