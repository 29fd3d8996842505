"""The parts of a push already delivered, on disk, so a restart resumes instead of repeating them.

A long brief goes out in several messages. Each part is written here the moment Telegram confirms
it, before anything else happens, in its own committed transaction (SQLite WAL: a committed write
survives `kill -9`). A restarted bot reads it back and sends only the parts not yet confirmed.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sub_push_parts (
    chat_id INTEGER NOT NULL,
    region TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    fingerprint TEXT NOT NULL,        -- of the rendered parts: a changed brief starts again
    parts_done INTEGER NOT NULL,      -- parts Telegram confirmed, from the first
    PRIMARY KEY (chat_id, region, issue_date)
);
"""

Key = tuple[int, str, str]  # (chat_id, region, issue_date)


class PushLedger:
    def __init__(self, db_path: str | Path) -> None:
        self.db_path = str(db_path)
        with self._connect() as conn:
            conn.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.db_path, timeout=30)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def progress(self, key: Key, fingerprint: str) -> int:
        """Parts of this push already delivered; 0 when none, or when the brief has changed since."""
        with self._connect() as conn:
            row = conn.execute("SELECT fingerprint, parts_done FROM sub_push_parts "
                               "WHERE chat_id = ? AND region = ? AND issue_date = ?", key).fetchone()
        return int(row[1]) if row and row[0] == fingerprint else 0

    def delivered(self, key: Key, fingerprint: str, parts_done: int) -> None:
        with self._connect() as conn:
            conn.execute("INSERT INTO sub_push_parts (chat_id, region, issue_date, fingerprint, parts_done) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, region, issue_date) DO UPDATE SET "
                         "fingerprint = excluded.fingerprint, parts_done = excluded.parts_done",
                         (*key, fingerprint, parts_done))

    def forget(self, key: Key) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM sub_push_parts WHERE chat_id = ? AND region = ? AND issue_date = ?", key)

    def keep_only(self, keys: Iterable[Key]) -> None:
        """Drop the progress of pushes no longer due (delivered, superseded, chat gone)."""
        wanted = set(keys)
        with self._connect() as conn:
            rows = conn.execute("SELECT chat_id, region, issue_date FROM sub_push_parts").fetchall()
            stale = [tuple(r) for r in rows if tuple(r) not in wanted]
            conn.executemany("DELETE FROM sub_push_parts WHERE chat_id = ? AND region = ? AND issue_date = ?",
                             stale)
