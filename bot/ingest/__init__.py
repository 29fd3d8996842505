"""Ingest: the corpus's one path in.

`pipeline` (scan a folder, parse and analyse new or changed files, write each whole or not at all),
`store` (the SQLite schema), `writelock` (one writer at a time), `corpus_roots` (what a database was
built from).
"""
