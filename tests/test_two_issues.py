"""A corpus that grows: the seed page plus a second, later page written for these tests
(tests/data/pages/, a made-up page in the paper's style, not real news)."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from bot.answer.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 29, 9, 0)


@pytest.fixture(scope="module")
def engine2(tmp_path_factory) -> Engine:
    corpus = tmp_path_factory.mktemp("corpus2")
    shutil.copy(ROOT / "corpus" / "kjrb_regional_ddf3bb53.txt", corpus)
    shutil.copy(ROOT / "tests" / "data" / "pages" / "synthetic_2025-01-20.txt", corpus)
    return Engine.open(tmp_path_factory.mktemp("db2") / "t.db", corpus)


def heads(reply) -> list[str]:
    return [a.headline for a in reply.articles]


def test_today_is_the_newest_issue_and_older_days_still_answer(engine2):
    today = engine2.answer("今天有什么新闻", NOW)
    assert today.issue_date == "2025-01-20"
    assert heads(today) == ["广东深圳:人工智能产业集群规模突破3000亿元", "浙江杭州:数字经济核心产业增加值增长7.1%"]
    older = engine2.answer("1月17日的新闻", NOW)
    assert older.issue_date == "2025-01-17" and len(older.articles) == 6


def test_region_without_a_date_gets_its_newest_articles_with_their_date(engine2):
    reply = engine2.answer("江西有什么消息", NOW)
    assert heads(reply) == ["南铁:科技守护春运路"]
    assert reply.issue_date == "2025-01-17" and "2025年1月17日" in reply.text
    assert "还没有新一期" not in reply.text  # nobody asked for today


def test_region_missing_from_todays_issue_is_pointed_to_an_older_one(engine2):
    reply = engine2.answer("江西今天有什么消息", NOW)
    assert reply.articles == []
    assert "较早的2025年1月17日一期有 1 篇相关报道" in reply.text


def test_figures_of_the_new_page(engine2):
    assert engine2.answer("深圳人工智能产业规模多大", NOW).figures[0].display == "3012亿元"
    # 增加值 is value added, not an increase: the value, not its growth.
    assert engine2.answer("杭州数字经济核心产业增加值是多少", NOW).figures[0].display == "6305亿元"
    assert engine2.answer("杭州数字经济核心产业增加值同比增长多少", NOW).figures[0].display == "7.1%"
    assert engine2.answer("深圳公共算力平台有几个", NOW).figures[0].display == "12个"
    assert engine2.answer("广东研发投入强度是多少", NOW).figures == []


def test_new_page_structure(engine2):
    art = engine2.corpus.article(engine2.answer("广东今天有什么新闻", NOW).articles[0].id)
    assert art["dateline"] == "本报深圳1月19日电"
    assert [(p["name"], p["role"]) for p in art["byline"]] == [("刘伟", "本报记者"), ("张敏", "通讯员")]
    assert art["sections"] == ["南山区成为主阵地"]
    assert engine2.corpus.captions(art["id"]) == [{"text": "图为深圳南山区某人工智能企业展厅。", "credit": "本报记者 刘伟摄"}]
