"""The parts of a push already delivered, on disk, so a restart resumes instead of repeating them.

A long brief goes out in several messages. Each part is written here the moment Telegram confirms
it, before anything else happens, in its own committed transaction (a committed write survives
`kill -9`). A restarted bot, or the replica that takes over, sends only the parts not yet confirmed.
"""
from __future__ import annotations

from collections.abc import Iterable

from bot.state.db import StateDB

Key = tuple[int, str, str]  # (chat_id, region, issue_date)


class PushLedger:
    """sub_push_parts in the state database (SQLite or PostgreSQL; migration 0003)."""

    def __init__(self, db: StateDB) -> None:
        self.db = db

    def progress(self, key: Key, fingerprint: str) -> int:
        """Parts of this push already delivered; 0 when none, or when the brief has changed since."""
        with self.db.connect() as conn:
            row = conn.execute("SELECT fingerprint, parts_done FROM sub_push_parts "
                               "WHERE chat_id = ? AND region = ? AND issue_date = ?", key).fetchone()
        return int(row[1]) if row and row[0] == fingerprint else 0

    def delivered(self, key: Key, fingerprint: str, parts_done: int) -> None:
        with self.db.connect() as conn:
            conn.execute("INSERT INTO sub_push_parts (chat_id, region, issue_date, fingerprint, parts_done) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, region, issue_date) DO UPDATE SET "
                         "fingerprint = excluded.fingerprint, parts_done = excluded.parts_done",
                         (*key, fingerprint, parts_done))

    def forget(self, key: Key) -> None:
        with self.db.connect() as conn:
            conn.execute("DELETE FROM sub_push_parts WHERE chat_id = ? AND region = ? AND issue_date = ?", key)

    def keep_only(self, keys: Iterable[Key]) -> None:
        """Drop the progress of pushes no longer due (delivered, superseded, chat gone)."""
        wanted = set(keys)
        with self.db.connect() as conn:
            rows = conn.execute("SELECT chat_id, region, issue_date FROM sub_push_parts").fetchall()
            stale = [tuple(r) for r in rows if tuple(r) not in wanted]
            if stale:
                conn.executemany("DELETE FROM sub_push_parts WHERE chat_id = ? AND region = ? AND issue_date = ?",
                                 stale)
