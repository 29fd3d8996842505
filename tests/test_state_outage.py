"""The state database fails (disk full, server stopped or restarted): answers go on, admins hear once.

Issue 22, items 3, 8 and 9. Answers come from the corpus; only subscriptions, chat context and
stored buttons need the state database, so only they degrade. A push Telegram confirmed is never
sent again because its record could not be written. A restarted PostgreSQL costs no request.
"""
from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import shlex
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.state.db import StateDB, migrations
from bot.tg.errors import STATE_DOWN_TEXT, USER_ERROR_TEXT
from tests.pgserver import NoServer, start_server, stop_server
from tests.test_telegram_push import ADMIN_ID, World, pushes_to, run_due, sent_to, svc_of, visible, world  # noqa: F401



FULL_DISK = [sqlite3.OperationalError("database or disk is full"), OSError(errno.ENOSPC, "No space left on device")]


class Outage:
    """Every new state-database connection fails as on a full disk while `on`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
        self.on = False
        real = StateDB.raw_connect

        def raw_connect(db: StateDB, **kwargs: Any) -> Any:
            if self.on:
                raise error
            return real(db, **kwargs)

        monkeypatch.setattr(StateDB, "raw_connect", raw_connect)


@pytest.mark.parametrize("error", FULL_DISK, ids=["sqlite-full", "enospc"])
async def test_full_disk_state_answers_on_and_tells_the_admins_once(world: World,  # noqa: F811
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    error: Exception) -> None:
    bot = await world.start()
    outage = Outage(monkeypatch, error)
    outage.on = True
    await degraded_then_back(bot, world, lambda: setattr(outage, "on", False))


async def degraded_then_back(bot: Any, world: World, recover: Any) -> None:  # noqa: F811
    mark = world.api.mark()
    help_reply = await bot.ask("/help")
    assert USER_ERROR_TEXT not in visible(help_reply[-1])
    answer = await bot.ask("江西")  # a question: answered from the corpus, without the chat's context
    assert USER_ERROR_TEXT not in visible(answer[-1]) and STATE_DOWN_TEXT not in visible(answer[-1])
    for _ in range(3):  # subscriptions need the state: the user is told so, the admins once
        said = await bot.ask("/subscribe 江西")
        assert visible(said[-1]) == STATE_DOWN_TEXT
    assert len(sent_to(world.api, ADMIN_ID, mark)) == 1
    recover()
    assert "江西" in visible((await bot.ask("/subscribe 江西", timeout=30))[-1])


async def test_a_confirmed_push_is_not_sent_again_after_the_state_failed_mid_push(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    bot = await world.start()
    chats = list(range(7001, 7041))
    for chat in chats:
        await bot.ask("/subscribe 江西", chat_id=chat, user_id=chat)
    svc = svc_of(bot)
    failed = {"n": 0}
    real = svc.subs.record_push

    def record_push(push: Any, now: Any) -> None:  # the database goes away after ten records
        if failed["n"] >= 10:
            raise sqlite3.OperationalError("database or disk is full")
        failed["n"] += 1
        real(push, now)

    monkeypatch.setattr(svc.subs, "record_push", record_push)
    world.clock.set("2025-01-18T08:00:00")
    mark = world.api.mark()
    with contextlib.suppress(sqlite3.OperationalError):  # before the fix the run failed here
        await run_due(bot)
    monkeypatch.setattr(svc.subs, "record_push", real)  # the database is back
    world.clock.set("2025-01-18T08:01:00")
    await run_due(bot)
    world.clock.set("2025-01-18T08:02:00")
    assert (await run_due(bot)).due == 0
    assert [len(pushes_to(world.api, chat, mark)) for chat in chats] == [1] * len(chats)


# ------------------------------------------------------------------ a PostgreSQL of its own

@pytest.fixture
def own_pg() -> Iterator[dict[str, str]]:
    try:
        exports = start_server()
    except NoServer as exc:
        why = f"no PostgreSQL of its own: {str(exc)[-200:]}"
        if os.environ.get("CI") == "true":  # CI runs these (marked own_pg) where a server can start
            pytest.fail(why)
        pytest.skip(why)
    try:
        yield exports
    finally:
        stop_server(exports)


def pg_ctl(server: dict[str, str], *args: str) -> None:
    folder = Path(server["NEWSBOT_TEST_PG_DIR"])
    # -l: the server it starts must not hold this process's pipes open
    command = [(folder / "bin").read_text().strip() + "/pg_ctl", "-D", str(folder / "data"), "-w",
               "-l", str(folder / "run" / "server.log"), *args]
    if args == ("start",):  # with the options it first ran with (port, socket folder), as restart does
        saved = shlex.split((folder / "data" / "postmaster.opts").read_text())[1:]
        options = [a for i, a in enumerate(saved) if a != "-D" and (i == 0 or saved[i - 1] != "-D")]
        command += ["-o", " ".join(shlex.quote(a) for a in options)]
    user = (folder / "user").read_text().strip()
    if subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip() == "0":
        command = ["runuser", "-u", user, "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


@pytest.mark.slow  # a server of its own, restarted: seconds
@pytest.mark.own_pg
def test_no_request_fails_after_an_ordinary_postgresql_restart(own_pg: dict[str, str]) -> None:
    db = StateDB(own_pg["NEWSBOT_TEST_PG_URL"])
    try:
        # Four requests at once: four connections, then idle in the pool.
        barrier = threading.Barrier(4)

        def hold() -> None:
            with db.connect() as conn:
                barrier.wait(timeout=10)
                conn.execute("SELECT 1").fetchone()

        threads = [threading.Thread(target=hold) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        pg_ctl(own_pg, "-m", "fast", "restart")
        for _ in range(6):  # every pooled connection is dead: none of them is handed out
            with db.connect() as conn:
                assert conn.execute("SELECT 1").fetchone()[0] == 1
        assert db.outage_since is None
    finally:
        db.close()


@pytest.mark.slow  # a server of its own, stopped and started: seconds
@pytest.mark.own_pg
async def test_stopped_postgresql_answers_on_and_tells_the_admins_once(world: World,  # noqa: F811
                                                                       own_pg: dict[str, str]) -> None:
    world.db = own_pg["NEWSBOT_TEST_PG_URL"]  # type: ignore[assignment]  # the state in PostgreSQL
    bot = await world.start()
    pg_ctl(own_pg, "-m", "fast", "stop")
    await degraded_then_back(bot, world, lambda: pg_ctl(own_pg, "start"))


def test_buttons_whose_data_cannot_be_stored_still_go_out_and_say_so_when_tapped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.tg.callback_store import MAX_CALLBACK_BYTES
    from bot.tg.services import OutageTolerantStore

    store = OutageTolerantStore(tmp_path / "state.db")
    long_arg = "江西南昌建成人工智能算力中心" * 3
    outage = Outage(monkeypatch, sqlite3.OperationalError("database or disk is full"))
    outage.on = True
    data = store.encode("article", long_arg)  # no error: the answer carrying it is still sent
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert store.encode("brief", "江西") == "brief:江西"  # short data needs no storage at all
    outage.on = False
    assert store.decode(data) is None  # tapped later: the stale-button message, not 出错了
    stored = store.encode("article", long_arg)
    assert store.decode(stored) == ("article", long_arg)


async def test_admins_hear_of_an_outage_from_the_push_job_when_nobody_writes(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from bot.tg.jobs import push_tick

    bot = await world.start()
    await bot.ask("/subscribe 江西")
    outage = Outage(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    outage.on = True
    mark = world.api.mark()
    bot.app.job_queue.run_once(push_tick, 0)
    await world.api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == ADMIN_ID, since=mark, timeout=15)
    for _ in range(2):  # the minute's push run fails each time: the admins hear once
        bot.app.job_queue.run_once(push_tick, 0)
        await asyncio.sleep(1.0)
    notes = sent_to(world.api, ADMIN_ID, mark)
    assert len(notes) == 1 and "状态数据库不可用" in visible(notes[0])


# ------------------------------------------------------------------ PostgreSQL down at start-up


def _nothing_listens() -> str:
    import socket

    with socket.socket() as s:  # a port just free: connections to it are refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql://newsbot:hunter2@127.0.0.1:{port}/newsbot"


@pytest.mark.slow  # each state access waits for the pool (1 s) while the server is down: ~10 s
async def test_postgresql_down_at_start_up_costs_no_wait_and_answers_go_on(
        world: World, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    import logging
    import time

    world.db = _nothing_listens()  # type: ignore[assignment]
    started = time.monotonic()
    bot = await world.start()
    assert time.monotonic() - started < 3.0  # was: the pool's 5 s, then PoolTimeout and no bot at all
    said = [r.getMessage() for r in caplog.records if "unreachable at start-up" in r.getMessage()]
    assert len(said) == 1 and "hunter2" not in said[0] and "answering from the corpus" in said[0]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR and "state database" in r.getMessage()] == \
        [r for r in caplog.records if "unreachable at start-up" in r.getMessage()]  # one line, not two
    mark = world.api.mark()
    assert "3400万人次" in visible((await bot.ask("南铁春运发送多少人次"))[-1])
    for region in ("江西", "福建"):
        assert visible((await bot.ask(f"/subscribe {region}"))[-1]) == STATE_DOWN_TEXT
    assert not [c for c in world.api.calls[mark:] if USER_ERROR_TEXT in str(c.params.get("text", ""))]
    assert len(sent_to(world.api, ADMIN_ID, mark)) == 1  # told once


@pytest.mark.slow  # a server of its own, stopped and started: seconds
@pytest.mark.own_pg
async def test_a_server_down_at_start_up_gets_its_schema_when_it_answers(world: World,  # noqa: F811
                                                                         own_pg: dict[str, str]) -> None:
    world.db = own_pg["NEWSBOT_TEST_PG_URL"]  # type: ignore[assignment]  # a fresh server: no tables yet
    pg_ctl(own_pg, "-m", "fast", "stop")
    bot = await world.start()
    assert visible((await bot.ask("/subscribe 江西"))[-1]) == STATE_DOWN_TEXT
    pg_ctl(own_pg, "start")
    assert "江西" in visible((await bot.ask("/subscribe 江西", timeout=30))[-1])  # migrated, then subscribed
    assert StateDB(own_pg["NEWSBOT_TEST_PG_URL"]).version() == max(m.version for m in migrations())
