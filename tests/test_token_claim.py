"""One poller per token, or webhook replicas, never both (bot/state/token_lock.py); a second
`newsbot run` says why and exits; webhook replicas need a fixed WEBHOOK_SECRET."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.state.token_lock import POLLER, WEBHOOK, TokenClaimed, TokenLock
from bot.tg.app import run_bot
from bot.tg.settings import Settings, WebhookSecretRequiredError
from tests.conftest import PROJECT_ROOT, TEST_TOKEN

BOT_ID = TEST_TOKEN.split(":")[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "state.db")
    url: str = request.getfixturevalue("pg_url")
    return url


def test_one_poller_at_a_time_and_polling_excludes_webhook_replicas(target: str) -> None:
    poller = TokenLock(target, BOT_ID, POLLER)
    poller.acquire()
    try:
        with pytest.raises(TokenClaimed) as second:
            TokenLock(target, BOT_ID, POLLER).acquire()
        # Who holds it: mode, host and pid, so the operator knows which process to stop.
        assert second.value.holder.startswith("newsbot polling ") and f"pid {os.getpid()}" in second.value.holder
        with pytest.raises(TokenClaimed):
            TokenLock(target, BOT_ID, WEBHOOK).acquire()
        TokenLock(target, "42", POLLER).acquire()  # another bot's token: no conflict
    finally:
        poller.release()
    replicas = [TokenLock(target, BOT_ID, WEBHOOK) for _ in range(2)]
    for replica in replicas:
        replica.acquire()  # replicas share the token
    try:
        with pytest.raises(TokenClaimed) as poll:
            TokenLock(target, BOT_ID, POLLER).acquire()
        assert "webhook" in poll.value.holder
    finally:
        for replica in replicas:
            replica.release()
    again = TokenLock(target, BOT_ID, POLLER)
    again.acquire()  # all released: a poller may start
    again.release()


def _newsbot_run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "WEBHOOK_", "TELEGRAM_"))}
    return subprocess.run([sys.executable, "-m", "bot", "run", *args], capture_output=True, text=True, timeout=120,
                          env={**base, "PYTHONPATH": str(PROJECT_ROOT), **env}, cwd=PROJECT_ROOT)


def test_a_second_newsbot_run_says_who_polls_and_exits_before_opening_the_corpus(target: str, tmp_path: Path) -> None:
    # SQLite state lives in the bot's database (NEWSBOT_DB); PostgreSQL's beside it.
    pg = target.startswith("postgresql")
    db = tmp_path / "corpus.db" if pg else Path(target)
    env = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot", "NEWSBOT_DB": str(db),
           **({"NEWSBOT_STATE_URL": target} if pg else {})}
    poller = TokenLock(target, BOT_ID, POLLER)  # the first poller: this test's process
    poller.acquire()
    try:
        t0 = time.monotonic()
        result = _newsbot_run(env)
        seconds = time.monotonic() - t0
    finally:
        poller.release()
    assert result.returncode == 2, result.stderr[-2000:]
    [line] = [x for x in result.stderr.splitlines() if "not starting" in x]
    assert "newsbot polling" in line and f"pid {os.getpid()}" in line and "one poller at a time" in line
    assert "另一个进程" in result.stderr and "webhook" in result.stderr  # the user's explanation, and the way out
    assert not db.exists()  # refused before the corpus was opened (and ingested)
    assert "Traceback" not in result.stderr and TEST_TOKEN.split(":")[1] not in result.stderr
    assert seconds < 60


def test_webhook_replicas_need_a_fixed_secret(engine: Any, tmp_path: Path) -> None:
    replicas = Settings(token=TEST_TOKEN, webhook_url="https://bot.example.invalid/hook",
                        state_url="postgresql://newsbot@127.0.0.1:9/newsbot")
    with pytest.raises(WebhookSecretRequiredError, match="WEBHOOK_SECRET"):
        run_bot(replicas, engine, webhook=True)  # refused before any connection (port 9 answers nothing)
    alone = Settings(token=TEST_TOKEN, webhook_url="https://bot.example.invalid/hook")
    alone.check_webhook_secret()  # SQLite state: one process per state file, a random secret works
    Settings(token=TEST_TOKEN, webhook_url="https://x.invalid/hook", webhook_secret="fixed-1",
             state_url="postgresql://newsbot@127.0.0.1:9/newsbot").check_webhook_secret()


def test_newsbot_run_webhook_on_postgresql_without_a_secret_is_a_configuration_error(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    result = _newsbot_run({"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "NEWSBOT_DB": str(db),
                           "NEWSBOT_STATE_URL": "postgresql://newsbot@127.0.0.1:9/newsbot",
                           "WEBHOOK_URL": "https://bot.example.invalid/hook"}, "--webhook")
    assert result.returncode == 2
    assert result.stderr.startswith("配置错误：") and "WEBHOOK_SECRET" in result.stderr and "403" in result.stderr
    assert not db.exists()


@pytest.mark.slow  # two bot processes: seconds
async def test_while_a_bot_polls_a_second_one_exits_naming_it_and_the_claim_ends_with_the_first(
    fake_api: Any, engine_db: Path, target: str, tmp_path: Path
) -> None:
    import signal

    from tests.conftest import CORPUS

    env = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_BASE_URL": fake_api.base_url, "NEWSBOT_DB": str(engine_db),
           "NEWSBOT_CORPUS": str(CORPUS), "NEWSBOT_SCAN_MINUTES": "0",
           **({"NEWSBOT_STATE_URL": target} if target.startswith("postgresql") else {})}
    if not target.startswith("postgresql"):
        target = str(engine_db)  # SQLite state: in the bot's database
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "WEBHOOK_", "TELEGRAM_"))}
    log = tmp_path / "first.log"
    with open(log, "wb") as out:
        first = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=PROJECT_ROOT, stdout=out,
                                 stderr=subprocess.STDOUT, env={**base, "PYTHONPATH": str(PROJECT_ROOT), **env})
    try:
        await fake_api.wait_for("setMyCommands", timeout=60)  # polling
        second = _newsbot_run(env)
        assert second.returncode == 2, second.stderr[-2000:]
        assert "newsbot polling" in second.stderr and f"pid {first.pid} already takes this bot's updates" in second.stderr
        assert first.poll() is None  # the first one serves on
        mark = fake_api.mark()
        fake_api.send_text("/help")
        await fake_api.wait_for("sendMessage", since=mark, timeout=20)
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(timeout=30)
    assert first.returncode == 0, log.read_text("utf-8", "replace")[-2000:]
    after = TokenLock(target, BOT_ID, POLLER)
    after.acquire()  # the first one's claim ended with it
    after.release()


def _backend_pid(lock: TokenLock) -> int:
    pid: int = lock._conn.info.backend_pid  # noqa: SLF001 - the lock's own session
    return pid


def _terminate(pg_url: str, pid: int) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_claim_lost_with_its_session_is_taken_again_and_a_taker_meanwhile_is_named(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.tg.claim import ClaimKeeper

    caplog.set_level(logging.INFO)
    lock = TokenLock(pg_url, BOT_ID, POLLER)
    lock.acquire()
    keeper = ClaimKeeper(lock)
    try:
        keeper.keep()
        assert lock.held() and not caplog.records  # nothing lost, nothing said
        _terminate(pg_url, _backend_pid(lock))  # a server restart or a network cut, as the lock sees it
        keeper.keep()
        assert lock.held() and not keeper.lost
        with pytest.raises(TokenClaimed):  # a poller started now is refused again
            TokenLock(pg_url, BOT_ID, POLLER).acquire()
        # Lost again, and another poller claims the token before the next check.
        _terminate(pg_url, _backend_pid(lock))
        assert not lock.held()
        intruder = TokenLock(pg_url, BOT_ID, POLLER)
        intruder.acquire()
        try:
            keeper.keep()
            keeper.keep()
            assert keeper.lost and not lock.held()
        finally:
            intruder.release()
        keeper.keep()
        assert lock.held() and not keeper.lost
    finally:
        lock.release()
    said = [r.getMessage() for r in caplog.records if r.name == "bot.tg.claim"]
    assert len([m for m in said if "claiming it again" in m]) == 2 and len([m for m in said if "held again" in m]) == 2
    [taken] = [m for m in said if "took this bot's updates" in m]  # once, though checked twice
    assert "newsbot polling" in taken and "stop one" in taken


def test_claims_in_another_database_of_the_server_are_neither_conflicts_nor_named(pg_url: str, pg_server: str) -> None:
    elsewhere = TokenLock(pg_server, BOT_ID, WEBHOOK)  # another deployment on the same server
    elsewhere.acquire()
    poller = TokenLock(pg_url, BOT_ID, POLLER)
    try:
        poller.acquire()  # advisory locks are per database
        with pytest.raises(TokenClaimed) as second:
            TokenLock(pg_url, BOT_ID, POLLER).acquire()
        assert "webhook" not in second.value.holder and second.value.holder.startswith("newsbot polling")
    finally:
        poller.release()
        elsewhere.release()
