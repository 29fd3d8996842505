"""/healthz and /readyz (webhook server and health port), `newsbot health`, and JSON-lines logs."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.state.db import StateDB, migrations
from bot.tg.health import TELEGRAM_GRACE_SECONDS, Health, ObservedRequest
from tests.conftest import CORPUS, PROJECT_ROOT, TEST_TOKEN, BotHarness
from tests.fake_bot_api import FakeBotAPI

SECRET = "webhook_SECRET-never-logged-42"
_CHILD = """
from bot.answer.engine import Engine
from bot.tg import Settings, run_bot
settings = Settings.from_env(dotenv_path=None)
run_bot(settings, Engine.open(settings.db_path, settings.corpus), webhook=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def newsbot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("NEWSBOT_", "WEBHOOK_", "TELEGRAM_"))}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120,
                          env={**base, "PYTHONPATH": str(PROJECT_ROOT), **(env or {})}, cwd=PROJECT_ROOT)


@pytest.mark.slow  # end to end, seconds: CI runs it
async def test_webhook_process_serves_health_and_keeps_secrets_out_of_json_logs(
    fake_api: FakeBotAPI, engine: Any, engine_db: Path, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_BASE_URL": fake_api.base_url,
        "NEWSBOT_DB": str(engine_db),
        "NEWSBOT_CORPUS": str(CORPUS),
        "NEWSBOT_SCAN_MINUTES": "0",
        "NEWSBOT_LOG_LEVEL": "DEBUG",
        "NEWSBOT_LOG_FORMAT": "json",
        "WEBHOOK_URL": "https://bot.example.invalid/tg/hook",
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET": SECRET,
    }
    full_env = {**os.environ, **env, "PYTHONPATH": str(PROJECT_ROOT)}
    full_env.pop("NEWSBOT_STATE_URL", None)
    log_file = tmp_path / "child.log"
    with open(log_file, "wb") as out:
        child = subprocess.Popen([sys.executable, "-c", _CHILD], env=full_env, cwd=tmp_path, stdout=out,
                                 stderr=subprocess.STDOUT)
    try:
        await fake_api.wait_for("setWebhook", timeout=60)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient() as client:
            ready = None
            for _ in range(100):
                try:
                    ready = await client.get(f"{base}/readyz")
                    if ready.status_code != 404:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            assert ready is not None and ready.status_code == 200, ready and ready.text
            body = ready.json()
            assert body["ready"] is True
            assert body["checks"]["state"]["backend"] == "sqlite"
            assert body["checks"]["corpus"]["articles"] > 0
            assert body["checks"]["telegram"]["ok"] is True
            live = await client.get(f"{base}/healthz")
            assert live.status_code == 200 and live.json()["status"] == "ok"
            # The webhook itself still works, and still wants its secret.
            update = {"update_id": 1, "message": fake_api.make_message("/help")}
            assert (await client.post(f"{base}/tg/hook", json=update)).status_code == 403
            mark = fake_api.mark()
            ok = await client.post(f"{base}/tg/hook", json=update,
                                   headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert ok.status_code == 200
        await fake_api.wait_for("sendMessage", since=mark, timeout=20)
        # `newsbot health` finds the endpoint from the same settings the bot reads.
        result = await asyncio.to_thread(newsbot, "health", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert json.loads(result.stdout)["ready"] is True
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    text = log_file.read_text(encoding="utf-8", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(entries) > 5 and {"ts", "level", "logger", "msg"} <= set(entries[0])
    assert any(e["level"] == "DEBUG" for e in entries)  # DEBUG was on: PTB logged its requests …
    assert SECRET not in text  # … and neither the webhook secret …
    assert TEST_TOKEN not in text and TEST_TOKEN.split(":")[1] not in text  # … nor the token is in them
    assert child.returncode == 0, text[-2000:]


def test_readiness_names_what_is_wrong(tmp_path: Path) -> None:
    from bot.answer.engine import Engine

    empty = tmp_path / "empty_corpus"
    empty.mkdir()
    engine = Engine.open(tmp_path / "c.db", empty)
    health = Health(engine, StateDB(tmp_path / "s.db"))
    ready, body = health.readiness()
    assert not ready
    assert body["checks"]["state"]["ok"] is True
    assert body["checks"]["corpus"] == {"ok": False, "articles": 0, "latest_issue": None}
    assert body["checks"]["telegram"]["error"] == "no call yet"
    health.telegram_ok()
    health.telegram_failed("ConnectError")  # a short outage: still ready as far as Telegram goes
    assert health.readiness()[1]["checks"]["telegram"]["ok"] is True
    health.telegram_failing_since = time.time() - TELEGRAM_GRACE_SECONDS - 1
    tg = health.readiness()[1]["checks"]["telegram"]
    assert tg["ok"] is False and tg["error"] == "ConnectError"
    health.telegram_ok()
    assert health.readiness()[1]["checks"]["telegram"]["ok"] is True


def test_newsbot_health_without_a_running_bot(engine_db: Path, tmp_path: Path, engine: Any) -> None:
    # No endpoint configured: the databases are checked, and the output says Telegram was not.
    result = newsbot("health", "--db", str(engine_db), "--state", str(tmp_path / "s.db"))
    assert result.returncode == 0, result.stdout + result.stderr
    body = json.loads(result.stdout)
    assert body["checks"]["corpus"]["articles"] > 0 and "Telegram" in body["note"]
    result = newsbot("health", "--db", str(tmp_path / "missing.db"), "--state", str(tmp_path / "s.db"))
    assert result.returncode == 1 and json.loads(result.stdout)["checks"]["corpus"]["ok"] is False
    # An endpoint that does not answer: exit 2.
    result = newsbot("health", "--url", f"http://127.0.0.1:{_free_port()}/readyz", "--timeout", "2")
    assert result.returncode == 2 and json.loads(result.stdout)["unreachable"] is True


def test_readiness_fails_when_the_postgresql_state_goes_away(engine: Any, pg_server: str) -> None:
    import uuid

    import psycopg

    name = "t_gone_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    health = Health(engine, StateDB(pg_server.rsplit("/", 1)[0] + "/" + name))
    health.telegram_ok()
    ready, body = health.readiness()
    latest = max(m.version for m in migrations())
    assert ready and body["checks"]["state"] == {"ok": True, "backend": "postgresql", "schema_version": latest}
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')  # pooled connections die with it
    ready, body = health.readiness()
    assert not ready and body["checks"]["state"]["ok"] is False
    assert body["checks"]["corpus"]["ok"] and body["checks"]["telegram"]["ok"]  # only the state is named


async def test_every_bot_api_answer_is_observed(tmp_path: Path, engine: Any) -> None:
    # A subclass of PTB's HTTPXRequest (Python 3.13: its instances take no new do_request).
    answers = iter([200, 400, 502, 200, 401])

    def reply(request: httpx.Request) -> httpx.Response:
        code = next(answers, None)
        if code is None:
            raise httpx.ConnectError("down", request=request)
        return httpx.Response(code, json={"ok": code == 200, "result": True})

    from telegram.error import NetworkError

    health = Health(engine, StateDB(tmp_path / "s.db"))
    request = ObservedRequest(httpx_kwargs={"transport": httpx.MockTransport(reply)})
    health.observe(request)
    await request.initialize()
    try:
        seen = []
        for _ in range(6):
            try:
                code, _payload = await request.do_request("https://api.telegram.invalid/botX/getMe", "POST")
            except NetworkError:  # PTB's name for httpx's errors
                code = 0
            seen.append((code, health.telegram_failing_since is None, health.telegram_error))
    finally:
        await request.shutdown()
    assert seen == [(200, True, None), (400, True, None), (502, False, "HTTP 502"), (200, True, None),
                    (401, False, "HTTP 401"), (0, False, "NetworkError")]


async def test_the_running_bot_reports_telegram_to_readiness(bot: BotHarness) -> None:
    from bot.tg import services

    health = services.get_from_bot_data(bot.app.bot_data).health
    assert isinstance(bot.app.bot.request, ObservedRequest) and bot.app.bot.request.health is health
    assert health.telegram_ok_at is not None  # getMe at start-up
    health.telegram_ok_at = None
    mark = bot.api.mark()
    # An idle bot only polls: once the second getUpdates arrives, the first has been answered.
    await bot.api.wait_for("getUpdates", since=mark, count=2, timeout=10)
    assert health.telegram_ok_at is not None  # getUpdates is observed too
