from __future__ import annotations

import json
import os
import urllib.request
from functools import cache
from pathlib import Path

import pytest
from hypothesis import settings

from cluster import manage
from indexer.build import build_index
from indexer.sources import read_file
from indexer.speakers import default_registry
from search.engines.whoosh.searcher import IndexHandle
from search.engines.whoosh.writer import WhooshTarget
from tests.engines import ENGINE_NAMES, Built, built_on
from tests.golden_io import SHARED_CORPORA
from webapp import create_app

PROJECT = Path(__file__).parent.parent
# A copy of the seed page in a folder of its own: `corpus/` at the root is the shipped sample,
# far bigger than tests need. The folder is named `corpus` so sources read "corpus/seed/...".
SEED_CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SEED_FILE = SEED_CORPUS / "seed" / "000_5405c89c347b2785.txt"


# Property tests check what the code does, not how fast it does it: no per-example deadline, so a
# machine loaded by other builds never fails them (Hypothesis's default is 200 ms an example).
settings.register_profile("verbatim", deadline=None)
settings.load_profile("verbatim")


# The local cluster's first node, as test_cluster.py and the OpenSearch engine tests reach it.
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "http://127.0.0.1:9200").rstrip("/")


@pytest.fixture(scope="session")
def local_cluster() -> dict:
    """The local cluster's health (`make opensearch`, cluster/README.md). Without one, tests that
    need it skip, saying why, unless VERBATIM_REQUIRE_OPENSEARCH=1 (set by .ci/run after starting
    it): then they fail."""
    request = urllib.request.Request(OPENSEARCH_URL + "/_cluster/health")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            health = json.load(response)
    except (OSError, ValueError) as error:
        message = f"no OpenSearch cluster answers at {OPENSEARCH_URL}: {error}"
        if os.environ.get("VERBATIM_REQUIRE_OPENSEARCH") == "1":
            pytest.fail(f"VERBATIM_REQUIRE_OPENSEARCH=1 but {message}")
        pytest.skip(f"{message} (`make opensearch` starts one)")
    if health["cluster_name"] != manage.CLUSTER_NAME:
        pytest.skip(f"{OPENSEARCH_URL} is cluster {health['cluster_name']!r}, not the local one")
    return health


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked `corpora` need ../shared/corpora; without it they are skipped, saying so."""
    if SHARED_CORPORA.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the full shared corpora at {SHARED_CORPORA}")
    for item in items:
        if "corpora" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def public_url():
    """Every app the tests make writes permalinks as http://localhost/...: the public address is
    configured (PUBLIC_URL), never taken from a request. Tests of the other cases unset it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUBLIC_URL", "http://localhost")
        yield


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """The seed corpus indexed once for the whole session; tests only read it."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index([SEED_CORPUS], WhooshTarget(index_dir), log=lambda line: None)
    return index_dir


# A page written to attack whoever shows it: markup in the text, the title and the speaker.
HOSTILE_PAGE = """Interview of <b onmouseover="x()">"Bad" O'Actor</b> with <i>Evil</i>, May 5, 2021

Question: Will you <script>alert('q')</script> now?

Bad O'Actor: Yes <img src=x onerror=alert(1)> and <script>alert("a")</script> "quoted".
"""


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    corpus = write_corpus(folder / "corpus", {"hostile.txt": HOSTILE_PAGE})
    build_index([corpus], WhooshTarget(folder / "index"), log=lambda line: None)
    return folder / "index"


@pytest.fixture(scope="session")
def handle(seed_index) -> IndexHandle:
    return IndexHandle(seed_index)


@pytest.fixture(scope="session")
def app(seed_index):
    app = create_app(seed_index)
    app.config["TESTING"] = True
    return app


@pytest.fixture()
def client(engine_app):
    """The contract suite: every test asking for a client runs on each engine (`engine_app`)."""
    return engine_app.test_client()


# The contract suite: tests asking for these run once per engine, with the same assertions.


@pytest.fixture(scope="session", params=ENGINE_NAMES)
def engine_name(request) -> str:
    if request.param == "opensearch":
        request.getfixturevalue("local_cluster")  # skips, or fails under CI, without one
    return request.param


@pytest.fixture(scope="session")
def seed_built(engine_name, seed_index, tmp_path_factory):
    """The seed corpus indexed by each engine, once per session."""
    if engine_name == "whoosh":
        yield Built("whoosh", seed_index)
        return
    with built_on(engine_name, [SEED_CORPUS], tmp_path_factory.mktemp("seed-os"), "seed") as built:
        yield built


@pytest.fixture(scope="session")
def seed_engine(seed_built):
    """The search core over the seed index, on each engine."""
    return seed_built.opened()


@pytest.fixture(scope="session")
def engine_app(seed_built):
    """The web app over the seed index, on each engine."""
    return seed_built.app()


def write_corpus(folder: Path, files: dict[str, str | bytes]) -> Path:
    """A small corpus of our own, for tests that need input the seed does not have."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@cache
def _seed_documents() -> dict[str, list[str]]:
    _, shaped = read_file(SEED_FILE, SEED_CORPUS, default_registry())
    return {doc.id: [p.id for p in passages] for doc, passages in shaped}


def seed_id(doc_id: str, position: int) -> str:
    """The id of the seed passage at `position` (from 1) in a document: ids are keyed on
    opening words, so tests name passages by where they stand."""
    return _seed_documents()[doc_id][position - 1]
