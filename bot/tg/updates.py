"""Update processing: chats are served side by side, each chat's updates in the order they came.

PTB handles updates one at a time by default, so one slow answer held every other chat. With this
processor a chat waits only for its own earlier updates; the engine's work runs in threads
(`Services.answer`), so the event loop stays free for other chats and the push jobs.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:  # inline queries and the like: nothing to keep in order
            await coroutine
            return
        key = chat.id
        lock = self._locks.setdefault(key, asyncio.Lock())  # FIFO: arrival order within a chat
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key]
                del self._locks[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
