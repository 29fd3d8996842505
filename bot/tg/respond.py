"""Answer a message with the engine's reply: typing action, engine call, send (quoted in groups)."""
from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.present.reply import Reply
from bot.tg import services
from bot.tg.chart_photo import send_chart
from bot.tg.deeplinks import share_button
from bot.tg.sender import send_reply, typing


async def send_engine_reply(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    reply: Reply,
    extra_markup: InlineKeyboardMarkup | None = None,
    extra_button: InlineKeyboardButton | None = None,
) -> None:
    message = update.effective_message
    if message is None:
        return
    svc = services.get(context)
    # In a busy group the answer quotes its question; in a private chat that is just noise.
    reply_to = message.message_id if message.chat.type != ChatType.PRIVATE else None
    thread = message.message_thread_id if message.is_topic_message else None
    await send_chart(context.bot, message.chat_id, reply, thread)  # comparisons: bot/tg/chart_photo.py
    await send_reply(
        context.bot,
        message.chat_id,
        reply,
        svc.store,
        reply_to=reply_to,
        thread_id=message.message_thread_id if message.is_topic_message else None,
        extra_markup=extra_markup,
        extra_button=extra_button,
    )


async def answer_text(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Run `text` (a question or a "/command arg" line) through the engine and send the reply."""
    message = update.effective_message
    if message is None:
        return
    await typing(context.bot, message.chat_id, message.message_thread_id if message.is_topic_message else None)
    svc = services.get(context)
    reply, asked = await svc.answer_in_chat(message.chat_id, text)
    share = share_button(reply, asked, context.bot.username, svc.store)
    await send_engine_reply(update, context, reply, extra_button=share)
