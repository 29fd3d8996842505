"""Shared fixtures: the real engine on the bundled corpus (temp DB), a fake Bot API, a running bot."""
from __future__ import annotations

import asyncio
import fcntl
import os
import re
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.fake_bot_api import Call, FakeBotAPI, check_telegram_html

# pg_server / pg_url: a real PostgreSQL for the state tests.
pytest_plugins = ("tests.pgserver",)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus"
# Shaped like a real token so any leak is easy to grep for.
TEST_TOKEN = "123456789:AAHtestTOKENnotREAL_leakcheck-XYZ0123"
USER_ID = 1001
SETTLE_USER_ID = 1999  # a separate private chat used as a barrier


@pytest.fixture(scope="session", autouse=True)
def _one_tls_context() -> Iterator[None]:
    """Every bot the tests start builds two httpx clients, and each loads the CA bundle into a new
    TLS context (~50 ms of CPU). Only plain-HTTP fakes are used here: one default context serves all."""
    import httpx._transports.default as transport

    made = getattr(transport, "create_ssl_context")  # noqa: B009 - not in httpx's exported names
    shared: list[Any] = []

    def create_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> Any:
        if verify is not True or cert is not None or not trust_env:
            return made(verify=verify, cert=cert, trust_env=trust_env)
        if not shared:
            shared.append(made(verify=verify, cert=cert, trust_env=trust_env))
        return shared[0]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(transport, "create_ssl_context", create_ssl_context)
        yield


def _shared_engine_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Under pytest-xdist: the bundled corpus's database, built once by whichever worker comes
    first (a file lock in the run's shared temp folder) instead of once per worker."""
    from bot.answer.engine import Engine

    shared = tmp_path_factory.getbasetemp().parent
    template = shared / "engine-template.db"
    with open(shared / "engine-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            building = shared / "engine-template.building.db"
            engine = Engine.open(db_path=str(building), corpus=str(CORPUS))
            engine.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.db.conn.close()
            building.rename(template)
    return template


@pytest.fixture(scope="session")
def engine_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engine") / "t.db"
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Each worker gets its own copy (tests refresh and read it); the backup API copies it whole.
        src, dst = sqlite3.connect(_shared_engine_template(tmp_path_factory)), sqlite3.connect(path)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    return path


@pytest.fixture(scope="session")
def engine(engine_db: Path) -> Any:
    """The real engine, its database built once from the bundled corpus."""
    from bot.answer.engine import Engine

    return Engine.open(db_path=str(engine_db), corpus=str(CORPUS))


@pytest.fixture
def fake_api() -> Iterator[FakeBotAPI]:
    api = FakeBotAPI(token=TEST_TOKEN).start()
    try:
        yield api
    finally:
        api.stop()
    # Checked after the bot stopped: every text it sent was valid Telegram HTML within limits.
    assert not api.violations, "Bot API contract violations:\n" + "\n".join(api.violations)


def list_button(call: Call, words: str) -> dict[str, Any]:
    """The button of the list item whose numbered line in the message holds `words`: the titles
    are numbered in the text, their buttons are the numbers (`[1] [2] [3]`)."""
    text = check_telegram_html(call.params["text"])[1]
    number = next(m[1] for m in re.finditer(r"^(?:• )?(\d+)\. (.*)$", text, re.M) if words in m[2])
    rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
    return next(b for row in rows for b in row if b["text"] == number)


def make_settings(fake_api: FakeBotAPI, **overrides: Any) -> Any:
    from bot.tg.settings import Settings

    values: dict[str, Any] = {"token": TEST_TOKEN, "base_url": fake_api.base_url}
    values.update(overrides)
    return Settings(**values)


@dataclass
class BotHarness:
    """A running bot (real PTB Application, real polling) and the fake it talks to."""

    app: Any = field(repr=False)  # PTB's Bot repr shows the token
    api: FakeBotAPI = field(repr=False)

    async def ask(self, text: str, *, count: int = 1, timeout: float = 15.0, **kwargs: Any) -> list[Call]:
        """Send a user message and wait for `count` sendMessage calls to its chat."""
        chat_id = kwargs.get("chat_id", kwargs.get("user_id", USER_ID))
        mark = self.api.mark()
        self.api.send_text(text, **kwargs)
        return await self.api.wait_for(
            "sendMessage", lambda c: int(c.params["chat_id"]) == chat_id, since=mark, count=count, timeout=timeout
        )

    async def settle(self) -> None:
        """Barrier: every update sent so far has been fetched and handled (chats are served side
        by side, so an answer in one chat says nothing about another)."""
        deadline = time.monotonic() + 15
        idle = 0
        while idle < 3:  # idle for a few polls in a row: no update between fetch and handling
            busy = (self.api.unfetched() or self.app.update_processor.current_concurrent_updates
                    or not self.app.update_queue.empty())
            idle = 0 if busy else idle + 1
            assert time.monotonic() < deadline, "updates still being handled after 15 s"
            await asyncio.sleep(0.02)

    async def press(self, sent: Call, data: str, method: str = "answerCallbackQuery") -> list[Call]:
        mark = self.api.mark()
        self.api.press(sent.result, data)
        await self.api.wait_for("answerCallbackQuery", since=mark)
        await self.settle()
        return self.api.calls[mark:]


async def start_bot(app: Any, *, polling: bool = True) -> None:
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    if polling:
        await app.updater.start_polling(poll_interval=0.0, timeout=1, bootstrap_retries=0)
    await app.start()


async def stop_bot(app: Any) -> None:
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Override in a test module (or parametrize) to change the bot's settings."""
    return {}


@pytest.fixture
async def bot(
    fake_api: FakeBotAPI, engine: Any, tmp_path: Path, settings_overrides: dict[str, Any]
) -> AsyncIterator[BotHarness]:
    from bot.tg.app import build_application

    app = build_application(make_settings(fake_api, **settings_overrides), engine, state_db=tmp_path / "state.db")
    await start_bot(app)
    try:
        yield BotHarness(app, fake_api)
    finally:
        await asyncio.wait_for(stop_bot(app), timeout=20)


def slow_answers(engine: Any, monkeypatch: pytest.MonkeyPatch, seconds: float) -> threading.Event:
    """Make questions containing 慢 take `seconds` in the engine (a blocking call, as a long SQLite
    query would be); the event is set when one starts."""
    real = engine.answer
    started = threading.Event()

    def answer(text: str, now: Any = None) -> Any:
        if "慢" in text:
            started.set()
            time.sleep(seconds)
        return real(text, now=now)

    monkeypatch.setattr(engine, "answer", answer)
    return started
