"""The bot's state on both back-ends: one migration path, the same behaviour in SQLite and PostgreSQL."""
from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest

from bot.state.db import StateDB, migrations
from bot.state.subscriptions import TZ, DuePush, SubscriptionStore
from bot.tg.callback_store import CallbackStore
from bot.tg.chat_context import ChatContextStore

NOW = datetime(2025, 1, 20, 9, 0, tzinfo=TZ)
BIG_CHAT = -1001234567890  # supergroup ids do not fit in 32 bits


@pytest.fixture(params=["sqlite", "postgresql"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> StateDB:
    if request.param == "sqlite":
        return StateDB(tmp_path / "state.db")
    return StateDB(request.getfixturevalue("pg_url"))


def test_migrations_are_applied_once_and_recorded(state: StateDB) -> None:
    latest = max(m.version for m in migrations())
    assert state.version() == latest
    assert StateDB(state.target).migrate() == []  # a second process finds nothing to do
    with state.connect() as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM state_schema ORDER BY version").fetchall()]
    assert names == [m.name for m in migrations()]


def test_subscriptions_pushes_and_stats(state: StateDB) -> None:
    subs = SubscriptionStore(state)
    assert subs.subscribe(BIG_CHAT, "江西", "08:00", datetime(2025, 1, 18, 12, 0, tzinfo=TZ))
    assert not subs.subscribe(BIG_CHAT, "江西", "08:30", NOW)  # a second time: the time changes
    assert subs.subscribe(7, "四川", "08:00", datetime(2025, 1, 18, 12, 0, tzinfo=TZ))
    [sub] = subs.for_chat(BIG_CHAT)
    assert (sub.region, sub.push_time) == ("江西", "08:30")

    due = subs.due_pushes(NOW, lambda region, after: "2025-01-17")
    assert {(p.chat_id, p.region, p.issue_date) for p in due} == {(BIG_CHAT, "江西", "2025-01-17"),
                                                                   (7, "四川", "2025-01-17")}
    push = next(p for p in due if p.chat_id == BIG_CHAT)
    assert subs.still_due(push)
    subs.record_push(push, NOW)
    subs.record_push(push, NOW)  # recording twice keeps one ledger row
    assert not subs.still_due(push)
    assert [p.chat_id for p in subs.due_pushes(NOW, lambda region, after: "2025-01-17")] == [7]
    assert subs.stats(NOW) == {"active": 2, "inactive": 0, "chats": 2, "pushed_today": 1}

    subs.deactivate(7, "Forbidden", NOW)
    assert SubscriptionStore(state).is_inactive(7)  # another process sees it
    assert subs.stats(NOW)["inactive"] == 1
    assert subs.due_pushes(NOW, lambda region, after: "2025-01-17") == []
    assert subs.reactivate(7, NOW) and not subs.is_inactive(7)
    assert subs.alert_is_new("a.txt", "h1", "bad", NOW) and not subs.alert_is_new("a.txt", "h1", "bad", NOW)


def test_chat_migration_keeps_what_the_new_chat_already_has(state: StateDB) -> None:
    subs = SubscriptionStore(state)
    subs.subscribe(-5, "江西", "08:00", NOW)
    subs.subscribe(-5, "四川", "09:00", NOW)
    subs.subscribe(BIG_CHAT, "四川", "07:00", NOW)
    subs.record_push(DuePush(subs.for_chat(-5)[0].id, -5, "江西", "2025-01-17"), NOW)
    assert subs.migrate(-5, BIG_CHAT) == 1
    assert subs.for_chat(-5) == []
    assert {(s.region, s.push_time) for s in subs.for_chat(BIG_CHAT)} == {("江西", "08:00"), ("四川", "07:00")}
    with state.connect() as conn:
        assert conn.execute("SELECT chat_id FROM sub_pushes").fetchall() == [(BIG_CHAT,)]


def test_button_data_and_chat_context_survive_a_new_process(state: StateDB) -> None:
    long_arg = "长沙" * 40
    data = CallbackStore(state).encode("brief", long_arg)
    assert len(data.encode()) <= 64
    assert CallbackStore(StateDB(state.target)).decode(data) == ("brief", long_arg)
    assert CallbackStore(state).decode("h:unknownkey") is None

    context = ChatContextStore(state)
    context.set_pending(BIG_CHAT, 42, "stat")
    other = ChatContextStore(StateDB(state.target))  # the reply reaches another replica
    assert other.pop_pending(BIG_CHAT, 42) == "stat"
    assert context.pop_pending(BIG_CHAT, 42) is None  # consumed once


def test_postgres_ids_are_64_bit_and_timestamps_order_bytewise(pg_url: str) -> None:
    state = StateDB(pg_url)
    with state.connect() as conn:
        types = dict(conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'sub_subscriptions'"
        ).fetchall())
        collation = conn.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'sub_pushes' AND column_name = 'sent_at'").fetchone()[0]
    assert types["chat_id"] == "bigint" and types["id"] == "bigint"
    assert collation == "C"


def test_replicas_starting_together_migrate_once(pg_url: str) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            StateDB(pg_url).close()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    with StateDB(pg_url).connect() as conn:
        assert conn.execute("SELECT COUNT(*) FROM state_schema").fetchone()[0] == len(migrations())


def test_a_wrong_url_explains_itself() -> None:
    from bot.tg.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="PostgreSQL"):
        Settings.from_env({"NEWSBOT_STATE_URL": "mysql://x"}, dotenv_path=None)
    settings = Settings.from_env({"NEWSBOT_STATE_URL": "postgresql://bot:hunter2@db/newsbot"}, dotenv_path=None)
    assert "hunter2" not in repr(settings)


def test_state_url_password_is_not_in_its_description(pg_url: str) -> None:
    state = StateDB(pg_url.replace("newsbot@", "newsbot:hunter2@"))
    assert "hunter2" not in state.describe() and "hunter2" not in repr(state)
    assert state.version() > 0  # trust auth: the password is ignored, the connection works


# The state tables as the bot created them before versioned migrations (no state_schema).
_UNVERSIONED = """
CREATE TABLE sub_subscriptions (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, region TEXT NOT NULL,
    push_time TEXT NOT NULL, created_at TEXT NOT NULL, last_issue TEXT, last_push_at TEXT, UNIQUE (chat_id, region));
CREATE TABLE sub_chats (chat_id INTEGER PRIMARY KEY, active INTEGER NOT NULL DEFAULT 1, changed_at TEXT, reason TEXT);
CREATE TABLE sub_pushes (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, region TEXT NOT NULL,
    issue_date TEXT NOT NULL, sent_at TEXT NOT NULL, UNIQUE (chat_id, region, issue_date));
CREATE TABLE tg_callbacks (key TEXT PRIMARY KEY, kind TEXT NOT NULL, arg TEXT NOT NULL, created REAL NOT NULL);
INSERT INTO sub_subscriptions (chat_id, region, push_time, created_at) VALUES (1, '江西', '08:00', '2025-01-01T00:00:00+08:00');
INSERT INTO tg_callbacks VALUES ('h:abc', 'brief', '长沙', 1.0);
"""


def test_a_database_from_before_versioned_migrations_keeps_its_state(tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(tmp_path / "old.db")
    conn.executescript(_UNVERSIONED)
    conn.close()
    state = StateDB(tmp_path / "old.db")
    assert state.version() == max(m.version for m in migrations())
    assert [(s.chat_id, s.region) for s in SubscriptionStore(state).all()] == [(1, "江西")]
    assert CallbackStore(state).decode("h:abc") == ("brief", "长沙")
    ChatContextStore(state).set_pending(1, 5, "stat")  # the table added since is there
