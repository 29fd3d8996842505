"""The intent → handler table: how the engine answers each kind of question.

天津有什么新闻 (brief) → the brief of 天津; 长沙研发投入强度是多少 (figure) → the figure; 3.3% (value)
→ the figures printed with that value; /brief without a region (ask_region) → the command table's
prompt; a search, and whatever has no handler of its own, → the articles on its words (or, for a
measured thing named without a question word, a figure when one fits). Comparisons (浙江和江苏的
复工率) are tried first (bot/answer/compare/dispatch.py).
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from bot.analyse.regions import MIN_BRIEF_WEIGHT
from bot.answer import article as articles, brief as briefs, figures
from bot.answer.commands import prompt_for
from bot.answer.compare.dispatch import compare_dispatch  # comparisons and rankings
from bot.answer.search import search
from bot.answer.sources import Sources
from bot.answer.understand import Query
from bot.present import builders as replies
from bot.present.intent import Intent
from bot.present.reply import Reply

Handler = Callable[[Sources, Query, date], Reply]


def dispatch(src: Sources, q: Query, today: date) -> Reply:
    """The reply to a question read by `understand`."""
    compared = compare_dispatch(src.corpus, src.gaz, q)
    if compared is not None:
        return compared
    if q.date is not None and q.date.kind == "invalid":
        return replies.unknown_reply(f"日期无效：{q.date.label}。可以写成 2025-01-17、1月17日、昨天或上周。")
    return HANDLERS.get(q.intent, _search)(src, q, today)


def _help(src: Sources, q: Query, today: date) -> Reply:
    return replies.help_reply(src.covered_regions())


def _thanks(src: Sources, q: Query, today: date) -> Reply:
    return replies.thanks_reply()


def _regions(src: Sources, q: Query, today: date) -> Reply:
    latest = src.corpus.latest_issue()
    return replies.regions_reply(latest, src.corpus.region_counts([latest] if latest else None, MIN_BRIEF_WEIGHT))


def _about(src: Sources, q: Query, today: date) -> Reply:
    return replies.about_reply(src.corpus.stats())


def _article(src: Sources, q: Query, today: date) -> Reply:
    return articles.article(src, q.arg) or replies.unknown_reply("找不到这篇文章，可能已从语料中移除。")


def _ask_argument(src: Sources, q: Query, today: date) -> Reply:
    """A command sent without its argument: its prompt (with the covered regions to tap for /brief)."""
    return replies.ask_reply(q.intent, prompt_for(q.intent), src.covered_regions())


def _unknown(src: Sources, q: Query, today: date) -> Reply:
    return replies.unknown_reply("没有这个命令。")


def _telegram_only(src: Sources, q: Query, today: date) -> Reply:
    return replies.unknown_reply("订阅和管理命令只能在 Telegram 中使用（newsbot run）。")


def _brief(src: Sources, q: Query, today: date) -> Reply:
    if q.command == "brief" and not q.regions:
        return replies.unknown_reply(f"没有认出地区「{q.arg}」。可以试试省份、城市或“京津冀”“东北”等区域名。")
    return briefs.brief(src, q, today, page=1)


def _figure(src: Sources, q: Query, today: date) -> Reply:
    return figures.figure(src, q)


def _value(src: Sources, q: Query, today: date) -> Reply:
    return figures.value(src, q)


def _search(src: Sources, q: Query, today: date) -> Reply:
    # No question word, but a measured thing named (广东工业机器人产量); 火神山医院 is a search.
    if q.implicit and q.names_measure:
        return figures.measure_or_search(src, q)
    return search(src, q)


HANDLERS: dict[Intent, Handler] = {
    "help": _help,
    "empty": _help,
    "thanks": _thanks,
    "regions": _regions,
    "about": _about,
    "article": _article,
    "ask_region": _ask_argument,
    "ask_figure": _ask_argument,
    "ask_search": _ask_argument,
    "unknown": _unknown,
    "telegram_only": _telegram_only,
    "brief": _brief,
    "figure": _figure,
    "value": _value,
    "search": _search,
}
