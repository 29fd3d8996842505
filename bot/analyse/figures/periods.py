"""The time expressions of a paragraph and the year each stands for.

2024年, 截至2024年底, 去年 (-> 2025年 in a 2026 issue), 1—4月, 2月18日, 前两个月, 春节期间, 前三季度,
上半年, 大年初三、初四, 目前. A basis (较2023年, 比去年) is not a period. A month named without a year
takes the issue's year, or the year before if that month has not come yet.
"""
from __future__ import annotations

import re

from bot.analyse.figures.numbers import cn_value
from bot.analyse.figures.tables import Tables




def _year_of_month(month: int, issue_year: int | None, issue_month: int | None) -> int | None:
    """The year of a month named without one: the issue's, or the year before if it has not come yet."""
    if issue_year is None or issue_month is None:
        return None
    return issue_year if month <= issue_month else issue_year - 1


def month_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    got = cn_value(s)
    return int(got[0]) if got and got[1] == len(s) else None


def find_periods(t: str, tb: Tables, issue_year: int | None,
             issue_month: int | None = None) -> list[tuple[int, int, str, int | None]]:
    """(start, end, period text, year) of the time expressions of a text; bases (较2023年) excluded."""
    found: list[tuple[int, int, str, int | None]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for rx in tb.year_res:
        for m in rx.finditer(t):
            s, e = m.span()
            if not free(s, e) or (s > 0 and t[s - 1] in tb.basis_prefixes) or (s > 0 and t[s - 1].isdigit()):
                continue
            years = re.findall(r"\d{4}", m.group(0))
            y = int(years[-1])
            if not 1900 <= y <= 2100:
                continue
            found.append((s, e, m.group(0), y))
            taken.append((s, e))
    for m in tb.relative_re.finditer(t):
        s, e = m.span()
        if not free(s, e) or (s > 0 and t[s - 1] in tb.basis_prefixes):
            continue
        word = m.group("word")
        year = issue_year + tb.relative[word] if issue_year is not None else None
        text = m.group(0) if year is None else m.group(0).replace(word, f"{year}年", 1)
        found.append((s, e, text, year))
        taken.append((s, e))
    for rx in tb.month_res:  # 1—4月, 2月18日, 前两个月
        for m in rx.finditer(t):
            s, e = m.span()
            if not free(s, e) or (s > 0 and (t[s - 1].isdigit() or t[s - 1] in tb.basis_prefixes)):
                continue
            month = month_number(m.group("m2"))
            if month is None or not 1 <= month <= 12:
                continue
            if m.group(0).startswith("前"):
                month = issue_month - 1 if issue_month and issue_month > month else 12
            found.append((s, e, m.group(0), _year_of_month(month, issue_year, issue_month)))
            taken.append((s, e))
    for m in tb.season_re.finditer(t):  # 春节期间, 前三季度, 上半年
        s, e = m.span()
        if not free(s, e) or (s > 0 and t[s - 1] in tb.basis_prefixes):
            continue
        end_month = tb.seasons[m.group(0)]
        year = issue_year if end_month == 0 else _year_of_month(end_month, issue_year, issue_month)
        found.append((s, e, m.group(0), year))
        taken.append((s, e))
        more = re.match(r"[、和至到]初[一二三四五六七八九十]", t[e:]) if m.group(0)[-2] == "初" else None
        if more:  # 大年初三、初四: the list goes on without repeating 大年
            found.append((e + 1, e + len(more.group(0)), more.group(0)[1:], year))
            taken.append((e + 1, e + len(more.group(0))))
    for w in tb.now_words:
        for m in re.finditer(re.escape(w), t):
            if free(*m.span()):
                found.append((m.start(), m.end(), w, issue_year))
                taken.append(m.span())
    return sorted(found)


def period_list(t: str, periods: list[tuple[int, int, str, int | None]], cs: int,
                 k: int) -> list[tuple[int, int, str, int | None]]:
    """Periods listed with only 、和及与 between them in t[cs:k]: 2017年和2018年."""
    inside = [p for p in periods if cs <= p[0] and p[1] <= k]
    run: list[tuple[int, int, str, int | None]] = []
    for p in inside:
        if run and t[run[-1][1]:p[0]] not in ("、", "和", "与", "及", "以及"):
            run = []
        run.append(p)
    return run if len(run) >= 2 else []

