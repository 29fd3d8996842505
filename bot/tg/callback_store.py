"""Callback data for inline buttons: `kind:arg`, or a short hash resolved from SQLite.

Telegram limits callback data to 64 bytes (a Chinese character takes 3). Short actions travel
as-is; longer ones are stored under a hash in a table of the bot's database, so buttons still
work after a restart.
"""
from __future__ import annotations

import base64
import hashlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.inputs import encodable

MAX_CALLBACK_BYTES = 64
_HASH_PREFIX = "h:"
_SCHEMA = """CREATE TABLE IF NOT EXISTS tg_callbacks (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, arg TEXT NOT NULL, created REAL NOT NULL)"""


class CallbackStore:
    def __init__(self, db_path: str | Path) -> None:
        self.db_path = str(db_path)
        Path(self.db_path).parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per call: cheap, and free of sqlite3's same-thread rule.
        conn = sqlite3.connect(self.db_path, timeout=5)
        try:
            with conn:  # commit on success
                yield conn
        finally:
            conn.close()

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
        with self._connect() as conn:
            conn.execute(_SCHEMA)  # the engine may have rebuilt the database file
            conn.execute(
                "INSERT OR IGNORE INTO tg_callbacks (key, kind, arg, created) VALUES (?, ?, ?, ?)",
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
            except sqlite3.Error:
                return None
            return (row[0], row[1]) if row else None
        kind, sep, arg = data.partition(":")
        if not sep or not kind:
            return None
        return kind, arg
