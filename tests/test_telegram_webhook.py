"""Webhook mode (right and wrong secret), the missing-token exit, and a log scan for the token."""
from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.tg.app import build_application, run_bot
from bot.tg.logsafe import setup_logging
from bot.tg.settings import MissingTokenError, Settings
from tests.conftest import TEST_TOKEN, USER_ID, BotHarness, make_settings, start_bot, stop_bot
from tests.fake_bot_api import FakeBotAPI, check_telegram_html


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_accepts_only_the_right_secret(fake_api: FakeBotAPI, engine: Any, tmp_path: Path) -> None:
    port = _free_port()
    settings = make_settings(fake_api, webhook_url="https://bot.example.invalid/tg/hook",
                             webhook_secret="right_secret-123", webhook_port=port)
    app = build_application(settings, engine, state_db=tmp_path / "state.db")
    await start_bot(app, polling=False)
    await app.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path=settings.webhook_path(), webhook_url=settings.webhook_url,
        secret_token=settings.effective_webhook_secret(),
    )
    try:
        assert fake_api.webhook["url"] == "https://bot.example.invalid/tg/hook"
        assert fake_api.webhook["secret_token"] == "right_secret-123"
        update = {"update_id": 1, "message": fake_api.make_message("长沙研发投入强度是多少")}
        url = f"http://127.0.0.1:{port}/tg/hook"
        async with httpx.AsyncClient() as client:
            wrong = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            missing = await client.post(url, json=update)
            assert wrong.status_code == 403 and missing.status_code == 403
            await asyncio.sleep(0.2)
            assert not fake_api.calls_of("sendMessage")
            mark = fake_api.mark()
            right = await client.post(url, json=update,
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "right_secret-123"})
            assert right.status_code == 200
        [reply] = await fake_api.wait_for("sendMessage", since=mark)
        assert int(reply.params["chat_id"]) == USER_ID
        assert "3.3%" in check_telegram_html(reply.params["text"])[1]
    finally:
        await asyncio.wait_for(stop_bot(app), timeout=20)


def test_run_without_token_explains_how_to_get_one(engine: Any) -> None:
    with pytest.raises(MissingTokenError) as err:
        run_bot(Settings(token=None), engine)
    message = str(err.value)
    assert "@BotFather" in message and "/newbot" in message and "newsbot chat" in message


def test_webhook_mode_needs_a_url(engine: Any) -> None:
    from bot.tg.settings import SettingsError

    with pytest.raises(SettingsError, match="WEBHOOK_URL"):
        run_bot(Settings(token=TEST_TOKEN), engine, webhook=True)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


async def test_token_never_appears_in_logs(bot_factory_logs: tuple[_Capture, BotHarness]) -> None:
    capture, bot = bot_factory_logs
    await bot.ask("/start")
    await bot.ask("长沙研发投入强度是多少")
    bot.api.fail_next("sendMessage", 400)  # an error with a traceback
    await bot.ask("/help")
    bot.api.fail_next("getUpdates", 500)  # a polling error
    await bot.ask("/about", timeout=20)
    text = "\n".join(capture.lines)
    assert "getUpdates" in text or "sendMessage" in text  # the HTTP traffic was logged …
    assert "update" in text and "failed" in text  # … and the error
    assert TEST_TOKEN not in text
    assert TEST_TOKEN.split(":")[1] not in text


@pytest.fixture
async def bot_factory_logs(fake_api: FakeBotAPI, engine: Any, tmp_path: Path):
    capture = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    setup_logging("DEBUG", TEST_TOKEN)
    # Prove the redaction itself: let httpx log every URL (it holds the token) for this test.
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    app = build_application(make_settings(fake_api), engine, state_db=tmp_path / "state.db")
    await start_bot(app)
    try:
        yield capture, BotHarness(app, fake_api)
    finally:
        await asyncio.wait_for(stop_bot(app), timeout=20)
        root.removeHandler(capture)
        root.setLevel(old_level)
        logging.getLogger("httpx").setLevel(logging.WARNING)


async def test_webhook_secret_never_appears_in_logs(fake_api: FakeBotAPI, engine: Any, tmp_path: Path) -> None:
    secret = "webhook_SECRET-never-logged_42"
    capture = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    setup_logging("DEBUG", TEST_TOKEN)
    port = _free_port()
    settings = make_settings(fake_api, webhook_url="https://bot.example.invalid/tg/hook",
                             webhook_secret=secret, webhook_port=port)
    app = build_application(settings, engine, state_db=tmp_path / "state.db")
    try:
        await start_bot(app, polling=False)
        await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path=settings.webhook_path(),
                                        webhook_url=settings.webhook_url, secret_token=secret)
        assert fake_api.webhook["secret_token"] == secret
    finally:
        await asyncio.wait_for(stop_bot(app), timeout=20)
        root.removeHandler(capture)
        root.setLevel(old_level)
    text = "\n".join(capture.lines)
    assert "setWebhook" in text and "<WEBHOOK_SECRET>" in text  # the parameters line was logged …
    assert secret not in text  # … without the secret


async def test_an_unreadable_update_by_webhook_is_logged_without_its_content(
    fake_api: FakeBotAPI, engine: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    port = _free_port()
    settings = make_settings(fake_api, webhook_url="https://bot.example.invalid/tg/hook",
                             webhook_secret="right_secret-123", webhook_port=port)
    app = build_application(settings, engine, state_db=tmp_path / "state.db")
    await start_bot(app, polling=False)
    await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path=settings.webhook_path(),
                                    webhook_url=settings.webhook_url, secret_token="right_secret-123")
    try:
        fake_api.old_server_poll(question="秘密问题：你投哪一项？")
        [poll] = fake_api._updates  # noqa: SLF001 - the update as the fake would deliver it
        url, headers = f"http://127.0.0.1:{port}/tg/hook", {"X-Telegram-Bot-Api-Secret-Token": "right_secret-123"}
        async with httpx.AsyncClient() as client:
            await client.post(url, json=poll, headers=headers)
            mark = fake_api.mark()
            good = {"update_id": poll["update_id"] + 1, "message": fake_api.make_message("/help")}
            assert (await client.post(url, json=good, headers=headers)).status_code == 200
        await fake_api.wait_for("sendMessage", since=mark)
    finally:
        await asyncio.wait_for(stop_bot(app), timeout=20)
    said = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert not [r for r in said if "秘密问题" in r.getMessage() or "秘密问题" in (r.exc_text or "")]
    assert [r for r in said if "could not be read" in r.getMessage()]
    assert not [r for r in said if r.levelno >= logging.CRITICAL]
