"""Every absolute link the web layer and the CLI write: one builder, one public address.

A permalink is what a citation, an export or a feed keeps for years, so it starts with the
configured public address (`PUBLIC_URL`) when there is one. Without it, links start with the
address the server was told to listen on (`HOST`, `PORT`), never with the request's Host header,
which any client can set; behind a proxy, `TRUSTED_PROXIES=N` (the number of proxies in front)
lets the address the proxy forwarded (X-Forwarded-Host, -Proto, -Port, -Prefix) stand in.
Pages link relatively through Flask's `url_for`; everything a reader may copy out of Verbatim is
built here.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.routing import MapAdapter


class Urls:
    """Absolute links to Verbatim's pages, from one bound URL map."""

    def __init__(self, adapter: MapAdapter) -> None:
        self._adapter = adapter

    def _build(self, endpoint: str, anchor: str | None = None, **values: object) -> str:
        url = self._adapter.build(endpoint, values, force_external=True)
        return f"{url}#{anchor}" if anchor else url

    def passage(self, passage_id: str) -> str:
        return self._build("pages.passage", passage_id=passage_id)

    def document(self, doc_id: str, anchor: str | None = None) -> str:
        return self._build("pages.document", anchor, doc_id=doc_id)

    def speaker(self, slug: str) -> str:
        return self._build("speakers.speaker", slug=slug)

    def search(self, **params: object) -> str:
        return self._build("pages.index", **params)

    def feed(self, **params: object) -> str:
        return self._build("formats.feed", **params)


def bind(app: Flask, public_url: str) -> Urls:
    """Links that start with `public_url`, such as "https://verbatim.example.org/archive"."""
    parts = urlsplit(public_url)
    adapter = app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return Urls(adapter)


def own_address() -> str:
    """The address `verbatim serve` listens on, from the environment it was started with."""
    host = os.environ.get("HOST", "127.0.0.1")
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"http://{host}:{os.environ.get('PORT', '5000')}"


def trusted_proxies() -> int:
    """How many proxies in front of Verbatim may say which host a request was for."""
    raw = os.environ.get("TRUSTED_PROXIES", "").strip() or "0"
    if not raw.isdigit():
        raise ValueError(f"TRUSTED_PROXIES must be a number of proxies, not {raw!r}")
    return int(raw)


def urls() -> Urls:
    """The links for this request: from `PUBLIC_URL`, else the proxy's forwarded address when
    proxies are trusted (ProxyFix has put it in the request), else the server's own address."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return bind(current_app, public)
    if current_app.config.get("TRUSTED_PROXIES"):
        return Urls(current_app.url_map.bind_to_environ(request.environ, server_name=request.host))
    return bind(current_app, current_app.config["OWN_URL"])
