"""Two bot processes on one PostgreSQL and one (fake) Telegram, as webhook replicas (a token has one
poller at most): one pushes; when it is killed in the middle of a push, the other takes over, and
every subscriber gets the brief — twice only if its message was in flight at the moment of the kill
(at least once), never otherwise."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.state.subscriptions import TZ, SubscriptionStore
from bot.tg.callback_store import CallbackStore
from bot.tg.push import push_reply
from bot.tg.sender import render_parts
from tests.conftest import CORPUS, PROJECT_ROOT, TEST_TOKEN
from tests.fake_bot_api import FakeBotAPI

_CHILD = """
from bot.answer.engine import Engine
from bot.tg import Settings, run_bot
settings = Settings.from_env(dotenv_path=None)
run_bot(settings, Engine.open(settings.db_path, settings.corpus), webhook=True)
"""
SUBSCRIBERS = 40
LET_THROUGH = 6  # pushes answered before Telegram "hangs": the kill comes while the rest wait
REGION = "江西"


class GatedBotAPI(FakeBotAPI):
    """sendMessage answers the first few at once, then holds every request until `gate` opens."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.gate = threading.Event()
        self.held: set[int] = set()
        self._answered = 0
        self._gate_lock = threading.Lock()

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = int(params["chat_id"])
        with self._gate_lock:
            hold = self._answered >= LET_THROUGH and not self.gate.is_set()
            if hold:
                self.held.add(chat_id)
            else:
                self._answered += 1
        if hold:
            self.gate.wait(60)  # the request has reached Telegram: it counts as delivered
        return super()._api_sendMessage(params)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _readyz(port: int) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return json.loads(exc.read())
    except OSError:
        return None


async def _until(predicate: Any, timeout: float, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def _spawn(api: FakeBotAPI, engine_db: Path, state_url: str, health_port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_BASE_URL": api.base_url,
        "NEWSBOT_DB": str(engine_db),  # each replica has its corpus database; here they share the file
        "NEWSBOT_CORPUS": str(CORPUS),
        "NEWSBOT_STATE_URL": state_url,
        "NEWSBOT_SCAN_MINUTES": "0",
        "NEWSBOT_HEALTH_PORT": str(health_port),
        "NEWSBOT_LOG_FORMAT": "json",
        "WEBHOOK_URL": "https://bot.example.invalid/tg/hook",
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(_free_port()),
        "WEBHOOK_SECRET": "replicas-share-this-secret",  # required with PostgreSQL state
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-c", _CHILD], env=env, cwd=log.parent, stdout=out,
                                stderr=subprocess.STDOUT)


@pytest.mark.slow  # end to end, seconds: CI runs it
async def test_two_processes_push_each_brief_once_even_when_the_pusher_is_killed(
    engine: Any, engine_db: Path, pg_url: str, tmp_path: Path
) -> None:
    api = GatedBotAPI(token=TEST_TOKEN).start()
    issue = engine.newest_issue_for(REGION, None)
    parts, _ = render_parts(push_reply(engine.brief(REGION, issue), REGION), CallbackStore(tmp_path / "cb.db"))
    assert len(parts) == 1  # one message per delivery keeps the count below exact
    subs = SubscriptionStore(pg_url)
    long_ago = datetime.now(TZ) - timedelta(days=2)
    chats = [5000 + i for i in range(SUBSCRIBERS)]
    for chat in chats:
        subs.subscribe(chat, REGION, "00:00", long_ago)  # today's slot has passed: due now

    ports = {"a": _free_port(), "b": _free_port()}
    logs = {name: tmp_path / f"{name}.log" for name in ports}
    procs: dict[str, subprocess.Popen] = {}
    try:
        procs["a"] = _spawn(api, engine_db, pg_url, ports["a"], logs["a"])
        # A starts alone, is elected, pushes, and Telegram stops answering mid-push.
        await _until(lambda: len(api.held) >= 1, 60, "process A to start pushing")
        procs["b"] = _spawn(api, engine_db, pg_url, ports["b"], logs["b"])
        await _until(lambda: (_readyz(ports["b"]) or {}).get("ready") is True, 60, "process B to be ready")
        await asyncio.sleep(3)  # B's start-up catch-up run (after 1 s) has come and gone
        assert _readyz(ports["b"])["pusher"] == "standby"  # A holds the lock: B does not push
        assert _readyz(ports["a"])["pusher"] == "leader"
        # B did not push: it would have sent to the chats A has in flight (unrecorded, so due).
        before_kill = Counter(int(c.params["chat_id"]) for c in api.calls_of("sendMessage"))
        assert max(before_kill.values()) == 1

        procs["a"].send_signal(signal.SIGKILL)  # no clean shutdown: the lock goes with the dead session
        procs["a"].wait(timeout=10)
        # Reached Telegram, never answered: A could not know they were delivered. (Up to `CONCURRENCY`
        # at a time; more when A's requests timed out meanwhile and it went on to the next ones.)
        in_flight = set(api.held)
        assert in_flight
        api.gate.set()

        def delivered() -> Counter:
            return Counter(int(c.params["chat_id"]) for c in api.calls_of("sendMessage") if c.status == 200)

        await _until(lambda: set(delivered()) >= set(chats), 60, "B to deliver the rest")
        await _until(lambda: SubscriptionStore(pg_url).stats(datetime.now(TZ))["pushed_today"] >= SUBSCRIBERS,
                     30, "the ledger to hold every push")
        await asyncio.sleep(1.5)  # anything B might still (wrongly) send arrives meanwhile
        assert (_readyz(ports["b"]) or {}).get("pusher") == "leader"

        counts = delivered()
        assert set(counts) == set(chats)
        twice = {chat for chat, n in counts.items() if n > 1}
        assert all(n <= 2 for n in counts.values()), counts
        # Sent twice: only what was in flight when A died (A sent it, never learned it arrived).
        assert twice <= in_flight, (twice, in_flight)
        assert all(counts[c] == 1 for c in chats if c not in in_flight)
        with SubscriptionStore(pg_url).db.connect() as conn:
            ledger = conn.execute("SELECT chat_id, COUNT(*) FROM sub_pushes GROUP BY chat_id").fetchall()
        assert sorted(ledger) == [(c, 1) for c in chats]
        assert all(s.last_issue == issue for s in SubscriptionStore(pg_url).all())
    finally:
        api.gate.set()
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        api.stop()
    text = "\n".join(log.read_text(encoding="utf-8", errors="replace") for log in logs.values())
    assert TEST_TOKEN not in text and TEST_TOKEN.split(":")[1] not in text
    lines = [line for line in logs["b"].read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    assert lines and all(json.loads(line)["level"] for line in lines)  # JSON lines, as asked
    assert any("now sends the subscription pushes" in json.loads(line)["msg"] for line in lines)
    assert procs["b"].returncode == 0, text[-3000:]
