"""The corpus's one path in: a Writer owns the open batch and writes each file whole or not at all.

A file's writes are one savepoint; several files share a transaction (at most BATCH_FILES files or
BATCH_SECONDS): readers never see half a file, and the writer does not pay a commit, and FTS5 a
segment flush, per file. A file is reported once its transaction is committed, e.g.
`FileResult("20190201-01-01.txt", "new", articles=1)`; a file whose commit was lost is reported
`failed` with "写入数据库失败：…". A byte-identical copy of a stored page in the same issue (a
front-page story continued on an inner page) becomes a second placement of the same articles
("与 … 内容相同，记为同一篇文章的另一版面").
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import sqlite_utils

from bot.ingest import store
from bot.ingest.results import FileResult, display_path
from bot.ingest.scan import Walk, file_problem
from bot.parse.source_path import path_facts

if TYPE_CHECKING:  # parsing and analysis are imported where they run: answering never loads them
    from bot.analyse.article import ArticleInfo
    from bot.parse.types import ParsedArticle, ParsedPage, Paragraph

# Files written per transaction (each in a savepoint of its own), and the longest a batch stays
# uncommitted: new articles reach readers within about this time.
BATCH_FILES = 50
BATCH_SECONDS = 1.0

# A file deleted or moved between the scan and its write.
GONE = "文件已不存在（导入过程中被删除或移走）"

# What pages holds of a stored file: id, content_hash, size, mtime, duplicate_of.
StoredPage = tuple[int, str, int, float, "int | None"]


@dataclass
class Prepared:
    """Everything derived from one file, computed before the write transaction opens."""

    page: ParsedPage
    encoding: str
    infos: list[ArticleInfo]
    title_segs: list[str]
    para_segs: list[list[str]]
    caption_segs: list[list[str]]
    figure_segs: list[list[str]]


@dataclass
class Todo:
    """A new or changed file, read and hashed, waiting for its parse."""

    path: Path
    data: bytes
    digest: str
    old: StoredPage | None
    root: Path | None
    resolved: str  # str(path.resolve()), what pages.path holds: resolved once (a few lstat calls each time)
    size: int  # the file's size and mtime when `data` was read (fstat of the same open): stored as
    mtime: float  # its stat key, so a file rewritten since is seen as changed by the next scan


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, rolled back whole on any error: readers never see half a file."""
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# ------------------------------------------------------------------ rows


def _article_id(content_hash: str, issue_date: str, ordinal: int) -> str:
    # Short and ASCII so that kind+id fits Telegram's 64-byte callback data; the issue date is part
    # of it so that the same text printed in two issues is two articles.
    # 48 bits: 8 hex digits (32 bits) collided twice in 100,000 generated articles (birthday bound).
    key = hashlib.sha256(f"{issue_date}|{content_hash}".encode()).hexdigest()
    return f"{key[:12]}{ordinal:02d}"


_INSERT_SQL: dict[tuple[str, tuple[str, ...]], str] = {}


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    # Plain SQL on purpose: sqlite-utils' insert() commits on its own, which would break the
    # file-at-a-time transactions (a savepoint per file within a batch).
    # The statement text is made once per table and column list (hundreds of thousands of rows).
    cols = tuple(row)
    sql = _INSERT_SQL.get((table, cols))
    if sql is None:
        sql = _INSERT_SQL[(table, cols)] = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                                            f"VALUES ({', '.join('?' * len(cols))})")
    cur = db.conn.execute(sql, list(row.values()))
    return int(cur.lastrowid or 0)


def _index(db: sqlite_utils.Database, table: str, seg: str, article_id: str, kind: str, ref: int) -> None:
    """One full-text row: what it indexes in fts_rows, its tokens in the contentless `table`."""
    conn = db.conn  # sqlite-utils' execute adds only a tracer check per statement
    cur = conn.execute("INSERT INTO fts_rows(article_id, kind, ref) VALUES (?,?,?)",
                       [article_id, store.FTS_KINDS.index(kind), ref])
    conn.execute(f"INSERT INTO {table}(rowid, seg) VALUES (?,?)", [cur.lastrowid, seg])


