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
from search.engines.whoosh.columns import Columns
from search.engines.whoosh.searcher import IndexHandle, parse_query, search, speakers
from search.months import months_between
from search.params import Filters
from search.views import MonthCount, SearchPage, SpeakerProfile, Timeline

TOP_TERMS = 15
# Profiles read the stored text of at most this many passages, spread evenly over the speaker's
# career, so a speaker with a hundred thousand passages costs what one with a thousand does.
PROFILE_SAMPLE = 1000
# Characteristic passages are those densest in this many of the speaker's top terms.
DENSITY_TERMS = 8
# Only this many of the speaker's most widespread words are looked up in the whole corpus.
CANDIDATE_TERMS = 600
# The words of any transcript: the talk of talk, not what one speaker is about.
_TRANSCRIPT_WORDS = {
    "also", "would", "could", "may", "might", "must", "shall", "one", "two", "well", "yes",
    "like", "know", "think", "said", "say", "says", "let", "us", "many", "much", "even", "still",
    "already", "course", "whether", "question", "questions", "answer", "thank", "thanks", "today",
    "now", "however", "therefore", "though", "although", "within", "without", "upon", "every",
    "another", "something", "anything", "nothing", "way", "ways", "make", "made", "get", "got",
    "see", "want", "going", "come", "take", "give", "use", "need", "ever", "never", "always",
    "really", "quite", "rather", "yet", "since", "among", "across", "around", "new", "first",
    "last", "year", "years", "time", "times", "day", "days", "including", "fact", "part",
    "number", "lot", "thing", "things", "kind",
}  # fmt: skip
STOP_WORDS = frozenset(stoplists["en"]) | frozenset(stoplists["ru"]) | _TRANSCRIPT_WORDS
# Letters only (inner hyphens allowed): numbers, dates and codes are not what anyone is "about".
_WORDLIKE = re.compile(r"[^\W\d_]{3,}(?:-[^\W\d_]+)*")




def speaker_docnums(searcher: Searcher, columns: Columns, slug: str,
                    about: query.Query | None = None) -> list[int]:  # fmt: skip
    """The speaker's passages (those matching `about`, if given), one per distinct text."""
    scope = query.Term("speaker", slug)
    wanted = query.And([about, scope]) if about is not None else scope
    return columns.one_per_text(searcher.docs_for_query(wanted))


def month_key(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}"


def count_by_month(columns: Columns, docnums: list[int], span: list[str]) -> Timeline:
    """Counts of `docnums` for each month of `span`; undated passages are counted apart."""
    days = columns.values["day"]
    counts = Counter(month_key(days[d]) for d in docnums if days[d])
    undated = sum(1 for d in docnums if not days[d])
    return Timeline([MonthCount(m, counts.get(m, 0)) for m in span], undated, len(docnums))


def _as_date(day: int) -> date:
    return date(day // 10000, day // 100 % 100, day % 100)


def _date_range(columns: Columns, docnums: list[int]) -> tuple[date | None, date | None]:
    dated = [columns.values["day"][d] for d in docnums if columns.values["day"][d]]
    if not dated:
        return None, None
    return _as_date(min(dated)), _as_date(max(dated))


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


def distinctive_terms(searcher: Searcher, sample: list[int], limit: int = TOP_TERMS) -> list[str]:
    """The words this sample uses more than the corpus does, weighted by how often it uses them.

    A word scores `n · log(lift)`, where n is the number of sampled passages using it and lift
    is its share of the speaker's passages over its share of all passages (corpus document
    frequency in `exact`). Words the speaker uses no more than everyone else score nothing; when
    the speaker *is* the corpus, nothing is distinctive and the most widespread words are shown.
    """
    if not sample:
        return []
    spread = _words_per_passage(searcher, sample)
    # A word in one passage of many says nothing about the speaker; in a tiny sample it must do.
    support = 2 if len(sample) >= 10 else 1
    candidates = [(w, n) for w, n in spread.most_common(CANDIDATE_TERMS) if n >= support]
    reader = searcher.reader()
    total = max(reader.doc_count_all(), 1)
    scored = []
    for word, n in candidates:
        corpus_share = max(reader.doc_frequency("exact", word), n) / total
        lift = (n / len(sample)) / corpus_share
        scored.append((max(n * math.log(lift), 0.0), n, word))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    return [word for _, _, word in scored[:limit]]


def _profile(searcher: Searcher, columns: Columns, name: str, slug: str,
             roles: tuple[str, ...]) -> SpeakerProfile:  # fmt: skip
    docnums = speaker_docnums(searcher, columns, slug)
    first, last = _date_range(columns, docnums)
    span = months_between(first, last) if first and last else []
    sample = _spread_sample(columns, docnums, PROFILE_SAMPLE)
    return SpeakerProfile(
        name=name,
        slug=slug,
        roles=roles,
        passages=len(docnums),
        first_date=first,
        last_date=last,
        top_terms=tuple(distinctive_terms(searcher, sample)),
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


def timeline_about(handle: IndexHandle, profile: SpeakerProfile, text: str) -> Timeline:
    """The speaker's passages matching a query, by month over the speaker's whole span.

    Raises QueryError for a query that cannot be read.
    """
    searcher = handle.searcher()
    about = parse_query(text, searcher)
    docnums = speaker_docnums(searcher, handle.columns(), profile.slug, about)
    return count_by_month(handle.columns(), docnums, [m.month for m in profile.timeline.months])


def representative_quotes(
    handle: IndexHandle, profile: SpeakerProfile, text: str = "", limit: int = 6
) -> SearchPage:
    """The speaker's best passages for a query; without one, those densest in their top terms.

    Raises QueryError for a query that cannot be read.
    """
    if text.strip():
        return search(handle, text, Filters(speakers=(profile.slug,)), per_page=limit)
    return handle.cached(
        f"speaker-quotes:{profile.slug}:{limit}",
        lambda searcher: _densest(handle, profile, limit),
    )


def _densest(handle: IndexHandle, profile: SpeakerProfile, limit: int) -> SearchPage:
    """The top terms as one OR query over what the speaker said (not the questions put to them),
    within the speaker: BM25 ranks a passage by how many of those words it uses, and how often
    for its length, and the search core highlights them. Few terms keep the query cheap.
    """
    terms = [t for t in profile.top_terms if "-" not in t][:DENSITY_TERMS]
    text = f"text:({' OR '.join(terms)})" if terms else ""
    return search(handle, text, Filters(speakers=(profile.slug,)), per_page=limit)
