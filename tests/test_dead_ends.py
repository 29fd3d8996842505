"""A reply that finds nothing is no dead end: it offers the way on (the bundled 科技日报 page)."""
from __future__ import annotations

from typing import Any


def _labels(reply: Any) -> list[str]:
    return [a.label for a in reply.actions]


def test_a_figure_the_page_lacks_offers_the_places_brief_and_the_latest_issue(engine: Any) -> None:
    reply = engine.answer("长沙的GDP是多少")
    assert reply.figures == [] and "没有" in reply.text
    assert _labels(reply)[-2:] == ["长沙简报", "最新一期"]
    brief = engine.action("brief", "长沙")
    assert brief is not None and brief.intent == "brief" and brief.articles


def test_a_place_without_news_offers_the_regions_with_news(engine: Any) -> None:
    reply = engine.answer("兰考去年GDP")  # 河南 and 开封 have no article on the page either
    assert reply.figures == []
    assert _labels(reply) == ["有新闻的地区", "最新一期"]
    regions = engine.action("ask", "/regions")
    assert regions is not None and regions.intent == "regions" and "湖南" in regions.text
    latest = engine.action("ask", "/today")
    assert latest is not None and latest.articles
