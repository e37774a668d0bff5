"""What can go wrong on the read side, whichever engine runs: the web layer and the CLI map
these three to a status and a message in one place each."""

from __future__ import annotations


class QueryError(ValueError):
    """The request cannot be answered as asked: bad syntax, a bad date, a page out of range."""


class NotFound(LookupError):
    """No passage, document or speaker by that id."""


class Unavailable(RuntimeError):
    """The engine cannot answer now: no index has been built, or the cluster is unreachable."""


class NoIndex(Unavailable):
    """No index has been built yet."""
