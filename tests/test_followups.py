"""Follow-ups and briefs with the precision of figures (issue 21, item 5): 第N篇 of the last list
(comparison rows included), 还有呢 in an article, 同比呢 with no change printed, a count of a region's
news, 最近一周 as a span, a relation between two places as a search.

On the bundled corpus, the comparison excerpts (tests/data/compare) and two short 人民日报 articles
in tests/data/followups (2019年国民经济统计公报, 1月份银行结售汇).
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.answer.context import ChatContext, respond
from bot.answer.dates_spoken import parse_spoken
from bot.answer.understand import understand

NOW = datetime(2025, 1, 20, 9, 0)  # the bundled issue is 2025-01-17
LATER = datetime(2026, 12, 8, 9, 0)  # long after every corpus here
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def cmp_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from bot.answer.engine import Engine

    return Engine.open(db_path=str(tmp_path_factory.mktemp("fu-compare") / "c.db"), corpus=str(DATA / "compare"))


@pytest.fixture(scope="module")
def stats_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from bot.answer.engine import Engine

    return Engine.open(db_path=str(tmp_path_factory.mktemp("fu-stats") / "s.db"), corpus=str(DATA / "followups"))


# ------------------------------------------------------------------ 第N篇


def test_nth_opens_a_row_of_the_last_comparison(cmp_engine: Any) -> None:
    ctx = ChatContext()
    compared = respond(cmp_engine, ctx, "哪个省复工率最高", NOW)
    assert compared.intent == "compare" and compared.comparison is not None
    rows = compared.comparison.rows
    assert len(rows) >= 3
    opened = respond(cmp_engine, ctx, "第2篇", NOW)  # was: 还没有可以选的列表
    assert opened.intent == "article" and opened.articles[0].id == rows[1].article_id
    said = respond(cmp_engine, ctx, "第30篇", NOW)
    assert said.intent == "context" and f"只有第1至{len(rows)}篇" in said.text


def test_nth_is_the_last_list_not_an_older_one(engine: Any) -> None:
    ctx = ChatContext()
    respond(engine, ctx, "江西有什么消息", NOW)  # one article
    found = respond(engine, ctx, "科技成果转化", NOW)
    assert found.intent == "search" and len(found.articles) >= 2
    respond(engine, ctx, "长沙研发投入强度是多少", NOW)  # a figure: no list of its own
    opened = respond(engine, ctx, "第二篇", NOW)
    assert opened.intent == "article" and opened.articles[0].id == found.articles[1].id


def test_nth_beyond_what_is_listed_says_so(engine: Any) -> None:
    ctx = ChatContext()
    respond(engine, ctx, "江西有什么消息", NOW)
    said = respond(engine, ctx, "第3篇", NOW)
    assert said.intent == "context" and "没有第3篇，只有第1篇" in said.text


# ------------------------------------------------------------------ 还有呢 in an article


def test_more_in_an_article_is_its_next_page(engine: Any) -> None:
    ctx = ChatContext()
    respond(engine, ctx, "四川有什么新闻", NOW)
    first = respond(engine, ctx, "第1篇", NOW)
    assert first.intent == "article" and any(a.kind == "apage" for a in first.actions)
    # was: read as the brief's next page (上一个列表已经全部列出了)
    second = respond(engine, ctx, "还有呢", NOW)
    assert second.intent == "article" and "续 2/2" in second.text
    assert second.articles[0].id == first.articles[0].id
    done = respond(engine, ctx, "还有呢", NOW)
    assert done.intent == "context" and "这篇文章已经全部显示了" in done.text


def test_more_after_an_article_ends_points_to_the_next_in_the_list(engine: Any) -> None:
    ctx = ChatContext()
    respond(engine, ctx, "科技成果转化", NOW)
    respond(engine, ctx, "第2篇", NOW)  # one page
    done = respond(engine, ctx, "还有呢", NOW)
    assert "没有下一页" in done.text and "第3篇" not in done.text  # the list has only 2
    respond(engine, ctx, "科技成果转化", NOW)
    assert respond(engine, ctx, "还有呢", NOW).intent == "context"  # a list again: its pages, not an article's


# ------------------------------------------------------------------ 同比呢


def test_change_with_none_printed_says_so(engine: Any) -> None:
    ctx = ChatContext()
    assert respond(engine, ctx, "长沙研发投入强度是多少", NOW).figures[0].display == "3.3%"
    said = respond(engine, ctx, "同比呢", NOW)  # was: 3.3% again, as if it were the change
    assert said.intent == "context" and not said.figures
    assert "报道没有给出同比变化" in said.text and "3.3%" in said.text


def test_change_printed_is_the_answer(engine: Any) -> None:
    ctx = ChatContext()
    respond(engine, ctx, "南铁春运发送多少人次", NOW)
    assert respond(engine, ctx, "同比呢", NOW).figures[0].display == "5.8%"
    said = respond(engine, ctx, "环比呢", NOW)  # the report gives a 同比, not a 环比
    assert said.intent == "context" and "报道没有给出环比变化" in said.text and "同比增长5.8%" in said.text
    # the last question is now the change: 那福建呢 asks it of 福建
    assert respond(engine, ctx, "那福建呢", NOW).figures[0].display == "6.1%"


def test_change_of_a_statistical_bulletin(stats_engine: Any) -> None:
    ctx = ChatContext()
    assert respond(stats_engine, ctx, "第一产业增加值是多少", LATER).figures[0].display == "70467亿元"
    assert respond(stats_engine, ctx, "同比呢", LATER).figures[0].display == "3.1%"  # 增长3.1%, no base said
    ctx = ChatContext()
    assert respond(stats_engine, ctx, "1月份银行结汇环比增长多少", LATER).figures[0].display == "9%"
    said = respond(stats_engine, ctx, "同比呢", LATER)
    assert "报道没有给出同比变化" in said.text and "环比增长9%" in said.text and not said.figures
    assert "就是报道里的变化" in respond(stats_engine, ctx, "环比呢", LATER).text


def test_change_from_a_start_value_is_no_year_on_year(cmp_engine: Any) -> None:
    ctx = ChatContext()
    assert respond(cmp_engine, ctx, "青海贫困发生率是多少", NOW).figures[0].display == "2.5%"
    said = respond(cmp_engine, ctx, "同比呢", NOW)
    assert "报道没有给出同比变化" in said.text and "从2012年的26.4%下降到2.5%" in said.text
    assert "从2012年的26.4%下降到2.5%" in respond(cmp_engine, ctx, "下降了多少", NOW).text


# ------------------------------------------------------------------ 湖南的新闻有几篇


@pytest.mark.parametrize("question", ["湖南的新闻有几篇", "湖南有多少条新闻", "湖南今天有几篇报道", "有几则湖南的消息"])
def test_a_count_of_news_is_a_brief(question: str) -> None:
    q = understand(question, NOW.date())
    assert (q.intent, q.counts_news, [r.name for r in q.regions]) == ("brief", True, ["湖南"])


@pytest.mark.parametrize("question,intent", [("湖南今天有几条高速通车", "figure"), ("湖南关于疫情的报道有几篇", "search")])
def test_counts_that_are_no_count_of_a_region_news(question: str, intent: str) -> None:
    assert understand(question, NOW.date()).intent == intent


def test_count_of_a_region_news_answers_with_the_count(engine: Any) -> None:
    reply = engine.answer("江西的新闻有几篇", now=NOW)  # was: 没有找到这个数字
    assert reply.intent == "brief" and "2025年1月17日这一期有1篇关于江西的报道" in reply.text
    assert reply.articles and reply.articles[0].headline.startswith("南铁")
    # only mentioned: said as such, not counted as about it
    said = engine.answer("唐山的新闻有几篇", now=NOW).text
    assert "没有关于唐山的报道，有1篇提到了唐山" in said


# ------------------------------------------------------------------ 最近一周


def test_recent_weeks_are_spans() -> None:
    today = date(2025, 1, 20)
    week = parse_spoken("最近一周湖南有什么消息", today)
    assert week and (week.start, week.end, week.label) == (date(2025, 1, 14), today, "最近一周")
    half = parse_spoken("近半个月的新闻", today)
    assert half and half.start == date(2025, 1, 6)
    two = parse_spoken("过去两个月", today)
    assert two and two.start == date(2024, 11, 22)
    assert parse_spoken("茂名近3年投了多少", today) is None  # how long, not which issues


def test_recent_week_is_a_brief_over_it(engine: Any) -> None:
    reply = engine.answer("最近一周江西有什么消息", now=NOW)  # was: a search for 一周
    assert reply.intent == "brief" and reply.issue_date == "2025-01-17"
    assert "最近一周（2025年1月14日至1月20日）共1期" in reply.text


def test_recent_week_over_an_archive_is_its_last_week(engine: Any) -> None:
    reply = engine.answer("最近一周江西有什么消息", now=LATER)
    assert reply.intent == "brief" and reply.articles[0].headline.startswith("南铁")
    assert "没有新一期，以下是语料中有江西报道的最近7天（2025年1月11日至1月17日，共1期）" in reply.text


# ------------------------------------------------------------------ A和B签了什么协议


@pytest.mark.parametrize("question", ["浙江和江苏签了什么协议", "浙江和江苏合作了哪些项目", "广东和四川对口帮扶了哪些项目"])
def test_a_relation_between_places_is_a_search(cmp_engine: Any, question: str) -> None:
    reply = cmp_engine.answer(question, now=NOW)  # was: 语料中没有找到浙江、江苏的“签了什么协议”的数字，无法比较
    assert reply.intent == "search", reply.text[:80]


def test_measures_of_two_places_are_still_compared(cmp_engine: Any) -> None:
    assert cmp_engine.answer("浙江和江苏的复工率", now=NOW).intent == "compare"
    assert cmp_engine.answer("比较浙江和江苏的合作社数量", now=NOW).intent == "compare"  # 合作社 is no 合作


# ------------------------------------------------------------------ a region's brief: about it, not in passing


@pytest.fixture(scope="module")
def briefs_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Six short 人民日报 excerpts (tests/data/briefs): stories about a place, and stories that name
    it only in passing."""
    from bot.answer.engine import Engine

    return Engine.open(db_path=str(tmp_path_factory.mktemp("fu-briefs") / "b.db"), corpus=str(DATA / "briefs"))


