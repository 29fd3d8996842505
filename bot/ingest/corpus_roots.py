"""Which corpus folders (and their paper) a database was built from, kept in the database itself."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from bot.ingest import store

_KEY = "corpus_roots"


@dataclass
class CorpusRoot:
    path: Path
    paper: str | None = None  # `ingest --paper`: the paper of files whose front matter names none


def corpus_roots(db: sqlite_utils.Database) -> list[CorpusRoot]:
    raw = store.get_meta(db, _KEY) if store.schema_version(db) == store.SCHEMA_VERSION else None
    return [CorpusRoot(Path(r["path"]), r.get("paper")) for r in json.loads(raw)] if raw else []


def record_roots(db: sqlite_utils.Database, roots: list[CorpusRoot]) -> None:
    """Add `roots` to what the database was built from (a root given again takes the new paper)."""
    store.ensure_schema(db)
    kept = {str(r.path): r for r in corpus_roots(db)}
    for r in roots:
        kept[str(r.path.resolve())] = CorpusRoot(r.path.resolve(), r.paper)
    store.set_meta(db, _KEY, json.dumps([{"path": k, "paper": r.paper} for k, r in kept.items()],
                                        ensure_ascii=False))
