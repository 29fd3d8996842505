"""Send or edit a `Reply` as Telegram messages: render, split, attach the keyboard, retry once."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut

from bot.present.reply import Reply
from bot.present.render_html import render_html
from bot.tg.callback_store import CallbackStore
from bot.tg.keyboards import actions_keyboard

log = logging.getLogger(__name__)
EMPTY_TEXT = "暂无内容。"
_T = TypeVar("_T")


async def with_retry(call: Callable[[], Awaitable[_T]], *, delay: float = 0.5) -> _T:
    """Run a Bot API call, retrying once after a transient server/network failure.

    429s are handled by the rate limiter; 4xx (BadRequest) and timeouts are not retried — a timed-out
    sendMessage may have been delivered, and a second copy is worse than none.
    """
    try:
        return await call()
    except (BadRequest, TimedOut):
        raise
    except NetworkError as exc:
        log.warning("Bot API call failed (%s); retrying once", exc)
        await asyncio.sleep(delay)
        return await call()


async def typing(bot: Bot, chat_id: int, thread_id: int | None = None, action: str = ChatAction.TYPING) -> None:
    """Show "typing…" (or another chat action, e.g. "upload_photo"); never let a failure here stop
    the answer. Chat actions bypass the message rate limiter (bot/tg/ratelimit.py)."""
    try:
        await bot.send_chat_action(chat_id, action, message_thread_id=thread_id)
    except TelegramError as exc:
        log.debug("sendChatAction failed: %s", exc)


def render_parts(reply: Reply, store: CallbackStore) -> tuple[list[str], InlineKeyboardMarkup | None]:
    parts = render_html(reply) or [EMPTY_TEXT]
    return parts, actions_keyboard(reply.actions, store)


async def send_reply(
    bot: Bot,
    chat_id: int,
    reply: Reply,
    store: CallbackStore,
    *,
    reply_to: int | None = None,
    thread_id: int | None = None,
    extra_markup: InlineKeyboardMarkup | None = None,
    extra_button: InlineKeyboardButton | None = None,
) -> list[Message]:
    """Send a reply as one or more messages; the keyboard goes under the last one.

    `extra_button` (a share link) gets a row of its own at the end of the keyboard."""
    parts, markup = render_parts(reply, store)
    if extra_button is not None:
        rows = [list(r) for r in markup.inline_keyboard] if markup else []
        markup = InlineKeyboardMarkup(rows + [[extra_button]])
    return await send_html(bot, chat_id, parts, markup or extra_markup, reply_to=reply_to, thread_id=thread_id)


async def send_html(
    bot: Bot,
    chat_id: int,
    parts: list[str],
    markup: InlineKeyboardMarkup | ForceReply | None = None,
    *,
    reply_to: int | None = None,
    thread_id: int | None = None,
) -> list[Message]:
    sent: list[Message] = []
    for i, text in enumerate(parts):
        last = i == len(parts) - 1
        # Quote only the first part; a missing original must not block the answer.
        params = (
            ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 0 else None
        )

        async def call(text: str = text, last: bool = last, params: ReplyParameters | None = params) -> Message:
            return await bot.send_message(
                chat_id,
                text,
                reply_markup=markup if last else None,
                reply_parameters=params,
                message_thread_id=thread_id,
            )

        try:
            sent.append(await with_retry(call))
        except TimedOut:
            # The answer did not come back in time, but the message may well have been delivered:
            # sending it again could show it twice, so the remaining parts simply follow.
            log.warning("sendMessage to %s timed out (part %d of %d); it may have been delivered",
                        chat_id, i + 1, len(parts))
    return sent


async def edit_reply(bot: Bot, message: Message, reply: Reply, store: CallbackStore) -> None:
    """Replace `message` with the reply (first part); further parts follow as new messages."""
    parts, markup = render_parts(reply, store)
    first_markup = markup if len(parts) == 1 else None
    try:
        await with_retry(
            lambda: bot.edit_message_text(
                parts[0], chat_id=message.chat_id, message_id=message.message_id, reply_markup=first_markup
            )
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
    if len(parts) > 1:
        await send_html(bot, message.chat_id, parts[1:], markup, thread_id=message.message_thread_id)
