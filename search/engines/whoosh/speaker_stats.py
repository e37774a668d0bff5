"""One speaker at a glance: how much they said, when, their telling words, and when they spoke
of something.

Everything here counts docnums with the columns read once per index build (`handle.columns()`)
rather than with Whoosh's `groupedby`, which reads a column per match and is slow at scale. Reposts
of the same text are counted once, as the search core counts its totals, so a month's count here
is the number of results a search for that month finds.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date

from whoosh import query
from whoosh.lang.stopwords import stoplists
from whoosh.searching import Searcher

from search.engines.whoosh.analysis import exact_analyzer
from search.engines.whoosh.columns import Columns, day_from_number, month_of
from search.engines.whoosh.searcher import IndexHandle, matching_texts, speakers
from search.months import months_between
from search.params import NO_FILTERS, Filters
from search.views import MonthCount, SpeakerProfile, Timeline

TOP_TERMS = 15
# Profiles read the stored text of at most this many passages, spread evenly over the speaker's
# career, so a speaker with a hundred thousand passages costs what one with a thousand does.
PROFILE_SAMPLE = 1000
# Only this many of the speaker's most widespread words are looked up in the whole corpus.
CANDIDATE_TERMS = 3000
# A telling word is used in at least this many of the speaker's sampled passages (fewer for a
# speaker with few passages), and at least this many times as often as by everyone else.
MIN_PASSAGES = 5
MIN_RATIO = 2.0
# The words of any transcript: the talk of talk, not what one speaker is about.
_TRANSCRIPT_WORDS = set(
    (
        "also would could may might must shall one two well yes "
        "like know think said say says let us many much even still "
        "already course whether question questions answer thank thanks today "
        "now however therefore though although within without upon every "
        "another something anything nothing way ways make made get got "
        "see want going come take give use need ever never always "
        "really quite rather yet since among across around new first "
        "last year years time times day days including fact part "
        "number lot thing things kind"
    ).split()
)
STOP_WORDS = frozenset(stoplists["en"]) | frozenset(stoplists["ru"]) | _TRANSCRIPT_WORDS
# Letters only (inner hyphens allowed): numbers, dates and codes are not what anyone is "about".
_WORDLIKE = re.compile(r"[^\W\d_]{3,}(?:-[^\W\d_]+)*")


def speaker_docnums(
    searcher: Searcher, columns: Columns, slug: str, about: query.Query | None = None
) -> list[int]:
    """The speaker's passages (those matching `about`, if given), one per distinct text."""
    scope = query.Term("speaker", slug)
    wanted = query.And([about, scope]) if about is not None else scope
    return columns.one_per_text(searcher.docs_for_query(wanted))


def count_by_month(columns: Columns, docnums: list[int], span: list[str]) -> Timeline:
    """Counts of `docnums` for each month of `span`; undated passages are counted apart."""
    days = columns.values["day"]
    counts = Counter(month_of(days[d]) for d in docnums if days[d])
    undated = sum(1 for d in docnums if not days[d])
    return Timeline([MonthCount(m, counts.get(m, 0)) for m in span], undated, len(docnums))


def _date_range(columns: Columns, docnums: list[int]) -> tuple[date | None, date | None]:
    dated = [columns.values["day"][d] for d in docnums if columns.values["day"][d]]
    if not dated:
        return None, None
    return day_from_number(min(dated)), day_from_number(max(dated))


def _spread_sample(columns: Columns, docnums: list[int], size: int) -> list[int]:
    """At most `size` docnums evenly spaced in date order: the same sample on every run."""
    if len(docnums) <= size:
        return docnums
    ordered = sorted(docnums, key=lambda d: (columns.values["day"][d], d))
    step = len(ordered) / size
    return [ordered[int(i * step)] for i in range(size)]


def _words_per_passage(searcher: Searcher, docnums: list[int]) -> Counter:
    """In how many of these passages each word appears, as the unstemmed `exact` field has it."""
    analyzer = exact_analyzer()
    spread: Counter = Counter()
    for docnum in docnums:
        text = searcher.stored_fields(docnum).get("text") or ""
        words = {token.text for token in analyzer(text)}
        spread.update(w for w in words if w not in STOP_WORDS and _WORDLIKE.fullmatch(w))
    return spread


