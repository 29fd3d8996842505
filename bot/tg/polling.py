"""Long polling that survives an update python-telegram-bot cannot read.

PTB reads a whole getUpdates answer at once: one update it cannot read (e.g. a private message
holding a poll without `allows_revoting`, as older self-hosted Bot API servers send them) fails the
batch, and the updater asks for the same offset again, ~15 times a second, forever, logging the raw
update each time. `TolerantBot` reads each update on its own. One it cannot read is logged once (its
id, its kind such as `message`, the error's type; never its content) and stands in the batch as a
`SkippedUpdate`, so the offset moves past it; the application drops it before any handler.

It also tells whether Telegram let it poll at all: a 409 Conflict (another process polls the token,
or a webhook is set for it) goes to the Health, which logs it once and makes the bot not ready;
PTB's traceback for each retry is dropped.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import Conflict, TelegramError
from telegram.ext import ExtBot

log = logging.getLogger(__name__)


class SkippedUpdate(Update):
    """An update that could not be read: only its id is known, and no handler sees it."""

    __slots__ = ()


class UnreadableUpdates(TelegramError):
    """A getUpdates answer with no update id to move past: the updater backs off and asks again."""


def read_update(raw: Any, bot: ExtBot[int]) -> Update | None:
    """The update, a SkippedUpdate when PTB cannot read it, or None when it has not even an id."""
    try:
        return Update.de_json(raw, bot)
    except Exception as exc:  # noqa: BLE001 - whatever PTB raises, one update must not stop the rest
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        kinds = sorted(k for k in raw if k != "update_id") if isinstance(raw, dict) else []
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            log.error("an update without an id could not be read (%s): skipped", type(exc).__name__)
            return None
        log.error("update %s (%s) could not be read (%s): skipped", update_id, ",".join(kinds) or "empty",
                  type(exc).__name__)
        return SkippedUpdate(update_id=update_id)


# PTB's own messages for an update it cannot read; they carry the raw update (a user's words).
_UNREADABLE_MESSAGES = ("Something went wrong processing the data received from Telegram",
                        "Error while parsing updates!")
# Where PTB logs them: the webhook handler and the updater, and the bot's get_updates.
PTB_UPDATE_LOGGERS = ("telegram.ext.Updater", "telegram.ext.ExtBot", "telegram.Bot")


def without_update_content(record: logging.LogRecord) -> bool:
    """A logging filter: PTB's record of an unreadable update loses the update and its traceback
    (an exception's text may quote it); what stays is that one update could not be read, and why."""
    if isinstance(record.msg, str) and record.msg.startswith(_UNREADABLE_MESSAGES):
        why = type(record.exc_info[1]).__name__ if record.exc_info and record.exc_info[1] else "unknown"
        record.msg, record.args = "an update from Telegram could not be read (%s); its content is not logged", (why,)
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.ERROR, "ERROR"
    return True


def keep_update_content_out_of_logs() -> None:
    """Install `without_update_content` on PTB's loggers, and `without_conflict_tracebacks` on the
    updater's (once)."""
    for name in PTB_UPDATE_LOGGERS:
        logger = logging.getLogger(name)
        if without_update_content not in logger.filters:
            logger.addFilter(without_update_content)
    updater = logging.getLogger("telegram.ext.Updater")
    if without_conflict_tracebacks not in updater.filters:
        updater.addFilter(without_conflict_tracebacks)


def without_conflict_tracebacks(record: logging.LogRecord) -> bool:
    """A logging filter: PTB's traceback for each getUpdates that answered 409 Conflict goes; the
    Health logs the conflict once when it starts and once when it ends (bot/tg/health.py)."""
    exc = record.exc_info[1] if record.exc_info else None
    return not (isinstance(exc, Conflict) and record.name == "telegram.ext.Updater")


class TolerantBot(ExtBot[int]):
    """PTB's ExtBot whose getUpdates reads each update on its own (see the module docstring), and
    tells whether Telegram let it poll at all (409 Conflict: another poller, or a webhook is set)."""

    _on_read: Callable[[bool], None] | None = None
    _on_conflict: Callable[[str | None], None] | None = None

    def report_reads_to(self, hook: Callable[[bool], None]) -> None:
        """`hook` hears whether each getUpdates answer could be read: False when nothing in a
        non-empty answer had an id to move past (serving has stopped: readiness says so)."""
        self._on_read = hook  # PTB freezes its bots; a protected attribute may still be set

    def report_conflicts_to(self, hook: Callable[[str | None], None]) -> None:
        """`hook` hears Telegram's words for each getUpdates refused with 409 Conflict, and None
        for each one answered."""
        self._on_conflict = hook

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: Any = None,  # seconds or a timedelta, as PTB takes it
        allowed_updates: Sequence[str] | None = None,
        **timeouts: Any,
    ) -> tuple[Update, ...]:
        data = {"timeout": timeout, "offset": offset, "limit": limit, "allowed_updates": allowed_updates}
        # As PTB's own get_updates: the wait for the answer is the request's plus the long poll's.
        read_timeout = timeouts.pop("read_timeout", None)
        if not isinstance(read_timeout, (int, float)):  # not given (or PTB's "default" marker)
            read_timeout = self._request[0].read_timeout
        poll = timeout.total_seconds() if isinstance(timeout, timedelta) else (timeout or 0)
        try:
            result = await self._post("getUpdates", data, read_timeout=(read_timeout or 0) + poll, **timeouts)
        except Conflict as exc:
            if self._on_conflict is not None:
                self._on_conflict(exc.message)
            raise  # PTB's polling loop backs off (1 s, growing to 30 s) and asks again
        if self._on_conflict is not None:
            self._on_conflict(None)
        raws: list[Any] = result if isinstance(result, list) else []
        updates = [u for u in (read_update(raw, self) for raw in raws) if u is not None]
        if self._on_read is not None:
            self._on_read(bool(updates) or not raws)
        if raws and not updates:
            raise UnreadableUpdates("getUpdates answered updates without an id")
        for update in updates:
            self.insert_callback_data(update)
        return tuple(updates)
