"""同比呢 after a figure: the change its article prints beside it, or a plain 没有.

1710万人次 (同比增长6.1%) → 6.1%, the answer; 3400万人次 with no change beside it → 报道没有给出同比变化;
比2015年增长20% asked as 同比 → 没有, and what the report prints instead. Never a figure of another
sentence: a figure that only looks like the change would be a wrong figure given as the answer.
"""
from __future__ import annotations

import re

from bot.answer.sources import Sources
from bot.ingest.rows import ArticleRow, FigureChange, FigureRow
from bot.language import inputs
from bot.language.lexicon import followup_words
from bot.present import builders as replies
from bot.present.change_view import itself_a_change_reply, no_change_reply, printed_change_reply
from bot.present.reply import Reply

# 比2018年增长 in a 2019 figure: the year before, so 同比
_YEAR_BASIS = re.compile(r"[比较](\d{4})年(?:同期)?")


def change_of(src: Sources, arg: str) -> Reply | None:
    """The `change` action, "<figure id>|<asked>": asked is 同比, 环比, or "" (增长了多少: any change).
    None when the figure is gone (stale)."""
    raw_id, _, asked = arg.partition("|")
    fig_id = inputs.row_id(raw_id)
    fig = src.corpus.figure(fig_id) if fig_id is not None else None
    art = src.corpus.article(fig["article_id"]) if fig is not None else None
    if fig is None or art is None:
        return None
    asked = asked if asked in followup_words().change_bases else ""
    if fig.get("is_change"):
        return _after_a_change(src, fig, art, asked)
    change = fig.get("change")
    if not change:
        return no_change_reply(fig, art, asked, None)
    linked = next((f for f in src.corpus.figures_of(art["id"]) if f.get("change_of") == fig["id"]), None)
    if not _fits(asked, basis_name(change.get("basis"), fig, art)):
        return no_change_reply(fig, art, asked, printed(change, fig))
    if linked is not None:
        region = fig.get("region")
        return replies.figure_reply((linked, art), [], [region] if region else [])
    return printed_change_reply(fig, art, printed(change, fig))  # 从13人增加到168人: no figure of its own


def _after_a_change(src: Sources, fig: FigureRow, art: ArticleRow, asked: str) -> Reply:
    """同比呢 after a change given (同比增长6.1%): that is it; 环比呢 after it: the report gives none."""
    level_id = fig.get("change_of")
    level = src.corpus.figure(level_id) if level_id is not None else None
    change = level.get("change") if level is not None else None
    if level is not None and change:
        basis, said = basis_name(change.get("basis"), level, art), printed(change, level)
    else:  # 银行结汇环比增长9%: a change printed with no level beside it
        basis, said = _basis_in(fig.get("metric") or ""), f"{fig.get('metric') or ''}{fig['display']}"
    if not _fits(asked, basis):
        return no_change_reply(level or fig, art, asked, said)
    return itself_a_change_reply(fig, art, said)


def _fits(asked: str, basis: str | None) -> bool:
    """A change printed with no base (增长3.1%) is taken for the one asked: the sentence is shown."""
    return not asked or basis is None or basis == asked


def basis_name(basis: str | None, fig: FigureRow, art: ArticleRow) -> str | None:
    """同比 or 环比 when the printed basis is one (比上年, 较上月 …), None when none is printed, else
    the basis as stored (比2015年; from: 从…到…)."""
    if not basis:
        return None
    for name, words in followup_words().change_bases.items():
        if basis in words:
            return name
    m = _YEAR_BASIS.fullmatch(basis)
    year = fig.get("year") or int(art["issue_date"][:4])
    return "同比" if m and int(m.group(1)) == year - 1 else basis


def _basis_in(metric: str) -> str | None:
    """The basis a change's metric names (银行结汇环比增长 → 环比), else None."""
    for name, words in followup_words().change_bases.items():
        if any(w in metric for w in words):
            return name
    return None


def printed(change: FigureChange, fig: FigureRow) -> str:
    """The change as the report gives it: 同比增长6.1%, 从13人增加到168人, 增长20%（报道没有写明与何时相比）."""
    up = change.get("direction") != "down"
    if change.get("basis") == "from":
        since = f"{change['from_period']}的" if change.get("from_period") else ""
        return f"从{since}{change.get('from', '')}{'增加' if up else '下降'}到{fig['display']}"
    basis = change.get("basis") or ""
    said = f"{basis}{'增长' if up else '下降'}{change.get('display', '')}"
    return said if basis else f"{said}（报道没有写明与何时相比）"
