"""The contract suite's engines: the same tests run on Whoosh and on OpenSearch.

An OpenSearch variant is built into a test alias of its own on the local cluster
(`OPENSEARCH_URL`, default 127.0.0.1:9200), once per session, and deleted at its end. Without a
cluster those variants skip, saying so, unless VERBATIM_REQUIRE_OPENSEARCH=1 (CI, after
`make opensearch`): then they fail, as tests/test_cluster.py does.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from indexer.build import build_index

ENGINE_NAMES = ("whoosh", "opensearch")
# One prefix per session: parallel sessions (several checkouts) never share a test alias.
SESSION_PREFIX = f"verbatim-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Built:
    """An index built for tests, and the environment that makes the read side open it."""

    engine: str
    index_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        from search.core import open_engine

        with self.environment():
            return open_engine(self.engine, self.index_dir).location

    @contextmanager
    def environment(self) -> Iterator[None]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("VERBATIM_ENGINE", self.engine)
            for name, value in self.env.items():
                patch.setenv(name, value)
            yield


def require_cluster() -> None:
    """Skips (or fails, with VERBATIM_REQUIRE_OPENSEARCH=1) when no cluster answers."""
    from search.engines.opensearch.connection import Settings, answering, connect
    from search.errors import Unavailable

    settings = Settings.from_env()
    try:
        with answering(settings, "asking the cluster's health"):
            connect(settings).cluster.health(wait_for_status="yellow")
    except Unavailable as error:
        if os.environ.get("VERBATIM_REQUIRE_OPENSEARCH") == "1":
            pytest.fail(f"VERBATIM_REQUIRE_OPENSEARCH=1 but {error}")
        pytest.skip(f"{error} (`make opensearch` starts one)")


def build(engine: str, corpus: list[Path], folder: Path, name: str) -> Built:
    """`corpus` indexed by `engine`: a Whoosh folder under `folder`, or an OpenSearch alias."""
    if engine == "whoosh":
        from search.engines.whoosh.writer import WhooshTarget

        build_index(corpus, WhooshTarget(folder / "index"), log=lambda line: None)
        return Built("whoosh", folder / "index")
    require_cluster()
    from tests.opensearch_loader import load

    alias = f"{SESSION_PREFIX}-{name}"
    load(corpus, alias)
    return Built("opensearch", folder / "unused", {"OPENSEARCH_INDEX": alias})


def drop(built: Built) -> None:
    """Deletes an OpenSearch test alias and its indexes; a Whoosh folder goes with tmp_path."""
    if built.engine != "opensearch":
        return
    from tests.opensearch_loader import delete

    delete(built.env["OPENSEARCH_INDEX"])
