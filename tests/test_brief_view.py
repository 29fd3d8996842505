"""The skimmable brief (issue 13): one line per article, grouped by page, a page never cut needlessly."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.present import brief_view

from bot.ingest import store
from bot.answer.engine import Engine
from bot.ingest.pipeline import ingest
from bot.present.blocks import Segment
from bot.present.render_html import render_html

ARCHIVE = Path(__file__).resolve().parent / "data" / "archive"


def _art(n: int, page: str) -> dict[str, Any]:
    return {"id": f"a{n:02d}", "headline": f"标题{n}", "issue_date": "2019-02-27", "page": page, "summary": ""}


def _details(art: dict[str, Any]) -> tuple[list[str], list[str], list[Segment]]:
    return [], [], [Segment(f"事实{art['id']}")]


def test_a_page_of_nine_articles_is_one_message_not_eight_and_one() -> None:
    """Was: a brief cut every 5 articles whatever the page (6 articles split 5 + 1)."""
    items = [_art(n, "1") for n in range(1, 10)] + [_art(n, "2") for n in range(10, 13)]
    first = brief_view.brief_reply(label="全部地区", issue_note="", items=items, details=_details, page=1,
                                   page_key="2019-02-27|", regions=[], issue_date="2019-02-27")
    assert [a.id for a in first.articles] == [f"a{n:02d}" for n in range(1, 10)]
    assert "第1版" in first.text and "第2版" not in first.text
    second = brief_view.brief_reply(label="全部地区", issue_note="", items=items, details=_details, page=2,
                                    page_key="2019-02-27|", regions=[], issue_date="2019-02-27")
    assert second.text.count("第2版") == 1 and "10. 标题10\n事实a10" in second.text
    # a page too big for one message is cut, and its continuation says so
    big = [_art(n, "5") for n in range(1, 15)] + [_art(15, "6")]
    cont = brief_view.brief_reply(label="全部地区", issue_note="", items=big, details=_details, page=2,
                                  page_key="2019-02-27|", regions=[], issue_date="2019-02-27")
    assert "第5版（续）" in cont.text and cont.articles[0].id == "a09"


@pytest.fixture(scope="module")
def arch_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    d = tmp_path_factory.mktemp("briefs")
    shutil.copytree(ARCHIVE, d / "rmrb")
    ingest(store.connect(d / "a.db"), [d / "rmrb"], paper="人民日报")
    return Engine.open(d / "a.db")


def test_a_month_is_grouped_by_issue_and_page(arch_engine: Engine) -> None:
    reply = arch_engine.answer("2019年2月的新闻", datetime(2019, 3, 2, 9))
    text = reply.text
    assert "2019年2月（2019年2月1日至2月28日）共3期：2月2日、2月14日、2月27日。" in text
    assert text.index("2019年2月27日 第10版") < text.index("2019年2月14日 第1版") < text.index("2019年2月2日 第2版")
    [message] = render_html(reply)
    assert "<b>2019年2月14日 第1版</b>" in message and "<i>" not in message
