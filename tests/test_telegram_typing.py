""""typing…" only for a slow answer, and chat actions outside the message rate limit (issue 22, item 10).

Every answer used to start with a sendChatAction that waited in the same limiter queue as the
messages: 30 mentions in one group spent 60 slots of the group's 20 a minute.
"""
from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from bot.tg import respond
from tests.conftest import USER_ID, BotHarness, slow_answers

GROUP_ID = -100123456
SLOW_SECONDS = 1.0


@pytest.fixture
def slow_engine(engine: Any, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Questions containing 慢 take SLOW_SECONDS in the engine."""
    return slow_answers(engine, monkeypatch, SLOW_SECONDS)


async def test_a_fast_answer_sends_no_chat_action(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    # A wait far above any answer on a loaded machine: the answer always comes first.
    monkeypatch.setattr(respond, "TYPING_AFTER_SECONDS", 30.0, raising=False)
    mark = bot.api.mark()
    [reply] = await bot.ask("长沙研发投入强度是多少")
    assert "3.3%" in reply.params["text"]
    [reply] = await bot.ask("/help")
    await bot.settle()
    assert bot.api.calls_of("sendChatAction", mark) == []


async def test_a_slow_answer_shows_typing_once_before_it(bot: BotHarness, slow_engine: threading.Event,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(respond, "TYPING_AFTER_SECONDS", 0.1, raising=False)
    mark = bot.api.mark()
    [reply] = await bot.ask("慢慢查：长沙研发投入强度是多少")
    assert "3.3%" in reply.params["text"]
    await bot.settle()
    [action] = bot.api.calls_of("sendChatAction", mark)
    assert action.params["action"] == "typing" and int(action.params["chat_id"]) == USER_ID
    assert action.index < reply.index  # never "typing…" after the answer is there


async def test_a_chart_shows_upload_photo_before_the_photo(bot: BotHarness,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(respond, "TYPING_AFTER_SECONDS", 30.0, raising=False)
    mark = bot.api.mark()
    [text] = await bot.ask("/compare 江西 福建 发送旅客")
    [photo] = bot.api.calls_of("sendPhoto", since=mark)
    [action] = bot.api.calls_of("sendChatAction", mark)
    assert action.params["action"] == "upload_photo"
    assert action.index < photo.index < text.index


async def typing_in_a_full_group() -> tuple[list[str], bool, float]:
    """A group's 20 messages a minute used up, then its 21st message and a chat action: (what the
    limiter let through, in order; whether the 21st message still waits; how long the action took)."""
    from bot.tg.app import default_rate_limiter

    limiter = default_rate_limiter()
    await limiter.initialize()
    sent: list[str] = []

    async def call(name: str) -> bool:
        sent.append(name)
        return True

    def request(endpoint: str, name: str) -> Any:
        return limiter.process_request(call, (name,), {}, endpoint, {"chat_id": GROUP_ID}, None)

    try:
        for i in range(20):
            await asyncio.wait_for(request("sendMessage", f"m{i}"), timeout=10)
        waiting = asyncio.create_task(request("sendMessage", "m20"))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        await asyncio.wait_for(request("sendChatAction", "typing"), timeout=10)
        action_wait = time.monotonic() - started
        message_waits = not waiting.done()
        waiting.cancel()
    finally:
        await limiter.shutdown()
    return sent, message_waits, action_wait


async def test_chat_actions_do_not_wait_behind_messages_in_the_limiter() -> None:
    """A group's 20 messages a minute are used up: its next message waits ~3 s, a chat action not."""
    sent, message_waits, _ = await typing_in_a_full_group()
    assert sent[-1] == "typing" and "m20" not in sent, sent
    assert message_waits
