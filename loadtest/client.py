"""The load: N kept-alive connections, each sending GETs back to back for a fixed time.

A request fails when it raises (refused, reset, timed out, cut short) or answers anything but
200 with its whole body. Each answer records which replica nginx says served it.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field

REQUEST_TIMEOUT = 30.0


@dataclass(frozen=True)
class Sample:
    at: float  # seconds since the load started, when the request was sent
    seconds: float
    ok: bool
    upstream: str  # nginx's $upstream_addr: "a, b" when it retried a request on b
    error: str = ""


@dataclass
class Load:
    host: str
    port: int
    paths: list[str]
    connections: int
    duration: float
    samples: list[Sample] = field(default_factory=list)
    started: float = 0.0

    def run_in_background(self) -> list[threading.Thread]:
        self.started = time.monotonic()
        threads = [
            threading.Thread(target=self._connection, args=(i,), daemon=True)
            for i in range(self.connections)
        ]
        for thread in threads:
            thread.start()
        return threads

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def _connection(self, number: int) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        deadline = self.started + self.duration
        # Each connection walks the same list from its own offset, so all paths stay in play.
        i = number * len(self.paths) // max(self.connections, 1)
        while time.monotonic() < deadline:
            path = self.paths[i % len(self.paths)]
            i += 1
            sent = time.monotonic()
            try:
                sample = self._get(conn, path, sent)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                sample = Sample(
                    sent - self.started,
                    time.monotonic() - sent,
                    False,
                    "",
                    f"{path}: {type(exc).__name__}: {exc}",
                )
            # list.append is atomic under the GIL: no lock needed.
            self.samples.append(sample)
        conn.close()

    def _get(self, conn: http.client.HTTPConnection, path: str, sent: float) -> Sample:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()  # raises IncompleteRead when the body is cut short
        if response.will_close:
            conn.close()
        ok = response.status == 200 and len(body) > 0
        error = "" if ok else f"{path}: HTTP {response.status}"
        upstream = response.getheader("X-Upstream", "")
        return Sample(sent - self.started, time.monotonic() - sent, ok, upstream, error)
