"""Callback data for inline buttons: `kind:arg`, or a short hash resolved from SQLite.

Telegram limits callback data to 64 bytes (a Chinese character takes 3). Short actions travel
as-is; longer ones are stored under a hash in a table of the state database (SQLite or
PostgreSQL), so buttons still work after a restart and on every replica.

Stored rows expire: `prune()` (a job, hourly) deletes those not shown for CALLBACK_TTL_DAYS and,
past CALLBACK_MAX_ROWS, the oldest, so one busy user cannot grow the table without bound (each
search stores about five). A press on a pruned button gets "按钮已过期" from the handler.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import time
from pathlib import Path

from bot.language.inputs import encodable
from bot.state.db import StateDB, open_state

log = logging.getLogger(__name__)
MAX_CALLBACK_BYTES = 64
_HASH_PREFIX = "h:"
CALLBACK_TTL_DAYS = 30  # a button not shown again for this long stops working
CALLBACK_MAX_ROWS = 200_000  # and never more rows than this: the oldest go first
# A button shown again is kept for another CALLBACK_TTL_DAYS, its age written at most once a day.
_REFRESH_SECONDS = 86400.0


class CallbackStore:
    def __init__(self, db: str | Path | StateDB) -> None:
        self.db = open_state(db)
        self.db_path = self.db.target
        self._connect = self.db.connect

    @staticmethod
    def key_of(kind: str, arg: str) -> str:
        """The hash data of a long action (kept in tg_callbacks under it)."""
        digest = hashlib.sha256(f"{kind}\x00{arg}".encode()).digest()[:12]
        return _HASH_PREFIX + base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def encode(self, kind: str, arg: str) -> str:
        """Callback data for an action, always at most 64 bytes."""
        data = f"{kind}:{arg}"
        if len(data.encode()) <= MAX_CALLBACK_BYTES and not data.startswith(_HASH_PREFIX):
            return data
        return self.stored(kind, arg)

    def stored(self, kind: str, arg: str) -> str:
        """The hash data of an action, kept in the table whatever its length (deep links need it:
        their `q-<key>` must hold only A–Z a–z 0–9 _ -, which `kind:arg` may not)."""
        key = self.key_of(kind, arg)
        self.db.ensure_schema()  # the SQLite file may have been replaced under us
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO tg_callbacks (key, kind, arg, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET created = excluded.created "
                "WHERE tg_callbacks.created < excluded.created - ?",
                (key, kind, arg, time.time(), _REFRESH_SECONDS),
            )
        return key

    def prune(self, now: float | None = None, *, ttl_days: float = CALLBACK_TTL_DAYS,
              max_rows: int = CALLBACK_MAX_ROWS) -> int:
        """Delete the rows not shown for `ttl_days`, then the oldest beyond `max_rows`; how many went."""
        cutoff = (time.time() if now is None else now) - ttl_days * 86400
        self.db.ensure_schema()
        with self._connect() as conn:
            gone = conn.execute("DELETE FROM tg_callbacks WHERE created < ?", (cutoff,)).rowcount
            row = conn.execute("SELECT created FROM tg_callbacks ORDER BY created DESC LIMIT 1 OFFSET ?",
                               (max_rows,)).fetchone()
            if row is not None:  # over the cap: keep the newest max_rows (ties at the edge go too)
                gone += conn.execute("DELETE FROM tg_callbacks WHERE created <= ?", (row[0],)).rowcount
        if gone:
            log.info("pruned %d expired button(s)", gone)
        return max(gone, 0)

    def decode(self, data: str | None) -> tuple[str, str] | None:
        """(kind, arg) for callback data, or None when it is malformed or no longer known."""
        if not data:
            return None
        data = encodable(data)  # forged data may hold lone surrogates, which SQLite cannot bind
        if data.startswith(_HASH_PREFIX):
            try:
                with self._connect() as conn:
                    row = conn.execute(
                        "SELECT kind, arg FROM tg_callbacks WHERE key = ?", (data,)
                    ).fetchone()
            except Exception as exc:  # noqa: BLE001 - sqlite3 or psycopg: an unknown button, not a crash
                log.warning("callback lookup failed: %s", exc)
                return None
            return (row[0], row[1]) if row else None
        kind, sep, arg = data.partition(":")
        if not sep or not kind:
            return None
        return kind, arg
