"""409 Conflict from getUpdates (another poller on the token, or a webhook set for it): the bot is
not ready and says why, in one log line rather than a traceback per retry, and recovers when it ends."""
from __future__ import annotations

import asyncio
import json
import logging
import socket
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.tg.app import build_application
from tests.conftest import BotHarness, make_settings, stop_bot
from tests.fake_bot_api import CONFLICT_OTHER_POLLER, CONFLICT_WEBHOOK, FakeBotAPI


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _readyz(port: int) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


async def _until_status(port: int, status: int, timeout: float = 20.0) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        code, body = await asyncio.to_thread(_readyz, port)
        if code == status:
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"/readyz still {code} after {timeout}s: {body}")
        await asyncio.sleep(0.1)


@pytest.fixture
async def polling_bot(fake_api: FakeBotAPI, engine: Any, tmp_path: Path) -> AsyncIterator[tuple[BotHarness, int]]:
    """The bot polling as `run_polling` has it poll: errors in fetching go to the error handler."""
    port = _free_port()
    app = build_application(make_settings(fake_api, health_port=port), engine, state_db=tmp_path / "state.db")
    await app.initialize()
    await app.post_init(app)

    def error_callback(exc: Exception) -> None:  # what Application.run_polling passes
        app.create_task(app.process_error(error=exc, update=None))

    await app.updater.start_polling(poll_interval=0.0, timeout=1, bootstrap_retries=0, error_callback=error_callback)
    await app.start()
    try:
        yield BotHarness(app, fake_api), port
    finally:
        await asyncio.wait_for(stop_bot(app), timeout=20)


@pytest.mark.parametrize("cause", ["another poller", "a webhook"])
async def test_a_409_conflict_makes_the_bot_not_ready_in_one_log_line_and_it_recovers(
    polling_bot: tuple[BotHarness, int], caplog: pytest.LogCaptureFixture, cause: str
) -> None:
    bot, port = polling_bot
    api = bot.api
    assert (await _until_status(port, 200))["checks"]["telegram"]["ok"] is True
    caplog.set_level(logging.INFO)
    mark = api.mark()
    if cause == "another poller":
        api.other_poller(True)
    else:
        api.webhook = {"url": "https://elsewhere.example.invalid/hook"}  # e.g. a webhook replica started
    refused = await api.wait_for("getUpdates", lambda c: c.status == 409, since=mark, count=2, ok_only=False)
    body = await _until_status(port, 503)
    telegram = body["checks"]["telegram"]
    assert telegram["ok"] is False and telegram["error"].startswith("409 Conflict")
    assert (CONFLICT_OTHER_POLLER if cause == "another poller" else CONFLICT_WEBHOOK)[:60] in telegram["error"]
    assert body["checks"]["state"]["ok"] and body["checks"]["corpus"]["ok"]  # only Telegram is named

    if cause == "another poller":
        api.other_poller(False)
    else:
        api.webhook = None
    body = await _until_status(port, 200)  # PTB retries within its back-off (1, 1.5, 2.25 … s)
    assert body["ready"] is True and "error" not in body["checks"]["telegram"]
    [reply] = await bot.ask("/help")  # updates flow again
    assert reply.status == 200

    said = [r for r in caplog.records if r.levelno >= logging.WARNING]
    conflict = [r for r in said if "refused with 409 Conflict" in r.getMessage()]
    assert len(conflict) == 1 and conflict[0].levelno == logging.ERROR, [r.getMessage() for r in said]
    assert "another process polls this bot's token, or a webhook is set" in conflict[0].getMessage()
    assert len([r for r in said if "works again" in r.getMessage()]) == 1
    assert len(refused) >= 2  # refusals again and again …
    assert not [r for r in said if r.exc_info], [r.getMessage() for r in said if r.exc_info]  # … no traceback
    assert not [r for r in said if r.name == "tornado.access"]  # nor a line per 503 to a readiness probe
