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
