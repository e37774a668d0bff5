"""The contract suite's engines: the same tests run on Whoosh and on OpenSearch.

An OpenSearch variant is built into a test alias of its own on the local cluster
(`OPENSEARCH_URL`, default 127.0.0.1:9200) by the engine's own writer, once per session, and
deleted at its end. Without a cluster those variants skip, saying so, unless
VERBATIM_REQUIRE_OPENSEARCH=1 (CI, after `make opensearch`): then they fail (`local_cluster`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from indexer.build import build_index

if TYPE_CHECKING:
    from flask import Flask

    from search.core import Engine

ENGINE_NAMES = ("whoosh", "opensearch")
# One prefix per session: parallel sessions (several checkouts) never share a test alias.
SESSION_PREFIX = f"verbatim-test-contract-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Built:
    """An index built for tests, and the environment that makes the read side open it."""

    engine: str
    index_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        return self.opened().location

    def opened(self) -> Engine:
        """The search core over this index."""
        from search.core import open_engine

        with self.environment():
            return open_engine(self.engine, self.index_dir)

    def app(self) -> Flask:
        """The web app over this index, for a test client."""
        from webapp import create_app

        with self.environment():
            app = create_app(self.index_dir)
        app.config["TESTING"] = True
        return app

    @contextmanager
    def environment(self) -> Iterator[None]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("VERBATIM_ENGINE", self.engine)
            for name, value in self.env.items():
                patch.setenv(name, value)
            yield


def build(engine: str, corpus: list[Path], folder: Path, name: str) -> Built:
    """`corpus` indexed by `engine`: a Whoosh folder under `folder`, or an OpenSearch alias."""
    if engine == "whoosh":
        from search.engines.whoosh.writer import WhooshTarget

        build_index(corpus, WhooshTarget(folder / "index"), log=lambda line: None)
        return Built("whoosh", folder / "index")
    from search.engines.opensearch.connection import Settings
    from search.engines.opensearch.writer import OpenSearchTarget

    alias = f"{SESSION_PREFIX}-{name}"
    target = OpenSearchTarget(Settings.from_env({**os.environ, "OPENSEARCH_INDEX": alias}))
    build_index(corpus, target, log=lambda line: None)
    return Built("opensearch", folder / "unused", {"OPENSEARCH_INDEX": alias})


@contextmanager
def built_on(engine: str, corpus: list[Path], folder: Path, name: str) -> Iterator[Built]:
    """`build`, and `drop` when the block ends."""
    built = build(engine, corpus, folder, name)
    try:
        yield built
    finally:
        drop(built)


def drop(built: Built) -> None:
    """Deletes an OpenSearch test alias and its indexes; a Whoosh folder goes with tmp_path."""
    if built.engine != "opensearch":
        return
    from search.engines.opensearch.connection import connect

    alias = built.env["OPENSEARCH_INDEX"]
    connect().indices.delete(index=f"{alias}-*", params={"expand_wildcards": "all"})
