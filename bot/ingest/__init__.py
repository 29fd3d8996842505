"""Ingest: the corpus's one path in.

`pipeline` (the run: parse and analyse new or changed files, in worker processes on big folders),
`scan` (find the corpus files, tell the unchanged ones by size and mtime), `writer` (the one writer:
each file whole or not at all, several files a transaction), `results` (FileResult, IngestReport),
`store` (the SQLite schema), `writelock` (one writer at a time), `corpus_roots` (what a database was
built from).
"""
