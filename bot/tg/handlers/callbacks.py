"""Inline button presses: resolve the action, answer the query, edit in place or send anew."""
from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.tg import services
from bot.tg.ptb import App
from bot.tg.sender import edit_reply, send_reply

log = logging.getLogger(__name__)
STALE_TEXT = "抱歉，这个按钮已过期，请重新查询。"  # expired button data, or data never ours
# Paging, the figure's source and related figures, and a region picked from the picker replace
# the message they sit under; an article or a question opens a new message so the list stays.
EDIT_IN_PLACE = {"page", "source", "related", "brief", "apage", "figure", "list"}


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    svc = services.get(context)
    decoded = svc.store.decode(query.data)
    chat_id = query.message.chat.id if isinstance(query.message, Message) else None
    if decoded is None:
        reply = None
    elif chat_id is not None:
        reply = await svc.action_in_chat(chat_id, *decoded)  # an opened article is what 它的来源 refers to
    else:
        reply = await svc.action(*decoded)
    if decoded is None or reply is None:
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
    # An article opened from a list replaces it (its 返回列表 button brings the list back).
    if kind in EDIT_IN_PLACE or (kind == "article" and "|" in decoded[1]):
        await edit_reply(context.bot, message, reply, svc.store)
    else:
        reply_to = message.message_id if message.chat.type != "private" else None
        await send_reply(context.bot, message.chat_id, reply, svc.store, reply_to=reply_to)


def register(app: App) -> None:
    app.add_handler(CallbackQueryHandler(on_callback))
