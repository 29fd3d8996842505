"""Ingest corpus files into SQLite: each file whole or not at all, one writer at a time.

`ingest(db, ["/data/rmrb"])` scans the folders (`scan`), skips unchanged files by size and mtime
(then hash), parses and analyses each new or changed file (here, in worker processes on big
folders), and hands it to the one `Writer`, which writes it whole or not at all. Every bad file is
reported with its reason (e.g. "没有找到文章（需要标题和正文段落）") and never stops the files after it.

The names other stages use (`ingest`, `is_stale`, `IngestReport`, `FileResult`, `MAX_FILE_BYTES`,
`transaction`, …) are importable from here.
"""
from __future__ import annotations

import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.ingest import store
from bot.ingest.results import FileResult, IngestReport, display_path
from bot.ingest.corpus_roots import remembered_paper
from bot.ingest.orphans import exit_with_parent
from bot.ingest.scan import CORPUS_SUFFIXES, MAX_FILE_BYTES, Found, Known, is_stale, scan, walk
from bot.ingest.writelock import writer_lock
from bot.ingest.writer import BATCH_FILES, BATCH_SECONDS, Prepared, Todo, Writer, prune, transaction
from bot.language.segment import fts_text
from bot.parse.reader import META_LINE, IngestError, source_from_bytes