def _headlines(reply: Any) -> list[str]:
    return [a.headline for a in reply.articles]


def test_a_passing_mention_is_not_in_the_brief(briefs_engine: Any) -> None:
    # 查干湖南岸 reads as 湖南 further down a story about 吉林查干湖: it was the second item of 湖南's brief
    hunan = briefs_engine.answer("2019年2月22日湖南有啥新闻", now=LATER)
    assert _headlines(hunan) == ["喝了七年洋墨水 带着乡亲养土鸡"]
    # and it is 吉林's story (its lead opens with 今日吉林查干湖), not one that only mentions 吉林
    jilin = briefs_engine.answer("2019年2月22日吉林有啥新闻", now=LATER)
    assert _headlines(jilin) == ["守护“金字招牌” 生活“年年有鱼”"] and "提到了吉林" not in jilin.text


def test_a_place_heading_a_list_is_no_subject(briefs_engine: Any) -> None:
    # 内蒙古、辽宁、山西、河北……等地均出现降雪: a cold wave's list of provinces
    reply = briefs_engine.answer("2019年2月18日内蒙古有什么新闻", now=LATER)
    assert _headlines(reply) == ["为民拥警 助力平安"]


def test_a_story_whose_lead_names_the_place_is_in_its_brief(briefs_engine: Any) -> None:
    # 高原灯会: 在青海省海东市乐都区举行的灯光秀, one mention, in its first sentence
    reply = briefs_engine.answer("2019年2月14日青海有什么新闻", now=LATER)
    assert set(_headlines(reply)) == {"饲草料来了", "高原灯会"}


