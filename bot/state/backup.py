"""Back up and restore the bot's state (not the corpus: that is rebuilt from its files by ingest).

A backup is a SQLite file holding the state tables, schema and all, read in one snapshot
transaction (a WAL read transaction in SQLite, REPEATABLE READ in PostgreSQL): consistent while
the bot runs and pushes. The same file restores into either back-end, so it also moves state from
SQLite to PostgreSQL and back. Restoring replaces the state tables in one transaction.

The file holds chat ids and each chat's last question: it is written readable by its owner only
(0600). Every failure (a state database that does not answer, a destination that cannot be
written) is a BackupError with a one-line message, e.g. `无法连接状态数据库 postgresql://newsbot:***@db/newsbot：
connection refused`.
"""
from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.state.db import StateDB

# Parents before children would matter with foreign keys; there are none, the order is for reading.
STATE_TABLES = ("sub_subscriptions", "sub_chats", "sub_pushes", "sub_push_parts", "ingest_alerts", "tg_callbacks",
                "tg_chat_context")
# Identity columns whose PostgreSQL sequence must move past restored ids.
_IDENTITY = {"sub_subscriptions": "id", "sub_pushes": "id"}
BACKUP_MODE = 0o600  # chat ids and questions: for the owner's eyes only


class BackupError(Exception):
    """The message is for the person running the command."""


def _why(exc: BaseException) -> str:
    """The first line of an error, without a URL's password."""
    lines = str(exc).strip().splitlines()
    first = lines[0] if lines else type(exc).__name__
    return re.sub(r"(//[^:/@\s]+):[^@\s]*@", r"\1:***@", first)[:300]


def describe_target(target: str | Path) -> str:
    """Where the state is, fit for a message: a URL loses its password."""
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", str(target))


def open_target(target: str | Path) -> StateDB:
    """The state database at `target`; BackupError when it cannot be opened or reached."""
    state: StateDB | None = None
    try:
        state = StateDB(target)
        state.version()  # a server down when opened is not an error there (the bot starts without it)
        return state
    except Exception as exc:  # noqa: BLE001 - psycopg, sqlite3, OS errors: one line for the operator
        if state is not None:
            state.close()
        raise BackupError(f"无法连接状态数据库 {describe_target(target)}：{_why(exc)}") from None


@contextmanager
def _failing_as(what: str) -> Iterator[None]:
    """Any error inside becomes a BackupError saying `what` failed (a BackupError passes as it is)."""
    try:
        yield
    except BackupError:
        raise
    except Exception as exc:  # noqa: BLE001 - the operator gets one line, not a traceback
        raise BackupError(f"{what}：{_why(exc)}") from None


@dataclass
class Copied:
    tables: dict[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def backup(state: StateDB, dest: str | Path, *, overwrite: bool = False) -> Copied:
    """Write a consistent copy of the state to the SQLite file `dest` (atomically: temp file, rename;
    readable by its owner only)."""
    t0 = time.perf_counter()
    dest = Path(dest)
    if dest.is_dir():
        raise BackupError(f"{dest} 是一个文件夹；请给出备份文件的路径，如 {dest / 'newsbot-state.db'}。")
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest} 已存在；换一个文件名，或加 --force 覆盖。")
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with _failing_as(f"无法写入备份文件 {dest}"):
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)
            # Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, BACKUP_MODE))
            os.chmod(tmp, BACKUP_MODE)  # whatever the umask
            copy = StateDB(tmp)  # the same migrations: the backup has the schema of this version
        with _failing_as(f"备份失败（读取 {state.describe()} 或写入 {dest} 时出错）"):
            counts = _copy_out(state, copy)
            copy.close()
            _check(tmp)
            os.replace(tmp, dest)
    finally:
        for path in (tmp, *(Path(f"{tmp}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
            try:
                path.unlink(missing_ok=True)
            except OSError:  # e.g. the folder could not be made: nothing to clean up
                pass
    return Copied(counts, time.perf_counter() - t0)


def _copy_out(state: StateDB, copy: StateDB) -> dict[str, int]:
    """Every state table into `copy`, read in one snapshot; the rows copied per table."""
    counts: dict[str, int] = {}
    with state.connect(snapshot=True) as src, copy.connect() as dst:
        for table in STATE_TABLES:
            cur = src.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cur.description]  # type: ignore[attr-defined]
            rows = cur.fetchall()
            marks = ", ".join("?" * len(columns))
            dst.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
            counts[table] = len(rows)
        dst.execute("CREATE TABLE backup_info (key TEXT PRIMARY KEY, value TEXT)")
        dst.executemany("INSERT INTO backup_info VALUES (?, ?)",
                        [("created_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                         ("source", state.dialect)])
    return counts


def _check(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"备份文件校验失败：{path}")
    finally:
        conn.close()


def restore(state: StateDB, src: str | Path) -> Copied:
    """Replace the state with the backup's, in one transaction (all or nothing)."""
    t0 = time.perf_counter()
    src = Path(src)
    if not src.is_file():
        raise BackupError(f"找不到备份文件：{src}")
    try:
        backup_db = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"无法打开备份文件 {src}：{exc}") from None
    try:
        try:
            version = backup_db.execute("SELECT MAX(version) FROM state_schema").fetchone()[0] or 0
            backup_db.execute("SELECT 1 FROM backup_info").fetchone()
        except sqlite3.DatabaseError:
            raise BackupError(f"{src} 不是 newsbot backup 生成的备份文件。") from None
        with _failing_as(f"无法读取 {state.describe()} 的状态表版本"):
            current = state.version()
        if version > current:
            raise BackupError(f"备份来自更新版本的机器人（状态表版本 {version}），请先升级再恢复。")
        with _failing_as(f"恢复失败（写入 {state.describe()} 时出错），状态未改动"):
            counts = _copy_in(state, backup_db)
    finally:
        backup_db.close()
    return Copied(counts, time.perf_counter() - t0)


def _copy_in(state: StateDB, backup_db: sqlite3.Connection) -> dict[str, int]:
    """Replace every state table with the backup's, in one transaction; the rows copied per table."""
    counts: dict[str, int] = {}
    with state.connect() as dst:
        present = {r[0] for r in backup_db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in STATE_TABLES:
            dst.execute(f"DELETE FROM {table}")
            if table not in present:  # a backup from before this table existed
                counts[table] = 0
                continue
            cur = backup_db.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cur.description]
            rows = cur.fetchall()
            marks = ", ".join("?" * len(columns))
            dst.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
            counts[table] = len(rows)
        if state.dialect == "postgresql":
            for table, column in _IDENTITY.items():
                # New rows must not collide with restored ids.
                dst.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                            f"COALESCE(MAX({column}), 0) + 1, false) FROM {table}")
    return counts
