"""Every absolute link the web layer and the CLI write: one builder, one public address.

A permalink is what a citation, an export or a feed keeps for years, so it starts with the
configured public address (`PUBLIC_URL`) when there is one. Pages link relatively through
Flask's `url_for`; everything a reader may copy out of Verbatim is built here.
"""

from __future__ import annotations

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


def urls() -> Urls:
    """The links for this request: from `PUBLIC_URL` when set, else from the request itself."""
    public = current_app.config.get("PUBLIC_URL")
    return bind(current_app, public) if public else Urls(current_app.url_map.bind_to_environ(
        request.environ, server_name=request.host))
