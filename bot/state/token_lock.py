"""Who takes a bot token's updates: one long-polling process, or any number of webhook replicas.

Telegram hands a token's updates to one getUpdates caller at a time: a second poller gets 409
Conflict and the two cut each other off, and a poller starting up deletes the webhook that webhook
replicas serve. So a process claims the token before it serves: a poller exclusively, a webhook
replica shared (replicas coexist; a poller and a replica do not).

With PostgreSQL state the claim is a session-level advisory lock on a connection of its own, as the
push leader's (bot/state/leader.py): it covers every machine sharing the database and goes away
with a process that dies. With SQLite state it is an flock on a file beside the state database: it
covers the processes of one machine that share that file.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import socket
from pathlib import Path
from typing import Any

from bot.state.db import LOCK_SESSION_OPTIONS, START_CONNECT_SECONDS, is_postgres_url

POLLER, WEBHOOK = "polling", "webhook"


class TokenClaimed(Exception):
    """Another process holds the token in a mode that excludes ours; `holder` says who, if known."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def lock_key(bot_id: str) -> int:
    """The advisory-lock key of one bot (the token's public part before ':'): positive, 63 bits."""
    digest = hashlib.blake2b(f"newsbot-updates:{bot_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def _label(mode: str) -> str:
    """Who we are, as other processes see it (PostgreSQL's application_name holds 63 bytes)."""
    return f"newsbot {mode} {socket.gethostname()[:30]} pid {os.getpid()}"


class TokenLock:
    """`acquire()` claims the token for `mode` or raises TokenClaimed; `release()` gives it up.

    An unreachable state database raises the driver's error: the caller decides whether to serve
    without the claim."""

    def __init__(self, target: str, bot_id: str, mode: str) -> None:
        if mode not in (POLLER, WEBHOOK):
            raise ValueError(mode)
        self.target, self.bot_id, self.mode = target, bot_id, mode
        self.shared = mode == WEBHOOK
        self._conn: Any = None
        self._fd: int | None = None

    def describe(self) -> str:
        if is_postgres_url(self.target):
            return f"PostgreSQL advisory lock {lock_key(self.bot_id)}"
        return f"lock file {self.path()}"

    def path(self) -> Path:
        state = Path(self.target)
        return state.with_name(f"{state.name}.updates-{self.bot_id}.lock")

    def acquire(self) -> None:
        if is_postgres_url(self.target):
            self._acquire_pg()
        else:
            self._acquire_file()

    def held(self) -> bool:
        """Whether the claim still stands. A file lock lasts as long as the process; an advisory lock
        as long as its session, which a PostgreSQL restart or a network cut ends."""
        if self._fd is not None:
            return True
        if self._conn is None:
            return False
        try:
            self._conn.execute("SELECT 1")
            return True
        except Exception:  # noqa: BLE001 - any driver error: the session, and the lock, may be gone
            conn, self._conn = self._conn, None
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass
            return False

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                # Unlocked before the session ends: the server ends a closed session a moment later,
                # and a process started right after this one's exit must find the lock free.
                conn.execute("SELECT pg_advisory_unlock_all()")
            except Exception:  # noqa: BLE001 - already broken: the lock is gone with the session
                pass
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass
        fd, self._fd = self._fd, None
        if fd is not None:
            if not self.shared:
                os.ftruncate(fd, 0)  # no poller named any more
            os.close(fd)

    # ------------------------------------------------------------------ PostgreSQL

    def _acquire_pg(self) -> None:
        import psycopg

        conn = psycopg.connect(self.target, autocommit=True, connect_timeout=START_CONNECT_SECONDS,
                               application_name=_label(self.mode), **LOCK_SESSION_OPTIONS)
        how = "pg_try_advisory_lock_shared" if self.shared else "pg_try_advisory_lock"
        try:
            row = conn.execute(f"SELECT {how}(%s)", (lock_key(self.bot_id),)).fetchone()
            if row and row[0]:
                self._conn = conn
                return
            holder = self._pg_holder(conn)
        except BaseException:
            conn.close()
            raise
        conn.close()
        raise TokenClaimed(holder)

    def _pg_holder(self, conn: Any) -> str:
        """The sessions holding the lock, by their application_name (ours say mode, host and pid)."""
        key = lock_key(self.bot_id)
        rows = conn.execute(
            "SELECT DISTINCT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            # Advisory locks are per database; pg_locks lists every database's.
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND l.classid::bigint = %s AND l.objid::bigint = %s ORDER BY 1",
            (key >> 32, key & 0xFFFFFFFF)).fetchall()
        names = [r[0] for r in rows if r[0]]
        return ", ".join(names[:5]) or "another process"

    # ------------------------------------------------------------------ a file (SQLite state)

    def _acquire_file(self) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            raise TokenClaimed(holder or "webhook replicas") from None
        # The file names the poller; a replica clears a name left by a poller that died (none can
        # hold the lock while a replica does).
        os.ftruncate(fd, 0)
        if not self.shared:
            os.pwrite(fd, _label(self.mode).encode(), 0)
        self._fd = fd
