"""Who each row of the UN speaker table is: one name per person, never a guessed one.

The speaker table names a country's speaker per session, often by surname alone ("Castro",
"Mr. FISCHER") and in many spellings ("Sheikh Al-Sabah", "Al Sabah", "Ch1Ssano", "Percival J.
Patterson"). Taken as written, one surname gathers several people (Cuba's Castro of 1960 with
the Philippines' of 1985) and one person splits into several records. Resolution is scoped as
everywhere in Verbatim: a row is first read against its own country's rows (the publisher's
people of that period), and only a name the whole table gives no one else stands alone.

- A leading title ("Sheikh", "Prince", "Samdech", "King", "Lieutenant-General") and a trailing
  "of Monaco" are no part of the name they stand before.
- A digit inside a word is an OCR slip ("Ch1Ssano", "A1 Hashimy"), repaired only when one word
  of the same country's rows reads the same with a letter in its place ("Chissano").
- A word the country's rows write once is mended from the words they write more often around
  it (`_mended`): an article glued on ("Alkhalifa"), a letter or two misread ("Janies Marape").
- Full names of one country are one person when one reads as a shorter form of the other (the
  same words in order, spellings one or two letters apart, a transliteration's vowels, a name
  written as one word or two: "Percival J. Patterson" and "Percival James Patterson",
  "Zumbrano Velasco" and "Zambrano Velasco", "Yousef"/"Yousuf"), or has the same two words in
  the other order ("Khurelsukh Ukhnaa", "Ukhnaa Khurelsukh"), within `WINDOW` sessions of each
  other unless written identically, transliteration, hyphens and spaces aside
  ("Kassymzhomart Tokaev" of 2006, "Kassym-Jomart Tokayev" of 2019).
- A surname alone is the one full-named person of that country with that surname within
  `WINDOW` sessions ("Jugnauth" 1982 is Anerood Jugnauth, named so in 1988). When there is none,
  or more than one, it stays a surname: one record per run of the country's rows, joined across
  rows of other people only when no full-named person of that surname is near. A head of
  state's or government's rows (the table's post) are near across any rows of ministers
  between; a transliteration's vowels ("Al-Nuaimi", "Al-Noaimi") count only when no spelling
  closer to the surname is near.
- A surname kept alone is shown as the table writes it when nobody else in the table has it
  ("Gromyko"); otherwise with its country ("Castro (Philippines)"), and the years when the
  country has several such records ("Ali (Pakistan, 1955)").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from indexer.names import edit_distance
from indexer.translit import spelling_key

# Rows further apart than this many sessions (years) are not taken for one person on the
# strength of a similar name alone: a foreign minister's tenure rarely runs longer.
WINDOW = 10
# Surname-only rows of one country separated by other people's rows are one person only when
# this close, and no full-named person of that surname speaks near them.
_RUN_GAP = 20
# Rows of other people a country's surname may skip and still be the same person's: a foreign
# minister and a head of state take turns at the debate.
_INTERRUPTION = 5
_FIRST_SESSION_YEAR = 1945

# Titles before a name: courtesy, royal, religious and military ones.
_TITLES = frozenset(
    """sheikh sheik shaikh sheijkh shaykh prince princess king queen emir amir sultan samdech
    crown highness archbishop bishop cardinal general colonel brigadier marshal field admiral
    lieutenant major majesty excellency his her alhaji alhadji hadji""".split()
)
# A military rank hyphenated in the table ("Lieutenant-General", "Major-General"), typos too.
_HYPHENATED_RANK = re.compile(r"^[^\W\d_]+-(?:general|colonel|admiral)$", re.IGNORECASE)
# Small words inside names that carry no identity of their own ("Tamim bin Hamad Al Thani").
_PARTICLES = frozenset(
    "al el as ash bin ibn ibm bint ben ould de da del di dos du la le van von der y".split()
)
_ROYAL_PLACE = re.compile(r"\s+of\s+[A-Z][\w\s'’-]*$")
_ABBREVIATION = re.compile(r"(?:^|(?<=\s))[A-Z][a-z]{1,2}[.,](?=\s|$)")
_DIGIT_WORD = re.compile(r"[^\W_]*\d[^\W_]*")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_FOLDS = str.maketrans("łŁøØđı", "lloodi", "'’") | str.maketrans({"ß": "ss", "æ": "ae"})


def fold(word: str) -> str:
    """A word without case, accents or apostrophes: "Mata'afa" → "mataafa", "Ał" → "al"."""
    text = unicodedata.normalize("NFKD", word.translate(_FOLDS).casefold().translate(_FOLDS))
    return "".join(c for c in text if not unicodedata.combining(c))


def without_titles(name: str) -> str:
    """ "Prince Albert II of Monaco" → "Albert II"; a title standing alone ("King", the
    Barbadian surname) is a name."""
    words = name.split()
    while len(words) > 1 and (
        fold(words[0]).rstrip(".") in _TITLES or _HYPHENATED_RANK.match(words[0])
    ):
        words = words[1:]
    rest = " ".join(words)
    place = _ROYAL_PLACE.search(rest)
    if place and len(rest[: place.start()].split()) >= 2:
        rest = rest[: place.start()]
    return rest


def tokens(name: str) -> tuple[str, ...]:
    """The words that tell a person apart, folded: "Sheikh Al-Sabah" → ("sabah",)."""
    # "Mir. Gromyko", "He. Mwangalb": a short word with a full stop is a misread honorific.
    name = _ABBREVIATION.sub(" ", without_titles(name))
    # "Ai-Thani": OCR's "i" for the "l" of the article.
    name = re.sub(r"\bAi-(?=[A-Z])", "Al-", name)
    words = [fold(w) for w in _WORD.findall(name.replace("-", " "))]
    return tuple(w for w in words if w not in _PARTICLES and not w.isdigit())


# Vowels and glides, which transliterations of one name write differently ("Al-Nuaimi",
# "Al-Noaimi", "Al-Nuweimi"; "Yousef", "Yousuf").
_VOWELS = re.compile(r"[aeiouwy]")
# Mongolian patronymics in the genitive ("Ukhnaagiin Khürelsükh" is Khurelsukh, son of Ukhnaa).
_GENITIVE = re.compile(r"(?<=[^\W\d_]{4})(?:giin|iin|yn)$")


def vowel_variant(a: str, b: str) -> bool:
    """Two folded words that differ only in vowels and glides, a letter or two, starting with
    the same letter: transliterations of one name. Short names differ so too often ("Hamad",
    "Hamid"), so this is only asked where a country's rows narrow the choice to one person."""
    if min(len(a), len(b)) < 5 or a[0] != b[0] or a + "a" == b or b + "a" == a:
        return False
    return _VOWELS.sub("", a) == _VOWELS.sub("", b) and edit_distance(a, b) <= 2


