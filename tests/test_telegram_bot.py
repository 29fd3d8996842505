"""End to end: real python-telegram-bot polling against the fake Bot API, real engine on the corpus."""
from __future__ import annotations

import re
import time
from typing import Any

import pytest

from bot.present.blocks import Block, Segment

from bot.present.reply import Reply
from bot.present.render_html import render_html
from bot.tg import services
from bot.tg.sender import send_reply
from tests.conftest import USER_ID, BotHarness
from tests.fake_bot_api import Call, check_telegram_html, utf16_len

GROUP_ID = -100123
CJK = re.compile(r"[\u4e00-\u9fff]")


def visible(call: Call) -> str:
    return check_telegram_html(call.params["text"])[1]


def html_text(reply: Reply) -> str:
    """What a user sees of an engine reply rendered for Telegram (one message)."""
    [part] = render_html(reply)
    return check_telegram_html(part)[1]


def buttons(call: Call) -> list[dict[str, Any]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def button(call: Call, kind: str) -> dict[str, Any]:
    for b in buttons(call):
        if b.get("callback_data", "").startswith(kind + ":"):
            return b
    raise AssertionError(f"no {kind} button in {[b['text'] for b in buttons(call)]}")


def last_with_keyboard(calls: list[Call]) -> Call:
    with_kb = [c for c in calls if c.params.get("reply_markup")]
    assert with_kb, "no message with a keyboard"
    return with_kb[-1]


async def test_start_registers_commands_and_offers_examples(bot: BotHarness, engine: Any) -> None:
    [cmds] = bot.api.calls_of("setMyCommands")
    names = [c["command"] for c in cmds.params["commands"]]
    assert names == ["start", "help", "today", "brief", "stat", "search", "compare", "regions", "about",
                     "subscribe", "unsubscribe", "subscriptions"]
    assert all(CJK.search(c["description"]) for c in cmds.params["commands"])

    [welcome] = await bot.ask("/start")
    assert CJK.search(visible(welcome))
    # the engine's own welcome and example questions, nothing added by the front-end
    expected = engine.answer("/start")
    assert visible(welcome) == html_text(expected)
    asks = [b for b in buttons(welcome) if b["callback_data"].startswith("ask:")]
    assert [b["text"] for b in asks] == [a.label for a in expected.actions if a.kind == "ask"]
    assert len(asks) >= 3
    # tapping an example asks it
    calls = await bot.press(welcome, asks[0]["callback_data"])
    answered = [c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == USER_ID]
    assert answered and visible(answered[0]).strip()


async def test_every_command_in_the_menu_is_in_help(bot: BotHarness) -> None:
    """Issue 23: /compare was in the "/" menu but not in /help. /start and /help are how one gets there."""
    [cmds] = bot.api.calls_of("setMyCommands")
    [help_] = await bot.ask("/help")
    text = visible(help_)
    missing = [c["command"] for c in cmds.params["commands"]
               if c["command"] not in ("start", "help") and not re.search(rf"/{c['command']}(?![a-z])", text)]
    assert not missing, missing
    [compare] = await bot.ask("/compare 江西 福建 发送旅客")  # the example /help gives answers
    assert "1690万人次" in visible(compare) and "1710万人次" in visible(compare)


@pytest.mark.parametrize("command", ["/help", "/today", "/regions", "/about", "/brief 北京",
                                     "/search 科创岛"])
async def test_each_command_with_argument_answers_in_chinese(bot: BotHarness, command: str) -> None:
    mark = bot.api.mark()
    [reply] = await bot.ask(command)
    text = visible(reply)
    assert CJK.search(text), text
    assert reply.params["parse_mode"] == "HTML"
    assert reply.params["link_preview_options"] == {"is_disabled": True}
    # "typing…" shows only for a slow answer (tests/test_telegram_typing.py), and never after it
    assert all(c.index < reply.index for c in bot.api.calls_of("sendChatAction", mark))


async def test_stat_command_and_figure_question(bot: BotHarness) -> None:
    [reply] = await bot.ask("/stat 长沙研发投入强度")
    assert "3.3%" in visible(reply)
    [reply] = await bot.ask("长沙研发投入强度是多少")
    assert "3.3%" in visible(reply)
    assert re.search(r"<b><u>[^<]*3\.3%[^<]*</u></b>|<u>[^<]*3\.3%", reply.params["text"])  # the figure marked
    # 原文: the source excerpt, in place
    calls = await bot.press(reply, button(reply, "source")["callback_data"])
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert int(edit.params["message_id"]) == reply.result["message_id"]
    assert "3.3%" in visible(edit)
    # 相关数字: the article's other figures, in place
    calls = await bot.press(reply, button(reply, "related")["callback_data"])
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert visible(edit).strip()


async def test_free_text_brief_with_article_and_page_buttons(bot: BotHarness) -> None:
    [reply] = await bot.ask("河北今天有啥新闻")
    assert "河北" in visible(reply) or "京津冀" in visible(reply)
    art = button(reply, "article")
    calls = await bot.press(reply, art["callback_data"])
    # an article opened from a list takes the list's place (返回列表 brings it back)
    opened = [c for c in calls if c.method == "editMessageText" and int(c.params["chat_id"]) == USER_ID]
    assert opened, "article button opened nothing"
    # the button is the article's number; its title is the text's line of that number
    [headline] = re.findall(rf"^{art['text']}\. (.+?)(?: · 第\S+版)?$", visible(reply), re.M)
    assert any(visible(c).startswith(headline[:8]) for c in opened), headline


async def test_pages_edit_in_place(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.present import brief_view

    # the bundled corpus' latest issue has 6 articles: at 5 a page there is always a next page
    monkeypatch.setattr(brief_view, "BRIEF_PAGE_SIZE", 5)
    [reply] = await bot.ask("/today")
    nxt = [b for b in buttons(reply) if b["callback_data"].startswith("page:")]
    assert nxt, [b["text"] for b in buttons(reply)]
    calls = await bot.press(reply, nxt[0]["callback_data"])
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert int(edit.params["message_id"]) == reply.result["message_id"]
    assert visible(edit) != visible(reply)
    back = [b for b in buttons(edit) if b["callback_data"].startswith("page:")]
    assert back, "the second page offers a way back"
    calls = await bot.press(edit, back[0]["callback_data"])
    assert [c for c in calls if c.method == "editMessageText"]


async def test_commands_without_argument_ask_for_it(bot: BotHarness, engine: Any) -> None:
    # /brief: the engine's prompt, its region actions as the keyboard
    [picker] = await bot.ask("/brief")
    expected = engine.answer("/brief")
    assert expected.intent == "ask_region"
    assert visible(picker) == html_text(expected)
    regions = [b for b in buttons(picker) if b["callback_data"].startswith("brief:")]
    assert [b["text"] for b in regions] == [a.label for a in expected.actions if a.kind == "brief"]
    assert regions
    calls = await bot.press(picker, regions[0]["callback_data"])
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert f"{regions[0]['text']}简报" in visible(edit)
    # replying to the picker with a region name asks for that region's brief
    [picker] = await bot.ask("/brief")
    [reply] = await bot.ask("四川", reply_to=picker.result)
    assert "四川简报" in visible(reply)

    for command, answer, expect in (("/stat", "长沙研发投入强度", "3.3%"), ("/search", "科创岛", "科创岛")):
        [prompt] = await bot.ask(command)
        # the engine's own words, with a ForceReply so that answering is replying
        assert visible(prompt) == html_text(engine.answer(command))
        markup = prompt.params["reply_markup"]
        assert markup["force_reply"] is True and markup["selective"] is True
        assert CJK.search(markup["input_field_placeholder"]) and "/" not in markup["input_field_placeholder"]
        [reply] = await bot.ask(answer, reply_to=prompt.result)
        assert expect in visible(reply)

    # in a group the prompt quotes the command
    [prompt] = await bot.ask("/stat", chat_id=GROUP_ID, chat_type="supergroup")
    assert prompt.params["reply_parameters"]["message_id"]
    [reply] = await bot.ask("长沙研发投入强度", chat_id=GROUP_ID, chat_type="supergroup", reply_to=prompt.result)
    assert "3.3%" in visible(reply)


async def test_help_is_the_engines_help(bot: BotHarness, engine: Any) -> None:
    [helped] = await bot.ask("/help")
    expected = engine.answer("/help")
    assert visible(helped) == html_text(expected)
    text = visible(helped)
    assert "地方新闻助手" in text and "/brief" in text and "/stat" in text
    assert text.count("/subscribe") == 1  # subscribing works here: Telegram's help says so, once
    assert [b["text"] for b in buttons(helped)] == [a.label for a in expected.actions]
    assert all(b["callback_data"].startswith("ask:") for b in buttons(helped))


async def test_stale_buttons_get_a_polite_answer(bot: BotHarness) -> None:
    [reply] = await bot.ask("/help")
    for data in ("article:doesnotexist", "source:999999", "related:abc", "page:nokey|9", "h:unknownhash",
                 "nonsense", "zzz:1"):
        mark = bot.api.mark()
        bot.api.press(reply.result, data)
        [ans] = await bot.api.wait_for("answerCallbackQuery", since=mark)
        assert ans.params.get("text") == "抱歉，这个按钮已过期，请重新查询。", data
    await bot.settle()
    assert not bot.api.calls_of("editMessageText")


async def test_group_answers_only_mentions_replies_and_commands(bot: BotHarness) -> None:
    mark = bot.api.mark()
    bot.api.send_text("长沙研发投入强度是多少", chat_id=GROUP_ID, chat_type="supergroup")
    await bot.settle()
    assert not [c for c in bot.api.calls_of("sendMessage", mark) if int(c.params["chat_id"]) == GROUP_ID]

    [reply] = await bot.ask("@newsbot_test_bot 长沙研发投入强度是多少", chat_id=GROUP_ID, chat_type="supergroup")
    assert "3.3%" in visible(reply)
    assert reply.params["reply_parameters"]["message_id"]  # quotes the question in a group

    [again] = await bot.ask("科创岛", chat_id=GROUP_ID, chat_type="supergroup", reply_to=reply.result)
    assert visible(again).strip()

    [helped] = await bot.ask("/help@newsbot_test_bot", chat_id=GROUP_ID, chat_type="supergroup")
    assert CJK.search(visible(helped))

    # a command for another bot is not ours
    mark = bot.api.mark()
    bot.api.send_text("/help@other_bot", chat_id=GROUP_ID, chat_type="supergroup")
    await bot.settle()
    assert not [c for c in bot.api.calls_of("sendMessage", mark) if int(c.params["chat_id"]) == GROUP_ID]


async def test_inline_query_offers_self_contained_results(bot: BotHarness) -> None:
    mark = bot.api.mark()
    bot.api.inline_query("长沙研发投入强度")
    [answer] = await bot.api.wait_for("answerInlineQuery", since=mark)
    results = answer.params["results"]
    assert results
    for r in results:
        text = check_telegram_html(r["input_message_content"]["message_text"])[1]
        assert "来源" in text and "科技日报" in text
    assert any("3.3%" in r["input_message_content"]["message_text"] for r in results)
    # an empty query is answered too: with the latest issue's headlines
    mark = bot.api.mark()
    bot.api.inline_query("")
    [empty] = await bot.api.wait_for("answerInlineQuery", since=mark)
    assert "南铁:科技守护春运路" in [r["title"] for r in empty.params["results"]]


async def test_long_reply_is_split_under_the_limit(bot: BotHarness) -> None:
    paragraph = "河北省科技厅表示，将持续推进京津冀协同创新<共同体>建设 & 成果转化。" * 50
    reply = Reply("article", blocks=[Block("title", [Segment("长文测试")])] +
                  [Block("text", [Segment(paragraph)]) for _ in range(8)])
    svc = services.get_from_bot_data(bot.app.bot_data)
    mark = bot.api.mark()
    sent = await send_reply(bot.app.bot, USER_ID, reply, svc.store)
    calls = bot.api.calls_of("sendMessage", mark)
    assert len(sent) == len(calls) >= 3
    assert all(utf16_len(visible(c)) <= 4096 for c in calls)
    assert sum(visible(c).count(paragraph) for c in calls) == 8  # split between paragraphs only


async def test_longest_engine_reply_fits(bot: BotHarness, engine: Any) -> None:
    # Every article's full view, however long, arrives as valid messages within the limit.
    ids = [a.id for a in engine.answer("/today").articles]
    assert ids
    for art_id in ids[:3]:
        mark = bot.api.mark()
        bot.api.press({"message_id": 1, "date": 0, "chat": {"id": USER_ID, "type": "private"},
                       "text": "x"}, f"article:{art_id}")
        await bot.api.wait_for("answerCallbackQuery", since=mark)
        await bot.settle()
        for c in bot.api.calls_of("sendMessage", mark):
            assert utf16_len(visible(c)) <= 4096


async def test_html_hostile_user_text_is_escaped(bot: BotHarness) -> None:
    hostile = "<b>粗体</b> & </a> <i>"
    for text in (hostile, f"/brief {hostile}", f"/search {hostile}"):
        [reply] = await bot.ask(text)
        raw = reply.params["text"]
        assert "</a>" not in raw and "<b>粗体" not in raw
        if "<b>粗体" in visible(reply):
            assert "&lt;b&gt;粗体" in raw  # echoed, escaped


async def test_429_is_waited_out(bot: BotHarness) -> None:
    bot.api.fail_next("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    [reply] = await bot.ask("长沙研发投入强度是多少")
    assert "3.3%" in visible(reply)
    failed = [c for c in bot.api.calls_of("sendMessage") if c.status == 429]
    assert len(failed) == 1 and time.monotonic() - started >= 1.0


async def test_500_then_success(bot: BotHarness) -> None:
    bot.api.fail_next("sendMessage", 500)
    [reply] = await bot.ask("长沙研发投入强度是多少")
    assert "3.3%" in visible(reply)
    assert [c.status for c in bot.api.calls_of("sendMessage")][-2:] == [500, 200]
    # a failing getUpdates does not stop polling
    bot.api.fail_next("getUpdates", 500)
    [reply] = await bot.ask("/help", timeout=20)
    assert visible(reply).strip()


async def test_errors_tell_the_user_and_keep_serving(bot: BotHarness) -> None:
    bot.api.fail_next("sendMessage", 400)
    [sorry] = await bot.ask("/help")
    assert visible(sorry) == "出错了，请稍后再试。"
    bot.api.fail_next("sendMessage", 403)  # blocked: nothing to say, nothing breaks
    bot.api.send_text("/help")
    await bot.settle()
    [reply] = await bot.ask("/help")
    assert CJK.search(visible(reply))


@pytest.mark.parametrize("settings_overrides", [{"allowed_user_ids": frozenset({USER_ID, 1999})}])
async def test_allow_list(bot: BotHarness) -> None:
    [reply] = await bot.ask("/help")
    assert "抱歉" not in visible(reply)
    [denied] = await bot.ask("/help", user_id=4242)
    assert "仅对授权用户开放" in visible(denied)
    mark = bot.api.mark()
    bot.api.send_text("@newsbot_test_bot 长沙", user_id=4242, chat_id=GROUP_ID, chat_type="supergroup")
    bot.api.inline_query("长沙", user_id=4242)
    await bot.settle()
    assert not [c for c in bot.api.calls_of("sendMessage", mark) if int(c.params["chat_id"]) == GROUP_ID]
    [inline] = bot.api.calls_of("answerInlineQuery", mark)
    assert inline.params["results"] == []
