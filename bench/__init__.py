"""The benchmark: Verbatim against bare Whoosh and SQLite FTS5, in process and over HTTP.

`python -m bench.run` is the entry point; bench/README.md says what is measured and how.
"""
