"""Ingest corpus files into SQLite: one transaction per file, unchanged files skipped by hash."""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from pathlib import Path
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

import sqlite_utils

from bot import store
from bot.analyze import analyze_article
from bot.models import ParsedPage
from bot.parse import parse_source
from bot.reader import IngestError, source_from_bytes
from bot.segment import fts_text
from bot.text import norm

SHANGHAI = ZoneInfo("Asia/Shanghai")
CORPUS_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


@dataclass
class FileResult:
    path: str
    status: str  # new | unchanged | replaced | failed | pruned
    articles: int = 0
    error: str | None = None


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0

    @property
    def articles(self) -> int:
        return sum(r.articles for r in self.results if r.status in ("new", "replaced"))


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their text files (sorted); files named explicitly are kept as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in CORPUS_SUFFIXES
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out


def _article_id(content_hash: str, ordinal: int) -> str:
    # Short and ASCII so that kind+id fits Telegram's 64-byte callback data.
    return f"{content_hash[:8]}{ordinal:02d}"


def _insert(db: sqlite_utils.Database, table: str, row: dict) -> int:
    # Plain SQL on purpose: sqlite-utils' insert() commits on its own, which would break the
    # one-transaction-per-file guarantee.
    cols = list(row)
    cur = db.execute(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                     f"VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols])
    return cur.lastrowid


def _write_page(db: sqlite_utils.Database, path: Path, data: bytes, page: ParsedPage,
                encoding: str, old_id: int | None) -> int:
    digest = hashlib.sha256(data).hexdigest()
    st = path.stat()
    # Everything derived is computed before the transaction opens, so the write is short.
    infos = [analyze_article(art, page.issue_date) for art in page.articles]
    if old_id is not None:
        store.delete_page(db, old_id)
    page_id = _insert(db, "pages", {
        "path": str(path.resolve()), "name": path.name, "content_hash": digest, "size": st.st_size,
        "mtime": st.st_mtime, "issue_date": page.issue_date, "date_source": page.date_source,
        "paper": page.paper, "page": page.page, "source": page.source, "encoding": encoding,
        "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    })
    for k, cap in enumerate(page.captions):
        _insert(db, "captions", {"page_id": page_id, "article_id": None, "ordinal": k,
                                 "text": cap.text, "credit": cap.credit})
    for ordinal, (art, info) in enumerate(zip(page.articles, infos)):
        aid = _article_id(digest, ordinal)
        _insert(db, "articles", {
            "id": aid, "page_id": page_id, "ordinal": ordinal, "issue_date": page.issue_date,
            "headline": art.headline, "kicker": art.kicker, "subtitle": art.subtitle,
            "column_name": art.column, "byline": json.dumps([asdict(p) for p in art.byline], ensure_ascii=False),
            "byline_raw": art.byline_raw, "dateline": art.dateline, "editor_note": art.editor_note,
            "event_dates": json.dumps(art.event_dates), "sections": json.dumps(art.sections, ensure_ascii=False),
            "summary": info.summary, "main_region": info.main_region,
        })
        title = " ".join(x for x in (art.kicker, art.headline, art.subtitle) if x)
        db.execute("INSERT INTO docs_fts(seg, article_id, kind, ref) VALUES (?,?,?,?)",
                   [fts_text(title), aid, "headline", 0])
        para_ids: list[int] = []
        for k, para in enumerate(art.paragraphs):
            pid = _insert(db, "paragraphs", {"article_id": aid, "ordinal": k, "section": para.section,
                                             "text": para.text, "norm": norm(para.text)})
            para_ids.append(pid)
            seg = fts_text(((para.section or "") + " " + para.text).strip())
            db.execute("INSERT INTO docs_fts(seg, article_id, kind, ref) VALUES (?,?,?,?)",
                       [seg, aid, "paragraph", k])
        for k, cap in enumerate(art.captions):
            _insert(db, "captions", {"page_id": page_id, "article_id": aid, "ordinal": k,
                                     "text": cap.text, "credit": cap.credit})
            db.execute("INSERT INTO docs_fts(seg, article_id, kind, ref) VALUES (?,?,?,?)",
                       [fts_text(cap.text), aid, "caption", k])
        for r in info.regions:
            _insert(db, "article_regions", {"article_id": aid, "code": r.code, "name": r.name,
                                          "level": r.level, "weight": r.weight, "direct": int(r.direct),
                                          "evidence": json.dumps(r.evidence, ensure_ascii=False)})
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
                "region": f.region, "sentence": f.sentence, "start": f.start, "end": f.end,
                "measure": f.measure, "year": f.year,
            })
            fig_ids.append(fid)
            seg = fts_text(" ".join(x for x in (f.region, f.metric, f.sentence) if x))
            db.execute("INSERT INTO docs_fts(seg, article_id, kind, ref) VALUES (?,?,?,?)",
                       [seg, aid, "figure", fid])
        for k, f in enumerate(info.figures):
            if f.change_of is not None:
                db.execute("UPDATE figures SET change_of=? WHERE id=?", [fig_ids[f.change_of], fig_ids[k]])
    return page_id


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


def ingest_file(db: sqlite_utils.Database, path: Path) -> FileResult:
    """Ingest one file in one transaction; a failure leaves the database as it was."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(str(path), "failed", error=f"无法读取文件：{exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    row = db.execute("SELECT id, content_hash FROM pages WHERE path=?", [str(path.resolve())]).fetchone()
    if row and row[1] == digest:
        n = db.execute("SELECT count(*) FROM articles WHERE page_id=?", [row[0]]).fetchone()[0]
        return FileResult(str(path), "unchanged", articles=n)
    try:
        src = source_from_bytes(data)
        saved = datetime.fromtimestamp(path.stat().st_mtime, SHANGHAI).date().isoformat()
        page = parse_source(src, path.name, file_date=saved)
    except IngestError as exc:
        return FileResult(str(path), "failed", error=str(exc))
    try:
        with transaction(db):
            _write_page(db, path, data, page, src.encoding, row[0] if row else None)
    except Exception as exc:  # noqa: BLE001 - any failure must leave the db untouched and be reported
        return FileResult(str(path), "failed", error=f"写入数据库失败：{exc}")
    return FileResult(str(path), "replaced" if row else "new", articles=len(page.articles))


def prune(db: sqlite_utils.Database, keep: Iterable[Path]) -> list[FileResult]:
    """Remove pages whose file is gone (or is no longer among `keep`)."""
    kept = {str(p.resolve()) for p in keep}
    out = []
    for pid, path in db.execute("SELECT id, path FROM pages").fetchall():
        if path not in kept or not Path(path).exists():
            with transaction(db):
                store.delete_page(db, pid)
            out.append(FileResult(path, "pruned"))
    return out


def ingest(db: sqlite_utils.Database, paths: Iterable[str | Path], *, prune_missing: bool = False,
           progress: Callable[[int, int, FileResult], None] | None = None) -> IngestReport:
    """Ingest every corpus file under `paths`; each file is reported, failures do not stop the rest."""
    t0 = time.perf_counter()
    store.ensure_schema(db)
    files = corpus_files(paths)
    report = IngestReport()
    for i, f in enumerate(files):
        res = ingest_file(db, f)
        report.results.append(res)
        if progress:
            progress(i + 1, len(files), res)
    if prune_missing:
        report.results.extend(prune(db, [f for f in files if f.exists()]))
    report.seconds = time.perf_counter() - t0
    return report


def is_stale(db: sqlite_utils.Database, corpus: str | Path) -> bool:
    """True when the database lacks the schema or does not match the corpus files (cheap: size+mtime)."""
    if store.schema_version(db) != store.SCHEMA_VERSION or "pages" not in db.table_names():
        return True
    files = {str(f.resolve()): f for f in corpus_files([corpus])}
    rows = {r[0]: (r[1], r[2]) for r in db.execute("SELECT path, size, mtime FROM pages").fetchall()}
    if set(files) - set(rows):
        return True
    for p, f in files.items():
        st = f.stat()
        if rows[p] != (st.st_size, st.st_mtime):
            return True
    return False
