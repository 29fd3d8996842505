"""Settings from the environment, callback data encoding, keyboards, log redaction."""
from __future__ import annotations

import logging

import pytest

from bot.present.reply import Action
from bot.tg.callback_store import CallbackStore
from bot.tg.keyboards import actions_keyboard
from bot.tg.logsafe import install_redaction, setup_logging
from bot.tg.settings import MissingTokenError, Settings, SettingsError
from tests.conftest import TEST_TOKEN


def test_settings_from_env_parses_everything() -> None:
    s = Settings.from_env({
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
        "NEWSBOT_DB": "/tmp/x.db",
        "NEWSBOT_CORPUS": "/tmp/corpus",
        "NEWSBOT_ADMIN_IDS": "1, 2",
        "NEWSBOT_ALLOWED_USER_IDS": "3 4；5",
        "WEBHOOK_URL": "https://bot.example.com/tg/hook",
        "WEBHOOK_LISTEN": "0.0.0.0",
        "WEBHOOK_PORT": "8080",
        "WEBHOOK_SECRET": "abc_DEF-123",
        "NEWSBOT_LOG_LEVEL": "debug",
    })
    assert s.token == TEST_TOKEN and s.base_url == "http://127.0.0.1:8081/bot"
    assert s.admin_ids == {1, 2} and s.allowed_user_ids == {3, 4, 5}
    assert (s.webhook_listen, s.webhook_port, s.webhook_path()) == ("0.0.0.0", 8080, "tg/hook")
    assert s.log_level == "DEBUG"
    assert TEST_TOKEN not in repr(s) and "abc_DEF" not in repr(s)
    assert s.is_allowed(3) and s.is_allowed(1) and not s.is_allowed(9) and not s.is_allowed(None)


def test_settings_defaults_and_errors() -> None:
    s = Settings.from_env({})
    assert s.token is None and s.is_allowed(42) and s.webhook_port == 8443
    with pytest.raises(MissingTokenError) as err:
        s.require_token()
    assert "@BotFather" in str(err.value) and "newsbot chat" in str(err.value)
    with pytest.raises(SettingsError, match="NEWSBOT_ADMIN_IDS"):
        Settings.from_env({"NEWSBOT_ADMIN_IDS": "12,abc"})
    with pytest.raises(SettingsError, match="WEBHOOK_PORT"):
        Settings.from_env({"WEBHOOK_PORT": "99999"})
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        Settings.from_env({"WEBHOOK_SECRET": "has space"})
    with pytest.raises(SettingsError, match="WEBHOOK_URL"):
        Settings().webhook_path()


def test_settings_read_dotenv(tmp_path, monkeypatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=from-dotenv\nNEWSBOT_ADMIN_IDS=7\n", encoding="utf-8")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("NEWSBOT_ADMIN_IDS", raising=False)
    s = Settings.from_env(dotenv_path=str(env_file))
    assert s.token == "from-dotenv" and s.admin_ids == {7}
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("NEWSBOT_ADMIN_IDS", raising=False)


def test_callback_store_short_long_and_restart(tmp_path) -> None:
    store = CallbackStore(tmp_path / "s.db")
    assert store.encode("article", "a1b2c3") == "article:a1b2c3"
    assert store.decode("article:a1b2c3") == ("article", "a1b2c3")
    long_arg = "内蒙古自治区呼和浩特市" * 3
    data = store.encode("brief", long_arg)
    assert len(data.encode()) <= 64 and data.startswith("h:")
    assert store.encode("brief", long_arg) == data  # deterministic, one row
    # a new store on the same file (a restarted bot) still resolves it
    assert CallbackStore(tmp_path / "s.db").decode(data) == ("brief", long_arg)
    assert store.decode("h:unknownkey") is None
    assert store.decode("garbage") is None and store.decode("") is None and store.decode(None) is None


def test_keyboard_rows_and_64_byte_guard(tmp_path) -> None:
    store = CallbackStore(tmp_path / "s.db")
    actions = [
        Action("第一篇文章的标题" * 8, "article", "a1"),
        Action("第二篇", "article", "a2"),
        Action("上一页", "page", "k|1"),
        Action("下一页", "page", "k|3"),
        Action("原文", "source", "5"),
        Action("相关数字", "related", "5"),
        Action("很长的问题" * 10, "ask", "很长的问题" * 10),
    ]
    kb = actions_keyboard(actions, store)
    rows = [[b.text for b in row] for row in kb.inline_keyboard]
    assert rows[1] == ["第二篇"] and rows[2] == ["上一页", "下一页"] and rows[3] == ["原文", "相关数字"]
    assert len(rows[0][0]) <= 40
    for row in kb.inline_keyboard:
        for b in row:
            assert len(b.callback_data.encode()) <= 64
            assert store.decode(b.callback_data) is not None
    assert actions_keyboard([], store) is None


def test_numbered_articles_are_number_buttons_in_even_rows(tmp_path) -> None:
    """A list's articles (`3. 标题`, numbered in the text too) are `[3]` buttons, at most 5 a row and
    the rows filled evenly; their callback data is the action's as before; paging stays a row of its own."""
    store = CallbackStore(tmp_path / "s.db")

    def listing(n: int) -> list[Action]:
        return [Action(f"{k}. 第{k}篇文章的标题", "article", f"id{k}|list:/search 科创岛") for k in range(1, n + 1)]

    def rows_of(actions: list[Action]) -> list[list[str]]:
        return [[b.text for b in row] for row in actions_keyboard(actions, store).inline_keyboard]

    assert rows_of(listing(8) + [Action("上一页", "page", "k|1"), Action("下一页", "page", "k|3")]) == \
        [["1", "2", "3", "4"], ["5", "6", "7", "8"], ["上一页", "下一页"]]
    assert rows_of(listing(5)) == [["1", "2", "3", "4", "5"]]
    assert rows_of(listing(6)) == [["1", "2", "3"], ["4", "5", "6"]]
    assert rows_of(listing(1) + [Action("查看全文", "article", "id9")]) == [["1"], ["查看全文"]]
    kb = actions_keyboard(listing(3), store)
    assert [store.decode(b.callback_data) for b in kb.inline_keyboard[0]] == \
        [("article", f"id{k}|list:/search 科创岛") for k in (1, 2, 3)]


def test_redaction_covers_messages_args_and_tracebacks(caplog) -> None:
    install_redaction(TEST_TOKEN)
    log = logging.getLogger("httpx")
    with caplog.at_level(logging.DEBUG):
        log.setLevel(logging.DEBUG)
        log.info("HTTP Request: POST http://x/bot%s/getMe", TEST_TOKEN)
        try:
            raise RuntimeError(f"failed url http://x/bot{TEST_TOKEN}/sendMessage")
        except RuntimeError:
            logging.getLogger("telegram.ext").exception("boom")
    text = caplog.text
    assert "<TOKEN>" in text and TEST_TOKEN not in text
    setup_logging("INFO", TEST_TOKEN)
    assert logging.getLogger("httpx").level == logging.WARNING
    # the job scheduler's "Running job … executed successfully" lines every minute stay out of INFO logs
    assert not logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.INFO)
