"""`verbatim fetch`: new transcripts from the publishers' feeds, sitemaps and lists of pages.

config (the sources file), http (the polite client), discover (reading the lists), archive (pages
on disk with their provenance and older versions), run (one fetch of every source).
"""
