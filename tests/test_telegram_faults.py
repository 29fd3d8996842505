"""Faults from outside (issue 22): updates the bot cannot read, a rejected token, expired buttons."""
from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.tg import services
from tests.conftest import BotHarness


async def test_an_unreadable_update_is_skipped_once_and_serving_goes_on(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    mark = bot.api.mark()
    bad = bot.api.old_server_poll(question="秘密问题：你投哪一项？")
    [reply] = await bot.ask("/help")  # served: the poll did not stop the queue behind it
    assert reply.params["text"]
    polls = bot.api.calls_of("getUpdates", mark)
    assert sum(1 for c in polls if int(c.params.get("offset") or 0) == bad) <= 1  # asked for once
    skipped = [r for r in caplog.records if f"update {bad}" in r.getMessage()]
    assert len(skipped) == 1 and "could not be read" in skipped[0].getMessage()  # logged once …
    # … without its content (PTB's own DEBUG trace of every Bot API answer aside)
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and (
        "秘密问题" in r.getMessage() or "5000000000000000001" in r.getMessage() or "秘密问题" in (r.exc_text or ""))]
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]
    health = services.get_from_bot_data(bot.app.bot_data).health
    assert health is not None
    ready, body = health.readiness()
    assert body["checks"]["telegram"]["ok"], body


async def test_updates_that_cannot_be_moved_past_make_the_bot_not_ready(bot: BotHarness) -> None:
    health = services.get_from_bot_data(bot.app.bot_data).health
    assert health is not None
    await bot.ask("/help")
    assert health.readiness()[1]["checks"]["telegram"]["ok"]
    mark = bot.api.mark()
    bot.api.push_raw({"message": {"garbage": True}})  # not even an update_id
    deadline = time.monotonic() + 10
    while health.updates_unreadable_since is None:
        assert time.monotonic() < deadline, "the unreadable answer went unnoticed"
        await asyncio.sleep(0.05)
    ready, body = health.readiness()
    assert not ready and body["checks"]["telegram"] == {**body["checks"]["telegram"], "ok": False,
                                                        "error": "updates cannot be read"}
    await asyncio.sleep(1.0)
    assert len(bot.api.calls_of("getUpdates", mark)) < 5  # backs off instead of spinning
