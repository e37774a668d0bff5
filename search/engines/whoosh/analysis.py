"""Text analysis for the index: words, lower-cased, stemmed by NLTK's Snowball per script.

A word in Cyrillic is stemmed as Russian, any other as English, so a Russian page and an English
one share one field and a query in either alphabet finds its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nltk.stem.snowball import SnowballStemmer
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, Token

from search.engines.fields import WORD_PATTERN

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class SnowballFilter(Filter):
    """Stems each token with NLTK's Snowball stemmer for the token's script."""

    def __init__(self, cachesize: int = 100_000) -> None:
        self.cachesize = cachesize
        self._cache: dict[str, str] = {}
        self._stemmers: dict[str, SnowballStemmer] = {}

    def __getstate__(self) -> dict:
        # The schema is pickled into the index; stemmers and caches are rebuilt on load.
        return {"cachesize": self.cachesize}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["cachesize"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SnowballFilter)

    def __hash__(self) -> int:
        return hash(SnowballFilter)

    def stem(self, word: str) -> str:
        stemmed = self._cache.get(word)
        if stemmed is None:
            language = "russian" if _CYRILLIC.search(word) else "english"
            stemmer = self._stemmers.get(language)
            if stemmer is None:
                stemmer = self._stemmers[language] = SnowballStemmer(language)
            stemmed = stemmer.stem(word.replace("ё", "е"))
            if len(self._cache) < self.cachesize:
                self._cache[word] = stemmed
        return stemmed

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if not token.stopped:
                token.text = self.stem(token.text)
            yield token


class PossessiveFilter(Filter):
    """ "Lavrov's" is indexed as "lavrov": a name is found, and spelt, without its 's."""

    _ENDING = re.compile(r"['’`]s$")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PossessiveFilter)

    def __hash__(self) -> int:
        return hash(PossessiveFilter)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = self._ENDING.sub("", token.text)
            yield token


def text_analyzer():
    """The analyzer of every searchable text field: text, question and title."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | SnowballFilter()


def exact_analyzer():
    """Words as written, only lower-cased: a quoted phrase matches these, unstemmed."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | PossessiveFilter()
