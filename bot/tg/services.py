"""What handlers need, stored once in `application.bot_data`."""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram.ext import ContextTypes

from bot.models import Reply
from bot.tg.callback_store import CallbackStore
from bot.tg.settings import TIMEZONE, Settings

if TYPE_CHECKING:
    from bot.subscriptions import SubscriptionStore
    from bot.tg.push import Pusher
    from bot.tg.watcher import CorpusWatcher

_KEY = "newsbot.services"


@dataclass
class Services:
    engine: Any  # bot.engine.Engine; typed loosely so this layer does not import the engine
    store: CallbackStore
    settings: Settings
    subs: SubscriptionStore | None = None
    pusher: Pusher | None = None
    watcher: CorpusWatcher | None = None
    # The bot's notion of "now": tests swap in a controllable clock.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(TIMEZONE))
    started_at: float = field(default_factory=time.monotonic)

    # Engine calls run in worker threads (each with its own SQLite connection), never on the event
    # loop: a slow answer delays no other chat and no push job.
    async def answer(self, text: str) -> Reply:
        return await asyncio.to_thread(self.engine.answer, text, now=self.clock())

    async def action(self, kind: str, arg: str) -> Reply | None:
        return await asyncio.to_thread(self.engine.action, kind, arg)

    async def stats(self) -> dict[str, Any]:
        return await asyncio.to_thread(self.engine.stats)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids


def install(bot_data: dict, services: Services) -> None:
    bot_data[_KEY] = services


def get(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data[_KEY]


def get_from_bot_data(bot_data: dict) -> Services:
    return bot_data[_KEY]
