"""Issue 13 end to end through the real bot and the fake Bot API: what a reader sees."""
from __future__ import annotations

import re
from typing import Any

from tests.conftest import USER_ID, BotHarness
from tests.fake_bot_api import Call, check_telegram_html


def visible(call: Call) -> str:
    return check_telegram_html(call.params["text"])[1]


def buttons(call: Call) -> list[dict[str, Any]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def sent_to_user(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == USER_ID]


async def test_today_brief_is_one_skimmable_message(bot: BotHarness, engine: Any) -> None:
    """Was 1,096 characters over two messages' worth of pages (5 + 1), italic machine labels."""
    [reply] = await bot.ask("/today")
    html_text = reply.params["text"]
    text = visible(reply)
    assert "<i>" not in html_text  # no slanted Chinese
    assert "关键数字" not in text and "下一页" not in str(buttons(reply))
    # every article of the issue is a line of its own, numbered, and a button that opens it
    latest = engine.corpus.latest_issue()
    heads = [engine.corpus.get_article(a)["headline"] for a in engine.corpus.articles_in([latest])]
    assert len(heads) == 6
    for k, head in enumerate(heads, start=1):
        assert f"{k}. {head}" in text
    opens = [b for b in buttons(reply) if b["callback_data"].startswith("article:")]
    assert len(opens) == 6
    # the one fact of an article is the paper's own clause, its figure marked
    assert "南铁预计发送旅客3400万人次" in text
    assert "<b><u>3400万人次</u></b>" in html_text
    assert len(text) < 800, len(text)
    calls = await bot.press(reply, opens[4]["callback_data"])
    [opened] = sent_to_user(calls)
    assert "南铁:科技守护春运路" in visible(opened)
    assert re.search(r"今天（.*）还没有新一期", text) is None


async def test_follow_ups_keep_the_thread_across_a_restart(fake_api: Any, engine: Any, tmp_path: Any) -> None:
    """Was: 那福建呢 gave the 福建 brief, 同比增长多少 answered 京津冀 超15%, and nothing was remembered."""
    from bot.tg.app import build_application
    from tests.conftest import make_settings, start_bot, stop_bot

    state = tmp_path / "state.db"
    app = build_application(make_settings(fake_api), engine, state_db=state)
    await start_bot(app)
    harness = BotHarness(app, fake_api)
    try:
        [first] = await harness.ask("南铁春运发送多少人次")
        assert visible(first).startswith("3400万人次")
        [fujian] = await harness.ask("那福建呢")
        assert visible(fujian).startswith("1710万人次"), visible(fujian)[:80]
        [change] = await harness.ask("同比呢")
        assert visible(change).startswith("6.1%"), visible(change)[:80]
    finally:
        await stop_bot(app)
    # a restarted bot (or another replica) carries on from the state database
    app = build_application(make_settings(fake_api), engine, state_db=state)
    await start_bot(app)
    harness = BotHarness(app, fake_api)
    try:
        [source] = await harness.ask("它的来源")
        assert "原文摘录" in visible(source) and "6.1%" in visible(source)
        [brief] = await harness.ask("江西有什么消息")
        assert "江西简报" in visible(brief)
        [outside] = await harness.ask("2")  # was: a search for "2"
        assert "上一个列表里没有第2篇，只有第1篇" in visible(outside)
        [opened] = await harness.ask("第一篇")
        assert visible(opened).startswith("南铁:科技守护春运路")
        [cited] = await harness.ask("它的来源")
        assert "来源：《南铁:科技守护春运路》" in visible(cited)
    finally:
        await stop_bot(app)


async def test_more_turns_the_page_of_the_last_list(bot: BotHarness, monkeypatch: Any) -> None:
    from bot import brief_view

    monkeypatch.setattr(brief_view, "BRIEF_PAGE_SIZE", 4)
    [first] = await bot.ask("/today")
    assert "1. 京津冀协同" in visible(first)
    [more] = await bot.ask("还有呢")
    assert "5. 南铁:科技守护春运路" in visible(more) and "第 2/2 页" in visible(more)
    [done] = await bot.ask("还有呢")
    assert "没有更多了" in visible(done)
    [sixth] = await bot.ask("第六篇")
    assert visible(sixth).startswith("哈尔滨新区创新积分制政策落地")


async def test_off_topic_and_english_get_what_the_bot_does(bot: BotHarness) -> None:
    """Was: 今天天气怎么样 got the full brief; hello and What news is there today? got 没有找到."""
    [weather] = await bot.ask("今天天气怎么样")
    text = visible(weather)
    assert "简报 ·" not in text and "只回答报纸上的地方新闻" in text
    asks = [b for b in buttons(weather) if b["callback_data"].startswith("ask:")]
    assert len(asks) >= 3
    calls = await bot.press(weather, asks[1]["callback_data"])  # the examples can be tapped
    assert any("3.3%" in visible(c) for c in sent_to_user(calls))
    for message in ("hello", "What news is there today?"):
        [english] = await bot.ask(message)
        text = visible(english)
        assert text.startswith("Hello! I answer questions about regional Chinese newspaper articles.")
        assert "没有找到" not in text and not re.search(r"[\u4e00-\u9fff]", text)
        assert [b["text"] for b in buttons(english)][0].startswith("Briefs: ")
    [beijing] = await bot.ask("Beijing")  # a place in pinyin still asks for its brief
    assert visible(beijing).startswith("北京简报")
