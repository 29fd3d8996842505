"""Per-chat context in the state database, so every replica (and a restarted bot) sees it.

Which bot prompt a reply answers (/stat without a question asks for one, and the user's reply to
that prompt may reach another process than the one that asked), and the conversation so far
(`bot.answer.context.ChatContext`: last region, question, figure, article and list) for follow-ups.
"""
from __future__ import annotations

import time
from pathlib import Path

from bot.state.db import StateDB, is_outage, open_state

MAX_AGE_SECONDS = 7 * 24 * 3600  # a prompt nobody answered within a week is forgotten
_PENDING = "pending:"
_CONVERSATION = "conversation"  # the JSON of bot.answer.context.ChatContext: what the chat talked about last


class ChatContextStore:
    def __init__(self, db: str | Path | StateDB) -> None:
        self.db = open_state(db)

    def set_pending(self, chat_id: int, message_id: int, command: str) -> None:
        """Remember a prompt; while the state database is down it is not remembered (the prompt is
        already sent: a reply to it is then read as a question of its own)."""
        try:
            self._set_pending(chat_id, message_id, command)
        except Exception as exc:
            if not is_outage(exc):
                raise

    def _set_pending(self, chat_id: int, message_id: int, command: str) -> None:
        now = time.time()
        with self.db.connect() as conn:
            conn.execute(
                "INSERT INTO tg_chat_context (chat_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (chat_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (chat_id, f"{_PENDING}{message_id}", command, now))
            conn.execute("DELETE FROM tg_chat_context WHERE updated_at < ?", (now - MAX_AGE_SECONDS,))

    def pop_pending(self, chat_id: int, message_id: int) -> str | None:
        """The command a prompt asked for, consumed: only the first reply to it is taken as the answer.
        None while the state database is down: the reply is then read as a question of its own."""
        try:
            return self._pop_pending(chat_id, message_id)
        except Exception as exc:
            if is_outage(exc):
                return None
            raise

    def _pop_pending(self, chat_id: int, message_id: int) -> str | None:
        key = f"{_PENDING}{message_id}"
        with self.db.connect() as conn:
            row = conn.execute("SELECT value FROM tg_chat_context WHERE chat_id = ? AND key = ?",
                               (chat_id, key)).fetchone()
            if row is None:
                return None
            taken = conn.execute("DELETE FROM tg_chat_context WHERE chat_id = ? AND key = ?", (chat_id, key)).rowcount
        return row[0] if taken else None

    def get_conversation(self, chat_id: int) -> str | None:
        with self.db.connect() as conn:
            row = conn.execute("SELECT value FROM tg_chat_context WHERE chat_id = ? AND key = ?",
                               (chat_id, _CONVERSATION)).fetchone()
        return row[0] if row else None

    def set_conversation(self, chat_id: int, value: str) -> None:
        with self.db.connect() as conn:
            conn.execute(
                "INSERT INTO tg_chat_context (chat_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (chat_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (chat_id, _CONVERSATION, value, time.time()))
