"""Slash commands: /start /help /today /brief /stat /search /regions /about (and the command menu)."""
from __future__ import annotations

import html
from dataclasses import replace

from telegram import BotCommand, ForceReply, Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.models import Action
from bot.tg import services
from bot.tg.keyboards import region_keyboard
from bot.tg.respond import answer_text, send_engine_reply
from bot.tg.sender import send_html

# Registered with set_my_commands at start-up; Telegram shows these in the "/" menu.
COMMANDS: list[tuple[str, str]] = [
    ("start", "开始使用，查看示例问题"),
    ("help", "使用帮助"),
    ("today", "最新一期各地科技新闻简报"),
    ("brief", "按地区看简报，如 /brief 北京"),
    ("stat", "查数字及其出处，如 /stat 长沙研发投入强度"),
    ("search", "按主题搜文章，如 /search 科创岛"),
    ("regions", "查看有新闻的地区"),
    ("about", "语料说明：期数、日期范围、文章数"),
    ("subscribe", "订阅地区简报，每天定时推送，如 /subscribe 江西 08:00"),
    ("unsubscribe", "退订地区简报"),
    ("subscriptions", "查看和修改本聊天的订阅"),
]
BOT_COMMANDS = [BotCommand(name, desc) for name, desc in COMMANDS]
# Shown only in the admins' own chats (scope BotCommandScopeChat).
ADMIN_COMMANDS: list[tuple[str, str]] = [
    ("reload", "管理员：立即扫描语料目录并导入"),
    ("status", "管理员：运行状态"),
]
ADMIN_BOT_COMMANDS = BOT_COMMANDS + [BotCommand(name, desc) for name, desc in ADMIN_COMMANDS]

# Tap-able questions under /start when the engine's welcome offers none of its own.
EXAMPLE_QUESTIONS = ["河北今天有啥新闻", "长沙研发投入强度是多少", "科创岛"]

# Commands that need an argument: the prompt shown when it is missing.
PROMPTS = {
    "stat": "请告诉我要查的数字，例如：长沙研发投入强度",
    "search": "请告诉我要搜的关键词，例如：科创岛",
}
PENDING_KEY = "pending_prompts"  # chat_data: prompt message id -> command
_MAX_PENDING = 50


def _arg(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or []).strip()


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services.get(context)
    reply = svc.answer("/start")
    # Three tap-able example questions: the engine's own first, topped up from ours.
    asked = {a.arg for a in reply.actions if a.kind == "ask"}
    missing = max(0, 3 - len(asked))
    extra = [Action(q, "ask", q) for q in EXAMPLE_QUESTIONS if q not in asked][:missing]
    await send_engine_reply(update, context, replace(reply, actions=[*reply.actions, *extra]))


def _simple(command: str):  # noqa: ANN202 - returns a PTB callback
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await answer_text(update, context, f"/{command}")

    handler.__name__ = f"cmd_{command}"
    return handler


async def brief(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    arg = _arg(context)
    if arg:
        await answer_text(update, context, f"/brief {arg}")
        return
    message = update.effective_message
    svc = services.get(context)
    regions = svc.covered_regions()
    if not regions:
        await answer_text(update, context, "/today")
        return
    text = "请选择地区，或发送 <code>/brief 地区名</code>，例如 <code>/brief 北京</code>："
    reply_to = message.message_id if message.chat.type != "private" else None
    await send_html(context.bot, message.chat_id, [text], region_keyboard(regions, svc.store), reply_to=reply_to)


def _needs_arg(command: str):  # noqa: ANN202 - returns a PTB callback
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        arg = _arg(context)
        if arg:
            await answer_text(update, context, f"/{command} {arg}")
            return
        message = update.effective_message
        # ForceReply makes the answer a reply to the bot, which reaches it even in privacy-mode groups.
        prompt = await message.reply_text(
            html.escape(PROMPTS[command]),
            reply_markup=ForceReply(selective=True, input_field_placeholder=PROMPTS[command].split("：")[-1]),
            do_quote=message.chat.type != "private",
        )
        pending = context.chat_data.setdefault(PENDING_KEY, {})
        pending[prompt.message_id] = command
        while len(pending) > _MAX_PENDING:
            pending.pop(next(iter(pending)))

    handler.__name__ = f"cmd_{command}"
    return handler


def pending_command(context: ContextTypes.DEFAULT_TYPE, reply_to_id: int | None) -> str | None:
    """The command whose prompt the user is answering, if any (consumed)."""
    if reply_to_id is None or context.chat_data is None:
        return None
    return context.chat_data.get(PENDING_KEY, {}).pop(reply_to_id, None)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", start))
    for name in ("help", "today", "regions", "about"):
        app.add_handler(CommandHandler(name, _simple(name)))
    app.add_handler(CommandHandler("brief", brief))
    for name in PROMPTS:
        app.add_handler(CommandHandler(name, _needs_arg(name)))


__all__ = ["ADMIN_BOT_COMMANDS", "BOT_COMMANDS", "COMMANDS", "pending_command", "register"]
