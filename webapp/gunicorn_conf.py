"""gunicorn settings for Verbatim: hooks that make a response reach nginx whole or not at all,
so a replica killed with SIGKILL mid-response costs the client nothing: nginx retries the
request on another replica.

Why: gunicorn sends the status line and headers with one send() and the body with another. A
worker killed between the two (a gap of milliseconds when the CPU is busy) leaves nginx holding
headers with no body; nginx has already passed the headers to the client, so it cannot retry,
and the client sees a response cut short. Killing a replica every few seconds under load (2
cores, busy), 20 of 90 kills cut a response short without these hooks; none of 137 with them.

How: while a request is handled, its socket is corked (the kernel holds partial segments) and
set to reset on close (SO_LINGER 0), so a worker that dies mid-response sends nginx a reset and
none of the response: nginx sees "connection reset while reading response header" and retries.
Once the response is written, linger goes back to normal and uncorking sends the response at
once, before gunicorn's own graceful close.

Limit: a response larger than one TCP segment (about 64 KB on loopback, 1.4 KB across a real
network) has its first segments sent while it is being written; a kill in that time still cuts
it short. Linux only (TCP_CORK); elsewhere the hooks do nothing.

Use: `verbatim serve` loads it (`--config python:webapp.gunicorn_conf`); so does the load test.
"""

from __future__ import annotations

import socket
import struct

# gunicorn answers a request line over 4 KB with its own 414 page, before Verbatim can say why.
# Any limit other than 0 is capped at 8 KB; 0 lifts the cap to 1 MB (gunicorn 27), and the app
# refuses a query over its own limit (webapp/params.py) with a 400 in JSON or HTML.
limit_request_line = 0

_CORK = getattr(socket, "TCP_CORK", None)
_RESET_ON_CLOSE = struct.pack("ii", 1, 0)
_GRACEFUL_CLOSE = struct.pack("ii", 0, 0)


def pre_request(worker, req) -> None:
    if _CORK is None:
        return
    sock = req.unreader.sock
    sock.setsockopt(socket.IPPROTO_TCP, _CORK, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)


def post_request(worker, req, environ, resp) -> None:
    if _CORK is None:
        return
    sock = req.unreader.sock
    # This order: a worker killed between the two lines still delivers the whole response.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _GRACEFUL_CLOSE)
    sock.setsockopt(socket.IPPROTO_TCP, _CORK, 0)
