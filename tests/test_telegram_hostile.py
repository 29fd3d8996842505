"""The bot against hostile clients and a stalling Bot API: surrogates, forged buttons, slow sends."""
from __future__ import annotations

from typing import Any

from tests.conftest import USER_ID, BotHarness
from tests.fake_bot_api import Call, check_telegram_html

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
        assert ans.params.get("text") == "该内容已过期，请重新查询", data


async def test_over_long_message_is_refused_in_one_short_reply(bot: BotHarness, engine: Any) -> None:
    [reply] = await bot.ask("/brief " + "江西" * 50_000)
    assert "消息太长了" in visible(reply) and "500 字以内" in visible(reply)
