"""Dates as people say them (issue 13): weeks, N天前, ranges — said back with the issues they cover."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from bot.answer.dates_spoken import cn_number, parse_spoken
from bot.answer.understand import understand

NOW = datetime(2025, 1, 20, 9, 0)  # a Monday; the bundled issue is Friday 2025-01-17


@pytest.mark.parametrize("raw,n", [("3", 3), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2)])
def test_cn_numbers(raw: str, n: int) -> None:
    assert cn_number(raw) == n


def test_spans() -> None:
    today = date(2025, 1, 20)
    three = parse_spoken("三天前四川的新闻", today)
    assert three and three.start == three.end == date(2025, 1, 17)
    rng = parse_spoken("1月1日到15日的新闻", today)
    assert rng and (rng.start, rng.end, rng.yearless) == (date(2025, 1, 1), date(2025, 1, 15), True)
    wrap = parse_spoken("12月25日至1月5日", today)
    assert wrap and wrap.end == date(2026, 1, 5)
    assert parse_spoken("2月30日到31日", today) is None
    assert understand("最近7天的新闻", today).date.start == date(2025, 1, 14)  # type: ignore[union-attr]


@pytest.mark.parametrize("question", ["三天前的新闻", "3天前江西的新闻", "上周的新闻", "1月15日到17日的新闻",
                                      "2025年1月10日至1月17日江西的新闻"])
def test_spoken_dates_find_the_issue(engine: Any, question: str) -> None:
    """Was: the date silently dropped (a search for 三天前) or the latest issue with no word said."""
    reply = engine.answer(question, now=NOW)
    assert reply.intent == "brief" and reply.issue_date == "2025-01-17", reply.text[:120]
    assert "没有新一期" not in reply.text


def test_a_range_is_said_back_with_its_issues(engine: Any) -> None:
    text = engine.answer("上周的新闻", now=NOW).text
    assert "上周（2025年1月13日至1月19日）共1期：1月17日。" in text
    text = engine.answer("1月15日到17日的新闻", now=datetime(2026, 11, 29, 9)).text  # no year: the corpus' year
    assert "1月15日到17日（2025年1月15日至1月17日）共1期：1月17日。" in text
