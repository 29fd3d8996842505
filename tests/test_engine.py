"""The answering engine on the seed page: briefs, figures, search, follow-ups, hostile input."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.answer.evaluate import run_eval

DEV = Path(__file__).resolve().parent / "data" / "dev_questions.jsonl"
NOW = datetime(2026, 11, 29, 9, 0)


def heads(reply) -> list[str]:
    return [a.headline for a in reply.articles]


def test_dev_questions_all_pass(engine):
    report = run_eval(engine, DEV)
    failed = [(r.id, r.why) for r in report.results if not r.ok]
    assert not failed
    assert len(report.results) == 23


def test_extra_questions_mostly_pass(engine):
    # 79 questions a QA pass wrote in other words (typos, traditional characters, nicknames,
    # unanswerable ones). z09 (科技金融: both articles use the term once) is a judgement call.
    report = run_eval(engine, DEV.with_name("extra_questions.jsonl"))
    failed = [(r.id, r.why) for r in report.results if not r.ok]
    assert len(report.results) == 79
    assert [f[0] for f in failed] in ([], ["z09"]), failed


# ------------------------------------------------------------------ briefs


@pytest.mark.parametrize("message,expected", [
    ("河北今天有啥新闻", ["京津冀协同,打造先进制造高地"]),
    ("/brief 北京", ["京津冀协同,打造先进制造高地"]),
    ("冀", ["京津冀协同,打造先进制造高地"]),
    ("四川的消息", ["四川天府新区:以“科创通+科创岛”推动科技成果转化"]),
    ("川", ["四川天府新区:以“科创通+科创岛”推动科技成果转化"]),
    ("闽赣今天有什么新闻", ["南铁:科技守护春运路"]),
    ("江西今日简报", ["南铁:科技守护春运路"]),
    ("东北地区今天的简报", ["哈尔滨新区创新积分制政策落地"]),
    ("黑龙江", ["哈尔滨新区创新积分制政策落地"]),
    ("Beijing news", ["京津冀协同,打造先进制造高地"]),
    ("harbin", ["哈尔滨新区创新积分制政策落地"]),
    ("福州有什么消息", ["南铁:科技守护春运路"]),
    ("成都最新消息", ["四川天府新区:以“科创通+科创岛”推动科技成果转化"]),
    ("湘", ["湖南出台措施 支持长沙建设全球研发中心城市"]),
    ("华中", ["湖南出台措施 支持长沙建设全球研发中心城市"]),
    ("吕粱最新消息", ["厅地合作促进区域创新能力提升"]),
    ("唐山最新消息", ["京津冀协同,打造先进制造高地"]),  # named in the body only: offered, labelled
    ("哈尔宾新区的简报", ["哈尔滨新区创新积分制政策落地"]),
])
def test_brief_by_region_alias_and_typo(engine, message, expected):
    reply = engine.answer(message, NOW)
    assert reply.intent == "brief"
    assert heads(reply) == expected


def test_brief_names_the_issue_date_when_it_is_not_today(engine):
    reply = engine.answer("河北今天有啥新闻", NOW)
    assert reply.issue_date == "2025-01-17"
    assert "2025年1月17日" in reply.text and "最新一期" in reply.text
    # The summary says what happened, not the dateline sentence.
    assert "京津冀三地联合打造的4个集群入选" in reply.articles[0].summary
    assert "发布会在北京举行" not in reply.articles[0].summary
    assert reply.articles[0].key_figures


def test_brief_for_today_on_the_issue_day_has_no_stale_note(engine):
    reply = engine.answer("今天有什么新闻", datetime(2025, 1, 17, 8))
    assert "还没有新一期" not in reply.text
    assert len(reply.articles) == 6  # the whole issue in one message
    assert [a.label for a in reply.actions if a.kind == "page"] == []


def test_brief_pages(engine, monkeypatch):
    from bot.present import brief_view

    monkeypatch.setattr(brief_view, "BRIEF_PAGE_SIZE", 5)
    first = engine.answer("今天有什么新闻", NOW)
    nxt = next(a for a in first.actions if a.kind == "page")
    second = engine.action("page", nxt.arg)
    assert heads(second) == ["哈尔滨新区创新积分制政策落地"]
    assert [a.label for a in second.actions if a.kind == "page"] == ["上一页"]
    assert engine.action("page", "1999-01-01||2") is None


def test_region_without_articles_says_so_and_lists_covered(engine):
    reply = engine.answer("西藏今天有什么新闻", NOW)
    assert reply.articles == []
    assert "没有关于西藏的文章" in reply.text
    covered = {s["region"] for s in reply.suggestions}
    assert {"北京", "天津", "河北", "四川", "山西", "湖南", "江西", "福建", "黑龙江"} <= covered
    assert "江苏" not in covered and "广东" not in covered  # named only in the editor's note


def test_organisation_names_do_not_make_regional_news(engine):
    # 北京理工大学 stands in the 天府 article; 深圳(哈尔滨)产业园 in the 哈尔滨 one.
    assert "四川天府新区:以“科创通+科创岛”推动科技成果转化" not in heads(engine.answer("/brief 北京", NOW))
    assert engine.answer("深圳有什么新闻", NOW).articles == []
    assert engine.answer("西北的新闻", NOW).articles == []


def test_a_place_and_its_province_name_one_place(engine):
    reply = engine.answer("湖南长沙的新闻", NOW)
    assert reply.regions == ["长沙"] and reply.text.startswith("长沙简报")


def test_thanks_gets_a_short_answer_not_a_search(engine):
    reply = engine.answer("谢谢", NOW)
    assert reply.intent == "thanks" and "不客气" in reply.text and reply.actions


def test_other_days(engine):
    assert engine.answer("昨天的新闻", datetime(2025, 1, 18, 9)).issue_date == "2025-01-17"
    assert len(engine.answer("2025-01-17 新闻", NOW).articles) == 6
    on_15th = engine.answer("1月15日有什么新闻", NOW)
    assert set(heads(on_15th)) == {"湖南出台措施 支持长沙建设全球研发中心城市", "哈尔滨新区创新积分制政策落地"}
    empty_week = engine.answer("上周的新闻", NOW)
    assert "没有新一期" in empty_week.text and empty_week.issue_date == "2025-01-17"


# ------------------------------------------------------------------ figures


@pytest.mark.parametrize("message,display,headline_start", [
    ("长沙研发投入强度是多少", "3.3%", "湖南出台措施"),
    ("南铁春运要送多少旅客", "3400万人次", "南铁"),
    ("唐山高新区应急项目总投资多少钱", "21.95亿元", "京津冀协同"),
    ("哈尔滨新区明年计划纳入多少家企业", "1500家以上", "哈尔滨新区"),
    ("長沙研發投入強度是多少", "3.3%", "湖南出台措施"),  # traditional characters
    ("请问一下长沙研发投入强度是多少呢？", "3.3%", "湖南出台措施"),
    ("/stat 天府新区国家高新技术企业有多少家", "1200家", "四川天府新区"),
    ("长沙新增研发机构多少家", "1178家", "湖南出台措施"),
    ("科创岛有多少家注册企业", "1000多家", "四川天府新区"),
    ("天府新区有多少家国家科技型中小企业", "779家", "四川天府新区"),
    ("天府轻动研发那款发动机用了多长时间", "不到8个月", "四川天府新区"),  # the sentence says 它
    ("京津冀三地已经联合共建了几个国家先进制造业集群", "5个", "京津冀协同"),
    ("国家先进制造业集群一共有多少个了", "80个", "京津冀协同"),  # stated in the editor's note
    ("哈尔滨新区明年计划把纳入积分制平台的企业提升到多少家", "1500家以上", "哈尔滨新区"),
    ("春运期间福建发送旅客多少", "1710万人次", "南铁"),  # 春运期间 is about 春运
    ("長沙在全球科研城市排第几", "第23位", "湖南出台措施"),
])
def test_figure_answers_with_its_sentence_and_source(engine, message, display, headline_start):
    reply = engine.answer(message, NOW)
    assert reply.intent == "figure"
    fig = reply.figures[0]
    assert fig.display == display
    assert fig.sentence[fig.start:fig.end] == display
    assert fig.headline.startswith(headline_start)
    assert display in reply.text and "来源：" in reply.text


def test_unanswerable_figure_says_so_and_offers_closest_labelled(engine):
    reply = engine.answer("广东研发投入强度是多少", NOW)
    assert reply.figures == []
    assert "没有" in reply.text and "仅供参考" in reply.text
    assert reply.suggestions and reply.suggestions[0]["display"] == "3.3%"


@pytest.mark.parametrize("message", [
    "北京有多少家企业",      # 11家 is 唐山高新区's, in 河北
    "厦门发送旅客多少",      # 3400万人次 is all of 南铁's
    "天津有多少个集群",      # 80个 is national, 4个 is 京津冀's together
    "吕梁投入多少钱",        # 三方面 is a count, not money
])
def test_figure_of_another_region_or_kind_is_not_an_answer(engine, message):
    reply = engine.answer(message, NOW)
    assert reply.intent == "figure" and reply.figures == []
    assert "没有" in reply.text


def test_figure_of_another_metric_is_not_an_answer(engine):
    reply = engine.answer("长沙的GDP是多少", NOW)
    assert reply.figures == []
    assert "没有" in reply.text


def test_figure_actions_source_and_related(engine):
    reply = engine.answer("长沙研发投入强度是多少", NOW)
    kinds = {a.kind: a.arg for a in reply.actions}
    src = engine.action("source", kinds["source"])
    assert "全社会研发投入强度达【3.3%】" in src.text and "来源：" in src.text
    rel = engine.action("related", kinds["related"])
    assert {"3.3%", "1178家", "第23位", "第32位"} <= {f.display for f in rel.figures}
    assert engine.action("source", "999999") is None
    assert engine.action("related", "not-a-number") is None


# ------------------------------------------------------------------ search and article


@pytest.mark.parametrize("message,first", [
    ("链长制", "京津冀协同"),
    ("科创岛", "四川天府新区"),
    ("自动驾驶卡车", "京津冀协同"),
    ("积分变贷款", "四川天府新区"),
    ("创新积分制", "哈尔滨新区"),
    ("全球研发中心城市", "湖南出台措施"),
    ("/search 智能安检系统", "南铁"),
])
def test_search_puts_the_article_about_it_first(engine, message, first):
    reply = engine.answer(message, NOW)
    assert reply.intent == "search"
    assert reply.articles[0].headline.startswith(first)
    assert reply.articles[0].excerpt


def test_about_a_subject_is_a_search_not_a_brief(engine):
    reply = engine.answer("帮我找一下关于低空经济的报道", NOW)
    assert reply.intent == "search"
    assert heads(reply)[0].startswith("四川天府新区")


def test_mentioned_only_region_is_labelled(engine):
    reply = engine.answer("唐山最新消息", NOW)
    assert "没有以唐山为主题的文章" in reply.text


def test_search_keeps_only_articles_about_the_subject(engine):
    # 校地协同创新 shares 协同/创新 with every article; only the 天府 article is about it.
    assert heads(engine.answer("校地协同创新", NOW)) == ["四川天府新区:以“科创通+科创岛”推动科技成果转化"]


def test_no_figure_reply_quotes_the_user_words(engine):
    reply = engine.answer("北京的GDP是多少", NOW)
    assert reply.figures == [] and "GDP" in reply.text


def test_search_with_nothing_found_offers_the_latest_headlines(engine):
    reply = engine.answer("量子计算机", NOW)
    assert reply.articles == []
    assert "没有找到" in reply.text
    assert len(reply.suggestions) == 6


def test_article_full_view(engine):
    aid = engine.answer("科创岛", NOW).articles[0].id
    view = engine.action("article", aid)
    assert view.intent == "article"
    # a long article is paged; the body is the paper's, with no summary repeating it
    nxt = next(a for a in view.actions if a.label == "下一页")
    whole = view.text + engine.action(nxt.kind, nxt.arg).text
    for piece in ("四川天府新区", "构建科创服务体系 提升成果转化效能", "本报记者 滕继濮",
                  "成都科创生态岛(以下简称“科创岛”)"):
        assert piece in whole
    assert "摘要：" not in whole
    assert engine.action("article", "deadbeef00") is None


# ------------------------------------------------------------------ help, commands, hostile input


def test_help_examples_all_work(engine):
    reply = engine.answer("你能做什么", NOW)
    assert reply.intent == "help"
    for act in reply.actions:
        answered = engine.action(act.kind, act.arg)
        assert answered.articles or answered.figures, act.arg


@pytest.mark.parametrize("message,intent", [
    ("/start", "help"), ("/help", "help"), ("/regions", "regions"), ("/about", "about"),
    ("/brief", "ask_region"), ("/stat", "ask_figure"), ("/search", "ask_search"),
    ("/brief@kjrb_bot 四川", "brief"), ("/today", "brief"), ("/nosuch", "unknown"),
])
def test_commands(engine, message, intent):
    assert engine.answer(message, NOW).intent == intent


def test_about_and_regions(engine):
    about = engine.answer("/about", NOW)
    assert "6 篇文章" in about.text and "2025年1月17日" in about.text
    regions = engine.answer("/regions", NOW)
    assert "四川（1）" in regions.text and "北京（1）" in regions.text


@pytest.mark.parametrize("message", [
    "<b>&</a>", "'; DROP TABLE articles; --", "\"科创岛", "AND OR NOT NEAR(", "*", "   ", "🙂🙂",
    "科创岛" * 2000, "\x00\x01", "长沙研发投入强度是多少" + "?" * 500,
])
def test_hostile_messages_get_a_reply_and_lose_nothing(engine, message):
    reply = engine.answer(message, NOW)
    assert reply.text
    assert engine.corpus.stats()["articles"] == 6


def test_json_shape(engine):
    from bot.present.render_json import reply_json

    out = reply_json(engine.answer("长沙研发投入强度是多少", NOW))
    assert set(out) >= {"intent", "regions", "issue_date", "articles", "figures", "suggestions", "text"}
    assert set(out["figures"][0]) == {"display", "value", "unit", "sentence", "article_id", "headline"}
    assert out["figures"][0]["value"] == pytest.approx(3.3)


def test_search_for_weather_news_is_still_a_search(engine):
    # off-topic words inside a request for articles are a topic, not small talk
    assert engine.answer("关于寒潮天气的报道", NOW).intent == "search"
    assert engine.answer("今天天气怎么样", NOW).intent == "out_of_scope"
    assert engine.answer("hello", NOW).intent == "out_of_scope"
    assert engine.answer("changsha GDP", NOW).intent == "figure"


def test_a_bare_value_finds_the_figures_printed_with_it(engine):
    reply = engine.answer("3.3%", NOW)
    assert reply.intent == "figure" and reply.figures[0].display == "3.3%"
    assert "研发投入强度" in reply.text
    # 13.3% or 3.35% are other values; a value nobody printed is said to be missing.
    missing = engine.answer("7.77%", NOW)
    assert missing.figures == [] and "没有" in missing.text
    assert engine.answer("1710万人次", NOW).figures[0].display == "1710万人次"


def test_every_intent_of_a_question_has_its_handler():
    """The dispatch table answers every intent `understand` gives, but comparisons (tried first,
    bot/answer/compare/dispatch.py); the other intents are only ever a reply's."""
    from typing import get_args

    from bot.answer.dispatch import HANDLERS
    from bot.present.intent import Intent

    replies_only = {"source", "cite", "figures", "too_long", "out_of_scope", "context"}
    assert set(HANDLERS) == set(get_args(Intent)) - replies_only - {"compare", "ask_compare"}
