"""Verbatim's web front end: HTML pages and a JSON API over the search core."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from indexer.search import IndexHandle

DEFAULT_INDEX_DIR = "var/index"


def create_app(index_dir: str | Path | None = None) -> Flask:
    app = Flask(__name__)
    app.config["INDEX_DIR"] = Path(index_dir or os.environ.get("INDEX_DIR", DEFAULT_INDEX_DIR))
    app.extensions["verbatim.index"] = IndexHandle(app.config["INDEX_DIR"])

    from webapp import api, pages

    app.register_blueprint(pages.blueprint)
    app.register_blueprint(api.blueprint, url_prefix="/api")
    pages.register_error_pages(app)
    return app
