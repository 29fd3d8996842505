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
    """The roots recorded, whatever the schema version: a database of an older schema is rebuilt
    from its own corpus and paper (an archive's, not the default corpus)."""
    raw = store.get_meta(db, _KEY)
    try:
        entries = json.loads(raw) if raw else []
    except ValueError:
        return []  # not ours to read: the default corpus then
    return [CorpusRoot(Path(r["path"]), r.get("paper")) for r in entries if isinstance(r, dict) and "path" in r]


def record_roots(db: sqlite_utils.Database, roots: list[CorpusRoot]) -> None:
    """Add `roots` to what the database was built from (a root given again with a paper takes the
    new paper; given again without one, it keeps the paper it had)."""
    store.ensure_schema(db)
    kept = {str(r.path): r for r in corpus_roots(db)}
    for r in roots:
        key = str(r.path.resolve())
        had = kept.get(key)
        kept[key] = CorpusRoot(r.path.resolve(), r.paper or (had.paper if had else None))
    store.set_meta(db, _KEY, json.dumps([{"path": k, "paper": r.paper} for k, r in kept.items()],
                                        ensure_ascii=False))


def remembered_paper(db: sqlite_utils.Database, path: Path) -> str | None:
    """The paper recorded for the corpus root that holds `path` (the nearest one with a paper), e.g.
    人民日报 for /data/rmrb/2020-03 after `ingest /data/rmrb --paper 人民日报`; else None."""
    target = path.resolve()
    best: CorpusRoot | None = None
    for r in corpus_roots(db):
        if r.paper and (target == r.path or r.path in target.parents) \
                and (best is None or len(r.path.parts) > len(best.path.parts)):
            best = r
    return best.paper if best else None
