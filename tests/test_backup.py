"""`newsbot backup` while the bot pushes, then `newsbot restore`: a consistent copy, nothing lost."""
from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.state.backup import STATE_TABLES, BackupError, backup, restore
from bot.state.db import StateDB
from bot.state.subscriptions import TZ, SubscriptionStore
from bot.tg import services
from bot.tg.callback_store import CallbackStore
from tests.conftest import PROJECT_ROOT, BotHarness

SUBSCRIBERS = 240  # at Telegram's 30 a second, a push of several seconds: time to back up during it
REGIONS = ("江西", "四川", "北京")


def newsbot(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("NEWSBOT_STATE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env,
                          cwd=PROJECT_ROOT, timeout=120)


def rows(db: str | Path, table: str) -> list[tuple]:
    with StateDB(db).connect() as conn:
        return sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {table}").fetchall())


def consistent(db: str | Path) -> None:
    """Every subscription's last_issue has its ledger row: no half of a recorded push."""
    subs = {(r[1], r[2]): r[5] for r in rows(db, "sub_subscriptions")}
    ledger = {(r[1], r[2], r[3]) for r in rows(db, "sub_pushes")}
    for (chat, region), last in subs.items():
        if last is not None:
            assert (chat, region, last) in ledger
    assert len(ledger) == sum(1 for last in subs.values() if last is not None)


@pytest.mark.slow
async def test_backup_during_a_push_restores_every_subscription(bot: BotHarness, tmp_path: Path) -> None:
    svc = services.get_from_bot_data(bot.app.bot_data)
    for name in ("push-catch-up", "push-tick"):  # this test owns the pushes
        for job in bot.app.job_queue.get_jobs_by_name(name):
            job.schedule_removal()
    state = svc.subs.db.target
    long_ago = datetime.now(TZ) - timedelta(days=2)
    for i in range(SUBSCRIBERS):
        svc.subs.subscribe(3000 + i, REGIONS[i % len(REGIONS)], "00:00", long_ago)
    svc.subs.deactivate(3000, "Forbidden: bot was blocked by the user", long_ago)
    svc.store.encode("brief", "长沙" * 40)  # button data is state too
    svc.chat_context.set_pending(3001, 77, "stat")
    before = rows(state, "sub_subscriptions")

    push = asyncio.create_task(svc.pusher.run_due(bot.app.bot))
    while len(bot.api.calls_of("sendMessage")) < 20:
        await asyncio.sleep(0.05)
    # The CLI in another process, while this one records pushes into the same file.
    result = await asyncio.to_thread(newsbot, "backup", str(tmp_path / "b.db"), "--state", state)
    sent_when_done = len(bot.api.calls_of("sendMessage"))
    run = await push
    assert result.returncode == 0, result.stderr
    assert f"订阅 {SUBSCRIBERS} 条" in result.stdout
    assert run.sent == SUBSCRIBERS - 1 and 20 <= sent_when_done < SUBSCRIBERS - 1  # taken mid-push

    backed_up = rows(tmp_path / "b.db", "sub_pushes")
    assert 20 <= len(backed_up) < SUBSCRIBERS - 1
    consistent(tmp_path / "b.db")
    assert [r[:5] for r in rows(tmp_path / "b.db", "sub_subscriptions")] == [r[:5] for r in before]

    # Restore into a fresh SQLite state (the bot's file lost), through the CLI.
    fresh = tmp_path / "fresh.db"
    result = await asyncio.to_thread(newsbot, "restore", str(tmp_path / "b.db"), "--state", str(fresh))
    assert result.returncode == 0, result.stderr
    for table in STATE_TABLES:
        assert rows(fresh, table) == rows(tmp_path / "b.db", table)
    restored = SubscriptionStore(fresh)
    assert len(restored.all()) == SUBSCRIBERS and restored.is_inactive(3000)
    assert CallbackStore(fresh).decode(svc.store.encode("brief", "长沙" * 40)) == ("brief", "长沙" * 40)
    # What was delivered after the backup is due again after a restore: at least once, never lost.
    due = restored.due_pushes(datetime.now(TZ), lambda region, after: None if after else "2025-01-17")
    assert len(due) == SUBSCRIBERS - 1 - len(backed_up)


def test_backup_and_restore_across_back_ends(tmp_path: Path, pg_url: str) -> None:
    sqlite_state = StateDB(tmp_path / "bot.db")
    subs = SubscriptionStore(sqlite_state)
    now = datetime(2025, 1, 18, 9, 0, tzinfo=TZ)
    for i in range(10):
        subs.subscribe(-1001000000000 - i, "江西", "08:00", now)
    # SQLite -> backup -> PostgreSQL: how a single bot moves to shared state.
    backup(sqlite_state, tmp_path / "b.db")
    pg = StateDB(pg_url)
    SubscriptionStore(pg).subscribe(1, "四川", "08:00", now)  # replaced by the restore
    copied = restore(pg, tmp_path / "b.db")
    assert copied.tables["sub_subscriptions"] == 10
    pg_subs = SubscriptionStore(pg)
    assert sorted((s.id, s.chat_id) for s in pg_subs.all()) == sorted((s.id, s.chat_id) for s in subs.all())
    assert pg_subs.subscribe(2, "北京", "08:00", now)  # the id sequence moved past the restored ids
    assert len({s.id for s in pg_subs.all()}) == 11
    # And back: PostgreSQL -> backup -> SQLite.
    backup(pg, tmp_path / "b2.db")
    copied = restore(StateDB(tmp_path / "again.db"), tmp_path / "b2.db")
    assert copied.tables["sub_subscriptions"] == 11


def test_backup_refuses_to_overwrite_and_restore_refuses_other_files(tmp_path: Path) -> None:
    state = StateDB(tmp_path / "bot.db")
    backup(state, tmp_path / "b.db")
    with pytest.raises(BackupError, match="已存在"):
        backup(state, tmp_path / "b.db")
    backup(state, tmp_path / "b.db", overwrite=True)
    assert not list(tmp_path.glob(".b.db.*"))  # no temp file left behind
    with pytest.raises(BackupError, match="找不到"):
        restore(state, tmp_path / "missing.db")
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE t (x)")
    other.close()
    with pytest.raises(BackupError, match="不是 newsbot backup"):
        restore(state, tmp_path / "other.db")
    result = newsbot("restore", str(tmp_path / "other.db"), "--state", str(tmp_path / "bot.db"))
    assert result.returncode == 1 and "不是 newsbot backup" in result.stderr


def test_a_backup_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    state = StateDB(tmp_path / "bot.db")
    SubscriptionStore(state).subscribe(-1001, "江西", "08:00", datetime(2025, 1, 18, 9, 0, tzinfo=TZ))
    old = os.umask(0o022)  # the usual umask: files 0644 unless made otherwise
    try:
        backup(state, tmp_path / "b.db")
        (tmp_path / "again.db").write_bytes(b"")
        os.chmod(tmp_path / "again.db", 0o644)
        backup(state, tmp_path / "again.db", overwrite=True)  # --force over a readable file
    finally:
        os.umask(old)
    for name in ("b.db", "again.db"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
    assert rows(tmp_path / "b.db", "sub_subscriptions")


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    [line] = str(result.stderr).strip().splitlines()
    return line


def test_backup_with_the_state_database_down_or_a_bad_destination_says_why(tmp_path: Path) -> None:
    down = "postgresql://newsbot:hunter2@127.0.0.1:1/newsbot"  # nothing listens on port 1
    line = _one_line_error(newsbot("backup", str(tmp_path / "b.db"), "--state", down))
    assert line.startswith("无法连接状态数据库 postgresql://newsbot:***@127.0.0.1:1/newsbot") and "hunter2" not in line
    line = _one_line_error(newsbot("restore", str(tmp_path / "b.db"), "--state", down))
    assert line.startswith("无法连接状态数据库") and "hunter2" not in line

    state = str(tmp_path / "bot.db")
    (tmp_path / "a-file").write_text("x")
    line = _one_line_error(newsbot("backup", str(tmp_path / "a-file" / "b.db"), "--state", state))
    assert line.startswith(f"无法写入备份文件 {tmp_path / 'a-file' / 'b.db'}")
    (tmp_path / "a-folder").mkdir()
    line = _one_line_error(newsbot("backup", str(tmp_path / "a-folder"), "--state", state, "--force"))
    assert "是一个文件夹" in line
    assert list((tmp_path / "a-folder").iterdir()) == []
    assert not list(tmp_path.glob(".*.tmp*"))
