"""Dates as people say them that `understand.parse_date` does not read itself: 三天前, 最近7天,
最近一周, 近两个月, 1月1日到15日, 2025年1月10日至1月17日.

Each reading is a span of days (start, end, a label said back to the reader, the text matched).
A range without a year is marked `yearless`: the engine looks for it in the years the corpus has.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_NUM = r"(\d{1,3}|[一二两三四五六七八九十]{1,3})"
_AGO = re.compile(_NUM + r"(天|日)(?:以)?前")
_RECENT = re.compile(r"(?:最近|近|过去|前)" + _NUM + r"(?:天|日)")
# 最近一周, 过去两个星期, 近一个月, 最近半个月: the days up to today. Not years: 近3年 is how long
# a figure took to build up (茂名近3年投了多少), not which issues to read.
_RECENT_WEEKS = re.compile(r"(?:最近|近|过去)(半|\d{1,3}|[一二两三四五六七八九十]{1,3})(?:个)?(周|星期|礼拜|月)")
_DAYS_IN = {"周": 7, "星期": 7, "礼拜": 7, "月": 30}
_SEP = r"\s*(?:到|至|~|～|—|–|-)\s*"
_RANGE = re.compile(r"(?:(\d{4}|\d{2})年)?(\d{1,2})月(\d{1,2})[日号]?" + _SEP +
                    r"(?:(?:(\d{4}|\d{2})年)?(\d{1,2})月)?(\d{1,2})[日号]")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
MAX_DAYS_AGO = 3660


@dataclass(frozen=True)
class Span:
    start: date
    end: date
    label: str
    matched: str
    yearless: bool = False


def cn_number(raw: str) -> int | None:
    """12, 十二, 三, 二十 → int; None for anything else."""
    if raw.isdigit():
        return int(raw)
    if raw in _CN:
        return _CN[raw]
    m = re.fullmatch(r"([一二两三四五六七八九])?十([一二三四五六七八九])?", raw)
    if m:
        return (_CN[m.group(1)] if m.group(1) else 1) * 10 + (_CN[m.group(2)] if m.group(2) else 0)
    return None


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return int(raw) + (2000 if len(raw) == 2 else 0)


def parse_spoken(text: str, today: date) -> Span | None:
    """The span of days a message names in one of the forms above, else None."""
    m = _RANGE.search(text)
    if m:
        y1, y2 = _year(m.group(1)), _year(m.group(4))
        year = y1 or y2 or today.year
        m1, d1 = int(m.group(2)), int(m.group(3))
        m2, d2 = int(m.group(5) or m1), int(m.group(6))
        try:
            start = date(year, m1, d1)
            end = date(y2 or year, m2, d2)
        except ValueError:
            return None
        if end < start and not y2:
            end = end.replace(year=end.year + 1)  # 12月25日到1月5日
        if end < start:
            return None
        return Span(start, end, m.group(0), m.group(0), yearless=y1 is None and y2 is None)
    m = _AGO.search(text)
    if m:
        n = cn_number(m.group(1))
        if n is not None and 0 < n <= MAX_DAYS_AGO:
            d = today - timedelta(days=n)
            return Span(d, d, m.group(0), m.group(0))
    m = _RECENT.search(text)
    if m:
        n = cn_number(m.group(1))
        if n is not None and 0 < n <= MAX_DAYS_AGO:
            return Span(today - timedelta(days=n - 1), today, m.group(0), m.group(0))
    return _recent_weeks(text, today)


def _recent_weeks(text: str, today: date) -> Span | None:
    """最近一周 → the 7 days up to today; 近两个月 → 60; 最近半个月 → 15."""
    m = _RECENT_WEEKS.search(text)
    if not m:
        return None
    n = 0.5 if m.group(1) == "半" else cn_number(m.group(1))
    days = int(n * _DAYS_IN[m.group(2)]) if n is not None else 0
    if not 0 < days <= MAX_DAYS_AGO:
        return None
    return Span(today - timedelta(days=days - 1), today, m.group(0), m.group(0))
