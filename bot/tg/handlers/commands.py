"""Slash commands: /start /help /today /brief /stat /search /regions /about (and the command menu)."""
from __future__ import annotations

import re

from telegram import BotCommand, ForceReply, Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler, ContextTypes

from bot.answer import commands as command_table
from bot.present.reply import Reply
from bot.tg import services
from bot.tg.deeplinks import opened
from bot.tg.ptb import App, Handler
from bot.tg.respond import answer_text
from bot.tg.sender import render_parts, send_html

# Registered with set_my_commands at start-up; Telegram shows these in the "/" menu.
COMMANDS: list[tuple[str, str]] = command_table.menu()  # the one command table (bot/answer/commands.py)
BOT_COMMANDS = [BotCommand(name, desc) for name, desc in COMMANDS]
# Shown only in the admins' own chats (scope BotCommandScopeChat).
ADMIN_COMMANDS: list[tuple[str, str]] = [
    ("reload", "管理员：立即扫描语料目录并导入"),
    ("status", "管理员：运行状态"),
]
ADMIN_BOT_COMMANDS = BOT_COMMANDS + [BotCommand(name, desc) for name, desc in ADMIN_COMMANDS]

PENDING_KEY = "pending_prompts"  # chat_data: prompt message id -> command
_MAX_PENDING = 50
# Commands that need an argument. Without one the engine asks for it (the same words on every
# front-end); Telegram adds a way to answer: the engine's buttons, or else a ForceReply.
NEEDS_ARG = command_table.needing_argument()  # brief, stat, search, compare
_EXAMPLE = re.compile(r"例如[:：]\s*(?:/\w+\s+)?(?P<example>\S.*)$")


def _arg(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or []).strip()


def _simple(command: str) -> Handler:
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await answer_text(update, context, f"/{command}")

    handler.__name__ = f"cmd_{command}"
    return handler


def _placeholder(reply: Reply) -> str | None:
    """The engine's example, if its prompt gives one, as the input field's hint (at most 64 chars)."""
    prompt = "".join(seg.text for seg in reply.blocks[0].segments) if reply.blocks else ""
    m = _EXAMPLE.search(prompt)
    return m["example"].strip()[:64] if m else None


async def ask_for_argument(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> None:
    """The engine's prompt for `/command` without argument, answerable by replying to it."""
    message = update.effective_message
    if message is None:
        return
    svc = services.get(context)
    reply = await svc.answer(f"/{command}")
    parts, keyboard = render_parts(reply, svc.store)
    # ForceReply makes the answer a reply to the bot, which reaches it even in privacy-mode groups.
    # A message carries one markup: the engine's buttons (/brief's regions) win; replying still works.
    markup = keyboard or ForceReply(selective=True, input_field_placeholder=_placeholder(reply))
    private = message.chat.type == ChatType.PRIVATE
    sent = await send_html(context.bot, message.chat_id, parts, markup,
                           reply_to=None if private else message.message_id,
                           thread_id=message.message_thread_id if message.is_topic_message else None)
    # `sent` is empty when the send timed out: nothing to wait for a reply to.
    if sent and reply.intent.startswith("ask_") and svc.chat_context is not None:
        # In the state database: the reply may reach another replica, or the bot after a restart.
        svc.chat_context.set_pending(message.chat_id, sent[-1].message_id, command)
    elif sent and reply.intent.startswith("ask_") and context.chat_data is not None:
        pending = context.chat_data.setdefault(PENDING_KEY, {})
        pending[sent[-1].message_id] = command
        while len(pending) > _MAX_PENDING:
            pending.pop(next(iter(pending)))


def _needs_arg(command: str) -> Handler:
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        arg = _arg(context)
        if arg:
            await answer_text(update, context, f"/{command} {arg}")
        else:
            await ask_for_argument(update, context, command)

    handler.__name__ = f"cmd_{command}"
    return handler


def pending_command(context: ContextTypes.DEFAULT_TYPE, reply_to_id: int | None,
                    chat_id: int | None = None) -> str | None:
    """The command whose prompt the user is answering, if any (consumed)."""
    if reply_to_id is None:
        return None
    store = services.get(context).chat_context
    if store is not None and chat_id is not None:
        return store.pop_pending(chat_id, reply_to_id)
    if context.chat_data is None:
        return None
    command: str | None = context.chat_data.get(PENDING_KEY, {}).pop(reply_to_id, None)
    return command


async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The welcome, or what a deep link asks (`/start brief-…`, from a share button)."""
    asked, notice = opened(_arg(context), services.get(context).store)
    await answer_text(update, context, asked, notice=notice)


def register(app: App) -> None:
    # /start is the engine's welcome with its example questions as buttons (or a deep link's answer).
    app.add_handler(CommandHandler("start", cmd_start))
    for name in command_table.answered_plainly():  # help, today, regions, about
        app.add_handler(CommandHandler(name, _simple(name)))
    for name in NEEDS_ARG:
        app.add_handler(CommandHandler(name, _needs_arg(name)))


__all__ = ["ADMIN_BOT_COMMANDS", "BOT_COMMANDS", "COMMANDS", "pending_command", "register"]
