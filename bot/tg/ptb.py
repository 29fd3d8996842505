"""The python-telegram-bot types this front-end uses, spelled once.

PTB's `Application` is generic in six parameters; the bot builds it with the default context
(`ContextTypes.DEFAULT_TYPE`: plain dicts for user, chat and bot data), the job queue and a rate
limiter (`AIORateLimiter` is `BaseRateLimiter[int]`, which makes the bot an `ExtBot[int]`), so every
module names that one concrete type as `App`.
"""
from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeAlias

from telegram import Update
from telegram.ext import Application, ContextTypes, ExtBot, JobQueue

# bot_data, chat_data and user_data: PTB's default plain dicts.
DataDict: TypeAlias = dict[Any, Any]
App: TypeAlias = Application[ExtBot[int], ContextTypes.DEFAULT_TYPE, DataDict, DataDict, DataDict,
                             JobQueue[ContextTypes.DEFAULT_TYPE]]
# A command or button callback as PTB calls it.
Handler: TypeAlias = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
