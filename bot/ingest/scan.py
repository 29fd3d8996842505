"""Find the corpus files under a folder and tell which of them changed since the last ingest.

A scanned file is (path, stat key); the key (resolved path, size, mtime) is what a stored page or a
remembered failure holds, e.g. ("/data/rmrb/2019-02/20190201/20190201-01-01.txt", 5321, 1.7e9).
A file without a key (a link, an undecodable name, an oversized file) goes the slow way. A rescan
of an unchanged corpus is one lstat per file and dict lookups (`Known`); `is_stale` is the same
check without a writer. What cannot be read is reported, never skipped in silence: a folder as
"无法读取目录：…", a linked folder as skipped ("目录链接不跟随…"), an oversized file as
"文件过大（3.0 MB，上限 2 MB）".
"""
from __future__ import annotations

import os
import stat as stat_mod
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import sqlite_utils

from bot.ingest import store
from bot.ingest.results import FileResult, display_path

CORPUS_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
# A newspaper page or article is tens of kilobytes; a file this large is a dump or a mistake, and
# parsing it would hold the writer for minutes.
MAX_FILE_BYTES = 2 * 1024 * 1024

# A scanned file: (path, stat key else None). The key is what a stored page or failure remembers,
# (resolved path, size, mtime); None sends the file the slow way (links, odd names, oversized files).
Key = tuple[str, int, float]
Found = tuple[str, "Key | None"]


def name_ok(path: Path) -> bool:
    """Whether the path can be stored as UTF-8 text."""
    try:
        str(path).encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _open_dir(root: str, problems: list[FileResult]) -> tuple[int, list[str]] | None:
    """The folder's descriptor and sorted names, else None with the reason in `problems`."""
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
        return None
    return fd, names


def _real_prefix(root: str) -> str | None:
    """The folder resolved, with a trailing separator: the start of each stat key below it."""
    try:
        real = os.path.join(os.path.realpath(root), "")
        real.encode("utf-8")
        return real
    except (OSError, UnicodeEncodeError, ValueError):
        return None


def _child_prefix(prefix: str | None, name: str) -> str | None:
    """The resolved path of subfolder `name` (not a link) of the folder resolved as `prefix`:
    one realpath per tree, not one per folder (each costs an lstat per level: a tree 1,100 levels
    deep took 40 s)."""
    if prefix is None or not (name.isascii() or name_ok(Path(name))):
        return None
    return prefix + name + os.sep


def _scan_entries(fd: int, names: list[str], base: str, prefix: str | None,
                  out: list[Found]) -> tuple[list[str], list[str]]:
    """Append the folder's corpus files to `out` (one lstat each); returns its subfolders and its
    links to folders (dot names left out)."""
    dirs: list[str] = []
    links: list[str] = []
    suffixes, limit, lstat = CORPUS_SUFFIXES, MAX_FILE_BYTES, os.lstat
    isdir, isreg, islink = stat_mod.S_ISDIR, stat_mod.S_ISREG, stat_mod.S_ISLNK
    for name in names:
        try:
            st: os.stat_result | None = lstat(name, dir_fd=fd)
        except OSError:
            st = None  # gone since the listing: the slow way reports it
        mode = st.st_mode if st is not None else 0
        if isdir(mode) or (islink(mode) and _links_to_dir(name, fd)):
            if name[0] != ".":
                (dirs if isdir(mode) else links).append(name)
            continue
        dot = name.rfind(".")
        if dot <= 0 or name[dot:].lower() not in suffixes:  # dot files and names without a suffix
            continue
        key: Key | None = None
        if st is not None and isreg(mode) and st.st_size <= limit and prefix is not None \
                and (name.isascii() or name_ok(Path(name))):
            key = (prefix + name, st.st_size, st.st_mtime)
        out.append((base + name, key))
    return dirs, links