__all__ = ["BATCH_FILES", "BATCH_SECONDS", "CORPUS_SUFFIXES", "FOLDER_SETTINGS", "MAX_FILE_BYTES",
           "FileResult", "IngestReport", "Prepared", "default_paper", "display_path", "ingest", "is_stale",
           "prepare", "prune", "scan", "transaction"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A folder's settings for the files below it (flat `key = "value"` lines; `paper` for now).
FOLDER_SETTINGS = ".newsbot.toml"
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200
# Files handed to the workers ahead of the writer.
IN_FLIGHT = 64

# What a worker is given for one file: its bytes, its name below the corpus root, the day it was
# saved, and the paper named for its folder (if any).
Job = tuple[bytes, str, str, "tuple[str, str] | None"]


# ------------------------------------------------------------------ folder settings and paper


_settings_cache: dict[Path, dict[str, str]] = {}


def _folder_settings(folder: Path) -> dict[str, str]:
    if folder not in _settings_cache:
        meta: dict[str, str] = {}
        try:
            lines = (folder / FOLDER_SETTINGS).read_text("utf-8", errors="replace").splitlines()
        except OSError:  # none (or not readable, or gone since): no settings
            lines = []
        for line in lines:
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
    # A scanned file's path starts with its root's: the walk up stops there without resolving
    # each folder (a realpath per level made a tree 1,100 levels deep take half a minute).
    lexical = root is not None and root in path.parents
    while True:
        paper = _folder_settings(folder).get("paper")
        if paper:
            return paper, "folder"
        if stop is None or folder.parent == folder or \
                (folder == root if lexical else folder.resolve() == stop):
            return None
        folder = folder.parent


# ------------------------------------------------------------------ parse and analyse (workers)


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


def _prepare_job(job: Job) -> Prepared | str:
    try:
        return prepare(*job)
    except Exception as exc:  # noqa: BLE001 - a worker reports, the writer decides
        return f"解析失败：{type(exc).__name__}: {exc}"


def _saved_day(mtime: float) -> str:
    """The day a file was saved (its mtime when read), in China's time."""
    return datetime.fromtimestamp(mtime, SHANGHAI).date().isoformat()


def _name_for_parse(path: Path, root: Path | None) -> str:
    """The path below the corpus root: its folders may carry the date, folders above it do not."""
    if root is not None and root.is_dir():
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def _root_of(f: Path, roots: list[Path]) -> Path | None:
    for r in roots:
        if r.is_dir() and (f == r or r in f.parents):
            return r
    return None


# ------------------------------------------------------------------ the run


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

    `paper` names the paper of files that name none; without it a path keeps the paper recorded
    for it (`corpus_roots`). `prune_missing` removes the pages this scan looked for and found gone
    (below the folders it read), nothing else. One writer at a time: with wait=False a busy
    database returns a report with busy=True."""
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


def _ingest_locked(db: sqlite_utils.Database, paths: list[Path], prune_missing: bool, paper: str | None,
                   workers: int | None,
                   progress: Callable[[int, int, FileResult], None] | None) -> IngestReport:
    store.ensure_schema(db)
    _settings_cache.clear()
    walked = walk(paths)
    report = IngestReport()
    total = len(walked.found) + len(walked.problems)
    done = 0

    def emit(res: FileResult) -> None:
        nonlocal done
        done += 1
        report.results.append(res)
        if progress:
            progress(done, total, res)

    for res in walked.problems:
        emit(res)
    writer = Writer(db, emit)
    try:
        candidates = _sort_out(writer, walked.found)
        # Without --paper, a folder keeps the paper it was first ingested with.
        papers = {p: paper or remembered_paper(db, p) for p in paths}
        jobs = _jobs(writer, candidates, paths, papers)
        if _parallel(workers, len(candidates)):
            _write_parallel(writer, jobs, _worker_count(workers))
        else:
            for todo, job in jobs:
                writer.result(writer.store(todo, _prepare_job(job)))
    finally:
        writer.commit()
    if prune_missing:
        report.results.extend(prune(db, walked))
    return report


def _sort_out(writer: Writer, found: list[Found]) -> list[Path]:
    """Report the files unchanged since the last ingest (stored or failed); returns the files to
    read and hash (new, changed or touched)."""
    known = Known.load(writer.db)
    candidates: list[Path] = []
    # known.unchanged inline for stored pages (100,000 files on a rescan); no transaction is open
    # yet, so results are reported at once.
    stored, failures, unchanged, report = known.pages.get, known.failures, known.unchanged, writer.emit
    for name, key in found:
        n = stored(key) if key is not None and not failures else None
        quick = FileResult(name, "unchanged", articles=n) if n is not None else unchanged(name, key)
        if quick is not None:
            report(quick)
            continue
        candidates.append(Path(name))
    return candidates


def _jobs(writer: Writer, candidates: list[Path], paths: list[Path],
          papers: dict[Path, str | None]) -> Iterator[tuple[Todo, Job]]:
    """Each candidate checked by the writer (problems and touched files reported there), with the
    job that parses it. `papers`: the `--paper` of each path (a named file is its own path)."""
    for f in candidates:
        try:
            checked = writer.check(f, _root_of(f, paths))
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the rest
            checked = FileResult(display_path(f), "failed", error=f"{type(exc).__name__}: {exc}")
        if isinstance(checked, FileResult):
            writer.result(checked)
            continue
        t = checked
        option = papers.get(t.root if t.root is not None else f)
        yield t, (t.data, _name_for_parse(t.path, t.root), _saved_day(t.mtime),
                  default_paper(t.path, t.root, option))


def _worker_count(workers: int | None) -> int:
    return workers if workers is not None else min(2, os.cpu_count() or 1)


def _parallel(workers: int | None, candidates: int) -> bool:
    return _worker_count(workers) > 1 and candidates >= PARALLEL_MIN_FILES


def _write_parallel(writer: Writer, jobs: Iterator[tuple[Todo, Job]], n_workers: int) -> None:
    """Parse in worker processes, write here in the scan's order."""
    import multiprocessing

    # spawn: the bot calls this from a thread, and forking a threaded process is unsafe. The
    # workers end when this process does, even by kill -9 (orphans.exit_with_parent).
    with ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        # A bounded window of files in flight: the workers never wait for the writer, and the
        # corpus is never all in memory at once.
        window: deque[tuple[Todo, Future[Prepared | str]]] = deque()
        for todo, job in jobs:
            window.append((todo, pool.submit(_prepare_job, job)))
            if len(window) >= IN_FLIGHT:
                todo, fut = window.popleft()
                writer.result(writer.store(todo, fut.result()))
        while window:
            todo, fut = window.popleft()
            writer.result(writer.store(todo, fut.result()))
