"""Issue 13 end to end through the real bot and the fake Bot API: what a reader sees."""
from __future__ import annotations

import re
from typing import Any

from tests.conftest import USER_ID, BotHarness, list_button
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
    [opened] = [c for c in calls if c.method == "editMessageText"]
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
    from bot.present import brief_view

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


async def test_article_opens_in_place_of_the_list_and_goes_back(bot: BotHarness) -> None:
    """Was: a 1,984-character wall opening with a bare list of numbers, its summary repeating a
    paragraph, and no buttons."""
    [brief] = await bot.ask("/today")
    nanti = list_button(brief, "南铁")
    calls = await bot.press(brief, nanti["callback_data"])
    [article] = [c for c in calls if c.method == "editMessageText"]
    assert int(article.params["message_id"]) == brief.result["message_id"]
    text, html_text = visible(article), article.params["text"]
    assert text.startswith("南铁:科技守护春运路\n\n科技日报 2025年1月17日") and "本报记者 魏依晨" in text
    assert "数字：" not in text and "摘要" not in text
    assert "<b><u>3400万人次</u></b>" in html_text  # figures marked where they stand
    first_sentence = "2025年春运自1月14日开始至2月22日结束"
    assert text.count(first_sentence) == 1
    back = next(b for b in buttons(article) if b["text"] == "返回列表")
    calls = await bot.press(article, back["callback_data"])
    [again] = [c for c in calls if c.method == "editMessageText"]
    assert visible(again) == visible(brief)


async def test_long_articles_are_paged(bot: BotHarness, engine: Any, monkeypatch: Any) -> None:
    from bot.present import article_view

    monkeypatch.setattr(article_view, "PAGE_CHARS", 500)
    [brief] = await bot.ask("/search 科创岛")
    opened = await bot.press(brief, list_button(brief, "天府")["callback_data"])
    [page1] = [c for c in opened if c.method == "editMessageText"]
    assert "第 1/" in visible(page1)
    nxt = next(b for b in buttons(page1) if b["text"] == "下一页")
    calls = await bot.press(page1, nxt["callback_data"])
    [page2] = [c for c in calls if c.method == "editMessageText"]
    assert "（续 2/" in visible(page2) and "第 2/" in visible(page2)
    assert {b["text"] for b in buttons(page2)} >= {"上一页", "返回列表"}
    back = next(b for b in buttons(page2) if b["text"] == "返回列表")
    calls = await bot.press(page2, back["callback_data"])
    [listed] = [c for c in calls if c.method == "editMessageText"]
    assert visible(listed).startswith("「科创岛」相关报道")


async def test_source_and_related_have_a_way_back_and_no_repeats(bot: BotHarness) -> None:
    """Was: 原文 and 相关数字 replaced the answer with no way back; 相关数字 repeated one sentence 4 times."""
    [answer] = await bot.ask("南铁春运发送多少人次")
    related = next(b for b in buttons(answer) if b["text"] == "相关数字")
    calls = await bot.press(answer, related["callback_data"])
    [listing] = [c for c in calls if c.method == "editMessageText"]
    text = visible(listing)
    assert text.count("江西、福建两省分别发送旅客") == 1
    assert "<b><u>1690万人次</u></b>、<b><u>1710万人次</u></b>" in listing.params["text"]
    back = next(b for b in buttons(listing) if b["text"] == "返回答案")
    calls = await bot.press(listing, back["callback_data"])
    [restored] = [c for c in calls if c.method == "editMessageText"]
    assert visible(restored).startswith("3400万人次")
    source = next(b for b in buttons(restored) if b["text"] == "原文")
    calls = await bot.press(restored, source["callback_data"])
    [excerpt] = [c for c in calls if c.method == "editMessageText"]
    assert any(b["text"] == "返回答案" for b in buttons(excerpt))


async def test_profile_texts_are_set_at_start_up(bot: BotHarness) -> None:
    """Was: no description, so a new chat showed an empty intro."""
    descriptions = bot.api.calls_of("setMyDescription")
    shorts = bot.api.calls_of("setMyShortDescription")
    assert {c.params.get("language_code") for c in descriptions} == {None, "en"}
    assert {c.params.get("language_code") for c in shorts} == {None, "en"}
    default = next(c for c in descriptions if c.params.get("language_code") is None)
    assert "地方新闻助手" in default.params["description"] and len(default.params["description"]) <= 512
    assert all(len(c.params["short_description"]) <= 120 for c in shorts)


