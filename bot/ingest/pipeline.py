"""Ingest corpus files into SQLite: each file whole or not at all, one writer at a time.

A file's writes are one savepoint; several files share a transaction (at most BATCH_FILES files or
BATCH_SECONDS): readers never see half a file, and the writer does not pay a commit, and FTS5 a
segment flush, per file. A file is reported once its transaction is committed.

Unchanged files are skipped by size and mtime (then hash); a byte-identical copy of a stored file
(a front-page story continued on an inner page) becomes a second placement of the same article;
every bad file is reported with its reason and never stops the files after it. Parsing and
analysis run in worker processes on big folders; the one writer is this process.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat as stat_mod
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.ingest import store
from bot.parse.reader import META_LINE, IngestError, source_from_bytes
from bot.language.segment import fts_text
from bot.parse.source_path import path_facts
from bot.ingest.writelock import writer_lock

if TYPE_CHECKING:  # parsing and analysis are imported where they run: answering never loads them
    from bot.analyse.article import ArticleInfo
    from bot.parse.types import ParsedPage

SHANGHAI = ZoneInfo("Asia/Shanghai")
CORPUS_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
# A newspaper page or article is tens of kilobytes; a file this large is a dump or a mistake, and
# parsing it would hold the writer for minutes.
MAX_FILE_BYTES = 2 * 1024 * 1024
# A folder's settings for the files below it (flat `key = "value"` lines; `paper` for now).
FOLDER_SETTINGS = ".newsbot.toml"
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200
# Files handed to the workers ahead of the writer.
IN_FLIGHT = 64
# Files written per transaction (each in a savepoint of its own), and the longest a batch stays
# uncommitted: new articles reach readers within about this time.
BATCH_FILES = 50
BATCH_SECONDS = 1.0


@dataclass
class FileResult:
    path: str
    status: str  # new | unchanged | replaced | duplicate | skipped | failed | pruned
    articles: int = 0
    error: str | None = None  # why it failed or was skipped; for a duplicate, which file it copies
    permanent: bool = False  # failed because of what the file holds: not retried until it changes


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    busy: bool = False  # another process was ingesting; nothing was done

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0

    @property
    def articles(self) -> int:
        return sum(r.articles for r in self.results if r.status in ("new", "replaced"))


def display_path(path: Path | str) -> str:
    """A path as text that can always be printed and stored (undecodable bytes as \\xNN)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _name_ok(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


# A scanned file: (path, stat key else None). The key is what a stored page or failure remembers,
# (resolved path, size, mtime); None sends the file the slow way (links, odd names, oversized files).
_Key = tuple[str, int, float]
_Found = tuple[str, "_Key | None"]


def _scan_dir(root: str, out: list[_Found], problems: list[FileResult]) -> None:
    """Corpus files under `root` in os.walk's order: a folder's files, then its sorted subfolders.
    One listdir and one realpath per folder, one lstat per entry (relative to the folder's file
    descriptor: the kernel does not walk the whole path again for each of 100,000 files)."""
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
        try:
            names = sorted(os.listdir(fd))
        except BaseException:
            os.close(fd)
            raise
    except OSError as exc:
        problems.append(FileResult(display_path(exc.filename or root), "failed",
                                   error=f"无法读取目录：{exc.strerror or exc}"))
        return
    base = os.path.join(root, "")
    prefix: str | None = None  # the folder resolved: the start of each stat key
    try:
        real = os.path.join(os.path.realpath(root), "")
        real.encode("utf-8")
        prefix = real
    except (OSError, UnicodeEncodeError, ValueError):
        pass
    dirs: list[str] = []
    suffixes, limit, lstat = CORPUS_SUFFIXES, MAX_FILE_BYTES, os.lstat
    isdir, isreg, islink = stat_mod.S_ISDIR, stat_mod.S_ISREG, stat_mod.S_ISLNK
    try:
        for name in names:
            try:
                st: os.stat_result | None = lstat(name, dir_fd=fd)
            except OSError:
                st = None  # gone since the listing: the slow way reports it
            mode = st.st_mode if st is not None else 0
            if isdir(mode) or (islink(mode) and _links_to_dir(name, fd)):
                if name[0] != ".":
                    dirs.append(name)
                continue
            dot = name.rfind(".")
            if dot <= 0 or name[dot:].lower() not in suffixes:  # dot files and names without a suffix
                continue
            key: _Key | None = None
            if st is not None and isreg(mode) and st.st_size <= limit and prefix is not None \
                    and (name.isascii() or _name_ok(Path(name))):
                key = (prefix + name, st.st_size, st.st_mtime)
            out.append((base + name, key))
    finally:
        os.close(fd)
    for d in dirs:
        if os.path.islink(base + d):
            problems.append(FileResult(display_path(base + d), "skipped",
                                       error="目录链接不跟随（避免链接循环），需要时请直接导入它指向的目录"))
    for d in dirs:
        if not os.path.islink(base + d):
            _scan_dir(base + d, out, problems)


def _links_to_dir(name: str, fd: int) -> bool:
    try:
        return stat_mod.S_ISDIR(os.stat(name, dir_fd=fd).st_mode)
    except OSError:
        return False


def scan(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """The corpus files under `paths`, and the entries that cannot be read, each with its reason."""
    found, problems = _scan_stat(paths)
    return [Path(f) for f, _ in found], problems


def _scan_stat(paths: Iterable[str | Path]) -> tuple[list[_Found], list[FileResult]]:
    """`scan` with each file's stat key."""
    out: list[_Found] = []
    problems: list[FileResult] = []
    for p in map(Path, paths):
        if p.is_dir():
            _scan_dir(str(p), out, problems)
        else:
            out.append((str(p), _file_key(str(p))))
    return out, problems


def _file_key(path: str) -> _Key | None:
    """The stat key of a file named explicitly (a plain file, not a link, of a size we ingest)."""
    try:
        st = os.lstat(path)
        if not stat_mod.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        folder, name = os.path.split(path)
        key = os.path.join(os.path.realpath(folder or "."), name)
        key.encode("utf-8")
    except (OSError, UnicodeEncodeError, ValueError):
        return None
    return key, st.st_size, st.st_mtime


def _file_problem(path: Path) -> FileResult | None:
    """Why `path` cannot be ingested before it is even read, else None."""
    shown = display_path(path)
    if not _name_ok(path):
        return FileResult(shown, "failed", error="文件名不是有效的 UTF-8 编码，请改名后再导入")
    try:
        st = path.stat()
    except OSError as exc:
        if path.is_symlink():
            loop = exc.errno == 40  # ELOOP
            return FileResult(shown, "failed", error="链接循环" if loop else "链接指向的文件不存在")
        return FileResult(shown, "failed", error=f"无法读取文件：{exc.strerror or exc}")
    if not path.is_file():
        return FileResult(shown, "failed", error="不是普通文件")
    if st.st_size > MAX_FILE_BYTES:
        return FileResult(shown, "failed", error=f"文件过大（{st.st_size / 1048576:.1f} MB，"
                                                 f"上限 {MAX_FILE_BYTES // 1048576} MB）")
    return None


def _article_id(content_hash: str, issue_date: str, ordinal: int) -> str:
    # Short and ASCII so that kind+id fits Telegram's 64-byte callback data; the issue date is part
    # of it so that the same text printed in two issues is two articles.
    # 48 bits: 8 hex digits (32 bits) collided twice in 100,000 generated articles (birthday bound).
    key = hashlib.sha256(f"{issue_date}|{content_hash}".encode()).hexdigest()
    return f"{key[:12]}{ordinal:02d}"


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


_INSERT_SQL: dict[tuple[str, tuple[str, ...]], str] = {}


# ------------------------------------------------------------------ folder settings and paper


_settings_cache: dict[Path, dict[str, str]] = {}


def _folder_settings(folder: Path) -> dict[str, str]:
    if folder not in _settings_cache:
        meta: dict[str, str] = {}
        f = folder / FOLDER_SETTINGS
        if f.is_file():
            for line in f.read_text("utf-8", errors="replace").splitlines():
                m = META_LINE.match(line)
                if m:
                    meta[m.group(1).lower()] = m.group(2).strip().strip("'\"")
        _settings_cache[folder] = meta
    return _settings_cache[folder]


def default_paper(path: Path, root: Path | None, option: str | None) -> tuple[str, str] | None:
    """The paper of a file whose front matter names none: `--paper`, else the nearest folder's
    .newsbot.toml (up to the corpus root)."""
    if option:
        return option, "option"
    folder = path.parent
    stop = root.resolve() if root and root.is_dir() else None
    while True:
        paper = _folder_settings(folder).get("paper")
        if paper:
            return paper, "folder"
        if stop is None or folder.resolve() == stop or folder.parent == folder:
            return None
        folder = folder.parent


# ------------------------------------------------------------------ parse and analyse (workers)


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


def prepare(data: bytes, name: str, file_date: str,
            paper: tuple[str, str] | None) -> Prepared | str:
    """Parse and analyse one file's bytes; the error text when it holds no article."""
    from bot.analyse.article import analyze_article
    from bot.parse.page import parse_source

    try:
        src = source_from_bytes(data)
        page = parse_source(src, name, file_date=file_date, default_paper=paper)
    except IngestError as exc:
        return str(exc)
    infos = [analyze_article(art, page.issue_date) for art in page.articles]
    return Prepared(
        page=page, encoding=src.encoding, infos=infos,
        title_segs=[fts_text(" ".join(x for x in (a.kicker, a.headline, a.subtitle) if x)) for a in page.articles],
        para_segs=[[fts_text(((p.section or "") + " " + p.text).strip()) for p in a.paragraphs]
                   for a in page.articles],
        caption_segs=[[fts_text(c.text) for c in a.captions] for a in page.articles],
        figure_segs=[[fts_text(" ".join(x for x in (f.region, f.metric, f.sentence) if x)) for f in info.figures]
                     for info in infos])


def _prepare_job(job: tuple[bytes, str, str, tuple[str, str] | None]) -> Prepared | str:
    try:
        return prepare(*job)
    except Exception as exc:  # noqa: BLE001 - a worker reports, the writer decides
        return f"解析失败：{type(exc).__name__}: {exc}"


# ------------------------------------------------------------------ write (the one writer)


def _index(db: sqlite_utils.Database, table: str, seg: str, article_id: str, kind: str, ref: int) -> None:
    """One full-text row: what it indexes in fts_rows, its tokens in the contentless `table`."""
    conn = db.conn  # sqlite-utils' execute adds only a tracer check per statement
    cur = conn.execute("INSERT INTO fts_rows(article_id, kind, ref) VALUES (?,?,?)",
                       [article_id, store.FTS_KINDS.index(kind), ref])
    conn.execute(f"INSERT INTO {table}(rowid, seg) VALUES (?,?)", [cur.lastrowid, seg])


def _evidence_json(evidence: dict[str, Any]) -> str:
    """Where a region's mentions stand, without the parts that have none (e.g. {"body":3})."""
    return json.dumps({k: v for k, v in evidence.items() if v}, ensure_ascii=False, separators=(",", ":"))


def _write_page(db: sqlite_utils.Database, path: Path, resolved: str, data: bytes, prep: Prepared,
                old_id: int | None) -> int:
    page = prep.page
    digest = hashlib.sha256(data).hexdigest()
    st = path.stat()
    if old_id is not None:
        store.delete_page(db, old_id)
    first_order = page.articles[0].order if page.articles else None
    first_fts = (db.execute("SELECT seq FROM sqlite_sequence WHERE name='fts_rows'").fetchone() or (0,))[0] + 1
    page_id = _insert(db, "pages", {
        "path": resolved, "name": path.name, "content_hash": digest, "size": st.st_size,
        "mtime": st.st_mtime, "issue_date": page.issue_date, "date_source": page.date_source,
        "paper": page.paper, "page": page.page, "page_order": first_order, "source": page.source,
        "encoding": prep.encoding, "layout": page.layout,
        "field_sources": json.dumps(page.field_sources, ensure_ascii=False), "duplicate_of": None,
        "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    })
    for k, cap in enumerate(page.captions):
        _insert(db, "captions", {"page_id": page_id, "article_id": None, "ordinal": k,
                                 "text": cap.text, "credit": cap.credit})
    for ordinal, (art, info) in enumerate(zip(page.articles, prep.infos)):
        aid = _article_id(digest, page.issue_date, ordinal)
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
                "region": f.region, "start": f.start, "end": f.end, **_sentence_columns(art, f),
                "measure": f.measure, "year": f.year,
            })
            fig_ids.append(fid)
            _index(db, "figure_fts", prep.figure_segs[ordinal][k], aid, "figure", fid)
        for k, f in enumerate(info.figures):
            if f.change_of is not None:
                db.execute("UPDATE figures SET change_of=? WHERE id=?", [fig_ids[f.change_of], fig_ids[k]])
    db.execute("UPDATE pages SET fts_first=(SELECT min(id) FROM fts_rows WHERE id>=?), "
               "fts_last=(SELECT max(id) FROM fts_rows WHERE id>=?) WHERE id=?", [first_fts, first_fts, page_id])
    return page_id


def _sentence_columns(art: Any, f: Any) -> dict[str, Any]:
    """A figure's sentence as a span of its paragraph when it is one (not stored twice), else as text."""
    if f.paragraph < len(art.paragraphs):
        at = art.paragraphs[f.paragraph].text.find(f.sentence)
        if at >= 0 and f.sentence:
            return {"sentence": None, "sent_start": at, "sent_len": len(f.sentence)}
    return {"sentence": f.sentence, "sent_start": None, "sent_len": None}


def _write_duplicate(db: sqlite_utils.Database, path: Path, resolved: str, digest: str, original: int,
                     old_id: int | None) -> int:
    """Record `path` as another placement of the articles of page `original` (same bytes)."""
    st = path.stat()
    facts = path_facts(path)
    if old_id is not None:
        store.delete_page(db, old_id)
    orig = db.execute("SELECT issue_date, date_source, paper, encoding, layout FROM pages WHERE id=?",
                      [original]).fetchone()
    page_id = _insert(db, "pages", {
        "path": resolved, "name": path.name, "content_hash": digest, "size": st.st_size,
        "mtime": st.st_mtime, "issue_date": facts.issue_date or orig[0], "date_source": orig[1],
        "paper": orig[2], "page": facts.page, "page_order": facts.order, "source": None,
        "encoding": orig[3], "layout": orig[4], "field_sources": None, "duplicate_of": original,
        "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    })
    ids = [r[0] for r in db.execute("SELECT id FROM articles WHERE page_id=? ORDER BY ordinal", [original])]
    for k, aid in enumerate(ids):
        _insert(db, "placements", {"article_id": aid, "page_id": page_id,
                                   "issue_date": facts.issue_date or orig[0], "page": facts.page,
                                   "page_order": (facts.order + k) if facts.order is not None else k + 1})
    return len(ids)


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


class _Batch:
    """The open batch transaction of one ingest: files go in as savepoints, results wait for the
    commit that makes them true (a failed commit reports the files it lost as failed)."""

    def __init__(self, db: sqlite_utils.Database, emit: Callable[[FileResult], None]) -> None:
        self.conn = db.conn
        self.emit = emit
        self.pending: list[FileResult] = []
        self.files = 0
        self.started = 0.0
        self.lost: str | None = None  # why SQLite dropped the whole open transaction

    @contextmanager
    def file(self) -> Iterator[None]:
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


# The open batch of each connection that is ingesting (one writer per database at a time).
_batches: dict[int, _Batch] = {}


@contextmanager
def _file_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One file's writes: a savepoint of the open batch, else a transaction of their own."""
    batch = _batches.get(id(db.conn))
    if batch is None:
        with transaction(db):
            yield
        return
    with batch.file():
        yield


def _stored(db: sqlite_utils.Database, resolved: str) -> tuple[int, str, int, float, int | None] | None:
    row = db.execute("SELECT id, content_hash, size, mtime, duplicate_of FROM pages WHERE path=?",
                     [resolved]).fetchone()
    return (row[0], row[1], row[2], row[3], row[4]) if row else None


def _article_count(db: sqlite_utils.Database, page_id: int, duplicate_of: int | None) -> int:
    if duplicate_of is not None:
        return int(db.execute("SELECT count(*) FROM placements WHERE page_id=?", [page_id]).fetchone()[0])
    return int(db.execute("SELECT count(*) FROM articles WHERE page_id=?", [page_id]).fetchone()[0])


def _saved_day(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, SHANGHAI).date().isoformat()


def _name_for_parse(path: Path, root: Path | None) -> str:
    """The path below the corpus root: its folders may carry the date, folders above it do not."""
    if root is not None and root.is_dir():
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


@dataclass
class _Known:
    """What the database holds about files, read once per scan: a no-change rescan is one lstat
    per file and dict lookups, not a few queries per file."""

    pages: dict[_Key, int]  # (resolved path, size, mtime) of every stored page → its articles
    # (placements for a duplicate page)
    failures: dict[_Key, str]  # the same of every remembered failure → its reason

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> "_Known":
        conn = db.conn
        # One dict of key → count, each count an index lookup in SQL: a rescan of 100,000
        # unchanged files builds no set, id map or second dict in Python.
        pages = {(p, s, m): n for p, s, m, n in conn.execute(
            "SELECT path, size, mtime, CASE WHEN duplicate_of IS NULL "
            "THEN (SELECT count(*) FROM articles WHERE page_id=pages.id) "
            "ELSE (SELECT count(*) FROM placements WHERE page_id=pages.id) END FROM pages")}
        failures = {(p, s, m): e for p, s, m, e in conn.execute(
            "SELECT path, size, mtime, error FROM ingest_failures")}
        return cls(pages, failures)

    def unchanged(self, path: str, key: _Key | None) -> FileResult | None:
        """The result for a file that is as it was at the last ingest (stored or failed), else None."""
        if key is None:
            return None
        if self.failures:
            failed = self.failures.get(key)
            if failed is not None:
                return FileResult(path, "failed", error=failed)
        n = self.pages.get(key)
        if n is not None:
            return FileResult(path, "unchanged", articles=n)
        return None


@dataclass
class _Todo:
    path: Path
    data: bytes
    digest: str
    old: tuple[int, str, int, float, int | None] | None
    root: Path | None
    resolved: str  # str(path.resolve()), what pages.path holds: resolved once (a few lstat calls each time)


def _check(db: sqlite_utils.Database, path: Path, root: Path | None) -> FileResult | _Todo:
    """A file whose size or mtime changed (_Known checked those): a problem, unchanged by hash
    (touched only), or work to do."""
    problem = _file_problem(path)
    if problem:
        return problem
    resolved = str(path.resolve())
    old = _stored(db, resolved)
    st = path.stat()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(str(path), "failed", error=f"无法读取文件：{exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    if old and old[1] == digest:
        with _file_transaction(db):  # touched, not changed: remember the new mtime so the stat check holds
            db.execute("UPDATE pages SET size=?, mtime=? WHERE id=?", [st.st_size, st.st_mtime, old[0]])
        return FileResult(str(path), "unchanged", articles=_article_count(db, old[0], old[4]))
    return _Todo(path, data, digest, old, root, resolved)


def _record_failure(db: sqlite_utils.Database, path: Path, error: str | None) -> None:
    """Remember a failed file as it is now, so an unchanged bad file is not parsed again."""
    try:
        st = path.stat()
        with _file_transaction(db):
            db.execute("INSERT OR REPLACE INTO ingest_failures(path, size, mtime, error) VALUES (?,?,?,?)",
                       [str(path.resolve()), st.st_size, st.st_mtime, error])
    except (OSError, UnicodeEncodeError, ValueError):
        pass  # an unreadable or unnamable file is simply checked again next time


def _store(db: sqlite_utils.Database, todo: _Todo, prep: Prepared | str) -> FileResult:
    res = _store_page(db, todo, prep)
    if res.permanent:
        _record_failure(db, todo.path, res.error)
    return res


def _store_page(db: sqlite_utils.Database, todo: _Todo, prep: Prepared | str) -> FileResult:
    path, resolved, old_id = todo.path, todo.resolved, todo.old[0] if todo.old else None
    # Stored now, so no longer a failure: forgotten in the same transaction as the write.
    forget = "DELETE FROM ingest_failures WHERE path=?"
    try:
        if isinstance(prep, str):
            return FileResult(str(path), "failed", error=prep, permanent=True)
        # The same bytes in the same issue are one article printed on two pages; in another issue
        # (a recurring title-only item such as 新书架) they are a new printing, stored on their own.
        original = db.execute("SELECT id, path FROM pages WHERE content_hash=? AND issue_date=? "
                              "AND duplicate_of IS NULL AND path<>?",
                              [todo.digest, prep.page.issue_date, resolved]).fetchone()
        if original:
            with _file_transaction(db):
                n = _write_duplicate(db, path, resolved, todo.digest, original[0], old_id)
                db.execute(forget, [resolved])
            return FileResult(str(path), "duplicate", articles=n,
                              error=f"与 {display_path(original[1])} 内容相同，记为同一篇文章的另一版面")
        with _file_transaction(db):
            _write_page(db, path, resolved, todo.data, prep, old_id)
            db.execute(forget, [resolved])
    except Exception as exc:  # noqa: BLE001 - any failure must leave the db untouched and be reported
        return FileResult(str(path), "failed", error=f"写入数据库失败：{exc}")
    return FileResult(str(path), "replaced" if todo.old else "new", articles=len(prep.page.articles))


def prune(db: sqlite_utils.Database, keep: Iterable[Path]) -> list[FileResult]:
    """Remove pages whose file is gone (or is no longer among `keep`)."""
    kept = {str(p.resolve()) for p in keep}
    out = []
    for pid, path in db.execute("SELECT id, path FROM pages WHERE duplicate_of IS NULL").fetchall() + \
            db.execute("SELECT id, path FROM pages WHERE duplicate_of IS NOT NULL").fetchall():
        if (path not in kept or not Path(path).exists()) and \
                db.execute("SELECT 1 FROM pages WHERE id=?", [pid]).fetchone():
            with transaction(db):
                store.delete_page(db, pid)
            out.append(FileResult(path, "pruned"))
    return out


def _db_path(db: sqlite_utils.Database) -> str | None:
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


def ingest(db: sqlite_utils.Database, paths: Iterable[str | Path], *, prune_missing: bool = False,
           paper: str | None = None, wait: bool = True, on_wait: Callable[[], None] | None = None,
           workers: int | None = None,
           progress: Callable[[int, int, FileResult], None] | None = None) -> IngestReport:
    """Ingest every corpus file under `paths`; each file is reported, failures do not stop the rest.

    One writer at a time: with wait=False a busy database returns a report with busy=True."""
    from bot.ingest.writelock import WriterBusy

    t0 = time.perf_counter()
    roots = [Path(p) for p in paths]
    try:
        with writer_lock(_db_path(db), wait=wait, on_wait=on_wait):
            report = _ingest_locked(db, roots, prune_missing, paper, workers, progress)
    except WriterBusy:
        return IngestReport(busy=True, seconds=time.perf_counter() - t0)
    report.seconds = time.perf_counter() - t0
    return report


def _root_of(f: Path, roots: list[Path]) -> Path | None:
    for r in roots:
        if r.is_dir() and (f == r or r in f.parents):
            return r
    return None


def _ingest_locked(db: sqlite_utils.Database, paths: list[Path], prune_missing: bool, paper: str | None,
                   workers: int | None,
                   progress: Callable[[int, int, FileResult], None] | None) -> IngestReport:
    store.ensure_schema(db)
    _settings_cache.clear()
    found, problems = _scan_stat(paths)
    report = IngestReport()
    total = len(found) + len(problems)
    done = 0

    def emit(res: FileResult) -> None:
        nonlocal done
        done += 1
        report.results.append(res)
        if progress:
            progress(done, total, res)

    for res in problems:
        emit(res)
    files: list[Path] = []  # every file still there, for prune
    batch = _Batch(db, emit)
    _batches[id(db.conn)] = batch
    try:
        _write_files(db, found, paths, paper, workers, batch, files, prune_missing)
    finally:
        del _batches[id(db.conn)]
        batch.commit()
    if prune_missing:
        report.results.extend(prune(db, [f for f in files if f.exists()]))
    return report


def _write_files(db: sqlite_utils.Database, found: list[_Found], paths: list[Path], paper: str | None,
                 workers: int | None, batch: _Batch, files: list[Path], prune_missing: bool) -> None:
    """Check every scanned file and write the new and changed ones (results through `batch`)."""
    emit = batch.result
    known = _Known.load(db)
    candidates: list[Path] = []  # new, changed or touched: read and hashed one by one below
    # known.unchanged inline for stored pages (100,000 files on a rescan); no transaction is open
    # yet, so results are reported at once.
    stored, failures, unchanged, report = known.pages.get, known.failures, known.unchanged, batch.emit
    for name, key in found:
        n = stored(key) if key is not None and not failures else None
        quick = FileResult(name, "unchanged", articles=n) if n is not None else unchanged(name, key)
        if quick is not None:
            report(quick)
            if prune_missing:
                files.append(Path(name))
            continue
        files.append(Path(name))
        candidates.append(files[-1])

    def todos() -> Iterator[tuple[_Todo, tuple[bytes, str, str, tuple[str, str] | None]]]:
        for f in candidates:
            try:
                checked = _check(db, f, _root_of(f, paths))
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the rest
                checked = FileResult(display_path(f), "failed", error=f"{type(exc).__name__}: {exc}")
            if isinstance(checked, FileResult):
                emit(checked)
                continue
            t = checked
            yield t, (t.data, _name_for_parse(t.path, t.root), _saved_day(t.path),
                      default_paper(t.path, t.root, paper))

    n_workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if n_workers > 1 and len(candidates) >= PARALLEL_MIN_FILES:
        import multiprocessing

        # spawn: the bot calls this from a thread, and forking a threaded process is unsafe.
        with ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            # A bounded window of files in flight: the workers never wait for the writer, and the
            # corpus is never all in memory at once.
            window: deque[tuple[_Todo, Future[Prepared | str]]] = deque()
            for todo, job in todos():
                window.append((todo, pool.submit(_prepare_job, job)))
                if len(window) >= IN_FLIGHT:
                    todo, fut = window.popleft()
                    emit(_store(db, todo, fut.result()))
            while window:
                todo, fut = window.popleft()
                emit(_store(db, todo, fut.result()))
    else:
        for todo, job in todos():
            emit(_store(db, todo, _prepare_job(job)))


def is_stale(db: sqlite_utils.Database, corpus: str | Path | Iterable[str | Path]) -> bool:
    """True when the database lacks the schema or does not match the corpus files (cheap: size+mtime)."""
    if store.schema_version(db) != store.SCHEMA_VERSION or "pages" not in db.table_names():
        return True
    roots = [corpus] if isinstance(corpus, (str, Path)) else list(corpus)
    rows = set(db.conn.execute("SELECT path, size, mtime FROM pages UNION ALL "
                               "SELECT path, size, mtime FROM ingest_failures"))
    found, _ = _scan_stat(roots)
    for name, k in found:
        if k is None:  # a link, an odd name, an unreadable or oversized file: the slow way
            f = Path(name)
            if not _name_ok(f):
                continue
            try:
                st = f.stat()
            except OSError:
                continue
            if st.st_size > MAX_FILE_BYTES:
                continue
            k = (str(f.resolve()), st.st_size, st.st_mtime)
        if k not in rows:
            return True
    return False
