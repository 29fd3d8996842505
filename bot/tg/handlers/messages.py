"""Free text: any message addressed to the bot goes to the engine."""
from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.tg.addressing import ADDRESSED_TO_BOT, strip_mention
from bot.tg.handlers.commands import pending_command
from bot.tg.ptb import App
from bot.tg.respond import answer_text


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    text = strip_mention(message.text or "", context.bot.username)
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    command = pending_command(context, reply_to, message.chat_id)
    if command and text:
        text = f"/{command} {text}"  # the answer to a "/stat" or "/search" prompt
    await answer_text(update, context, text or "/help")


def register(app: App) -> None:
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED & ADDRESSED_TO_BOT, on_text)
    )
