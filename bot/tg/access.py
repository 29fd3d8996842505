"""NEWSBOT_ALLOWED_USER_IDS: a private deployment answers only the listed users (and admins)."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.tg import services
from bot.tg.ptb import App

log = logging.getLogger(__name__)
DENIED_TEXT = "抱歉，这是一个私有部署的机器人，仅对授权用户开放。"


async def gatekeeper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    settings = services.get(context).settings
    user = update.effective_user
    if settings.is_allowed(user.id if user else None):
        return
    log.info("update %s from a user not on the allow-list ignored", update.update_id)
    if update.callback_query:
        await update.callback_query.answer(DENIED_TEXT, show_alert=True)
    elif update.inline_query:
        await update.inline_query.answer([], cache_time=0, is_personal=True)
    elif update.effective_chat and update.effective_chat.type == ChatType.PRIVATE and update.effective_message:
        await update.effective_message.reply_text(DENIED_TEXT)
    # In groups a stranger's message gets no answer at all.
    raise ApplicationHandlerStop


def register(app: App) -> None:
    # Group -1 runs before every other handler; only installed when an allow-list is set.
    if services.get_from_bot_data(app.bot_data).settings.allowed_user_ids:
        app.add_handler(TypeHandler(Update, gatekeeper), group=-1)
