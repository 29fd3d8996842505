"""Telegram's message limits for the bot's requests, chat actions left out of them.

PTB's AIORateLimiter puts every Bot API call in the same buckets (30 a second overall, 20 a minute
in one group). A "typing…" (sendChatAction) is no message: counted there, it took a slot from an
answer, and 30 mentions in one group (e.g. 30 × "@newsbot 长沙研发投入强度是多少") waited for 60
slots instead of 30. Here chat actions go straight to the Bot API; a 429 on one is only logged by
the caller (bot/tg/sender.py `typing`), never retried.
"""
from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

UNLIMITED_ENDPOINTS = frozenset({"sendChatAction"})
ApiResult = bool | dict[str, Any] | list[dict[str, Any]]


class MessageRateLimiter(AIORateLimiter):
    """AIORateLimiter that limits messages only: the endpoints in UNLIMITED_ENDPOINTS bypass it."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, ApiResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> ApiResult:
        if endpoint in UNLIMITED_ENDPOINTS:
            return await callback(*args, **kwargs)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