def _evidence_json(evidence: dict[str, Any]) -> str:
    """Where a region's mentions stand, without the parts that have none (e.g. {"body":3})."""
    return json.dumps({k: v for k, v in evidence.items() if v}, ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write_page(db: sqlite_utils.Database, path: Path, todo: Todo, prep: Prepared, old_id: int | None) -> int:
    page = prep.page
    digest = todo.digest
    if old_id is not None:
        store.delete_page(db, old_id)
    first_order = page.articles[0].order if page.articles else None
    first_fts = (db.execute("SELECT seq FROM sqlite_sequence WHERE name='fts_rows'").fetchone() or (0,))[0] + 1
    page_id = _insert(db, "pages", {
        "path": todo.resolved, "name": path.name, "content_hash": digest, "size": todo.size,
        "mtime": todo.mtime, "issue_date": page.issue_date, "date_source": page.date_source,
        "paper": page.paper, "page": page.page, "page_order": first_order, "source": page.source,
        "encoding": prep.encoding, "layout": page.layout,
        "field_sources": json.dumps(page.field_sources, ensure_ascii=False), "duplicate_of": None,
        "ingested_at": _now(),
    })
    for k, cap in enumerate(page.captions):
        _insert(db, "captions", {"page_id": page_id, "article_id": None, "ordinal": k,
                                 "text": cap.text, "credit": cap.credit})
    for ordinal in range(min(len(page.articles), len(prep.infos))):
        _write_article(db, page_id, _article_id(digest, page.issue_date, ordinal), ordinal, prep)
    db.execute("UPDATE pages SET fts_first=(SELECT min(id) FROM fts_rows WHERE id>=?), "
               "fts_last=(SELECT max(id) FROM fts_rows WHERE id>=?) WHERE id=?", [first_fts, first_fts, page_id])
    return page_id


def _write_article(db: sqlite_utils.Database, page_id: int, aid: str, ordinal: int, prep: Prepared) -> None:
    """One article of a page: its row, placement, paragraphs, captions, regions, figures, index rows."""
    page, art, info = prep.page, prep.page.articles[ordinal], prep.infos[ordinal]
    _insert(db, "articles", {
        "id": aid, "page_id": page_id, "ordinal": ordinal, "issue_date": page.issue_date,
        "paper": page.paper, "page": page.page, "page_order": art.order,
        "headline": art.headline, "kicker": art.kicker, "subtitle": art.subtitle,
        "column_name": art.column, "byline": json.dumps([asdict(p) for p in art.byline], ensure_ascii=False),
        "byline_raw": art.byline_raw, "dateline": art.dateline, "editor_note": art.editor_note,
        "event_dates": json.dumps(art.event_dates), "sections": json.dumps(art.sections, ensure_ascii=False),
        "summary": info.summary, "main_region": info.main_region,
    })
    _insert(db, "placements", {"article_id": aid, "page_id": page_id, "issue_date": page.issue_date,
                               "page": page.page, "page_order": art.order})
    _index(db, "text_fts", prep.title_segs[ordinal], aid, "headline", 0)
    para_ids: list[int] = []
    for k, para in enumerate(art.paragraphs):
        pid = _insert(db, "paragraphs", {"article_id": aid, "ordinal": k, "section": para.section,
                                         "role": para.role, "text": para.text})
        para_ids.append(pid)
        _index(db, "text_fts", prep.para_segs[ordinal][k], aid, "paragraph", k)
    for k, cap in enumerate(art.captions):
        _insert(db, "captions", {"page_id": page_id, "article_id": aid, "ordinal": k,
                                 "text": cap.text, "credit": cap.credit})
        if cap.text:
            _index(db, "text_fts", prep.caption_segs[ordinal][k], aid, "caption", k)
    for r in info.regions:
        _insert(db, "article_regions", {"article_id": aid, "code": r.code, "name": r.name,
                                      "level": r.level, "weight": r.weight, "direct": int(r.direct),
                                      "evidence": _evidence_json(r.evidence),
                                      "issue_date": page.issue_date})
    _write_figures(db, aid, art, info, para_ids, prep.figure_segs[ordinal])


def _write_figures(db: sqlite_utils.Database, aid: str, art: ParsedArticle, info: ArticleInfo,
                   para_ids: list[int], segs: list[str]) -> None:
    """An article's figures (each also in figure_fts), then which figure each change refers to."""
    fig_ids: list[int] = []
    for k, f in enumerate(info.figures):
        fid = _insert(db, "figures", {
            "article_id": aid, "ordinal": k,
            # None: the figure stands in the editor's note, not in a body paragraph.
            "paragraph_id": para_ids[f.paragraph] if f.paragraph < len(para_ids) else None,
            "display": f.display, "value": f.value, "value_max": f.value_max, "unit": f.unit,
            "kind": f.kind, "qualifier": f.qualifier,
            "change": json.dumps(f.change, ensure_ascii=False) if f.change else None,
            "is_change": int(f.is_change), "change_of": None, "period": f.period, "metric": f.metric,
            "region": f.region, "start": f.start, "end": f.end,
            **_sentence_columns(art.paragraphs, f.paragraph, f.sentence),
            "measure": f.measure, "year": f.year, "period_key": f.period_key, "aspects": f.aspects,
        })
        fig_ids.append(fid)
        _index(db, "figure_fts", segs[k], aid, "figure", fid)
    for k, f in enumerate(info.figures):
        if f.change_of is not None:
            db.execute("UPDATE figures SET change_of=? WHERE id=?", [fig_ids[f.change_of], fig_ids[k]])


def _sentence_columns(paragraphs: list[Paragraph], paragraph: int, sentence: str) -> dict[str, Any]:
    """A figure's sentence as a span of its paragraph when it is one (not stored twice), else as text."""
    if paragraph < len(paragraphs):
        at = paragraphs[paragraph].text.find(sentence)
        if at >= 0 and sentence:
            return {"sentence": None, "sent_start": at, "sent_len": len(sentence)}
    return {"sentence": sentence, "sent_start": None, "sent_len": None}


def _write_duplicate(db: sqlite_utils.Database, path: Path, todo: Todo, original: int, old_id: int | None) -> int:
    """Record `path` as another placement of the articles of page `original` (same bytes)."""
    facts = path_facts(path)
    if old_id is not None:
        store.delete_page(db, old_id)
    orig = db.execute("SELECT issue_date, date_source, paper, encoding, layout FROM pages WHERE id=?",
                      [original]).fetchone()
    page_id = _insert(db, "pages", {
        "path": todo.resolved, "name": path.name, "content_hash": todo.digest, "size": todo.size,
        "mtime": todo.mtime, "issue_date": facts.issue_date or orig[0], "date_source": orig[1],
        "paper": orig[2], "page": facts.page, "page_order": facts.order, "source": None,
        "encoding": orig[3], "layout": orig[4], "field_sources": None, "duplicate_of": original,
        "ingested_at": _now(),
    })
    ids = [r[0] for r in db.execute("SELECT id FROM articles WHERE page_id=? ORDER BY ordinal", [original])]
    for k, aid in enumerate(ids):
        _insert(db, "placements", {"article_id": aid, "page_id": page_id,
                                   "issue_date": facts.issue_date or orig[0], "page": facts.page,
                                   "page_order": (facts.order + k) if facts.order is not None else k + 1})
    return len(ids)


def _stored(db: sqlite_utils.Database, resolved: str) -> StoredPage | None:
    row = db.execute("SELECT id, content_hash, size, mtime, duplicate_of FROM pages WHERE path=?",
                     [resolved]).fetchone()
    return (row[0], row[1], row[2], row[3], row[4]) if row else None


def _article_count(db: sqlite_utils.Database, page_id: int, duplicate_of: int | None) -> int:
    if duplicate_of is not None:
        return int(db.execute("SELECT count(*) FROM placements WHERE page_id=?", [page_id]).fetchone()[0])
    return int(db.execute("SELECT count(*) FROM articles WHERE page_id=?", [page_id]).fetchone()[0])


# ------------------------------------------------------------------ the writer


class Writer:
    """The one writer of an ingest and its open batch transaction: files go in as savepoints,
    results wait for the commit that makes them true (a failed commit reports the files it lost
    as failed). `emit` receives every result in order, once it is true."""

    def __init__(self, db: sqlite_utils.Database, emit: Callable[[FileResult], None]) -> None:
        self.db = db
        self.conn = db.conn
        self.emit = emit
        self.pending: list[FileResult] = []
        self.files = 0
        self.started = 0.0
        self.lost: str | None = None  # why SQLite dropped the whole open transaction

    @contextmanager
    def file(self) -> Iterator[None]:
        """One file's writes: a savepoint of the open batch (opened here when none is)."""
        conn = self.conn
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
            self.files, self.started = 0, time.monotonic()
        conn.execute("SAVEPOINT ingest_file")
        try:
            yield
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK TO ingest_file")
                conn.execute("RELEASE ingest_file")
            else:  # SQLite rolled back the whole transaction (disk full, I/O error)
                self.lost = str(exc)
            raise
        conn.execute("RELEASE ingest_file")
        self.files += 1

    def result(self, res: FileResult) -> None:
        """Report `res` now, or with the open transaction's commit (results keep their order)."""
        if self.lost is not None:
            self._flush()
        if not self.conn.in_transaction:
            self.emit(res)
            return
        self.pending.append(res)
        if self.files >= BATCH_FILES or time.monotonic() - self.started >= BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("COMMIT")
            except Exception as exc:  # noqa: BLE001 - the files of this batch are reported failed
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                self.lost = str(exc)
        self._flush()

    def _flush(self) -> None:
        lost, self.lost = self.lost, None
        for res in self.pending:
            if lost is not None and res.status in ("new", "replaced", "duplicate"):
                res = FileResult(res.path, "failed", error=f"写入数据库失败：{lost}")
            self.emit(res)
        self.pending.clear()

    def check(self, path: Path, root: Path | None) -> FileResult | Todo:
        """A file whose size or mtime changed (scan.Known checked those): a problem, unchanged by
        hash (touched only), or work to do."""
        problem = file_problem(path)
        if problem:
            return problem
        db = self.db
        resolved = str(path.resolve())
        old = _stored(db, resolved)
        try:  # the stat key of the bytes read: fstat of the same open file
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                data = fh.read()
        except FileNotFoundError:
            return FileResult(str(path), "failed", error=GONE)
        except OSError as exc:
            return FileResult(str(path), "failed", error=f"无法读取文件：{exc.strerror or exc}")
        digest = hashlib.sha256(data).hexdigest()
        if old and old[1] == digest:
            with self.file():  # touched, not changed: remember the new mtime so the stat check holds
                db.execute("UPDATE pages SET size=?, mtime=? WHERE id=?", [st.st_size, st.st_mtime, old[0]])
            return FileResult(str(path), "unchanged", articles=_article_count(db, old[0], old[4]))
        return Todo(path, data, digest, old, root, resolved, st.st_size, st.st_mtime)

    def store(self, todo: Todo, prep: Prepared | str) -> FileResult:
        """Write a checked file's parse (or remember why it has none); the result to report."""
        res = self._store_page(todo, prep)
        if res.permanent:
            self._record_failure(todo, res.error)
        return res

    def _record_failure(self, todo: Todo, error: str | None) -> None:
        """Remember a failed file as it was read, so an unchanged bad file is not parsed again."""
        try:
            with self.file():
                self.db.execute("INSERT OR REPLACE INTO ingest_failures(path, size, mtime, error) VALUES (?,?,?,?)",
                                [todo.resolved, todo.size, todo.mtime, error])
        except (OSError, UnicodeEncodeError, ValueError):
            pass  # an unreadable or unnamable file is simply checked again next time

    def _store_page(self, todo: Todo, prep: Prepared | str) -> FileResult:
        db = self.db
        path, resolved, old_id = todo.path, todo.resolved, todo.old[0] if todo.old else None
        # Stored now, so no longer a failure: forgotten in the same transaction as the write.
        forget = "DELETE FROM ingest_failures WHERE path=?"
        try:
            if isinstance(prep, str):
                return FileResult(str(path), "failed", error=prep, permanent=True)
            if _absent(resolved):  # deleted or moved since it was read: no page for a file not there
                return FileResult(str(path), "failed", error=GONE)
            # The same bytes in the same issue are one article printed on two pages; in another issue
            # (a recurring title-only item such as 新书架) they are a new printing, stored on their own.
            original = db.execute("SELECT id, path FROM pages WHERE content_hash=? AND issue_date=? "
                                  "AND duplicate_of IS NULL AND path<>?",
                                  [todo.digest, prep.page.issue_date, resolved]).fetchone()
            if original:
                with self.file():
                    n = _write_duplicate(db, path, todo, original[0], old_id)
                    db.execute(forget, [resolved])
                return FileResult(str(path), "duplicate", articles=n,
                                  error=f"与 {display_path(original[1])} 内容相同，记为同一篇文章的另一版面")
            with self.file():
                _write_page(db, path, todo, prep, old_id)
                db.execute(forget, [resolved])
        except Exception as exc:  # noqa: BLE001 - any failure must leave the db untouched and be reported
            return FileResult(str(path), "failed", error=f"写入数据库失败：{exc}")
        return FileResult(str(path), "replaced" if todo.old else "new", articles=len(prep.page.articles))


def prune(db: sqlite_utils.Database, walked: Walk) -> list[FileResult]:
    """Remove the pages the scan `walked` looked for and found absent: below a folder it read (not
    below one it could not read) or named explicitly, and whose file is gone. Pages of other
    folders, of an unreadable folder, or of a path that does not exist at all are left alone."""
    seen = {key[0] for _, key in walked.found if key is not None}
    out = []
    for pid, path in db.execute("SELECT id, path FROM pages WHERE duplicate_of IS NULL").fetchall() + \
            db.execute("SELECT id, path FROM pages WHERE duplicate_of IS NOT NULL").fetchall():
        if path in seen or not _scanned(path, walked) or not _absent(path):
            continue
        if db.execute("SELECT 1 FROM pages WHERE id=?", [pid]).fetchone():
            with transaction(db):
                store.delete_page(db, pid)
            out.append(FileResult(path, "pruned"))
    return out


def _scanned(path: str, walked: Walk) -> bool:
    """Whether the scan looked where `path` (resolved) would be."""
    if path in walked.named:
        return True
    return any(path.startswith(r) for r in walked.read) and not any(path.startswith(u) for u in walked.unread)


def _absent(path: str) -> bool:
    """The file is not there (a file that cannot be checked, e.g. no permission, is not absent)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False
