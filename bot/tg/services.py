"""What handlers need, stored once in `application.bot_data`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram.ext import ContextTypes

from bot.models import Reply
from bot.tg.callback_store import CallbackStore
from bot.tg.settings import TIMEZONE, Settings

_KEY = "newsbot.services"


@dataclass
class Services:
    engine: Any  # bot.engine.Engine; typed loosely so this layer does not import the engine
    store: CallbackStore
    settings: Settings

    # Engine calls are synchronous SQLite lookups of a few milliseconds: they run directly on the
    # event loop. A thread pool would add latency and break sqlite3's same-thread connections.
    def answer(self, text: str) -> Reply:
        return self.engine.answer(text, now=datetime.now(TIMEZONE))

    def action(self, kind: str, arg: str) -> Reply | None:
        return self.engine.action(kind, arg)

    def covered_regions(self) -> list[str]:
        return list(self.engine.covered_regions())


def install(bot_data: dict, services: Services) -> None:
    bot_data[_KEY] = services


def get(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data[_KEY]


def get_from_bot_data(bot_data: dict) -> Services:
    return bot_data[_KEY]
