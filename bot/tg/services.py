"""What handlers need, stored once in `application.bot_data`."""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from telegram.ext import ContextTypes

from bot.answer.context import ChatContext, after_action, respond
from bot.present.reply import Reply
from bot.state.db import is_outage
from bot.tg.callback_store import CallbackStore
from bot.tg.ptb import DataDict
from bot.tg.settings import TIMEZONE, Settings

if TYPE_CHECKING:
    from bot.answer.engine import Engine
    from bot.ingest.rows import CorpusStats
    from bot.state.subscriptions import SubscriptionStore
    from bot.tg.chat_context import ChatContextStore
    from bot.tg.health import Health
    from bot.tg.push import Pusher
    from bot.tg.watcher import CorpusWatcher

_KEY = "newsbot.services"


class OutageTolerantStore(CallbackStore):
    """Button data that survives a state-database outage: the answer goes out with its buttons;
    one whose data could not be stored answers a tap with the stale-button message, which says so."""

    def encode(self, kind: str, arg: str) -> str:
        try:
            return super().encode(kind, arg)
        except Exception as exc:
            if not is_outage(exc):
                raise
            return self.unstored(kind, arg)

    def unstored(self, kind: str, arg: str) -> str:
        """The hash data as if stored (at most 64 bytes): looked up later, it resolves to nothing."""
        return self.key_of(kind, arg)


@dataclass
class Services:
    engine: Engine
    store: CallbackStore
    settings: Settings
    subs: SubscriptionStore
    pusher: Pusher | None = None
    watcher: CorpusWatcher | None = None
    chat_context: ChatContextStore | None = None
    health: Health | None = None
    # The bot's notion of "now": tests swap in a controllable clock.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(TIMEZONE))
    started_at: float = field(default_factory=time.monotonic)
    # Without a state database (tests that build Services by hand): conversations in memory.
    conversations: dict[int, ChatContext] = field(default_factory=dict)
    outage_reported: float | None = None  # the state outage (its start) the admins were told of

    def __post_init__(self) -> None:
        if type(self.store) is CallbackStore:  # a test's own store stays as it is
            self.store = OutageTolerantStore(self.store.db)

    # Engine calls run in worker threads (each with its own SQLite connection), never on the event
    # loop: a slow answer delays no other chat and no push job.
    async def answer(self, text: str) -> Reply:
        return await asyncio.to_thread(self.engine.answer, text, now=self.clock())

    async def action(self, kind: str, arg: str) -> Reply | None:
        return await asyncio.to_thread(self.engine.action, kind, arg)

    async def stats(self) -> CorpusStats:
        return await asyncio.to_thread(self.engine.stats)

    # The same, in a chat's conversation: follow-ups (那福建呢, 第二篇) read and update its context.
    async def answer_in_chat(self, chat_id: int, text: str) -> tuple[Reply, str]:
        """The reply, and the question it answers (那福建呢 asks 福建南铁春运发送多少人次)."""
        return await asyncio.to_thread(self._answer_in_chat, chat_id, text)

    async def action_in_chat(self, chat_id: int, kind: str, arg: str) -> Reply | None:
        return await asyncio.to_thread(self._action_in_chat, chat_id, kind, arg)

    def _answer_in_chat(self, chat_id: int, text: str) -> tuple[Reply, str]:
        ctx = self._context(chat_id)
        reply = respond(self.engine, ctx, text, self.clock())
        self._save(chat_id, ctx)
        return reply, (ctx.question or text) if reply.intent == "figure" else text

    def _action_in_chat(self, chat_id: int, kind: str, arg: str) -> Reply | None:
        reply = self.engine.action(kind, arg)
        if reply is not None:
            ctx = self._context(chat_id)
            after_action(ctx, kind, reply, arg)
            self._save(chat_id, ctx)
        return reply

    def _context(self, chat_id: int) -> ChatContext:
        if self.chat_context is None:
            return self.conversations.setdefault(chat_id, ChatContext())
        try:
            return ChatContext.from_json(self.chat_context.get_conversation(chat_id))
        except Exception as exc:
            if not is_outage(exc):
                raise
            return ChatContext()  # the state database is down: answered without the conversation

    def _save(self, chat_id: int, ctx: ChatContext) -> None:
        if self.chat_context is None:
            return
        try:
            self.chat_context.set_conversation(chat_id, ctx.to_json())
        except Exception as exc:
            if not is_outage(exc):
                raise  # an outage was logged once by the state database; the answer still goes out

    def state_outage_to_report(self) -> bool:
        """True once per state-database outage: the admins hear of it once, not once per update."""
        since = self.subs.db.outage_since
        if since is None or since == self.outage_reported:
            return False
        self.outage_reported = since
        return True

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids


def install(bot_data: DataDict, services: Services) -> None:
    bot_data[_KEY] = services


def get(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return get_from_bot_data(context.application.bot_data)


def get_from_bot_data(bot_data: DataDict) -> Services:
    svc: Services = bot_data[_KEY]
    return svc