def test_a_yearless_day_of_several_years_lists_each(briefs_engine: Any) -> None:
    # 2月18日 is in 2019 and in 2020, with a story about 内蒙古 in each: was the newest year's alone
    reply = briefs_engine.answer("内蒙古 2月18号 新闻", now=LATER)
    assert set(_headlines(reply)) == {"为民拥警 助力平安", "网购农资 不怠农时"}
    assert "2019年2月18日、2020年2月18日" in reply.text and "没有说年份" in reply.text
    # a region in one of them only: that one, said as a day
    only = briefs_engine.answer("2月22日湖南有啥新闻", now=LATER)
    assert _headlines(only) == ["喝了七年洋墨水 带着乡亲养土鸡"] and "没有说年份" not in only.text


def test_a_page_of_a_brief_keeps_all_its_issues(briefs_engine: Any) -> None:
    """A brief over several issues pages over all of them (was: the first issue's articles only)."""
    years = briefs_engine.action("page", "2019-02-18,2020-02-18|内蒙古|1")
    assert years is not None and set(_headlines(years)) == {"为民拥警 助力平安", "网购农资 不怠农时"}
    span = briefs_engine.action("page", "2019-02-14~2019-02-22||1")
    assert span is not None and "高原灯会" in _headlines(span) and "网购农资 不怠农时" not in _headlines(span)
    assert briefs_engine.action("page", "2019-02-14~nonsense||1") is None
    assert briefs_engine.action("page", "1999-01-01|内蒙古|1") is None


def test_a_region_brief_line_is_a_whole_clause_about_it(briefs_engine: Any) -> None:
    reply = briefs_engine.answer("内蒙古 2月18号 新闻", now=LATER)
    lines = reply.text.split("\n")
    # was 节气不等人，春日胜黄金: the lede's opening, which says nothing of 内蒙古
    after = lines[lines.index(next(x for x in lines if "网购农资 不怠农时" in x)) + 1]
    assert after == "在内蒙古兴安盟科尔沁右翼前旗额尔格图镇北安嘎查，农民李财正开着拖拉机在田地里灭茬"
    # was cut mid-clause (…丰盛的视觉…): the whole sentence fits
    qinghai = briefs_engine.answer("2019年2月14日青海有什么新闻", now=LATER).text
    assert "\n2月12日，在青海省海东市乐都区举行的灯光秀为市民呈现了一场丰盛的视觉宴会\n" in qinghai + "\n"
