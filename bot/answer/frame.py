"""A question's frame against a figure's: where they differ, the figure is no answer.

今年1月全国实际使用外资多少 asks month 1: 全年…2660亿元 differs ("报道给出的是全年的数字"), 1月…841.8亿元
does not. 双石村现在有多少亩茶 asks what is: 计划…扩大到2000亩 differs ("这是计划或预计的数字"). A
question that asks for the plan (计划扩大到多少亩) takes it. The words are bot/data/frames.json's.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.analyse.figures.frame import FigureFrame, PeriodKey, period_key
from bot.language.frame_words import frame_words


@dataclass(frozen=True)
class QuestionFrame:
    period: PeriodKey
    aspects: frozenset[str]  # the aspects the question asks for (计划 → planned, 一共 → total)


@dataclass(frozen=True)
class Difference:
    """Why a figure is not what was asked, as a reply says it."""

    code: str  # period | planned | example | new | total | start
    reason: str


def question_frame(text: str) -> QuestionFrame:
    words = frame_words()
    asked = frozenset(name for name, a in words.aspects.items() if any(m in text for m in a.question_marks))
    return QuestionFrame(period_key(text), asked)


def _period_differs(asked: PeriodKey, printed: PeriodKey) -> bool:
    """Both name the same kind of period, and not the same one (a month asked, a span printed)."""
    if asked.festival_day and printed.festival_day:
        return asked.festival_day != printed.festival_day
    if asked.span:
        return bool((printed.span and printed.span != asked.span) or printed.month)
    if asked.month:
        return bool((printed.month and printed.month != asked.month) or printed.span
                    or (printed.day_month and printed.day_month != asked.month))
    if asked.festival and printed.festival:
        return asked.festival != printed.festival
    return False


def differences(asked: QuestionFrame, figure: FigureFrame) -> list[Difference]:
    """What makes the figure not the one asked: its period, or an aspect the question did not ask."""
    out = []
    if _period_differs(asked.period, figure.period):
        out.append(Difference("period", f"报道给出的是{figure.period.label()}的数字"))
    aspects = frame_words().aspects
    for code in ("planned", "example", "start"):
        conflict = aspects[code].conflicts_with
        if code in figure.aspects and code not in asked.aspects and (not conflict or conflict in asked.aspects):
            # a plan is no answer to what happened (实际, 了, 去年); an example or a starting value
            # is no answer unless asked for
            out.append(Difference(code, aspects[code].reason))
    for code, aspect in aspects.items():
        if aspect.symmetric and (code in figure.aspects) != (code in asked.aspects):
            # 人均 asked and a total printed, or the other way round (日均 likewise)
            out.append(Difference(code, aspect.reason if code in figure.aspects else aspect.reason_missing))
    # 新增 and 累计 answer each other's question wrongly, and only when the question says which.
    if "new" in figure.aspects and "total" in asked.aspects and "new" not in asked.aspects:
        out.append(Difference("new", aspects["new"].reason))
    if "total" in figure.aspects and "new" in asked.aspects and "total" not in asked.aspects:
        out.append(Difference("total", aspects["total"].reason))
    return out