async def test_deep_links_and_share_buttons(bot: BotHarness) -> None:
    """Was: /start payloads ignored, nothing to share."""
    from urllib.parse import parse_qs, urlparse

    [brief] = await bot.ask("江西有什么消息")
    share = next(b for b in buttons(brief) if b["text"] == "分享")
    link = parse_qs(urlparse(share["url"]).query)["url"][0]
    assert link.startswith("https://t.me/newsbot_test_bot?start=brief-")
    payload = link.split("start=", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
    [opened] = await bot.ask(f"/start {payload}")
    assert visible(opened) == visible(brief)
    [typed] = await bot.ask("/start brief-江西")  # by hand, unencoded
    assert visible(typed).startswith("江西简报")
    question = "2025年春运期间南铁预计一共要发送多少人次的旅客呢请告诉我"  # too long to encode in 64
    [answer] = await bot.ask(question)
    share = next(b for b in buttons(answer) if b["text"] == "分享")
    payload = parse_qs(urlparse(share["url"]).query)["url"][0].split("start=", 1)[1]
    assert payload.startswith("q-") and len(payload) <= 64
    [again] = await bot.ask(f"/start {payload}")
    assert visible(again) == visible(answer)
    [welcome] = await bot.ask("/start nonsense-payload")
    assert "地方新闻助手" in visible(welcome)
    # Issue 23: after 同比呢 the link was `q-ask:/stat 福建南铁春运发送旅客同比增长多少`, friends got a bare /start.
    await bot.ask("南铁春运发送多少人次")
    await bot.ask("那福建呢")
    [follow_up] = await bot.ask("同比呢")
    [asked] = await bot.ask("福建南铁春运发送旅客同比增长多少")  # 48 bytes: the length that broke
    for change in (follow_up, asked):
        share = next(b for b in buttons(change) if b["text"] == "分享")
        payload = parse_qs(urlparse(share["url"]).query)["url"][0].split("start=", 1)[1]
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload), payload
        [again] = await bot.ask(f"/start {payload}", chat_id=USER_ID + 7, user_id=USER_ID + 7)  # a friend
        assert visible(again) == visible(change) and visible(again).startswith("6.1%")
    [expired] = await bot.ask("/start q-AAAAAAAAAAAAAAAA")  # pruned, or never ours
    assert visible(expired).startswith("这个分享链接已失效") and "地方新闻助手" in visible(expired)


async def test_subscribing_to_a_never_covered_region_says_so(bot: BotHarness) -> None:
    [reply] = await bot.ask("/subscribe 西藏")
    text = visible(reply)
    assert "已订阅：西藏" in text and "语料中还没有关于西藏的报道" in text
    [covered] = await bot.ask("/subscribe 江西")
    assert "还没有关于" not in visible(covered)


def rows(call: Call) -> list[list[str]]:
    return [[b["text"] for b in row] for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", [])]


async def test_list_buttons_are_compact_numbers_and_each_opens_its_line(bot: BotHarness, monkeypatch: Any) -> None:
    """Issue 23: one full-width title per row, 6–8 stacked rows under a brief. Now the numbers in
    rows (the titles are numbered in the text), paging under them; each opens the article of its line."""
    from bot.present import brief_view

    [today] = await bot.ask("/today")
    assert rows(today) == [["1", "2", "3"], ["4", "5", "6"]]
    [search] = await bot.ask("/search 科技")
    assert rows(search) == [["1", "2", "3", "4", "5"]]
    for listing in (today, search):
        lines = dict(re.findall(r"^(?:• )?(\d+)\. (.+?)(?: · .*)?$", visible(listing), re.M))
        for number in [b for row in rows(listing) for b in row]:
            pressed = next(b for b in buttons(listing) if b["text"] == number)
            calls = await bot.press(listing, pressed["callback_data"])
            [opened] = [c for c in calls if c.method == "editMessageText"]
            assert lines[number] in visible(opened).split("\n\n")[:2], (number, lines[number])  # its title (after a kicker)
    monkeypatch.setattr(brief_view, "BRIEF_PAGE_SIZE", 4)  # a second page: the paging row under the numbers
    [paged] = await bot.ask("/today")
    assert rows(paged) == [["1", "2", "3", "4"], ["下一页"]]
