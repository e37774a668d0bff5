"""Verbatim's indexer: transcripts on disk become attributed passages in a Whoosh index."""
