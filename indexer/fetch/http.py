"""A polite HTTP client: robots.txt obeyed, one host asked at a measured pace, conditional
requests, bounded retries with backoff (Retry-After honoured), timeouts, and never a hang.

Standard library only (urllib): the requests are few and plain, and a dependency would add
nothing the publishers need from us.
"""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from indexer.fetch.config import Settings

# The token matched against robots.txt user-agent lines.
ROBOTS_AGENT = "Verbatim"
_READ_CHUNK = 65_536


@dataclass
class Answer:
    """What one address gave: a page (status 200), "not modified" (304), or a reason it gave
    nothing after its tries (`error`)."""

    url: str
    final_url: str = ""
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""
    tries: int = 0

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retry(Exception):
    """A try failed in a way another try may mend; `wait` is what the server asked for."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


class Client:
    """Fetches addresses one at a time. `sleep` and `clock` are for tests to record the waits."""

    def __init__(
        self,
        settings: Settings,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.sleep = sleep
        self.clock = clock
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        # Redirects are followed (up to urllib's ten); the final address is reported.
        self._opener = urllib.request.build_opener(urllib.request.HTTPRedirectHandler())

    # --- robots.txt ---------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        return self._robots_for(url).can_fetch(ROBOTS_AGENT, url)

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            parser = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
            answer = self._get(f"{site}/robots.txt", {}, tries=2, check_robots=False)
            if answer.ok:
                parser.parse(answer.body.decode("utf-8", "replace").splitlines())
            elif 400 <= answer.status < 500:
                parser.allow_all = True  # no robots.txt: nothing is forbidden (RFC 9309)
            else:
                parser.disallow_all = True  # unreachable: assume everything is (RFC 9309)
            self._robots[site] = parser
        return self._robots[site]

    def _host_delay(self, url: str) -> float:
        robots = self._robots.get(_site(url))
        asked = robots.crawl_delay(ROBOTS_AGENT) if robots else None
        return max(self.settings.delay, float(asked or 0))

    # --- requests -------------------------------------------------------------------------------

    def get(self, url: str, etag: str | None = None, modified: str | None = None) -> Answer:
        """The page at `url`, asked for conditionally when an ETag or a date is known."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return self._get(url, headers, self.settings.tries, check_robots=True)

    def _get(self, url: str, headers: dict[str, str], tries: int, check_robots: bool) -> Answer:
        answer = Answer(url)
        if urlsplit(url).scheme not in ("http", "https"):
            answer.error = "not an http or https address"
            return answer
        if check_robots and not self.allowed(url):
            answer.error = "robots.txt forbids it"
            return answer
        for attempt in range(tries):
            answer.tries = attempt + 1
            self._pace(url)
            try:
                return self._once(answer, headers)
            except _Retry as exc:
                answer.error = str(exc)
                if attempt + 1 == tries:
                    break
                wait = exc.wait if exc.wait is not None else self.settings.backoff * 2**attempt
                if wait > self.settings.max_wait:
                    answer.error += f"; asked to wait {wait:.0f} s, more than max_wait"
                    break
                self.sleep(wait)
        answer.error = f"gave up after {answer.tries} tries: {answer.error}"
        return answer

    def _pace(self, url: str) -> None:
        site = _site(url)
        last = self._last.get(site)
        if last is not None:
            wait = self._host_delay(url) - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[site] = self.clock()

    def _once(self, answer: Answer, headers: dict[str, str]) -> Answer:
        request = urllib.request.Request(
            answer.url, headers={"User-Agent": self.settings.user_agent, **headers}
        )
        try:
            with self._opener.open(request, timeout=self.settings.timeout) as response:
                answer.status = response.status
                answer.final_url = response.geturl()
                answer.headers = {k.lower(): v for k, v in response.headers.items()}
                answer.body = self._read(response)
                answer.error = ""
                return answer
        except urllib.error.HTTPError as exc:
            answer.status, answer.final_url = exc.code, exc.url or answer.url
            answer.headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
            if exc.code == 304:
                answer.error = ""
                return answer
            if exc.code == 429 or exc.code == 408 or exc.code >= 500:
                raise _Retry(f"HTTP {exc.code}", _retry_after(answer.headers)) from None
            answer.error = f"HTTP {exc.code} {exc.reason}"
            return answer
        except TimeoutError as exc:
            raise _Retry(f"timed out ({exc})") from None
        except urllib.error.URLError as exc:
            raise _Retry(f"could not connect: {exc.reason}") from None
        except (http.client.HTTPException, ConnectionError) as exc:
            raise _Retry(f"broken answer: {type(exc).__name__}: {exc}") from None

    def _read(self, response) -> bytes:
        """The whole body, within max_bytes and the deadline; a short body is a failed try."""
        started, chunks, size = self.clock(), [], 0
        while True:
            chunk = response.read(_READ_CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > self.settings.max_bytes:
                raise _Retry(f"larger than {self.settings.max_bytes} bytes")
            if self.clock() - started > self.settings.deadline:
                raise _Retry(f"still coming after {self.settings.deadline:.0f} s")
        body = b"".join(chunks)
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) != len(body):
            raise _Retry(f"truncated: {len(body)} of {declared} bytes")
        return body


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _retry_after(headers: dict[str, str]) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
