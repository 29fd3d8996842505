"""Answer a message with the engine's reply: engine call, send (quoted in groups).

"typing…" shows only when an answer is slow: a timer of TYPING_AFTER_SECONDS starts with the engine
call and is cancelled when the answer comes, so "/help" or "长沙研发投入强度是多少" answered at once
sends no chat action at all; a comparison with a chart ("/compare 江西 福建 发送旅客") says
"upload_photo" before the chart is drawn.
"""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ChatType
from telegram.ext import ContextTypes

from bot.present.blocks import Block, Segment
from bot.present.reply import Reply
from bot.tg import services
from bot.tg.chart_photo import send_chart
from bot.tg.deeplinks import share_button
from bot.tg.sender import send_reply, typing

TYPING_AFTER_SECONDS = 1.0  # an engine answer slower than this shows "typing…"
TYPING_REPEAT_SECONDS = 4.5  # Telegram shows a chat action for 5 s, or until the next message


async def _keep_typing(bot: Bot, chat_id: int, thread_id: int | None, sending: asyncio.Lock) -> None:
    await asyncio.sleep(TYPING_AFTER_SECONDS)
    while True:
        async with sending:
            await typing(bot, chat_id, thread_id)
        await asyncio.sleep(TYPING_REPEAT_SECONDS)


@contextlib.asynccontextmanager
async def typing_while_slow(bot: Bot, chat_id: int, thread_id: int | None) -> AsyncIterator[None]:
    """Show "typing…" while the block runs, only once it has taken TYPING_AFTER_SECONDS."""
    sending = asyncio.Lock()
    timer = asyncio.create_task(_keep_typing(bot, chat_id, thread_id, sending))
    try:
        yield
    finally:
        async with sending:  # a chat action already on its way lands before the answer, never after
            timer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await timer


def _has_chart(reply: Reply) -> bool:
    return reply.comparison is not None and reply.comparison.chart is not None


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
    if _has_chart(reply):  # drawing takes a while: say a photo is coming
        await typing(context.bot, message.chat_id, thread, ChatAction.UPLOAD_PHOTO)
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


async def answer_text(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str,
                      notice: str | None = None) -> None:
    """Run `text` (a question or a "/command arg" line) through the engine and send the reply,
    `notice` (a line of the bot's own, e.g. an expired link) before it."""
    message = update.effective_message
    if message is None:
        return
    svc = services.get(context)
    async with typing_while_slow(context.bot, message.chat_id,
                                 message.message_thread_id if message.is_topic_message else None):
        reply, asked = await svc.answer_in_chat(message.chat_id, text)
    if notice:
        reply = replace(reply, blocks=[Block("note", [Segment(notice)]), *reply.blocks])
    share = share_button(reply, asked, context.bot.username, svc.store)
    await send_engine_reply(update, context, reply, extra_button=share)
