"""The benchmark's queries: a fixed set per class, drawn with a fixed seed from the index itself.

Words come from the index's unstemmed `exact` field (single terms, in three bands of document
frequency) or from random passages (word pairs, phrases, a speaker with one of their words, a
date range around a passage, a quote cut from a passage, 4–6 words of one passage, three
adjacent frequent words with a stop word among them), so every query has a source and most have
hits, whatever corpus the index holds. The same index and seed give the same queries; each class
draws from its own random stream, so adding a class changes no other class's queries.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from itertools import pairwise
from urllib.parse import urlencode

from whoosh.searching import Searcher

CLASSES = (
    "term",
    "terms",
    "phrase",
    "common_phrase",
    "conjunction",
    "speaker",
    "date_range",
    "facets",
    "highlight",
    "quote",
    "page50",
    "page30",
)
LABELS = {
    "term": "single term",
    "terms": "2–3 terms",
    "phrase": "phrase",
    "common_phrase": "common-word phrase",
    "conjunction": "long conjunction (4–6 terms)",
    "speaker": "speaker filter",
    "date_range": "date range",
    "facets": "facets (common term)",
    "highlight": "highlights, 10-result page",
    "quote": "quote finder",
    "page50": "page 50",
    "page30": "page 30 of a common word",
}
SEED = 20261126

_LETTERS = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\w+")
# Words too common to make a query of their own; a phrase or a pair is drawn without them.
STOPWORDS = frozenset(
    "a about after all also an and any are as at be been before being but by can could did do "
    "does for from had has have he her here him his how i if in into is it its just let like "
    "me more most much my no not now of on one only or other our out over said say she should "
    "so some such than that the their them then there these they this those through to too two "
    "up us very was we well were what when where which while who why will with would yes you "
    "your".split()
)
# Document-frequency bands of single terms, as shares of the passages.
BANDS = {"common": (0.01, 0.2), "mid": (0.001, 0.01), "rare": (0.0, 0.001)}
MIN_DOCS = 3
PAGE50_MIN_DOCS = 600  # page 50 of 10 needs 500 distinct passages, reposts aside
PAGE30_MIN_DOCS = 360  # page 30 of 10 needs 300
# A common-word phrase: every word in at least this share of the passages (stop words are, by
# far), at least one stop word and one word that is not, as in "the United States".
COMMON_WORD_SHARE = 0.01
CONJUNCTION_WORDS = (4, 5, 6)


@dataclass(frozen=True)
class Query:
    cls: str
    words: tuple[str, ...]
    phrase: bool = False
    quote: str = ""  # the text pasted into the quote finder
    speaker_name: str | None = None
    speaker_slug: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1

    def app_text(self) -> str:
        """What a user types in the search box (or pastes into the quote finder)."""
        if self.quote:
            return self.quote
        joined = " ".join(self.words)
        return f'"{joined}"' if self.phrase else joined

    def whoosh_text(self) -> str:
        joined = " ".join(self.words)
        return f'"{joined}"' if self.phrase or self.quote else joined

    def fts5_text(self) -> str:
        if self.phrase or self.quote:
            return '"' + " ".join(self.words) + '"'
        return " ".join(f'"{w}"' for w in self.words)

    def url_params(self) -> dict[str, str]:
        params = {"q": self.app_text()}
        if self.speaker_name:
            params["speaker"] = self.speaker_name
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        if self.page > 1:
            params["page"] = str(self.page)
        return params

    def describe(self) -> str:
        """The query as its search page's parameters, to name a slow one."""
        return urlencode(self.url_params())

    def to_json(self) -> dict:
        data = asdict(self)
        data["words"] = list(self.words)
        for name in ("date_from", "date_to"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> Query:
        fields = dict(data, words=tuple(data["words"]))
        for name in ("date_from", "date_to"):
            fields[name] = date.fromisoformat(data[name]) if data.get(name) else None
        return cls(**fields)


def save(queries: dict[str, list[Query]]) -> str:
    return json.dumps({cls: [q.to_json() for q in qs] for cls, qs in queries.items()})


def load(text: str) -> dict[str, list[Query]]:
    return {cls: [Query.from_json(q) for q in qs] for cls, qs in json.loads(text).items()}


class _Draw:
    """Random passages and words of one index, reproducible from a seed."""

    def __init__(self, searcher: Searcher, rng: random.Random, vocabulary: dict) -> None:
        self.searcher, self.rng, self.vocabulary = searcher, rng, vocabulary
        self.reader = searcher.reader()

    def passage(self) -> dict:
        total = self.reader.doc_count_all()
        for _ in range(1000):
            docnum = self.rng.randrange(total)
            if not self.reader.is_deleted(docnum):
                return self.searcher.stored_fields(docnum)
        raise ValueError("the index holds no live passages")

    def content_words(self, text: str) -> list[str]:
        words = [w.lower() for w in _LETTERS.findall(text)]
        return list(dict.fromkeys(w for w in words if len(w) >= 4 and w not in STOPWORDS))

    def term(self, band: str) -> str:
        pool = self.vocabulary[band] or self.vocabulary["any"]
        return self.rng.choice(pool)

    def words_from_passage(self, count: int) -> tuple[str, ...]:
        for _ in range(100):
            words = self.content_words(self.passage()["text"])
            if len(words) >= count:
                return tuple(self.rng.sample(words, count))
        return tuple(self.term("mid") for _ in range(count))


def vocabulary(searcher: Searcher) -> dict[str, list[str]]:
    """Indexed words by band of document frequency (plus "any", "page50", "page30", and
    "frequent": every word, stop words too, in at least COMMON_WORD_SHARE of the passages)."""
    reader = searcher.reader()
    passages = max(1, reader.doc_count())
    names = (*BANDS, "any", "page50", "page30", "frequent")
    bands: dict[str, list[str]] = {name: [] for name in names}
    for raw, info in reader.iter_field("exact"):
        word = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if not _LETTERS.fullmatch(word):
            continue
        frequency = info.doc_frequency()
        share = frequency / passages
        if share >= COMMON_WORD_SHARE and frequency >= MIN_DOCS:
            bands["frequent"].append(word)
        if len(word) < 4 or word in STOPWORDS or frequency < MIN_DOCS:
            continue
        bands["any"].append(word)
        for name, (low, high) in BANDS.items():
            if low <= share < high:
                bands[name].append(word)
        if frequency >= PAGE50_MIN_DOCS:
            bands["page50"].append(word)
        if frequency >= PAGE30_MIN_DOCS and share >= BANDS["common"][0]:
            bands["page30"].append(word)
    if not bands["any"]:
        raise ValueError("the index has no words to draw queries from")
    if not bands["page50"] or not bands["page30"]:
        # A small index: its most frequent words, so the deep page is asked for and comes back
        # empty.
        top = reader.most_frequent_terms("exact", number=50)
        frequent = sorted(w for _, t in top if (w := _decode(t)) in set(bands["any"]))
        for name in ("page50", "page30"):
            bands[name] = bands[name] or frequent
    return bands


def _decode(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _phrase(draw: _Draw) -> tuple[str, ...]:
    """Two or three words that stand next to each other in a passage."""
    for _ in range(200):
        text = draw.passage()["text"]
        matches = list(_LETTERS.finditer(text))
        length = draw.rng.choice((2, 3))
        starts = list(range(len(matches) - length + 1))
        draw.rng.shuffle(starts)
        for start in starts[:40]:
            window = matches[start : start + length]
            words = [m.group().lower() for m in window]
            adjacent = all(text[a.end() : b.start()].isspace() for a, b in pairwise(window))
            if adjacent and all(len(w) >= 3 and w not in STOPWORDS for w in words):
                return tuple(words)
    return draw.words_from_passage(2)


def _common_phrase(draw: _Draw) -> tuple[str, ...]:
    """Three adjacent words, each frequent, at least one a stop word and one not: the phrases
    analysts type ("the united states", "i think that") and the slowest to match, since every
    word's postings are long."""
    frequent = set(draw.vocabulary["frequent"])
    for _ in range(400):
        text = draw.passage()["text"]
        matches = list(_LETTERS.finditer(text))
        starts = list(range(len(matches) - 2))
        draw.rng.shuffle(starts)
        for start in starts[:60]:
            window = matches[start : start + 3]
            words = [m.group().lower() for m in window]
            adjacent = all(text[a.end() : b.start()] == " " for a, b in pairwise(window))
            stops = sum(w in STOPWORDS for w in words)
            if adjacent and 0 < stops < 3 and all(w in frequent for w in words):
                return tuple(words)
    return _phrase(draw)


def _quote(draw: _Draw) -> tuple[str, tuple[str, ...]]:
    """A run of 12 to 20 words cut from a passage, as a reader would paste it."""
    for _ in range(200):
        tokens = draw.passage()["text"].split()
        if len(tokens) >= 12:
            length = min(len(tokens), draw.rng.randint(12, 20))
            start = draw.rng.randrange(len(tokens) - length + 1)
            text = " ".join(tokens[start : start + length])
            return text, tuple(w.lower() for w in _TOKEN.findall(text))
    words = draw.words_from_passage(3)
    return " ".join(words), words


def _speaker(draw: _Draw) -> Query:
    for _ in range(200):
        fields = draw.passage()
        words = draw.content_words(fields["text"])
        if fields.get("speaker") and fields.get("speaker_name") and words:
            return Query(
                "speaker",
                (draw.rng.choice(words),),
                speaker_name=fields["speaker_name"],
                speaker_slug=fields["speaker"],
            )
    return Query("speaker", (draw.term("mid"),))


def _date_range(draw: _Draw) -> Query:
    """One of the passage's words, in a month, a year or three years around its date."""
    for _ in range(200):
        fields = draw.passage()
        words = draw.content_words(fields["text"])
        if fields.get("date") and words:
            span = draw.rng.choice((31, 365, 3 * 365))
            start = fields["date"].date() - timedelta(days=draw.rng.randrange(span))
            return Query(
                "date_range",
                (draw.rng.choice(words),),
                date_from=start,
                date_to=start + timedelta(days=span),
            )
    return Query(
        "date_range", (draw.term("mid"),), date_from=date(1945, 1, 1), date_to=date(2030, 12, 31)
    )


def _one(cls: str, draw: _Draw, index: int) -> Query:
    if cls == "term":
        band = tuple(BANDS)[index % len(BANDS)]
        return Query(cls, (draw.term(band),))
    if cls in ("terms", "highlight"):
        return Query(cls, draw.words_from_passage(draw.rng.choice((2, 3))))
    if cls == "phrase":
        return Query(cls, _phrase(draw), phrase=True)
    if cls == "common_phrase":
        return Query(cls, _common_phrase(draw), phrase=True)
    if cls == "conjunction":
        return Query(cls, draw.words_from_passage(draw.rng.choice(CONJUNCTION_WORDS)))
    if cls == "speaker":
        return _speaker(draw)
    if cls == "date_range":
        return _date_range(draw)
    if cls == "facets":
        return Query(cls, (draw.term("common"),))
    if cls == "quote":
        text, words = _quote(draw)
        return Query(cls, words, quote=text)
    if cls == "page50":
        return Query(cls, (draw.rng.choice(draw.vocabulary["page50"]),), page=50)
    if cls == "page30":
        return Query(cls, (draw.rng.choice(draw.vocabulary["page30"]),), page=30)
    raise ValueError(f"unknown query class {cls!r}")


def draw_queries(searcher: Searcher, per_class: int, seed: int = SEED) -> dict[str, list[Query]]:
    """`per_class` queries of every class; each class has its own stream of random numbers."""
    words = vocabulary(searcher)
    queries = {}
    for cls in CLASSES:
        draw = _Draw(searcher, random.Random(f"{seed}-{cls}"), words)
        queries[cls] = [_one(cls, draw, i) for i in range(per_class)]
    return queries
