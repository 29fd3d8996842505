"""The SQLite corpus schema and its one writer's primitives (through sqlite-utils).

Corpus tables are written only by ingest; the bot's own state lives in tables of its own.
The database opens in Datasette as it is.
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

# sqlite-utils imports pandas and numpy when they are installed, for DataFrame and array inserts
# this project never makes: half a second at every start. Hidden while sqlite-utils loads; anyone
# else (the charts) still gets them.
_hidden = [m for m in ("pandas", "numpy") if m not in sys.modules]
for _m in _hidden:
    sys.modules[_m] = None  # type: ignore[assignment]
try:
    import sqlite_utils  # noqa: E402
finally:
    for _m in _hidden:
        del sys.modules[_m]

# Bump when the schema or what ingest derives changes: an older database is rebuilt.
SCHEMA_VERSION = 13

# What an FTS row indexes (fts_rows.kind is the position here).
FTS_KINDS = ("headline", "paragraph", "caption", "figure")
CORPUS_TABLES = ("docs_fts", "text_fts", "figure_fts", "fts_rows", "figures", "article_regions", "captions",
                 "paragraphs", "placements", "articles", "pages", "corpus_meta", "ingest_failures")


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the database with WAL so readers never see half an ingest."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    # WAL with NORMAL sync never corrupts; a power cut may lose the last commits, which the next
    # scan ingests again (their files are not recorded yet). One fsync per file was most of a write.
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the corpus tables; drop and recreate them when the schema version changed."""
    if schema_version(db) != SCHEMA_VERSION:
        for t in CORPUS_TABLES:
            db.execute(f"DROP TABLE IF EXISTS [{t}]")
    db.table("pages").create({
        "id": int, "path": str, "name": str, "content_hash": str, "size": int, "mtime": float,
        "issue_date": str, "date_source": str, "paper": str, "page": str, "page_order": int, "source": str,
        "encoding": str, "layout": str, "field_sources": str, "duplicate_of": int, "ingested_at": str,
        "fts_first": int, "fts_last": int,
    }, pk="id", not_null={"path", "content_hash", "issue_date"}, if_not_exists=True)
    db.table("pages").create_index(["path"], unique=True, if_not_exists=True)
    db.table("pages").create_index(["content_hash"], if_not_exists=True)
    db.table("pages").create_index(["duplicate_of"], if_not_exists=True)
    db.table("articles").create({
        "id": str, "page_id": int, "ordinal": int, "issue_date": str, "paper": str, "page": str,
        "page_order": int, "headline": str,
        "kicker": str, "subtitle": str, "column_name": str, "byline": str, "byline_raw": str,
        "dateline": str, "editor_note": str, "event_dates": str, "sections": str,
        "summary": str, "main_region": str,
    }, pk="id", foreign_keys=[("page_id", "pages", "id")], if_not_exists=True)
    db.table("articles").create_index(["issue_date"], if_not_exists=True)
    db.table("articles").create_index(["page_id"], if_not_exists=True)
    # Every page an article is printed on: the first is its own file, the others byte-identical
    # copies (a front-page story continued inside is listed on both pages).
    db.table("placements").create({
        "article_id": str, "page_id": int, "issue_date": str, "page": str, "page_order": int,
    }, pk=("article_id", "page_id"), foreign_keys=[("article_id", "articles", "id"), ("page_id", "pages", "id")],
        if_not_exists=True)
    db.table("placements").create_index(["page_id"], if_not_exists=True)
    # What the database was built from (corpus folders and their paper), so refreshes use the same.
    db.table("corpus_meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
    # Files that could not be ingested, as they were then: unchanged, they are not retried.
    db.table("ingest_failures").create({"path": str, "size": int, "mtime": float, "error": str},
                                 pk="path", if_not_exists=True)
    db.table("paragraphs").create({
        "id": int, "article_id": str, "ordinal": int, "section": str, "role": str, "text": str,
    }, pk="id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    db.table("paragraphs").create_index(["article_id"], if_not_exists=True)
    db.table("captions").create({
        "id": int, "page_id": int, "article_id": str, "ordinal": int, "text": str, "credit": str,
    }, pk="id", foreign_keys=[("page_id", "pages", "id"), ("article_id", "articles", "id")],
        if_not_exists=True)
    db.table("article_regions").create({
        "article_id": str, "code": str, "name": str, "level": str, "weight": float,
        "direct": int, "evidence": str, "issue_date": str,
    }, pk=("article_id", "code"), foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    # A region's articles by issue, newest first, without touching the articles table.
    db.table("article_regions").create_index(["code", "issue_date", "weight"], if_not_exists=True)
    db.table("figures").create({
        "id": int, "article_id": str, "paragraph_id": int, "ordinal": int, "display": str,
        "value": float, "value_max": float, "unit": str, "kind": str, "qualifier": str,
        "change": str, "is_change": int, "change_of": int, "period": str, "metric": str,
        "region": str, "sentence": str, "sent_start": int, "sent_len": int, "start": int, "end": int,
        "measure": str, "year": int, "period_key": str, "aspects": str,
    }, pk="id", foreign_keys=[("article_id", "articles", "id"), ("paragraph_id", "paragraphs", "id")],
        if_not_exists=True)
    db.table("figures").create_index(["article_id"], if_not_exists=True)
    # Full-text search. Text is jieba-segmented before it gets here, so unicode61 splits on the
    # spaces we put in (the trigram tokenizer would miss two-character words such as 长沙). The
    # tables are contentless (the segmented text is not stored twice: SQLite keeps the index only)
    # and split by what they find, so a figure question never reads paragraph postings. Each FTS
    # row is one `fts_rows` row: what it indexes. Ids only grow (AUTOINCREMENT), so the index rows
    # of a replaced file, which a contentless table cannot delete, point at nothing and are skipped.
    # A page's rows are one id range (pages.fts_first … fts_last); kind is FTS_KINDS' index.
    db.execute("CREATE TABLE IF NOT EXISTS fts_rows (id INTEGER PRIMARY KEY AUTOINCREMENT, "
               "article_id TEXT NOT NULL, kind INTEGER NOT NULL, ref INTEGER NOT NULL)")
    for table in ("text_fts", "figure_fts"):
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
                   "seg, content='', tokenize='unicode61')")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def delete_page(db: sqlite_utils.Database, page_id: int) -> None:
    """Remove a page and everything derived from it (call inside a transaction).

    Files recorded as copies of it go too, so that the next ingest stores one of them afresh."""
    for (copy_id,) in db.execute("SELECT id FROM pages WHERE duplicate_of=?", [page_id]).fetchall():
        db.execute("DELETE FROM placements WHERE page_id=?", [copy_id])
        db.execute("DELETE FROM pages WHERE id=?", [copy_id])
    db.execute("DELETE FROM placements WHERE page_id=? OR article_id IN "
               "(SELECT id FROM articles WHERE page_id=?)", [page_id, page_id])
    db.execute("DELETE FROM fts_rows WHERE id BETWEEN (SELECT fts_first FROM pages WHERE id=?) "
               "AND (SELECT fts_last FROM pages WHERE id=?)", [page_id, page_id])
    q = "SELECT id FROM articles WHERE page_id=?"
    for table in ("figures", "article_regions", "paragraphs"):
        db.execute(f"DELETE FROM [{table}] WHERE article_id IN ({q})", [page_id])
    db.execute("DELETE FROM captions WHERE page_id=?", [page_id])
    db.execute("DELETE FROM articles WHERE page_id=?", [page_id])
    db.execute("DELETE FROM pages WHERE id=?", [page_id])


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    if "corpus_meta" not in db.table_names():
        return None
    row = db.execute("SELECT value FROM corpus_meta WHERE key=?", [key]).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT INTO corpus_meta(key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value=excluded.value", [key, value])
    db.conn.commit()
