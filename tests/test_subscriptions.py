"""Subscription data and the push decision, without Telegram: a fake "newest issue" and a fixed clock."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.ingest import store
from bot.state.subscriptions import DuePush, SubscriptionStore, last_slot, parse_time

TZ_NOTE = "+08:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + TZ_NOTE)


class Issues:
    """Stands in for engine.newest_issue_for: issue dates per region."""

    def __init__(self, **by_region: list[str]) -> None:
        self.by_region = by_region
        self.calls = 0

    def __call__(self, region: str, after: str | None) -> str | None:
        self.calls += 1
        newer = [d for d in self.by_region.get(region, []) if after is None or d > after]
        return max(newer) if newer else None


@pytest.fixture
def subs(tmp_path: Path) -> SubscriptionStore:
    return SubscriptionStore(tmp_path / "bot.db")


def deliver(subs: SubscriptionStore, now: datetime, issues: Issues) -> list[DuePush]:
    due = subs.due_pushes(now, issues)
    for push in due:
        subs.record_push(push, now)
    return due


@pytest.mark.parametrize("text, expected", [
    ("08:00", "08:00"), ("8:30", "08:30"), ("７：０５", "07:05"), ("8点", "08:00"), ("21点30", "21:30"),
    ("21点30分", "21:30"), ("24:00", None), ("8:61", None), ("江西", None), ("0800", None),
    ("8点半", "08:30"), ("08:30", "08:30"), ("20点15", "20:15"), ("8时", "08:00"), ("７点半", "07:30"),
    ("晚上8点", "20:00"), ("下午3点半", "15:30"), ("中午12点", "12:00"), ("中午1点", "13:00"),
    ("上午9:15", "09:15"), ("25:00", None), ("8点61", None), ("8:5", None), ("8点半半", None), ("半", None),
])
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


def test_last_slot_is_today_or_yesterday() -> None:
    assert last_slot(at("2025-01-18T09:00:00"), "08:00") == at("2025-01-18T08:00:00")
    assert last_slot(at("2025-01-18T08:00:00"), "08:00") == at("2025-01-18T08:00:00")
    assert last_slot(at("2025-01-18T07:59:59"), "08:00") == at("2025-01-17T08:00:00")
    # a UTC clock is read in Beijing time
    assert last_slot(datetime.fromisoformat("2025-01-18T00:30:00+00:00"), "08:00") == at("2025-01-18T08:00:00")


def test_push_at_its_time_once_and_only_for_a_new_issue(subs: SubscriptionStore) -> None:
    issues = Issues(江西=["2025-01-17"])
    assert subs.subscribe(1, "江西", "08:00", at("2025-01-18T07:00:00"))
    assert deliver(subs, at("2025-01-18T07:59:00"), issues) == []
    [push] = deliver(subs, at("2025-01-18T08:00:00"), issues)
    assert (push.chat_id, push.region, push.issue_date) == (1, "江西", "2025-01-17")
    # the same slot again, and the next days without a new issue: nothing
    for moment in ("2025-01-18T08:01:00", "2025-01-18T23:00:00", "2025-01-19T08:00:00", "2025-01-20T08:00:00"):
        assert deliver(subs, at(moment), issues) == []
    issues.by_region["江西"].append("2025-01-21")
    # an issue that arrives after the day's slot, on a day nothing was pushed yet, goes out at once
    [push] = deliver(subs, at("2025-01-21T10:00:00"), issues)
    assert push.issue_date == "2025-01-21"
    assert deliver(subs, at("2025-01-22T08:00:00"), issues) == []
    assert subs.stats(at("2025-01-21T12:00:00"))["pushed_today"] == 1


def test_one_push_a_day_at_most(subs: SubscriptionStore) -> None:
    issues = Issues(江西=["2025-01-17"])
    subs.subscribe(1, "江西", "08:00", at("2025-01-17T07:00:00"))
    assert len(deliver(subs, at("2025-01-17T08:00:00"), issues)) == 1
    issues.by_region["江西"].append("2025-01-18")  # a second issue later the same day: tomorrow
    assert deliver(subs, at("2025-01-17T15:00:00"), issues) == []
    assert [p.issue_date for p in deliver(subs, at("2025-01-18T08:00:00"), issues)] == ["2025-01-18"]


def test_subscribing_after_the_slot_waits_for_the_next_one(subs: SubscriptionStore) -> None:
    issues = Issues(四川=["2025-01-17"])
    subs.subscribe(1, "四川", "08:00", at("2025-01-18T10:00:00"))
    assert deliver(subs, at("2025-01-18T11:00:00"), issues) == []
    assert len(deliver(subs, at("2025-01-19T08:00:00"), issues)) == 1


def test_downtime_catch_up_is_one_push_of_the_newest_issue(subs: SubscriptionStore) -> None:
    issues = Issues(江西=["2025-01-17"])
    subs.subscribe(1, "江西", "08:00", at("2025-01-17T07:00:00"))
    deliver(subs, at("2025-01-17T08:00:00"), issues)
    issues.by_region["江西"] += ["2025-01-18", "2025-01-19", "2025-01-20"]  # ingested while the bot was down
    pushes = deliver(subs, at("2025-01-21T13:00:00"), issues)
    assert [p.issue_date for p in pushes] == ["2025-01-20"]
    assert deliver(subs, at("2025-01-21T13:01:00"), issues) == []


def test_one_engine_call_per_region_for_many_subscribers(subs: SubscriptionStore) -> None:
    issues = Issues(江西=["2025-01-17"], 四川=["2025-01-17"])
    for chat in range(200):
        subs.subscribe(chat, "江西" if chat % 2 else "四川", "08:00", at("2025-01-17T07:00:00"))
    assert len(subs.due_pushes(at("2025-01-17T08:00:00"), issues)) == 200
    assert issues.calls == 2


def test_subscribe_changes_time_unsubscribe_and_list(subs: SubscriptionStore) -> None:
    now = at("2025-01-17T07:00:00")
    assert subs.subscribe(5, "江西", "08:00", now)
    assert subs.subscribe(5, "四川", "07:30", now)
    assert not subs.subscribe(5, "江西", "09:00", now)  # existing: time changed
    assert [(s.region, s.push_time) for s in subs.for_chat(5)] == [("江西", "09:00"), ("四川", "07:30")]
    sub = subs.for_chat(5)[1]
    assert subs.set_time(sub.id, "06:00") and subs.get(sub.id).push_time == "06:00"
    assert subs.unsubscribe(5, "江西") == ["江西"]
    assert subs.unsubscribe(5, "江西") == []
    assert subs.unsubscribe(5) == ["四川"] and subs.for_chat(5) == []


def test_inactive_chats_are_skipped_until_reactivated(subs: SubscriptionStore, tmp_path: Path) -> None:
    issues = Issues(江西=["2025-01-17"])
    subs.subscribe(7, "江西", "08:00", at("2025-01-17T07:00:00"))
    subs.deactivate(7, "Forbidden: bot was blocked by the user", at("2025-01-17T07:30:00"))
    assert subs.due_pushes(at("2025-01-17T08:00:00"), issues) == []
    assert subs.stats(at("2025-01-17T08:00:00"))["inactive"] == 1
    # the state is in the database, not only in memory
    again = SubscriptionStore(tmp_path / "bot.db")
    assert again.is_inactive(7) and again.for_chat(7)[0].active is False
    assert again.reactivate(7, at("2025-01-17T09:00:00"))
    assert not again.reactivate(7, at("2025-01-17T09:00:00"))
    assert [p.chat_id for p in again.due_pushes(at("2025-01-17T09:00:00"), issues)] == [7]


def test_migration_moves_subscriptions_and_history(subs: SubscriptionStore) -> None:
    issues = Issues(江西=["2025-01-17"])
    subs.subscribe(-500, "江西", "08:00", at("2025-01-17T07:00:00"))
    deliver(subs, at("2025-01-17T08:00:00"), issues)
    assert subs.migrate(-500, -100500) == 1
    assert subs.for_chat(-500) == []
    [sub] = subs.for_chat(-100500)
    assert sub.last_issue == "2025-01-17"
    assert subs.due_pushes(at("2025-01-18T08:00:00"), issues) == []


def test_failed_file_alert_once_per_content(subs: SubscriptionStore) -> None:
    now = at("2025-01-17T07:00:00")
    assert subs.alert_is_new("/c/bad.txt", "h1", "不是文本文件", now)
    assert not subs.alert_is_new("/c/bad.txt", "h1", "不是文本文件", now)
    assert subs.alert_is_new("/c/bad.txt", "h2", "不是文本文件", now)  # changed, still failing: tell again


def test_tables_survive_a_corpus_rebuild(tmp_path: Path) -> None:
    db_path = tmp_path / "newsbot.db"
    db = store.connect(db_path)
    store.ensure_schema(db)
    subs = SubscriptionStore(db_path)
    subs.subscribe(1, "江西", "08:00", at("2025-01-17T07:00:00"))
    assert not {t for t in db.table_names() if t.startswith("sub_")} & set(store.CORPUS_TABLES)
    db.execute("PRAGMA user_version=0")  # an older schema: ingest drops and rebuilds the corpus tables
    store.ensure_schema(db)
    assert [s.region for s in SubscriptionStore(db_path).for_chat(1)] == ["江西"]


def test_scan_minutes_setting() -> None:
    from bot.tg.settings import Settings, SettingsError

    assert Settings.from_env({}).scan_minutes == 5
    assert Settings.from_env({"NEWSBOT_SCAN_MINUTES": "0.5"}).scan_minutes == 0.5
    assert Settings.from_env({"NEWSBOT_SCAN_MINUTES": "0"}).scan_minutes == 0
    for bad in ("-1", "abc", "nan"):
        with pytest.raises(SettingsError, match="NEWSBOT_SCAN_MINUTES"):
            Settings.from_env({"NEWSBOT_SCAN_MINUTES": bad})
    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text(encoding="utf-8")
    assert "NEWSBOT_SCAN_MINUTES=" in example
