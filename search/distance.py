"""Edit distance between two words: the spelling suggestion and the quote finder's misspelt
words both ask it."""

from __future__ import annotations


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; with a `limit`, gives up (limit + 1) once every path exceeds it."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
        if limit is not None and min(row) > limit:
            return limit + 1
    return row[-1]
