"""The error handler: log with the update id, tell the user briefly, keep serving."""
from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import Conflict, Forbidden, TelegramError, TimedOut
from telegram.ext import ContextTypes

from bot.state.db import is_outage
from bot.tg import services
from bot.tg.ptb import App

log = logging.getLogger(__name__)
USER_ERROR_TEXT = "出错了，请稍后再试。"
# The state database (subscriptions, stored buttons, chat context) is down; questions are still answered.
STATE_DOWN_TEXT = "订阅和部分按钮暂时不可用，请稍后再试；直接提问仍可回答。"
STATE_DOWN_ADMIN_NOTE = ("⚠️ 状态数据库不可用（<code>{error}</code>，更新 {update_id}）：订阅、按钮和对话上下文"
                         "暂停，问答照常。恢复前不再重复提醒，详见日志。")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    if isinstance(error, Forbidden):
        # Blocked by the user or removed from the group: nothing to tell anyone.
        log.warning("update %s: forbidden: %s", update_id, error)
        return
    if isinstance(error, Conflict) and update is None:
        return  # getUpdates refused: the Health logged it once and /readyz says so (bot/tg/health.py)
    if isinstance(error, TimedOut):
        # Telegram did not answer in time; the request itself may have gone through (an answer
        # delivered late). An error message after a delivered answer is worse than none.
        log.warning("update %s: a Bot API call timed out: %s", update_id, error)
        return
    if error is not None and is_outage(error) and services.get(context).subs.db.outage_since is not None:
        await _state_outage(update, context, update_id, error)
        return
    log.error("update %s failed", update_id, exc_info=error)
    if not isinstance(update, Update):
        return  # a job or polling error, not a user's request
    await _tell_user(update, context, update_id, USER_ERROR_TEXT)
    await _notify_admins(context, update_id, error)


async def _state_outage(update: object, context: ContextTypes.DEFAULT_TYPE, update_id: int | None,
                        error: BaseException) -> None:
    """Only what needs the state database failed (a subscription, a stored button): the user hears
    what is unavailable, the admins hear of the outage once (the database logged it once)."""
    log.warning("update %s: state database unavailable: %s", update_id, type(error).__name__)
    if isinstance(update, Update):
        await _tell_user(update, context, update_id, STATE_DOWN_TEXT)
    # A job's failure too (the minute's push run): the admins hear within a minute, once.
    if services.get(context).state_outage_to_report():
        await _notify_admins(context, update_id, error, STATE_DOWN_ADMIN_NOTE)


async def _notify_admins(context: ContextTypes.DEFAULT_TYPE, update_id: int | None, error: BaseException | None,
                         template: str = "⚠️ 处理更新 {update_id} 时出错：<code>{error}</code>，详见日志。") -> None:
    # Only the exception type: its text could hold user data or a URL.
    note = template.format(update_id=update_id, error=html.escape(type(error).__name__))
    for admin_id in services.get(context).settings.admin_ids:
        try:
            await context.bot.send_message(admin_id, note)
        except TelegramError as exc:
            log.warning("could not notify admin %s: %s", admin_id, exc)


def register(app: App) -> None:
    app.add_error_handler(on_error)


async def _tell_user(update: Update, context: ContextTypes.DEFAULT_TYPE, update_id: int | None, text: str) -> None:
    """`text` as the answer to a button press, else as a message in the chat; a failure only logged."""
    try:
        if update.callback_query:
            await update.callback_query.answer(text)
        elif update.effective_chat and update.effective_message:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError as exc:
        log.warning("update %s: could not tell the user: %s", update_id, exc)
