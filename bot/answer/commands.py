"""The one table of slash commands: what each asks, with and without its argument, and how the
Telegram "/" menu describes it.

`/brief 四川` asks for a brief (intent brief), `/brief` alone for the region (ask_region, answered
with `prompt`); `/stat 长沙研发投入强度是多少` asks for a figure. Adding a command is one entry here
and a handler for its intent in `bot/answer/dispatch.py` (the Telegram front-end registers every
entry of the menu that the engine answers, bot/tg/handlers/commands.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.present.intent import Intent


@dataclass(frozen=True)
class Command:
    name: str
    intent: Intent  # what `/name arg` asks (and `/name` alone, unless `bare` says otherwise)
    bare: Intent | None = None  # what `/name` without an argument asks: the reply asks for it
    menu: str = ""  # the Telegram menu's description; "" keeps the command out of the menu
    prompt: str = ""  # how the reply to a bare command asks for the argument


# In the order of the Telegram menu. /subscribe and its kin are the Telegram front-end's own; the
# admin commands (/reload, /status) are not listed: to everyone else they are unknown commands.
COMMAND_TABLE: tuple[Command, ...] = (
    Command("start", "help", menu="开始使用，查看示例问题"),
    Command("help", "help", menu="使用帮助"),
    Command("today", "brief", menu="最新一期各地科技新闻简报"),
    Command("brief", "brief", "ask_region", "按地区看简报，如 /brief 北京",
            "请告诉我要看哪个地区的简报，例如：/brief 四川"),
    Command("stat", "figure", "ask_figure", "查数字及其出处，如 /stat 长沙研发投入强度",
            "请告诉我要查的数字，例如：/stat 长沙研发投入强度是多少"),
    Command("search", "search", "ask_search", "按主题搜文章，如 /search 科创岛",
            "请告诉我要搜索的关键词，例如：/search 科创岛"),
    Command("compare", "compare", "ask_compare", "比较各地的数字，如 /compare 浙江 江苏 复工率",
            "请告诉我要比较的地区和指标，例如：/compare 浙江 江苏 规上工业企业复工率"
            "（也可以问“哪个省复工率最高”“各地规上工业企业复工率”）"),
    Command("regions", "regions", menu="查看有新闻的地区"),
    Command("about", "about", menu="语料说明：期数、日期范围、文章数"),
    Command("article", "article"),  # an article by id: the buttons' way in, not a menu entry
    Command("subscribe", "telegram_only", menu="订阅地区简报，每天定时推送，如 /subscribe 江西 08:00"),
    Command("unsubscribe", "telegram_only", menu="退订地区简报"),
    Command("subscriptions", "telegram_only", menu="查看和修改本聊天的订阅"),
)
COMMANDS_BY_NAME = {c.name: c for c in COMMAND_TABLE}


def command(name: str) -> Command | None:
    """The table's entry for `/name` (lower case), or None for a command the bot does not know."""
    return COMMANDS_BY_NAME.get(name)


def prompt_for(intent: Intent) -> str:
    """The prompt of the command whose bare form asks `intent` (ask_region → 请告诉我要看哪个地区…)."""
    return next(c.prompt for c in COMMAND_TABLE if c.bare == intent)


def menu() -> list[tuple[str, str]]:
    """(name, description) of the commands in the Telegram menu, in its order."""
    return [(c.name, c.menu) for c in COMMAND_TABLE if c.menu]


def needing_argument() -> tuple[str, ...]:
    """Commands that ask for their argument when sent without one (/brief, /stat, /search, /compare)."""
    return tuple(c.name for c in COMMAND_TABLE if c.bare is not None)


def answered_plainly() -> tuple[str, ...]:
    """Menu commands the engine answers as they are, with no argument and no welcome: /help, /today …"""
    return tuple(c.name for c in COMMAND_TABLE if c.menu and c.bare is None
                 and c.intent != "telegram_only" and c.name != "start")
