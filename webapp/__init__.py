"""Verbatim's web front end: HTML pages and a JSON API over the search core."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from search.core import DEFAULT_INDEX_DIR, open_engine
from webapp import urls
from webapp.params import check_encoding


def create_app(index_dir: str | Path | None = None) -> Flask:
    app = Flask(__name__)
    app.config["INDEX_DIR"] = Path(index_dir or os.environ.get("INDEX_DIR", DEFAULT_INDEX_DIR))
    app.config["PUBLIC_URL"] = os.environ.get("PUBLIC_URL", "").rstrip("/") or None
    app.config["OWN_URL"] = urls.own_address()
    proxies = app.config["TRUSTED_PROXIES"] = urls.trusted_proxies()
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=proxies,
            x_proto=proxies,
            x_host=proxies,
            x_port=proxies,
            x_prefix=proxies,
        )
    engine = open_engine(index_dir=app.config["INDEX_DIR"])
    app.extensions["verbatim.engine"] = engine

    from webapp import (
        api,
        compare_pages,
        errors,
        formats,
        openapi,
        pages,
        quote_pages,
        speaker_pages,
    )

    app.register_blueprint(pages.blueprint)
    app.register_blueprint(api.blueprint, url_prefix="/api")
    app.register_blueprint(openapi.blueprint)
    app.register_blueprint(formats.blueprint)
    app.register_blueprint(speaker_pages.blueprint)
    app.register_blueprint(quote_pages.blueprint)
    app.register_blueprint(compare_pages.blueprint)
    errors.register(app)
    app.before_request(lambda: check_encoding(request.environ))
    app.before_request(engine.pin)
    app.teardown_request(lambda exc: engine.unpin())
    app.after_request(_security_headers)
    return app


# No inline script or style anywhere: corpus text that slipped through escaping still cannot run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
