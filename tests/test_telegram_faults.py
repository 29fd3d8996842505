"""Faults from outside (issue 22): updates the bot cannot read, a rejected token, expired buttons."""
from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.tg import services
from bot.tg.callback_store import CALLBACK_TTL_DAYS, CallbackStore
from tests.conftest import CORPUS, PROJECT_ROOT, TEST_TOKEN, BotHarness
from tests.fake_bot_api import FakeBotAPI


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


@pytest.mark.parametrize("fault, log_format", [("no /bot in the URL", "text"), ("401", "json"),
                                               ("a URL the token runs into", "text")])
def test_a_rejected_token_stops_start_up_in_one_line_without_the_token(
    fake_api: FakeBotAPI, engine_db: Path, tmp_path: Path, fault: str, log_format: str
) -> None:
    base_url = fake_api.base_url
    if fault == "401":
        fake_api.fail_next("getMe", 401, times=5)
    elif fault == "no /bot in the URL":
        base_url = base_url[: -len("bot")]  # a self-hosted server's address as often written: 404
    else:
        base_url = base_url[: -len("/bot")]  # http://host:port<token>: the token lands in the port
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_BASE_URL": base_url,
           "NEWSBOT_DB": str(engine_db), "NEWSBOT_CORPUS": str(CORPUS), "NEWSBOT_LOG_FORMAT": log_format,
           "NEWSBOT_SCAN_MINUTES": "0", "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("NEWSBOT_STATE_URL", None)
    result = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-2000:]
    assert TEST_TOKEN not in output and TEST_TOKEN.split(":")[1] not in output
    assert "Traceback" not in output and "InvalidToken" not in output
    if fault == "a URL the token runs into":
        [line] = [x for x in result.stderr.splitlines() if "无法连接" in x]
        assert "TELEGRAM_BASE_URL" in line
        return
    [line] = [x for x in result.stderr.splitlines() if "令牌" in x]
    assert "Telegram 拒绝了机器人令牌" in line
    if fault != "401":
        assert "应以 /bot 结尾" in line


def _age(store: CallbackStore, key: str, days: float) -> None:
    with store.db.connect() as conn:
        conn.execute("UPDATE tg_callbacks SET created = ? WHERE key = ?", (time.time() - days * 86400, key))


def _count(store: CallbackStore) -> int:
    with store.db.connect() as conn:
        return int(conn.execute("SELECT COUNT(*) FROM tg_callbacks").fetchone()[0])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_button_data_expires_and_never_grows_without_bound(tmp_path: Path, backend: str,
                                                           request: pytest.FixtureRequest) -> None:
    store = CallbackStore(tmp_path / "state.db" if backend == "sqlite" else request.getfixturevalue("pg_url"))
    old, fresh = store.encode("brief", "长沙" * 40), store.encode("brief", "江西" * 40)
    _age(store, old, CALLBACK_TTL_DAYS + 1)
    _age(store, fresh, CALLBACK_TTL_DAYS - 1)
    assert store.encode("brief", "江西" * 40) == fresh  # shown again: kept for another TTL
    assert store.prune() == 1
    assert store.decode(old) is None and store.decode(fresh) == ("brief", "江西" * 40)
    for i in range(10):  # one user searching on and on
        store.encode("search", f"{i}" * 70)
    assert store.prune(max_rows=4) == 7 and _count(store) == 4
    assert store.decode(store.encode("search", "9" * 70)) == ("search", "9" * 70)  # the newest stay


async def test_an_expired_button_is_answered_kindly(bot: BotHarness) -> None:
    svc = services.get_from_bot_data(bot.app.bot_data)
    assert bot.app.job_queue.get_jobs_by_name("callbacks-prune")  # pruned on a job tick
    [reply] = await bot.ask("/help")
    key = svc.store.encode("brief", "长沙、" * 20 + "江西")
    _age(svc.store, key, CALLBACK_TTL_DAYS + 1)
    svc.store.prune()
    mark = bot.api.mark()
    bot.api.press(reply.result, key)
    [ans] = await bot.api.wait_for("answerCallbackQuery", since=mark)
    assert ans.params.get("text") == "抱歉，这个按钮已过期，请重新查询。"
