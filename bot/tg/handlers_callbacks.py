"""Inline button presses: resolve the action, answer the query, edit in place or send anew."""
from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot.tg import services
from bot.tg.sender import edit_reply, send_reply

log = logging.getLogger(__name__)
STALE_TEXT = "该内容已过期，请重新查询"
# Paging, the figure's source and related figures, and a region picked from the picker replace
# the message they sit under; an article or a question opens a new message so the list stays.
EDIT_IN_PLACE = {"page", "source", "related", "brief"}


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    svc = services.get(context)
    decoded = svc.store.decode(query.data)
    reply = await svc.action(*decoded) if decoded else None
    if reply is None:
        log.info("stale callback data in update %s", update.update_id)
        await query.answer(STALE_TEXT)
        return
    # Answer first: the client stops its spinner at once, whatever the edit costs.
    await query.answer()
    kind = decoded[0]
    message = query.message
    if not isinstance(message, Message):
        # Inline-mode message or one too old to access: the chat is unknown or unreachable.
        if query.from_user:
            await send_reply(context.bot, query.from_user.id, reply, svc.store)
        return
    if kind in EDIT_IN_PLACE:
        await edit_reply(context.bot, message, reply, svc.store)
    else:
        reply_to = message.message_id if message.chat.type != "private" else None
        await send_reply(context.bot, message.chat_id, reply, svc.store, reply_to=reply_to)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_callback))
