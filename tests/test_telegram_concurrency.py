"""The bot never blocks: a slow answer in one chat delays neither another chat nor the event loop."""
from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from tests.conftest import USER_ID, BotHarness, slow_answers

OTHER_USER = 2002
SLOW_SECONDS = 2.0


@pytest.fixture
def slow_engine(engine: Any, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Questions containing 慢 take SLOW_SECONDS (a blocking call, as a long SQLite query would be)."""
    return slow_answers(engine, monkeypatch, SLOW_SECONDS)


@pytest.mark.slow
async def test_a_slow_answer_does_not_delay_another_chat(bot: BotHarness, slow_engine: threading.Event) -> None:
    mark = bot.api.mark()
    bot.api.send_text("慢慢查：长沙研发投入强度是多少", user_id=USER_ID)
    assert await asyncio.to_thread(slow_engine.wait, 10)
    t0 = time.monotonic()
    [fast] = await bot.ask("长沙研发投入强度是多少", user_id=OTHER_USER)
    fast_at = time.monotonic() - t0
    assert "3.3%" in fast.params["text"]
    [slow] = await bot.api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == USER_ID, since=mark)
    assert fast_at < SLOW_SECONDS / 2, f"the other chat waited {fast_at:.2f}s"
    assert fast.index < slow.index  # answered while the slow one was still being computed


async def test_the_event_loop_keeps_running_during_a_slow_answer(bot: BotHarness,
                                                                 slow_engine: threading.Event) -> None:
    bot.api.send_text("慢慢查：长沙研发投入强度是多少", user_id=USER_ID)
    assert await asyncio.to_thread(slow_engine.wait, 10)
    ticks = 0
    t0 = time.monotonic()
    while time.monotonic() - t0 < SLOW_SECONDS / 2:
        await asyncio.sleep(0.01)
        ticks += 1
    # A blocked loop would not run this coroutine at all until the answer is done.
    assert ticks > 10


@pytest.mark.slow
async def test_one_chat_is_answered_in_order(bot: BotHarness, slow_engine: threading.Event) -> None:
    mark = bot.api.mark()
    bot.api.send_text("慢慢查：长沙研发投入强度是多少", user_id=USER_ID)
    bot.api.send_text("/help", user_id=USER_ID)
    first, second = await bot.api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == USER_ID,
                                           since=mark, count=2, timeout=20)
    assert "3.3%" in first.params["text"] and "3.3%" not in second.params["text"]
