"""The OpenSearch index analyses words as the Whoosh index does, and takes every field the
shared passage→fields function gives. Needs the local cluster (`local_cluster`, conftest.py)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.sources import read_file
from indexer.speakers import default_registry
from search.engines.fields import passage_fields
from search.engines.opensearch.connection import connect
from search.engines.opensearch.mapping import REPLICAS, SHARDS, document, index_body
from search.engines.whoosh.analysis import exact_analyzer, text_analyzer
from tests.conftest import SEED_CORPUS, SEED_FILE


@pytest.fixture(scope="module")
def scratch(local_cluster) -> Iterator[tuple]:
    """An empty index with Verbatim's mapping, deleted afterwards."""
    client = connect()
    name = f"verbatim-test-{os.getpid()}-mapping-{uuid.uuid4().hex[:8]}"
    client.indices.create(index=name, body=index_body())
    try:
        yield client, name
    finally:
        client.indices.delete(index=name, ignore_unavailable=True)


def _tokens(client, index: str, analyzer: str, text: str) -> list[str]:
    answer = client.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    return [token["token"] for token in answer["tokens"]]


def _whoosh(analyzer, text: str) -> list[str]:
    return [token.text for token in analyzer(text)]


def test_settings_are_three_shards_one_replica(scratch) -> None:
    client, name = scratch
    index = client.indices.get_settings(index=name)[name]["settings"]["index"]
    assert (int(index["number_of_shards"]), int(index["number_of_replicas"])) == (SHARDS, REPLICAS)
    assert (SHARDS, REPLICAS) == (3, 1)  # as cluster/manage.py's template says


@pytest.mark.parametrize(
    ("text", "stemmed", "exact"),
    [
        (
            "Russia’s negotiations on COVID-19",
            ["russia", "negoti", "on", "covid-19"],
            ["russia", "negotiations", "on", "covid-19"],
        ),
        ("переговорами президентов", ["переговор", "президент"], ["переговорами", "президентов"]),
        ("Ёлка у Лаврова", ["елк", "у", "лавров"], ["ёлка", "у", "лаврова"]),
        ("U.S. naïve café, 2021", ["u", "s", "naïv", "café", "2021"], None),
    ],
)
def test_words_as_whoosh_reads_them(scratch, text: str, stemmed: list, exact: list | None) -> None:
    client, name = scratch
    assert _tokens(client, name, "verbatim_text", text) == stemmed
    assert _whoosh(text_analyzer(), text) == stemmed
    expected_exact = exact if exact is not None else _whoosh(exact_analyzer(), text)
    assert _tokens(client, name, "verbatim_exact", text) == expected_exact
    assert _whoosh(exact_analyzer(), text) == expected_exact


_WORDS = st.sampled_from(
    "the president talks negotiations running Russia's Lavrov’s peace United States skis dying "
    "news generously переговоры президентами Россия ёж Минобороны США заявления COVID-19 "
    "well-being 1945 ООН".split()
)
# Within one word, one alphabet, and no straight apostrophe in Cyrillic: NLTK's Russian stemmer
# transliterates, reading ' as ь ("Лаврова's" → "лавроваьс", "Д'Артаньян" → "дьартаньян"), a
# quirk of Whoosh's analysis not worth copying.
_JUNK = st.one_of(
    st.text(alphabet=st.sampled_from("abcxyzÀéñÖ'’-.,;: \n0123456789"), min_size=1, max_size=12),
    st.text(alphabet=st.sampled_from("абвгжёЁюя’-.,;: \n0123456789"), min_size=1, max_size=12),
)


@settings(max_examples=40, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_WORDS, _JUNK), max_size=12).map(" ".join))
def test_both_engines_split_and_stem_alike(scratch, text: str) -> None:
    client, name = scratch
    assert _tokens(client, name, "verbatim_text", text) == _whoosh(text_analyzer(), text)
    assert _tokens(client, name, "verbatim_exact", text) == _whoosh(exact_analyzer(), text)


def test_every_shared_field_is_mapped_and_found(scratch) -> None:
    """The seed corpus's passages, through the fields both engines share, index under the strict
    mapping (an unmapped field would be refused) and are found by stem and by exact phrase."""
    client, name = scratch
    _, shaped = read_file(SEED_FILE, SEED_CORPUS, default_registry())
    sent = []
    for doc, passages in shaped:
        for passage in passages:
            fields = passage_fields(doc, passage, len(passages), former_ids=["old-1", "old-2"])
            body = document(fields)
            assert "exact" not in body  # filled from text by copy_to: the text is stored once
            client.index(index=name, id=passage.id, body=body)
            sent.append(fields)
    client.indices.refresh(index=name)
    first = sent[0]
    found = client.get(index=name, id=first["id"])["_source"]
    assert found["former_ids"] == ["old-1", "old-2"]
    assert found.get("date") == (first["date"].isoformat() if "date" in first else None)
    phrase = " ".join(first["text"].split()[:3])
    hits = client.search(
        index=name, body={"query": {"match_phrase": {"exact": phrase}}, "size": 100}
    )["hits"]["hits"]
    assert first["id"] in {hit["_id"] for hit in hits}
    count = client.count(index=name, body={"query": {"term": {"former_ids": "old-2"}}})
    assert count["count"] == len(sent)