def log_likelihood(used: float, size: float, rest_used: float, rest_size: float) -> float:
    """Dunning's log-likelihood (G²) of a word used in `used` of `size` passages and in
    `rest_used` of `rest_size` others: how surprising the difference would be by chance."""
    total_used, total = used + rest_used, size + rest_size
    if not total_used or total_used == total:
        return 0.0
    cells = (
        (used, size * total_used / total),
        (size - used, size * (total - total_used) / total),
        (rest_used, rest_size * total_used / total),
        (rest_size - rest_used, rest_size * (total - total_used) / total),
    )
    return 2 * sum(seen * math.log(seen / expected) for seen, expected in cells if seen > 0)


def min_passages(sample_size: int) -> int:
    """How many sampled passages must use a word for it to count: a word said once or twice
    says nothing about a speaker of hundreds of passages; a speaker of five must be read whole."""
    return max(1, min(MIN_PASSAGES, sample_size // 10))


def distinctive_terms(
    searcher: Searcher, sample: list[int], size: int, limit: int = TOP_TERMS
) -> list[str]:
    """The words this speaker uses more than the rest of the corpus does, most telling first.

    Keyness is Dunning's log-likelihood over passages (the speaker's against everyone else's),
    kept only for words the speaker uses at least `MIN_RATIO` times as often as the rest and in
    at least `min_passages` sampled passages: the log-likelihood alone rewards sheer frequency,
    so a generic word (people, work, country) used a little more often would otherwise lead.
    `sample` is drawn from the speaker's `size` passages, reposts included as the corpus counts
    them; the speaker's count of a word is read from the sample and scaled to all of them.
    When the speaker *is* the corpus nothing is distinctive, and the most widespread words show.
    """
    if not sample:
        return []
    spread = _words_per_passage(searcher, sample)
    support = min_passages(len(sample))
    candidates = [(w, n) for w, n in spread.most_common(CANDIDATE_TERMS) if n >= support]
    reader = searcher.reader()
    size = max(size, len(sample))
    rest_size = reader.doc_count() - size
    if rest_size <= 0:
        return [word for word, _ in candidates[:limit]]
    scale = size / len(sample)
    scored = []
    for word, n in candidates:
        used = min(n * scale, size)
        rest_used = max(reader.doc_frequency("exact", word) - used, 0.0)
        if used / size < MIN_RATIO * rest_used / rest_size:
            continue
        scored.append((log_likelihood(used, size, rest_used, rest_size), n, word))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    return [word for _, _, word in scored[:limit]]


def _profile(
    searcher: Searcher, columns: Columns, name: str, slug: str, roles: tuple[str, ...]
) -> SpeakerProfile:
    docnums = speaker_docnums(searcher, columns, slug)
    first, last = _date_range(columns, docnums)
    span = months_between(first, last) if first and last else []
    # Reposts stay in the sample: the corpus counts they are weighed against include them.
    every = list(searcher.docs_for_query(query.Term("speaker", slug)))
    sample = _spread_sample(columns, every, PROFILE_SAMPLE)
    return SpeakerProfile(
        name=name,
        slug=slug,
        roles=roles,
        passages=len(docnums),
        first_date=first,
        last_date=last,
        top_terms=tuple(distinctive_terms(searcher, sample, len(every))),
        timeline=count_by_month(columns, docnums, span),
    )


def speaker_profile(handle: IndexHandle, slug: str) -> SpeakerProfile | None:
    """The speaker with this slug, profiled once per index build; None if nobody has it."""
    known = {s.slug: s for s in speakers(handle)}
    if slug not in known:
        return None
    found = known[slug]
    columns = handle.columns()
    return handle.cached(
        f"speaker-profile:{slug}",
        lambda searcher: _profile(searcher, columns, found.name, slug, found.roles),
    )


def count_months(
    handle: IndexHandle, text: str, filters: Filters = NO_FILTERS
) -> tuple[dict[str, int], int]:
    """The passages a search finds (one per distinct text, as its total counts them) by month,
    "YYYY-MM" → count with months of none left out, and how many of them are undated.

    Raises QueryError for a query that cannot be read.
    """
    days = handle.columns().values["day"]
    docnums = matching_texts(handle, text, filters)
    counts = Counter(month_of(days[d]) for d in docnums if days[d])
    return dict(sorted(counts.items())), sum(1 for d in docnums if not days[d])
