"""Which process pushes: exactly one at a time when several bots share one PostgreSQL.

The leader holds a session-level advisory lock on a connection of its own. The others wait for
that lock in a background thread, so when the leader dies (its connection closes, and PostgreSQL
drops the lock with it) one of them is elected at once and pushes what is still due: the push
ledger is in the same database, so nothing delivered and recorded goes out again. What can go
out twice is a message in flight at the moment of death (sent, not yet recorded): at least once.

With SQLite state there is one process per state file, and it always pushes.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from bot.state.db import StateDB

log = logging.getLogger(__name__)
PUSH_LOCK_KEY = 0x6E657773_0002  # "news", 2: same value in every process of a deployment
RETRY_SECONDS = 5.0  # after losing the database, try again this often


class PushLeadership:
    """`is_leader()` answers whether this process may push now; `on_elected` runs when it becomes leader."""

    def __init__(self, db: StateDB, on_elected: Callable[[], None] | None = None) -> None:
        self.db = db
        self.on_elected = on_elected
        self.shared = db.dialect == "postgresql"
        self._conn: Any = None
        self._leader = not self.shared
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin the election (PostgreSQL only); returns at once."""
        if not self.shared:
            return  # always the pusher: the start-up catch-up run and the minute tick push
        if self._thread is None:
            self._thread = threading.Thread(target=self._campaign, name="push-leader", daemon=True)
            self._thread.start()

    def role(self) -> str:
        return "leader" if self._leader else "standby"

    def is_leader(self) -> bool:
        """True while this process holds the lock. Checks the lock's connection is still alive: a
        leader cut off from the database has lost the lock and must stop pushing."""
        if not self.shared:
            return True
        with self._lock:
            if not self._leader:
                return False
            conn = self._conn
        try:
            conn.execute("SELECT 1")
            return True
        except Exception as exc:  # noqa: BLE001 - any driver error means the session (and lock) may be gone
            log.warning("push leadership lost: %s", exc)
            self._demote()
            return False

    def _demote(self) -> None:
        with self._lock:
            self._leader = False
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - already broken
                pass
        if not self._stop.is_set() and (self._thread is None or not self._thread.is_alive()):
            self._thread = threading.Thread(target=self._campaign, name="push-leader", daemon=True)
            self._thread.start()

    def _campaign(self) -> None:
        while not self._stop.is_set():
            try:
                conn = self.db.raw_connect(autocommit=True, lock_session=True)
            except Exception as exc:  # noqa: BLE001 - database down: keep trying
                log.warning("push leadership: cannot reach the state database: %s", exc)
                self._stop.wait(RETRY_SECONDS)
                continue
            with self._lock:
                self._conn = conn
            try:
                # Blocks while another process leads; returns the moment its session ends.
                conn.execute("SELECT pg_advisory_lock(%s)", (PUSH_LOCK_KEY,))
            except Exception as exc:  # noqa: BLE001 - cancelled by close(), or the connection broke
                with self._lock:
                    self._conn = None
                try:
                    conn.close()
                except Exception:  # noqa: BLE001
                    pass
                if self._stop.is_set():
                    return
                log.warning("push leadership: waiting for the lock failed: %s", exc)
                self._stop.wait(RETRY_SECONDS)
                continue
            with self._lock:
                self._leader = True
            log.info("this process now sends the subscription pushes")
            if self.on_elected:
                try:
                    self.on_elected()
                except Exception:  # noqa: BLE001 - the minute tick will push anyway
                    log.exception("push after election failed to start")
            return

    def close(self) -> None:
        """Give up leadership (or stop waiting for it): closing the session releases the lock."""
        self._stop.set()
        with self._lock:
            conn, self._conn, self._leader = self._conn, None, not self.shared
        waiting = self._thread is not None and self._thread.is_alive()
        if conn is not None and waiting:
            try:
                conn.cancel()  # wakes the thread blocked in pg_advisory_lock; it closes its connection
            except Exception:  # noqa: BLE001
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
        if conn is not None and not conn.closed:
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass
