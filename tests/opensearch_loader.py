"""A minimal loader of test indexes into OpenSearch, until the engine's own writer lands: the
build's passage stream, bulk-indexed into `<alias>-build` under the engine's mapping."""

from __future__ import annotations

from pathlib import Path

from opensearchpy import helpers

from indexer.build import build_index
from search.engines.fields import passage_fields
from search.engines.opensearch.connection import Settings, connect
from search.engines.opensearch.mapping import document, index_body


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
            self.docs.append(document(fields))

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
    client.indices.create(index=name, body=index_body())
    actions = ({"_index": name, "_id": d["id"], "_source": d} for d in target.sink.docs)
    helpers.bulk(client, actions, refresh=True)
    client.indices.put_alias(index=name, name=alias)
    return len(target.sink.docs)


def delete(alias: str) -> None:
    client = connect(Settings.from_env())
    client.indices.delete(index=f"{alias}-build", ignore=[404])
