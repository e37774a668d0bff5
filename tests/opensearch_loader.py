"""A minimal loader of test indexes into OpenSearch, until the engine's own writer lands: the
build's passage stream, bulk-indexed into `<alias>-build` under a provisional mapping."""

from __future__ import annotations

from pathlib import Path

from opensearchpy import helpers

from indexer.build import build_index
from search.engines.opensearch.connection import Settings, connect
from search.engines.whoosh.schema import passage_fields

_KEYWORDS = [
    "id",
    "doc_id",
    "former_ids",
    "former_doc_ids",
    "kind",
    "speaker",
    "asker",
    "asker_outlet",
    "language",
    "site",
    "text_hash",
    "date_precision",
    "doc_kind",
]
MAPPING = {
    "settings": {
        "number_of_shards": 3,
        "number_of_replicas": 1,
        "analysis": {
            "analyzer": {
                "exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
                "stem_en": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "possessive", "snowball_en"],
                },
                "stem_ru": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "snowball_ru"],
                },
            },
            "filter": {
                "snowball_en": {"type": "snowball", "language": "English"},
                "snowball_ru": {"type": "snowball", "language": "Russian"},
                "possessive": {"type": "stemmer", "language": "possessive_english"},
            },
        },
    },
    "mappings": {
        "dynamic": "false",
        "properties": {
            **{name: {"type": "keyword"} for name in _KEYWORDS},
            **{name: {"type": "integer"} for name in ("position", "day", "year", "dated")},
            "date": {"type": "date"},
            **{
                name: {
                    "type": "text",
                    "analyzer": "stem_en",
                    "fields": {"ru": {"type": "text", "analyzer": "stem_ru"}},
                }
                for name in ("text", "question", "title")
            },
            "exact": {"type": "text", "analyzer": "exact"},
            "exact_question": {"type": "text", "analyzer": "exact"},
        },
    },
}


class _Sink:
    location = "opensearch-test"

    def __init__(self) -> None:
        self.docs: list[dict] = []

    def delete_documents(self, doc_ids) -> None:
        pass

    def add_document(self, doc, passages, moved) -> None:
        ids = [None, *(p.id for p in passages), None]
        for i, passage in enumerate(passages, 1):
            fields = passage_fields(
                doc,
                passage,
                len(passages),
                (ids[i - 1], ids[i + 1]),
                moved.passages.get(passage.id, ()),
                moved.documents.get(doc.id, ()),
            )
            for name in ("former_ids", "former_doc_ids"):
                if name in fields:
                    fields[name] = fields[name].split()
            if "date" in fields:
                fields["date"] = fields["date"].date().isoformat()
            self.docs.append(fields)

    def commit(self, side_files) -> None:
        pass

    def abandon(self) -> None:
        pass


class _Target:
    version = "test-loader"

    def __init__(self) -> None:
        self.sink = _Sink()

    def previous(self):
        return None

    def old_passages(self, doc_ids):
        return [], set()

    def open_build(self, incremental, passages):
        return self.sink


def load(corpus: list[Path], alias: str) -> int:
    client = connect(Settings.from_env())
    target = _Target()
    build_index(corpus, target, log=lambda line: None)
    name = f"{alias}-build"
    client.indices.create(index=name, body=MAPPING)
    actions = ({"_index": name, "_id": d["id"], "_source": d} for d in target.sink.docs)
    helpers.bulk(client, actions, refresh=True)
    client.indices.put_alias(index=name, name=alias)
    return len(target.sink.docs)


def delete(alias: str) -> None:
    client = connect(Settings.from_env())
    client.indices.delete(index=f"{alias}-build", ignore=[404])
