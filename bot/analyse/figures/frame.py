"""A figure's frame: the period it is of and its aspect, read from its clause and period.

1月全国实际使用外资841.8亿元 → period month 1; 全年高技术产业实际使用外资2660亿元 → span 全年;
村里计划将茶树栽种面积扩大到2000亩 → planned; 比如，一家企业获贷500万元 → example; 中国声谷新增企业18家
→ new; 贫困发生率从14.1%降至4.92% → 14.1% is a start. A question's frame (bot/answer/frame.py) is read
with the same words (bot/data/frames.json), and where the two differ the figure is no answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analyse.figures.clauses import clause_start
from bot.language.frame_words import frame_words

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
# 1月, 1月份, 一月份: a whole month (not 1月20日, nor 正月); 2月3日: a day of a month.
_MONTH = re.compile(r"(?<![\d正])(\d{1,2}|十[一二]?|[一二三四五六七八九])月(?!\d{0,2}[日号]|\d)")
_DAY = re.compile(r"(?<!\d)(\d{1,2})月\d{1,2}[日号]")
_YEAR = re.compile(r"(\d{4})年")
# 2018年, 截至2018年底, 2018年全年: a whole year (a flow over it, or a stock at its end), which a
# question for one month does not ask.
_WHOLE_YEAR = re.compile(r"^(?:截至|截止|到)?\d{4}年(?:底|末|全年|一年)?$")


@dataclass(frozen=True)
class PeriodKey:
    """What a period names, by dimension; None where it says nothing about one."""

    month: int | None = None  # 1月, 一月份
    span: str | None = None  # 全年, 前三季度 (bot/data/frames.json's canonical names)
    festival: str | None = None  # 春节, 春运
    festival_day: str | None = None  # 除夕, 初三
    day_month: int | None = None  # 2月3日: the month of a day

    def encode(self) -> str:
        """As stored with the figure (figures.period_key): month=1;span=全年 ("" when it names nothing)."""
        return ";".join(f"{k}={v}" for k, v in vars(self).items() if v is not None)

    @classmethod
    def decode(cls, stored: str) -> "PeriodKey":
        fields: dict[str, str | int] = {}
        for part in filter(None, stored.split(";")):
            k, _, v = part.partition("=")
            fields[k] = int(v) if k in ("month", "day_month") else v
        return cls(**fields)  # type: ignore[arg-type]

    def label(self) -> str:
        """How a reply names it: 1月, 前三季度, 春节, 大年初三."""
        if self.festival_day:
            return "除夕" if self.festival_day == "除夕" else f"大年{self.festival_day}" \
                if self.festival_day.startswith("初") else self.festival_day
        if self.span:
            return self.span
        if self.month:
            return f"{self.month}月"
        return self.festival or ""


def _named(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The canonical name of the first entry of `table` written in `text` (earliest, then longest)."""
    best: tuple[int, int, str] | None = None
    for name, spellings in table.items():
        for s in spellings:
            k = text.find(s)
            if k >= 0 and (best is None or (k, -len(s)) < (best[0], -best[1])):
                best = (k, len(s), name)
    return best[2] if best else None


def period_key(text: str) -> PeriodKey:
    """The period `text` names: 今年1月 → month 1; 前三季度 → span; 春节期间 → festival 春节."""
    words = frame_words()
    span = "全年" if _WHOLE_YEAR.match(text) else _named(text, words.spans)
    month = None
    if span is None:
        m = _MONTH.search(text)
        if m:
            month = int(m.group(1)) if m.group(1).isdigit() else _CN_MONTHS[m.group(1)]
    day = _DAY.search(text)
    return PeriodKey(month=month if month and 1 <= month <= 12 else None, span=span,
                     festival=_named(text, words.festivals), festival_day=_named(text, words.festival_days),
                     day_month=int(day.group(1)) if day else None)


@dataclass(frozen=True)
class FigureFrame:
    period: PeriodKey
    aspects: frozenset[str]  # of frames.json's aspects: planned, example, new, total, start, per_head, daily

    def stored(self) -> tuple[str, str]:
        """(figures.period_key, figures.aspects) as ingest stores them."""
        return self.period.encode(), ",".join(sorted(self.aspects))

    @classmethod
    def from_stored(cls, period_key: str, aspects: str) -> "FigureFrame":
        return cls(PeriodKey.decode(period_key), frozenset(filter(None, aspects.split(","))))


def lead_in(sentence: str, start: int) -> str:
    """The words before a figure in its clause, and the clause before that when it is only a lead
    (预计，全年…): where a figure's aspect is said."""
    k = clause_start(sentence, start)
    lead = sentence[k:start]
    if k >= 2:
        before = clause_start(sentence, k - 1)
        if k - 1 - before <= 4:
            lead = sentence[before:k] + lead
    return lead


def figure_aspects(lead: str, period: str | None, measure: str | None, issue_year: int | None,
                   metric: str = "") -> frozenset[str]:
    """The aspects of a figure from the words before it (`lead_in`), its metric, period and measure."""
    words = frame_words()
    found = set()
    # A past state (原来海拔5200米的大本营被撤至海拔5150米) is the figure right after its mark, not the
    # one after another figure: those marks are read after the lead's last number.
    since_number = re.split(r"\d", lead)[-1]
    for name, aspect in words.aspects.items():
        said = since_number if name == "start" else lead
        if any(m in said or (aspect.symmetric and m in metric) for m in aspect.figure_marks):
            found.add(name)
        opening = lead.lstrip(" “\"（(")
        if any(opening.startswith(o) for o in aspect.figure_clause_opens) and \
                not any(opening.startswith(n) for n in aspect.not_opens):
            found.add(name)
        if period and aspect.figure_period_starts and period.startswith(aspect.figure_period_starts):
            year = _YEAR.search(period)
            if year and issue_year and int(year.group(1)) >= issue_year:
                found.add(name)  # 到2025年: a target, said before it is reached
    if measure == "start":
        found.add("start")
    return frozenset(found)


def figure_frame(sentence: str, start: int, period: str | None, measure: str | None,
                 issue_year: int | None, metric: str | None = None) -> FigureFrame:
    """The frame of a figure printed at `start` in `sentence` (`metric`: what it measures, as stored)."""
    lead = lead_in(sentence, start)
    key = period_key(period) if period else PeriodKey()
    if key == PeriodKey():
        key = period_key(lead)  # 春节“黄金周”期间…销售突破1万亿元: the period is in the clause
    return FigureFrame(key, figure_aspects(lead, period, measure, issue_year, metric or ""))
