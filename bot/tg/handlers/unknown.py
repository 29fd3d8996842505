"""Commands the bot does not know, and admin commands used by anyone else: one same answer."""
from __future__ import annotations

from telegram import MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.tg.ptb import App
from bot.tg.respond import answer_text



def _command(update: Update) -> tuple[str, str | None]:
    """('/name', 'botname' or None) of the message's leading command."""
    message = update.effective_message
    if message is None:
        return "/", None
    text = message.text or ""
    for ent in message.entities or ():
        if ent.type == MessageEntity.BOT_COMMAND and ent.offset == 0:
            name, _, target = message.parse_entity(ent).partition("@")
            return name, target or None
    return text.split(maxsplit=1)[0] if text else "/", None


async def answer_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The engine's "no such command" answer. In groups only for commands aimed at this bot:
    a bare /command there may well be meant for another bot."""
    message = update.effective_message
    if message is None:
        return
    name, target = _command(update)
    if message.chat.type != ChatType.PRIVATE and (target or "").lower() != (context.bot.username or "").lower():
        return
    await answer_text(update, context, name)


def register(app: App) -> None:
    # Registered last in group 0: only commands no other handler took get here.
    app.add_handler(MessageHandler(filters.COMMAND & ~filters.UpdateType.EDITED, answer_unknown_command))