def same_surname(a: str, b: str) -> bool:
    """Two surnames of one country's rows that are one name's spellings (`similar`, or a
    transliteration's vowels)."""
    return similar(a, b) or vowel_variant(a, b)


def similar(a: str, b: str) -> bool:
    """Two folded words are one name's spellings: equal under `spelling_key`, or a letter or
    two apart in a long enough word ("zumbrano"/"zambrano", "habyarirnana"/"habyarimana");
    shorter names differ by a letter too often to be one ("Khalil", "Khalid")."""
    if a == b or spelling_key(a) == spelling_key(b):
        return True
    if a.replace("sch", "sh") == b.replace("sch", "sh"):
        return True  # "Fischer" written "Fisher"
    shortest = min(len(a), len(b))
    if shortest < 7 or a.isdigit() or b.isdigit():
        return False
    if a + "a" == b or b + "a" == a:
        return False  # "Zhivkov" and "Zhivkova": a family's man and woman
    return edit_distance(a, b) <= (2 if shortest >= 9 else 1)


def _subsequence(short: tuple[str, ...], long: tuple[str, ...], loose: bool = False) -> bool:
    """Whether `short`'s words are `long`'s, in order. A word may be two of the other's written
    as one ("Kassymzhomart", "Kassym-Jomart"). `loose` lets one word of a name whose other
    words (two at least) match be misspelt more ("Ismail"/"Ismaël", "Lourerico"), and takes a
    transliteration's vowels ("Yousuf"/"Yousef") for a match."""
    i = j = strict = slips = 0
    while i < len(short) and j < len(long):
        if _word_matches(short[i], long[j]):
            i, j, strict = i + 1, j + 1, strict + 1
        elif i + 1 < len(short) and _compound(short[i] + short[i + 1], long[j]):
            i, j, strict = i + 2, j + 1, strict + 1
        elif j + 1 < len(long) and _compound(short[i], long[j] + long[j + 1]):
            i, j, strict = i + 1, j + 2, strict + 1
        elif loose and vowel_variant(short[i], long[j]):
            i, j, strict = i + 1, j + 1, strict + 1
        elif loose and not slips and _slip(short[i], long[j]):
            i, j, slips = i + 1, j + 1, 1
        else:
            j += 1
    return i == len(short) and (not slips or strict >= 2)


