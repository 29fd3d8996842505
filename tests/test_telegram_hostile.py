"""The bot against hostile clients and a stalling Bot API: surrogates, forged buttons, slow sends."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.present.blocks import Block, Segment

from bot.present.reply import Reply
from bot.present.render_html import render_html
from bot.tg import services
from bot.tg.sender import send_reply
from tests.conftest import USER_ID, BotHarness, make_settings, start_bot, stop_bot
from tests.fake_bot_api import Call, FakeBotAPI, check_telegram_html

GROUP_ID = -100777


def visible(call: Call) -> str:
    return check_telegram_html(call.params["text"])[1]


async def test_lone_surrogates_in_messages_get_answers(bot: BotHarness) -> None:
    [reply] = await bot.ask("长沙\ud800研发投入强度是多少")
    assert "3.3%" in visible(reply)
    [reply] = await bot.ask("/brief 江西\udc00")
    assert "出错了" not in visible(reply)
    # In a group the mention is found by PTB's parse_entity, which encodes the text to UTF-16.
    [reply] = await bot.ask("\ud83d @newsbot_test_bot 长沙研发投入强度是多少", chat_id=GROUP_ID,
                            chat_type="supergroup")
    assert "3.3%" in visible(reply)
    [reply] = await bot.ask("/nosuchcommand\ud800")
    assert "出错了" not in visible(reply)
    # the fake fails the test on any text that is not valid UTF-8 (a lone surrogate sent back)


async def test_lone_surrogates_in_inline_queries_and_button_data(bot: BotHarness) -> None:
    mark = bot.api.mark()
    bot.api.inline_query("长沙\udfff研发投入")
    [answer] = await bot.api.wait_for("answerInlineQuery", since=mark)
    assert answer.status == 200
    [help_msg] = await bot.ask("/help")
    for data in ("article:\ud800", "h:\udc00abc", "\ud800:x", "ask:\ud800\ud800"):
        mark = bot.api.mark()
        bot.api.press(help_msg.result, data)
        [ans] = await bot.api.wait_for("answerCallbackQuery", since=mark)
        assert ans.params.get("text") != "出错了，请稍后再试。", data
    await bot.settle()


async def test_forged_figure_ids_are_stale(bot: BotHarness) -> None:
    [reply] = await bot.ask("/help")
    for data in ("source:99999999999999999999", "related:9223372036854775808", "source:²"):
        mark = bot.api.mark()
        bot.api.press(reply.result, data)
        [ans] = await bot.api.wait_for("answerCallbackQuery", since=mark)
        assert ans.params.get("text") == "抱歉，这个按钮已过期，请重新查询。", data


async def test_over_long_message_is_refused_in_one_short_reply(bot: BotHarness, engine: Any) -> None:
    [reply] = await bot.ask("/brief " + "江西" * 50_000)
    assert "消息太长了" in visible(reply) and "500 字以内" in visible(reply)


@pytest.fixture
async def slow_bot(fake_api: FakeBotAPI, engine: Any, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot with a 1 s read timeout, so a stalled Bot API answer times out quickly."""
    from bot.tg.app import build_application

    app = build_application(make_settings(fake_api), engine, state_db=tmp_path / "state.db", read_timeout=1.0)
    await start_bot(app)
    try:
        yield BotHarness(app, fake_api)
    finally:
        await asyncio.wait_for(stop_bot(app), timeout=20)


@pytest.mark.slow
async def test_stalled_send_that_went_through_is_not_followed_by_an_error(slow_bot: BotHarness) -> None:
    bot = slow_bot
    bot.api.delay_next("sendMessage", 2.5)  # delivered at once, answered after the bot gave up (TimedOut)
    [answer] = await bot.ask("长沙研发投入强度是多少")
    assert "3.3%" in visible(answer)
    await asyncio.sleep(2.0)  # the timeout and whatever the bot does about it
    await bot.settle()
    to_user = [c for c in bot.api.calls_of("sendMessage") if int(c.params["chat_id"]) == USER_ID]
    assert [visible(c) for c in to_user if "出错了" in visible(c)] == []
    assert len(to_user) == 1  # and it was not sent twice


async def test_stalled_first_part_does_not_stop_the_rest(slow_bot: BotHarness) -> None:
    bot = slow_bot
    paragraph = "河北省科技厅表示，将持续推进京津冀协同创新共同体建设。" * 60
    reply = Reply("article", blocks=[Block("text", [Segment(paragraph)]) for _ in range(4)])
    svc = services.get_from_bot_data(bot.app.bot_data)
    bot.api.delay_next("sendMessage", 2.5)
    mark = bot.api.mark()
    await send_reply(bot.app.bot, USER_ID, reply, svc.store)
    calls = bot.api.calls_of("sendMessage", mark)
    assert len(calls) == len(render_html(reply)) >= 2  # every part once, none repeated


async def test_forged_subscription_buttons_are_stale(bot: BotHarness) -> None:
    await bot.ask("/subscribe 江西")
    [listing] = await bot.ask("/subscriptions")
    for data in ("sub:del:²", "sub:time:99999999999999999999", "sub:set:9223372036854775808:0800"):
        mark = bot.api.mark()
        bot.api.press(listing.result, data)
        [ans] = await bot.api.wait_for("answerCallbackQuery", since=mark)
        assert ans.params.get("text") == "该订阅已不存在", data
    await bot.settle()
    [listing] = await bot.ask("/subscriptions")
    assert "江西" in visible(listing)  # nothing was removed
