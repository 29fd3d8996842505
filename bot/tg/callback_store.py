"""Callback data for inline buttons: `kind:arg`, or a short hash resolved from SQLite.

Telegram limits callback data to 64 bytes (a Chinese character takes 3). Short actions travel
as-is; longer ones are stored under a hash in a table of the state database (SQLite or
PostgreSQL), so buttons still work after a restart and on every replica.
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


class CallbackStore:
    def __init__(self, db: str | Path | StateDB) -> None:
        self.db = open_state(db)
        self.db_path = self.db.target
        self._connect = self.db.connect

    @staticmethod
    def _key(kind: str, arg: str) -> str:
        digest = hashlib.sha256(f"{kind}\x00{arg}".encode()).digest()[:12]
        return _HASH_PREFIX + base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def encode(self, kind: str, arg: str) -> str:
        """Callback data for an action, always at most 64 bytes."""
        data = f"{kind}:{arg}"
        if len(data.encode()) <= MAX_CALLBACK_BYTES and not data.startswith(_HASH_PREFIX):
            return data
        key = self._key(kind, arg)
        self.db.ensure_schema()  # the SQLite file may have been replaced under us
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO tg_callbacks (key, kind, arg, created) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (key, kind, arg, time.time()),
            )
        return key

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
