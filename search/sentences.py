"""Sentence boundaries, by NLTK's Punkt trained on the index's own texts.

No NLTK data can be downloaded, and transcripts have their own abbreviations ("U.S.", "a.m.",
"H.R."), so the splitter is trained on a bounded sample of the corpus. An index build saves the
learned parameters beside the index (`punkt.json`); a searcher of an index without them trains
once on a smaller sample, in memory. Parameters are stored as JSON rather than a pickle so that
reading an index folder never runs code.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer
from whoosh.searching import Searcher

from search.engines.whoosh import store

if TYPE_CHECKING:
    from search.engines.whoosh.searcher import IndexHandle

SPLITTER_FILE = "punkt.json"
# Training takes 4 to 10 s a megabyte (measured on 400,000 passages of briefings and UN
# speeches): a megabyte learns the corpus's abbreviations at build time; a quarter of one is
# little enough for the first request to an index built without them.
BUILD_SAMPLE_CHARS = 1_000_000
LAZY_SAMPLE_CHARS = 250_000
# Passages visited, at most, to fill a sample.
SAMPLE_PASSAGES = 10_000
# A small corpus cannot learn these; a wrong guess only joins two sentences.
KNOWN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen col lt sgt capt gov sen rep amb "
    "u.s u.k u.n e.g i.e a.m p.m d.c jan feb aug sept oct nov dec".split()
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Characters split either side of the asked-for range within one paragraph.
SPLIT_MARGIN = 1500


def train_splitter(
    texts: Iterable[str], max_chars: int = BUILD_SAMPLE_CHARS
) -> PunktSentenceTokenizer:
    """A Punkt splitter learned from `texts`, reading at most `max_chars` of them."""
    trainer = PunktTrainer()
    taken = 0
    for text in texts:
        if taken >= max_chars:
            break
        piece = text[: max_chars - taken]
        trainer.train(piece, finalize=False)
        taken += len(piece)
    trainer.finalize_training()
    params = trainer.get_params()
    params.abbrev_types |= KNOWN_ABBREVIATIONS
    return PunktSentenceTokenizer(params)


def sample_texts(searcher: Searcher, max_chars: int) -> Iterator[str]:
    """Stored passage texts, until `max_chars` have been given, from all over the index.

    The passages come in a fixed shuffled order, so that any first part of them spans the whole
    index (every source, every year) and the same index always gives the same sample.
    """
    reader = searcher.reader()
    total = reader.doc_count_all()
    order = random.Random(0).sample(range(total), min(total, SAMPLE_PASSAGES))
    given = 0
    for docnum in order:
        if given >= max_chars:
            return
        if reader.has_deletions() and reader.is_deleted(docnum):
            continue
        text = reader.stored_fields(docnum).get("text") or ""
        given += len(text)
        yield text


def _params_json(params: PunktParameters) -> dict:
    return {
        "abbrev_types": sorted(params.abbrev_types),
        "collocations": sorted(list(pair) for pair in params.collocations),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": dict(params.ortho_context),
    }


def _params_from_json(data: dict) -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(pair) for pair in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context = defaultdict(int, data["ortho_context"])
    return params


def splitter_to_json(splitter: PunktSentenceTokenizer) -> str:
    """The learned parameters as JSON: what a build stores beside its index, whichever engine."""
    return json.dumps(_params_json(splitter._params))


def splitter_from_json(text: str) -> PunktSentenceTokenizer:
    """Raises ValueError, KeyError or TypeError for text that `splitter_to_json` did not write."""
    return PunktSentenceTokenizer(_params_from_json(json.loads(text)))


def save_splitter(searcher: Searcher, build_dir: Path) -> Path:
    """Train on the index being built and save the parameters in its folder; returns the file."""
    splitter = train_splitter(sample_texts(searcher, BUILD_SAMPLE_CHARS), BUILD_SAMPLE_CHARS)
    path = Path(build_dir) / SPLITTER_FILE
    tmp = path.with_name(f".{SPLITTER_FILE}.{os.getpid()}")
    tmp.write_text(splitter_to_json(splitter), encoding="utf-8")
    # A new build starts as hard links to the previous one: replace the link, never write
    # through it into the build still being served.
    os.replace(tmp, path)
    return path


def load_splitter(path: Path) -> PunktSentenceTokenizer:
    return splitter_from_json(path.read_text(encoding="utf-8"))


def splitter_for(handle: IndexHandle) -> PunktSentenceTokenizer:
    """The splitter of the handle's current index: saved by its build, else trained once now."""

    def make(searcher: Searcher) -> PunktSentenceTokenizer:
        saved = store.current_build(handle.index_dir) / SPLITTER_FILE
        if saved.exists():
            try:
                return load_splitter(saved)
            except (ValueError, KeyError, TypeError):
                pass  # an unreadable file is no worse than none: learn from the texts instead
        return train_splitter(sample_texts(searcher, LAZY_SAMPLE_CHARS), LAZY_SAMPLE_CHARS)

    return handle.cached("punkt-splitter", make)


def sentence_spans(
    splitter: PunktSentenceTokenizer, text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """(start, end) of the sentences around text[start:end].

    A paragraph break always ends a sentence. Only the paragraphs overlapping the range are split,
    and of a long one only SPLIT_MARGIN characters either side, since Punkt costs about 2 ms a
    kilobyte and a whole speech may be one paragraph.
    """
    end = len(text) if end is None else end
    spans = []
    para_start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        para_end = match.start() if match else len(text)
        if para_end >= start and para_start <= end and para_end > para_start:
            spans.extend(_split_near(splitter, text, para_start, para_end, start, end))
        para_start = match.end() if match else len(text)
    return spans


def _split_near(
    splitter: PunktSentenceTokenizer,
    text: str,
    para_start: int,
    para_end: int,
    start: int,
    end: int,
) -> list[tuple[int, int]]:
    low = max(para_start, start - SPLIT_MARGIN)
    high = min(para_end, end + SPLIT_MARGIN)
    spans = [(low + a, low + b) for a, b in splitter.span_tokenize(text[low:high])]
    # A sentence cut by the margin is dropped, unless it holds part of the range itself.
    if low > para_start and len(spans) > 1 and spans[0][1] <= start:
        spans = spans[1:]
    if high < para_end and len(spans) > 1 and spans[-1][0] >= end:
        spans = spans[:-1]
    return spans
