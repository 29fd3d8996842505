"""The error handler: log with the update id, tell the user briefly, keep serving."""
from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError, TimedOut
from telegram.ext import ContextTypes

from bot.tg import services
from bot.tg.ptb import App

log = logging.getLogger(__name__)
USER_ERROR_TEXT = "出错了，请稍后再试。"


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    if isinstance(error, Forbidden):
        # Blocked by the user or removed from the group: nothing to tell anyone.
        log.warning("update %s: forbidden: %s", update_id, error)
        return
    if isinstance(error, TimedOut):
        # Telegram did not answer in time; the request itself may have gone through (an answer
        # delivered late). An error message after a delivered answer is worse than none.
        log.warning("update %s: a Bot API call timed out: %s", update_id, error)
        return
    log.error("update %s failed", update_id, exc_info=error)
    if not isinstance(update, Update):
        return  # a job or polling error, not a user's request
    try:
        if update.callback_query:
            await update.callback_query.answer(USER_ERROR_TEXT)
        elif update.effective_chat and update.effective_message:
            await context.bot.send_message(update.effective_chat.id, USER_ERROR_TEXT)
    except TelegramError as exc:
        log.warning("update %s: could not tell the user about the error: %s", update_id, exc)
    await _notify_admins(context, update_id, error)


async def _notify_admins(context: ContextTypes.DEFAULT_TYPE, update_id: int | None, error: BaseException | None) -> None:
    # Only the exception type: its text could hold user data or a URL.
    note = f"⚠️ 处理更新 {update_id} 时出错：<code>{html.escape(type(error).__name__)}</code>，详见日志。"
    for admin_id in services.get(context).settings.admin_ids:
        try:
            await context.bot.send_message(admin_id, note)
        except TelegramError as exc:
            log.warning("could not notify admin %s: %s", admin_id, exc)


def register(app: App) -> None:
    app.add_error_handler(on_error)