def _compound(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 6 and spelling_key(a) == spelling_key(b)


def _slip(a: str, b: str) -> bool:
    gendered = a + "a" == b or b + "a" == a  # "Zhivkov", "Zhivkova"
    return min(len(a), len(b)) >= 4 and edit_distance(a, b) <= 2 and not gendered


def _word_matches(a: str, b: str) -> bool:
    # An initial stands for the word it starts: "J." of "James".
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return similar(a, b) or similar(_GENITIVE.sub("", a), _GENITIVE.sub("", b))


def _starts_alike(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names start with the same word, one perhaps written as two ("Sayy id")."""
    return (
        _word_matches(a[0], b[0])
        or (len(b) > 1 and _compound(a[0], b[0] + b[1]))
        or (len(a) > 1 and _compound(a[0] + a[1], b[0]))
    )


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names one of which reads as a shorter form of the other: its words in order in
    the longer, starting with the same given name or ending it ("James Patterson" of "Percival
    James Patterson")."""
    short, long = sorted((a, b), key=len)
    if len(short) < 2:
        return False
    if len(a) == len(b) == 2 and _subsequence(a, b[::-1]):
        return True  # given name and surname in either order ("Kim Song", "Song Kim")
    for loose in (False, True):
        if not _subsequence(short, long, loose):
            continue
        if _starts_alike(short, long) or _subsequence(short, long[-len(short) :], loose):
            return True
    return False


@dataclass(frozen=True)
class Row:
    iso: str
    session: int
    name: str  # as the reader cleaned it: honorifics off, capitals tamed
    country: str
    post: str = ""  # as the table gives it, often empty before 1994


def _repair_digits(name: str, vocabulary: Mapping[str, str]) -> str:
    """OCR digits in a word replaced by the one word of the country's rows that fits."""

    def repair(match: re.Match[str]) -> str:
        word = match.group()
        if not re.search(r"[^\W\d_]", word):
            return word  # a number, not a misread name
        pattern = re.compile("".join("." if c.isdigit() else re.escape(c) for c in fold(word)))
        found = {w for key, w in vocabulary.items() if pattern.fullmatch(key)}
        return found.pop() if len(found) == 1 else word

    repaired = _DIGIT_WORD.sub(repair, name)
    # A repair that leaves no name ("A0" read as the particle "Al") would lose the row.
    return repaired if tokens(repaired) or not tokens(name) else name


def _repair_words(rows: list[Row]) -> list[Row]:
    """A country's rows with slips mended from its other rows (see `_mended`)."""
    rows = sorted(rows, key=lambda r: r.session)
    uses: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    for r in rows:
        for word in set(_WORD.findall(r.name)):
            uses[fold(word)] += 1
            written.setdefault(fold(word), Counter())[word] += 1
    spelt = {w: forms.most_common(1)[0][0] for w, forms in written.items()}
    return [
        replace(r, name=_mended(rows, i, uses, spelt)) if _mended(rows, i, uses, spelt) else r
        for i, r in enumerate(rows)
    ]


def _mended(rows: list[Row], i: int, uses: Counter[str], spelt: dict[str, str]) -> str | None:
    """Row `i`'s name with its slips mended, or None when it has none.

    - An article glued to a name ("ALKHALIFA", "Alnuaimi") is split off when the country's
      rows write the rest as a name of its own ("Al-Khalifa").
    - A word of a full name written once in the country's rows ("Janies", "Lourerico") is the
      word a letter or two away (starting with the same letter when two) that its rows write
      more often, when the name so mended is a full name the country's rows write within
      `WINDOW` sessions ("James Marape"; not "Mohamed Nasheed", who is not "Mohamed Waheed").
    - A surname written alone and once is the word one letter away only when the country's rows
      write that word both before and after it, within `WINDOW` sessions ("NAS" of 1970 among
      rows of "NASE"): a surname alone is too short a thing to mend otherwise ("Kraft" is not
      "Krag", "Taqa" not "Baqi").
    """
    row = rows[i]
    full = len(tokens(row.name)) > 1
    near_names = {
        tokens(r.name)
        for r in rows
        if r is not row and abs(r.session - row.session) <= WINDOW and len(tokens(r.name)) > 1
    }

    def glued(word: str) -> str | None:
        w = fold(word)
        if len(w) >= 6 and w[:2] in ("al", "el") and w[2:] in spelt:
            return f"{word[:2].capitalize()}-{spelt[w[2:]]}"
        return None

    def slipped(word: str) -> str | None:
        w = fold(word)
        if uses[w] != 1 or len(w) < 3 or w in _PARTICLES:
            return None
        found = {
            v
            for v in spelt
            if uses[v] >= 2
            and v != w
            and v not in _PARTICLES
            and v not in _TITLES
            and (
                (full and _slip(w, v) and (w[0] == v[0] or edit_distance(w, v) == 1))
                or (edit_distance(w, v) == 1 and _around(v, row, rows))
            )
        }
        # The closest when several are near ("Adbulla": "Abdulla" before "Abdullah").
        best = sorted((edit_distance(w, v), v) for v in found)
        if not best or (len(best) > 1 and best[0][0] == best[1][0]):
            return None
        return spelt[best[0][1]]

    name = row.name
    for fix in (glued, slipped):
        for word in _WORD.findall(name):
            better = fix(word)
            if better is None:
                continue
            candidate = re.sub(
                rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", lambda _, b=better: b, name
            )
            if fix is glued or tokens(candidate) in near_names or not full:
                name = candidate
    return name if name != row.name else None


def _around(word: str, row: Row, rows: list[Row]) -> bool:
    """Whether the country's rows write `word` both before and after `row`, within `WINDOW`."""
    sessions = [r.session for r in rows if word in {fold(w) for w in _WORD.findall(r.name)}]
    return any(0 < row.session - s <= WINDOW for s in sessions) and any(
        0 < s - row.session <= WINDOW for s in sessions
    )


@dataclass
class _Cluster:
    rows: list[Row] = field(default_factory=list)
    full: bool = True

    @property
    def sessions(self) -> list[int]:
        return sorted(r.session for r in self.rows)

    def named_within(self, session: int, distance: int) -> bool:
        """Whether a row naming this person in full is this close to `session`."""
        full = [r.session for r in self.rows if len(tokens(r.name)) > 1]
        return any(abs(s - session) <= distance for s in full)


def _country_clusters(rows: list[Row]) -> list[_Cluster]:
    """The people of one country's rows (see the module's docstring)."""
    words = {fold(w): w for r in rows for w in _WORD.findall(r.name) if not re.search(r"\d", w)}
    rows = _repair_words([replace(r, name=_repair_digits(r.name, words)) for r in rows])
    full = [r for r in rows if len(tokens(r.name)) >= 2]
    single = [r for r in rows if len(tokens(r.name)) == 1]
    # Full names: one person per group of names every two of which read as the same person
    # (not a chain: "Hamad Al-Thani" is a shorter form of both Tamim bin Hamad Al Thani and
    # Hamad bin Khalifa Al-Thani, who are two people). Identical names join first, then the
    # closest in time.
    clusters = [_Cluster([r]) for r in full]
    pairs = sorted(
        (not _written_alike(a, b), abs(a.session - b.session), i, j)
        for i, a in enumerate(full)
        for j, b in enumerate(full[:i])
        if _written_alike(a, b) or _one_person_near(b, a, rows)
    )
    home = {id(r): c for r, c in zip(full, clusters, strict=True)}
    for _, _, i, j in pairs:
        a, b = home[id(full[i])], home[id(full[j])]
        if a is b or not all(
            _written_alike(x, y) or same_person(tokens(x.name), tokens(y.name))
            for x in a.rows
            for y in b.rows
        ):
            continue
        a.rows.extend(b.rows)
        home.update({id(r): a for r in b.rows})
    clusters = [c for c in clusters if home[id(c.rows[0])] is c]

    def surnamed(cluster: _Cluster, surname: str, alike: Callable[[str, str], bool]) -> bool:
        return any(alike(tokens(r.name)[-1], surname) for r in cluster.rows)

    # A surname alone: the one full-named person of that surname near it, else its own record.
    # Near means within the window, with few rows of other people between: a surname that
    # stops for years and comes back is not taken for the name written after the gap
    # (Djibouti's "Farah" of 1979-91 is not Ali Abdi Farah of 2001). A row taken reaches the
    # rows near it in turn ("Chissano" 1975, 1980, then Joaquim Alberto Chissano from 1986),
    # never further than two windows from the name written in full.
    # A head of state or government speaks in the years between the ministers' speeches, so
    # the same such post on both rows lets any number of other people's rows come between.
    def near(cluster: _Cluster, r: Row) -> bool:
        surname = tokens(r.name)[0]
        return any(
            abs(x.session - r.session) <= WINDOW
            and (
                _same_high_post(x, r)
                or sum(
                    1
                    for y in rows
                    if min(x.session, r.session) < y.session < max(x.session, r.session)
                    and not same_surname(tokens(y.name)[-1] if tokens(y.name) else "", surname)
                )
                <= _INTERRUPTION
            )
            for x in cluster.rows
        )

    alone = list(single)
    for _ in range(len(single)):
        still: list[Row] = []
        for r in alone:
            surname = tokens(r.name)[0]
            nearby = [c for c in clusters if surnamed(c, surname, similar) and near(c, r)]
            if not nearby:  # a transliteration's vowels only when no spelling is nearer
                nearby = [c for c in clusters if surnamed(c, surname, same_surname) and near(c, r)]
            if len(nearby) == 1 and nearby[0].named_within(r.session, 2 * WINDOW):
                nearby[0].rows.append(r)
            else:
                still.append(r)
        if len(still) == len(alone):
            break
        alone = still
    named_near = {
        r.session: [c for c in clusters if surnamed(c, tokens(r.name)[0], similar)] for r in alone
    }
    runs: list[_Cluster] = []
    for r in alone:
        surname = tokens(r.name)[0]
        for run in runs:
            last = run.rows[-1]
            if not similar(tokens(last.name)[0], surname):
                continue
            between = [x for x in rows if last.session < x.session < r.session]
            quiet = r.session - last.session <= _RUN_GAP and not any(
                any(last.session - WINDOW <= s <= r.session + WINDOW for s in c.sessions)
                for c in named_near[r.session]
            )
            if not between or quiet:
                run.rows.append(r)
                break
        else:
            runs.append(_Cluster([r], full=False))
    return clusters + runs


def _written_alike(a: Row, b: Row) -> bool:
    """Two names written alike but for transliteration, hyphens and spaces: "Kassymzhomart
    Tokaev" and "Kassym-Jomart Tokayev" (as "identical" in the module's docstring)."""
    return spelling_key("".join(tokens(a.name))) == spelling_key("".join(tokens(b.name)))


# Posts one person holds at a time for years: a head of state or government.
_HIGH_POST = re.compile(
    r"^(?:president|prime minister|king|queen|emir|amir|sultan|head of state|"
    r"head of government|crown prince|chancellor)\b",
    re.IGNORECASE,
)


def _same_high_post(a: Row, b: Row) -> bool:
    post = " ".join(a.post.split()).casefold()
    return bool(_HIGH_POST.match(post)) and post == " ".join(b.post.split()).casefold()


def _initials(name: str) -> int:
    return sum(len(t) == 1 for t in tokens(name))


def _one_person_near(a: Row, b: Row, rows: list[Row]) -> bool:
    """Two rows of one country (`a` the earlier) whose names read as one person's, close in
    time. A middle initial one lacks is how a son is told from his father ("George Bush" three
    times, "George W. Bush" seven): two such names the table writes more than once each are
    one person only in rows nobody else's come between."""
    if b.session - a.session > WINDOW or not same_person(tokens(a.name), tokens(b.name)):
        return False
    if _initials(a.name) == _initials(b.name):
        return True
    own = {tokens(a.name), tokens(b.name)}
    if min(sum(tokens(r.name) == t for r in rows) for t in own) == 1:
        return True  # a one-off spelling
    return all(tokens(r.name) in own for r in rows if a.session < r.session < b.session)


def _most_common(names: Iterable[str]) -> str:
    counts = Counter(names)
    return max(counts, key=lambda n: (counts[n], len(n), n))


def _years(cluster: _Cluster) -> str:
    first, last = (s + _FIRST_SESSION_YEAR for s in (cluster.sessions[0], cluster.sessions[-1]))
    return str(first) if first == last else f"{first}–{last}"


def people(rows: Iterable[Row]) -> dict[tuple[str, int], str]:
    """The person each (country code, session) row names, as the speaker record shows them."""
    by_country: dict[str, list[Row]] = {}
    for r in rows:
        if r.name:
            by_country.setdefault(r.iso, []).append(r)
    clusters = [(iso, c) for iso, rs in by_country.items() for c in _country_clusters(rs)]
    # Which surnames more than one record of the whole table ends in.
    ends: Counter[str] = Counter()
    for _, c in clusters:
        ends.update({spelling_key(t[-1]) for r in c.rows if (t := tokens(r.name))})
    names: dict[tuple[str, int], str] = {}
    for iso, c in clusters:
        if c.full:
            shown = _most_common(without_titles(r.name) for r in c.rows if len(tokens(r.name)) > 1)
        else:
            shown = _alone_name(iso, c, clusters, ends, _country_name(by_country[iso]))
        names.update({(r.iso, r.session): shown for r in c.rows})
    return names


def _country_name(rows: list[Row]) -> str:
    """The country's name as the table mostly writes it; a code ("DDR") only failing any."""
    written_out = [r.country for r in rows if r.country and not r.country.isupper()]
    return _most_common(written_out or [r.country for r in rows if r.country] or [rows[0].iso])


def _alone_name(
    iso: str,
    cluster: _Cluster,
    clusters: list[tuple[str, _Cluster]],
    ends: Counter[str],
    country: str,
) -> str:
    """A surname as the table writes it, or with its country (and years) where others bear it."""
    written = _most_common(r.name for r in cluster.rows)
    key = spelling_key(tokens(written)[0])
    if ends[key] <= 1:
        return written
    namesakes = [
        c
        for i, c in clusters
        if i == iso and not c.full and spelling_key(tokens(c.rows[0].name)[0]) == key
    ]
    years = f", {_years(cluster)}" if len(namesakes) > 1 else ""
    return f"{without_titles(written)} ({country}{years})"
