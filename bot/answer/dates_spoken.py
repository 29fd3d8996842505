"""Dates as people say them that `understand.parse_date` does not read itself: 三天前, 最近7天,
1月1日到15日, 2025年1月10日至1月17日.

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
    return None