def _scan_dir(top: str, out: list[Found], problems: list[FileResult], unread: list[str]) -> None:
    """Corpus files under `top` in os.walk's order: a folder's files, then its sorted subfolders.
    One listdir per folder and one realpath per tree, one lstat per entry (relative to the folder's file
    descriptor: the kernel does not walk the whole path again for each of 100,000 files). A stack,
    not recursion: a tree thousands of folders deep is walked like any other. A folder that cannot
    be read is reported and added to `unread` (resolved): prune leaves what lies below it alone."""
    stack: list[tuple[str, str | None]] = [(top, _real_prefix(top))]
    while stack:
        root, prefix = stack.pop()
        opened = _open_dir(root, problems)
        if opened is None:
            unread.append(prefix or os.path.join(os.path.abspath(root), ""))
            continue
        fd, names = opened
        base = os.path.join(root, "")
        try:
            dirs, links = _scan_entries(fd, names, base, prefix, out)
        finally:
            os.close(fd)
        for d in links:
            problems.append(FileResult(display_path(base + d), "skipped",
                                       error="目录链接不跟随（避免链接循环），需要时请直接导入它指向的目录"))
        stack.extend((base + d, _child_prefix(prefix, d)) for d in reversed(dirs))


def _links_to_dir(name: str, fd: int) -> bool:
    try:
        return stat_mod.S_ISDIR(os.stat(name, dir_fd=fd).st_mode)
    except OSError:
        return False


def scan(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """The corpus files under `paths`, and the entries that cannot be read, each with its reason."""
    found, problems = scan_stat(paths)
    return [Path(f) for f, _ in found], problems


def scan_stat(paths: Iterable[str | Path]) -> tuple[list[Found], list[FileResult]]:
    """`scan` with each file's stat key."""
    walked = walk(paths)
    return walked.found, walked.problems


@dataclass
class Walk:
    """What a scan saw: the files, the entries it could not read, and where it may prune from."""

    found: list[Found]
    problems: list[FileResult]
    # Resolved folders (with a trailing separator) read to the end, and those that could not be
    # read: a page below a read folder and not below an unread one whose file is gone was scanned
    # and found absent.
    read: list[str]
    unread: list[str]
    named: list[str]  # resolved paths of the files named explicitly


def walk(paths: Iterable[str | Path]) -> Walk:
    """Scan `paths` (folders walked, files taken as named)."""
    w = Walk([], [], [], [], [])
    for p in map(Path, paths):
        if p.is_dir():
            before = len(w.unread)
            _scan_dir(str(p), w.found, w.problems, w.unread)
            top = _real_prefix(str(p))
            if top is not None and not (len(w.unread) > before and w.unread[before] == top):
                w.read.append(top)
        else:
            w.found.append((str(p), _file_key(str(p))))
            folder = _real_prefix(os.path.dirname(str(p)) or ".")
            if folder is not None and os.path.isdir(folder):
                w.named.append(folder + p.name)
    return w


def _file_key(path: str) -> Key | None:
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


def file_problem(path: Path) -> FileResult | None:
    """Why `path` cannot be ingested before it is even read, else None."""
    shown = display_path(path)
    if not name_ok(path):
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


@dataclass
class Known:
    """What the database holds about files, read once per scan: a no-change rescan is one lstat
    per file and dict lookups, not a few queries per file."""

    pages: dict[Key, int]  # (resolved path, size, mtime) of every stored page → its articles
    # (placements for a duplicate page)
    failures: dict[Key, str]  # the same of every remembered failure → its reason

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> "Known":
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

    def unchanged(self, path: str, key: Key | None) -> FileResult | None:
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


def _slow_key(name: str) -> Key | None:
    """The stat key of a file the scan gave none (following links), else None: not ingestable."""
    f = Path(name)
    if not name_ok(f):
        return None
    try:
        st = f.stat()
    except OSError:
        return None
    if st.st_size > MAX_FILE_BYTES:
        return None
    return str(f.resolve()), st.st_size, st.st_mtime


def is_stale(db: sqlite_utils.Database, corpus: str | Path | Iterable[str | Path]) -> bool:
    """True when the database lacks the schema or does not match the corpus files (cheap: size+mtime)."""
    if store.schema_version(db) != store.SCHEMA_VERSION or "pages" not in db.table_names():
        return True
    roots = [corpus] if isinstance(corpus, (str, Path)) else list(corpus)
    rows = set(db.conn.execute("SELECT path, size, mtime FROM pages UNION ALL "
                               "SELECT path, size, mtime FROM ingest_failures"))
    found, _ = scan_stat(roots)
    for name, k in found:
        if k is None:  # a link, an odd name, an unreadable or oversized file: the slow way
            k = _slow_key(name)
            if k is None:
                continue
        if k not in rows:
            return True
    return False
