"""The time expressions of a paragraph and the year each stands for.

2024年, 截至2024年底, 去年 (-> 2025年 in a 2026 issue), 1—4月, 2月18日, 前两个月, 春节期间, 前三季度,
上半年, 大年初三、初四, 目前. A basis (较2023年, 比去年) is not a period. A month named without a year
takes the issue's year, or the year before if that month has not come yet.
"""
from __future__ import annotations

import re

from bot.analyse.figures.clauses import clause_end, clause_start
from bot.analyse.figures.numbers import cn_value
from bot.analyse.figures.tables import Tables

# (start, end, period as resolved, year): (0, 5, "2024年", 2024), (3, 5, "2025年", 2025) for 去年
PeriodSpan = tuple[int, int, str, int | None]


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
                 issue_month: int | None = None) -> list[PeriodSpan]:
    """(start, end, period text, year) of the time expressions of a text; bases (较2023年) excluded."""
    found = _Found(t, tb, issue_year, issue_month)
    found.years()
    found.relative()
    found.months()
    found.seasons()
    found.now()
    return sorted(found.spans)


class _Found:
    """The periods of a text found so far; each kind is read in turn, and a later one never overlaps
    what an earlier one took (2024年1—4月: 2024年, then 1—4月)."""

    def __init__(self, t: str, tb: Tables, issue_year: int | None, issue_month: int | None) -> None:
        self.t, self.tb, self.issue_year, self.issue_month = t, tb, issue_year, issue_month
        self.spans: list[PeriodSpan] = []
        self.taken: list[tuple[int, int]] = []

    def _free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def _add(self, s: int, e: int, text: str, year: int | None) -> None:
        self.spans.append((s, e, text, year))
        self.taken.append((s, e))

    def _after_basis(self, s: int) -> bool:
        return s > 0 and self.t[s - 1] in self.tb.basis_prefixes  # 较2023年, 比去年

    def _after_digit(self, s: int) -> bool:
        return s > 0 and self.t[s - 1].isdigit()

    def years(self) -> None:
        """2024年, 截至2024年底, 2024—2028年 (the last year)."""
        for rx in self.tb.year_res:
            for m in rx.finditer(self.t):
                s, e = m.span()
                if not self._free(s, e) or self._after_basis(s) or self._after_digit(s):
                    continue
                years = re.findall(r"\d{4}", m.group(0))
                y = int(years[-1])
                if not 1900 <= y <= 2100:
                    continue
                self._add(s, e, m.group(0), y)

    def relative(self) -> None:
        """去年, 明年, 截至今年: the year resolved from the issue's (去年 -> 2025年 in 2026)."""
        for m in self.tb.relative_re.finditer(self.t):
            s, e = m.span()
            if not self._free(s, e) or self._after_basis(s):
                continue
            word = m.group("word")
            year = self.issue_year + self.tb.relative[word] if self.issue_year is not None else None
            text = m.group(0) if year is None else m.group(0).replace(word, f"{year}年", 1)
            self._add(s, e, text, year)

    def months(self) -> None:
        """1—4月, 2月18日, 前两个月 (the months before the issue's)."""
        for rx in self.tb.month_res:
            for m in rx.finditer(self.t):
                s, e = m.span()
                if not self._free(s, e) or self._after_digit(s) or self._after_basis(s):
                    continue
                month = month_number(m.group("m2"))
                if month is None or not 1 <= month <= 12:
                    continue
                if m.group(0).startswith("前"):
                    month = self.issue_month - 1 if self.issue_month and self.issue_month > month else 12
                self._add(s, e, m.group(0), _year_of_month(month, self.issue_year, self.issue_month))

    def seasons(self) -> None:
        """春节期间, 前三季度, 上半年, 大年初三、初四."""
        for m in self.tb.season_re.finditer(self.t):
            s, e = m.span()
            if not self._free(s, e) or self._after_basis(s):
                continue
            end_month = self.tb.seasons[m.group(0)]
            year = self.issue_year if end_month == 0 else _year_of_month(end_month, self.issue_year, self.issue_month)
            self._add(s, e, m.group(0), year)
            more = re.match(r"[、和至到]初[一二三四五六七八九十]", self.t[e:]) if m.group(0)[-2] == "初" else None
            if more:  # 大年初三、初四: the list goes on without repeating 大年
                self._add(e + 1, e + len(more.group(0)), more.group(0)[1:], year)

    def now(self) -> None:
        """目前, 截至目前, 当前: the issue's year."""
        for w in self.tb.now_words:
            for m in re.finditer(re.escape(w), self.t):
                if self._free(*m.span()):
                    self._add(m.start(), m.end(), w, self.issue_year)


def period_list(t: str, periods: list[PeriodSpan], cs: int,
                 k: int) -> list[PeriodSpan]:
    """Periods listed with only 、和及与 between them in t[cs:k]: 2017年和2018年."""
    inside = [p for p in periods if cs <= p[0] and p[1] <= k]
    run: list[PeriodSpan] = []
    for p in inside:
        if run and t[run[-1][1]:p[0]] not in ("、", "和", "与", "及", "以及"):
            run = []
        run.append(p)
    return run if len(run) >= 2 else []


def period_for(t: str, start: int, end: int, periods: list[PeriodSpan],
               now_words: list[str]) -> tuple[str | None, int | None]:
    """(period, year) of the figure at t[start:end]: the last period before it in the sentence, else
    the first one after it in its clause; a period without a year (春节期间) takes the year of the last
    period before the figure that has one (2025年春运,…春节期间…)."""
    period, year = None, None
    before = [p for p in periods if p[1] <= start]
    if before:
        period, year = before[-1][2], before[-1][3]
    else:
        cs = clause_start(t, start)
        ce = clause_end(t, end)
        after = [p for p in periods if end <= p[0] and p[1] <= ce]
        if after and cs <= after[0][0]:
            period, year = after[0][2], after[0][3]
    if period and not re.search(r"\d{4}", period) and period not in now_words:
        # 去年,山西省全年…: a season or month takes the year the sentence named before it
        named = [p for p in periods if p[1] <= start and re.search(r"\d{4}", p[2])]
        if named:
            year = named[-1][3]
    return period, year
