"""Measured trust: how often Verbatim names the right speaker, question and date, and finds a quote.

`python -m eval.run` (or `make eval`) runs both measurements and writes `eval/results/`:

- the attribution audit (`eval.attribution`): passages checked by hand against their source files
  (`tests/audit/*.jsonl`), re-parsed with today's readers and compared field by field;
- the quote-finding evaluation (`eval.quotes`): quotes generated from indexed passages with a fixed
  seed (exact, trimmed, cut with an ellipsis, misquoted), looked for with the quote finder, the
  plain search and SQLite FTS5 (`eval.fts5`).

Nothing here reads a file through our own readers to decide what the file says: the expected
values come from the audit data, and a file's text (`eval.corpus_text`) is read with plain
markup stripping, so a reader's mistake cannot hide in the yardstick.
"""
