"""Saying a span of days back to the reader, with the issues it covers."""
from __future__ import annotations

from datetime import date
from typing import Protocol

from bot.present.builders import cn_date

MAX_LISTED = 6


class IssueCalendar(Protocol):
    """What the corpus tells about its issues (bot/answer/corpus.Corpus has these)."""

    def issue_dates(self) -> list[str]: ...

    def issues_between(self, start: date, end: date) -> list[str]: ...


def span_text(start: date, end: date) -> str:
    """2025年1月13日至1月19日 (the year once when both ends share it)."""
    if start == end:
        return cn_date(start.isoformat())
    tail = cn_date(end.isoformat())
    if start.year == end.year:
        tail = tail.split("年", 1)[1]
    return f"{cn_date(start.isoformat())}至{tail}"


def covered_note(label: str, start: date, end: date, issues: list[str], kind: str) -> str:
    """`上周（2025年1月13日至1月19日）共3期：1月15日、1月16日、1月17日。` — for a span of days only."""
    if kind != "range":
        return ""
    said = span_text(start, end)
    head = said if label in (said, cn_date(start.isoformat())) else f"{label}（{said}）"
    days = sorted(issues)
    if len(days) <= MAX_LISTED:
        listed = "、".join(cn_date(d).split("年", 1)[1] for d in days)
        return f"{head}共{len(days)}期：{listed}。"
    return f"{head}共{len(days)}期。"


def in_corpus_years(corpus: IssueCalendar, start: date, end: date) -> tuple[date, date, list[str]]:
    """A span said without a year, in the newest year of the corpus that has issues in it."""
    for year in sorted({int(d[:4]) for d in corpus.issue_dates()}, reverse=True):
        shift = year - start.year
        try:
            s, e = start.replace(year=start.year + shift), end.replace(year=end.year + shift)
        except ValueError:  # 2月29日
            continue
        issues = corpus.issues_between(s, e)
        if issues:
            return s, e, issues
    return start, end, []
