"""The OpenSearch index chosen for this corpus: its analysis, settings and field mapping.

Field names and values are Whoosh's (`search.engines.fields.passage_fields`, shared by both
engines); `document()` adapts them. Choices:

- One stemmed analyzer for English and Russian, not a `.ru` sub-field per language: the Snowball
  English and Russian stemmers are chained, and each changes only words of its own alphabet
  (English rules end in Latin letters, Russian ones in Cyrillic), so every word is stemmed by
  its script's rules, as Whoosh's `SnowballFilter` does. A page quoting Russian words in English
  text (or the reverse) is then found in both, one query covers both languages, and a sub-field
  per language would double the postings for no match that this misses. Tokens and stems are
  checked against Whoosh's analyzers in the tests.
- Words are split by Whoosh's own pattern (`WORD_PATTERN`: inner apostrophes and hyphens kept,
  "COVID-19", "Russia's"), not the standard tokenizer, so that both engines see the same words
  and phrase and count parity holds. No stop words: "to be or not to be" is a phrase people quote.
- Unstemmed twins for quoted phrases (`exact`, `exact_question`): lower-cased, possessive 's
  dropped, ё kept, positions kept. They are filled by `copy_to` from `text` and `question`, so
  the stored passage (`_source`) holds each text once.
- `text`, `question` and their twins index offsets: the unified highlighter then reads match
  positions from the postings instead of analysing each hit's text again.
- Keyword fields filter and facet; names as shown (`speaker_name`, `asker_name`, ...) keep doc
  values but no index, so a facet can show them beside its slugs without another request;
  everything else shown is only in `_source` (`index: false`, no doc values).
- `date` is a day; `date_precision` says whether only its month or year is known (the date is
  then the first day), `day` (YYYYMMDD, 0 when undated), `year` and `dated` are numbers to range
  over, count and sort by, as in Whoosh.
- Three primaries with one replica each, as the local cluster's template says
  (cluster/manage.py); set here too, since a template of higher priority would replace it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from search.engines.fields import EXACT_FIELDS, WORD_PATTERN

SHARDS = 3
REPLICAS = 1

# Java's \w is ASCII-only without (?U): Cyrillic words would fall apart.
_TOKENIZER = {"type": "pattern", "pattern": f"(?U){WORD_PATTERN}", "group": 0}

ANALYSIS = {
    "char_filter": {
        # Whoosh's SnowballFilter stems ё as е; Lucene's stemmer does not. One character for
        # one: offsets are kept.
        "verbatim_stem_chars": {"type": "mapping", "mappings": ["ё => е", "Ё => Е"]},
    },
    "tokenizer": {"verbatim_words": _TOKENIZER},
    "filter": {
        "verbatim_english": {"type": "snowball", "language": "English"},
        "verbatim_russian": {"type": "snowball", "language": "Russian"},
        "verbatim_possessive": {"type": "pattern_replace", "pattern": "['’`]s$", "replacement": ""},
        # NLTK's English stemmer reads a curly apostrophe as a straight one (so "Russia’s" loses
        # its 's); its Russian one does not. So, only in words without a Cyrillic letter.
        "verbatim_apostrophe": {
            "type": "pattern_replace",
            "pattern": "(?<![\u0400-\u04ff].{0,300})’(?![^\u0400-\u04ff]*[\u0400-\u04ff])",
            "replacement": "'",
        },
    },
    "analyzer": {
        "verbatim_text": {
            "type": "custom",
            "char_filter": ["verbatim_stem_chars"],
            "tokenizer": "verbatim_words",
            "filter": [
                "lowercase",
                "verbatim_apostrophe",
                "verbatim_english",
                "verbatim_russian",
            ],
        },
        "verbatim_exact": {
            "type": "custom",
            "tokenizer": "verbatim_words",
            "filter": ["lowercase", "verbatim_possessive"],
        },
    },
}

_KEYWORD = {"type": "keyword"}
# Shown, never searched: kept in _source only.
_SHOWN = {"type": "keyword", "index": False, "doc_values": False}
# Shown beside a facet's slugs: readable from doc values, not searchable.
_LABEL = {"type": "keyword", "index": False}
_INT = {"type": "integer"}


def _text(exact: str | None) -> dict:
    field = {"type": "text", "analyzer": "verbatim_text", "index_options": "offsets"}
    if exact:
        field["copy_to"] = exact
    return field


_EXACT = {"type": "text", "analyzer": "verbatim_exact", "index_options": "offsets"}

PROPERTIES = {
    "id": _KEYWORD,
    "doc_id": _KEYWORD,
    "position": _INT,
    "doc_passages": {"type": "integer", "index": False},
    # The redirect table: ids this passage and its document had in earlier builds, and its
    # positional id (indexer.redirects); looked up word for word.
    "former_ids": _KEYWORD,
    "former_doc_ids": _KEYWORD,
    "prev_id": _SHOWN,
    "next_id": _SHOWN,
    "kind": _KEYWORD,
    "speaker": _KEYWORD,
    "speaker_name": _LABEL,
    "role": _SHOWN,
    "asker": _KEYWORD,
    "asker_name": _LABEL,
    "asker_words": _KEYWORD,
    # The outlet the asker speaks for: `asker:` matches it too.
    "asker_outlet": _KEYWORD,
    "asker_outlet_name": _LABEL,
    "date": {"type": "date", "format": "strict_date"},
    "date_precision": _KEYWORD,
    "day": _INT,
    "year": {"type": "short"},
    "dated": {"type": "byte"},
    "language": _KEYWORD,
    "site": _KEYWORD,
    "text_hash": _KEYWORD,
    "text": _text(EXACT_FIELDS["text"]),
    "question": _text(EXACT_FIELDS["question"]),
    "title": _text(None),
    EXACT_FIELDS["text"]: _EXACT,
    EXACT_FIELDS["question"]: _EXACT,
    "doc_kind": _KEYWORD,
    "doc_speakers": _SHOWN,
    "source": _SHOWN,
    "also_sources": _SHOWN,
    "publisher": _SHOWN,
    "url": _SHOWN,
}
# Filled by copy_to, so never sent in a document.
_COPIED = frozenset(EXACT_FIELDS.values())


def index_body(build_meta: dict | None = None) -> dict:
    """The body that creates one build index: settings, analysis, mapping (`build_meta` goes in
    the mapping's `_meta`: who is writing it, for the clean-up of abandoned builds)."""
    return {
        "settings": {
            "index": {"number_of_shards": SHARDS, "number_of_replicas": REPLICAS},
            "analysis": ANALYSIS,
        },
        "mappings": {
            # A field the mapping does not name is an error, not a guess: the two engines'
            # fields stay the same.
            "dynamic": "strict",
            "_meta": build_meta or {},
            "properties": PROPERTIES,
        },
    }


def document(fields: dict) -> dict:
    """A passage's shared fields (`search.engines.fields.passage_fields`) as an OpenSearch
    document: dates as ISO days, the exact twins left to copy_to, missing values left out."""
    doc = {}
    for name, value in fields.items():
        if name in _COPIED or value is None:
            continue
        doc[name] = value.isoformat() if isinstance(value, date) else value
    return doc


def mapping_version() -> str:
    """Changes with the analysis, the mapping and how passages become documents: then every
    file is indexed again (`IndexTarget.version`)."""
    digest = hashlib.sha256(json.dumps(index_body(), sort_keys=True).encode())
    here = Path(__file__).parent
    for path in (here / "mapping.py", here / "writer.py", here.parent / "fields.py"):
        if path.exists():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()
