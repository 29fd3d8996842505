#!/usr/bin/env python3
"""Replays issue 22's faults against the real bot and prints one line per case.

    .venv/bin/python scripts/chaos.py            # every case (about half a minute)
    .venv/bin/python scripts/chaos.py prune pg   # the cases whose names contain these words

Each case runs the bot's own code the way the tests do: the real PTB application talking HTTP to
the fake Bot API of tests/fake_bot_api.py, the real engine on a copy of the bundled corpus, the
real ingest on generated folders, `python -m bot` as a subprocess, and for the PostgreSQL cases a
throwaway server started with .ci/postgres.sh (reported SKIP where none can start). Needs the test
extra installed (`pip install -e '.[test]'`). Exit status 1 when any case fails.

Each line: case | expected | observed | PASS, FAIL or SKIP.
"""
from __future__ import annotations

import asyncio
import contextlib
import errno
import io
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402 - MonkeyPatch, as the tests use it, outside pytest

from bot.cli import main as newsbot_cli  # noqa: E402
from bot.ingest import store  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402
from bot.tg.errors import STATE_DOWN_TEXT, USER_ERROR_TEXT  # noqa: E402
from tests.conftest import CORPUS, TEST_TOKEN, BotHarness, list_button  # noqa: E402
from tests.fake_bot_api import Call, FakeBotAPI  # noqa: E402
from tests.test_telegram_push import ADMIN_ID, World, pushes_to, run_due, sent_to, svc_of, visible  # noqa: E402

ARCHIVE = ROOT / "tests" / "data" / "archive"
GOOD = ARCHIVE / "20200221" / "20200221-06-01.txt"  # one real 人民日报 page (吉林 in its headlines)


@dataclass
class Seen:
    """What a case observed, and whether that is what was expected."""

    observed: str
    ok: bool


class Skip(Exception):
    """The case cannot run on this machine (said why)."""


# ------------------------------------------------------------------ shared set-up


class LogTap(logging.Handler):
    """Every log record of the run, kept instead of printed (cases look for leaks and repeats)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def mark(self) -> int:
        return len(self.records)

    def since(self, mark: int) -> list[logging.LogRecord]:
        return self.records[mark:]


LOGS = LogTap()


@contextlib.asynccontextmanager
async def bot_world(tmp: Path, state_url: str | None = None) -> AsyncIterator[tuple[World, BotHarness]]:
    """A fake Bot API, a copy of the bundled corpus, one database for corpus and state (or the
    state at `state_url`), a clock, and a started bot with one admin (tests/test_telegram_push.World).
    Any reply that breaks Telegram's HTML rules fails the case."""
    api = FakeBotAPI(token=TEST_TOKEN).start()
    world = World(api, tmp)
    if state_url:
        world.db = state_url  # type: ignore[assignment]
    try:
        yield world, await world.start()
    finally:
        for app in list(world.apps):
            await world.stop(BotHarness(app, api))
        world.engine.db.conn.close()
        api.stop()
    if api.violations:
        raise AssertionError("Bot API contract broken: " + "; ".join(api.violations[:3]))


def corpus_folder(tmp: Path) -> Path:
    """A corpus of one real page (tests/test_corpus_faults.py's)."""
    folder = tmp / "corpus"
    (folder / "20200221").mkdir(parents=True)
    shutil.copy(GOOD, folder / "20200221" / GOOD.name)
    return folder


def statuses(report: Any) -> dict[str, tuple[str, str | None]]:
    return {Path(r.path).name: (r.status, r.error) for r in report.results}


def errors_shown(calls: list[Call]) -> int:
    """Replies (messages, edits, button answers) that say 出错了."""
    return sum(1 for c in calls if USER_ERROR_TEXT in str(c.params.get("text", "")))


def admin_notes(api: FakeBotAPI, mark: int) -> int:
    return len(sent_to(api, ADMIN_ID, mark))


def button(call: Call, wanted: Callable[[str], bool], what: str) -> dict[str, Any]:
    """The first button under a message whose text is `wanted`."""
    rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
    found = [b for row in rows for b in row if wanted(b["text"])]
    if not found:
        raise AssertionError(f"no {what} button under {visible(call)[:40]!r}")
    return found[0]


# ------------------------------------------------------------------ the cases: Telegram


async def unparseable_update(tmp: Path) -> Seen:
    async with bot_world(tmp) as (world, bot):
        logs, mark = LOGS.mark(), world.api.mark()
        bad = world.api.old_server_poll(question="秘密问题：你投哪一项？")
        [reply] = await bot.ask("/help")
        asked_again = sum(1 for c in world.api.calls_of("getUpdates", mark)
                          if int(c.params.get("offset") or 0) == bad)
        said = [r for r in LOGS.since(logs) if f"update {bad}" in r.getMessage()]
        leaked = [r for r in LOGS.since(logs) if "秘密问题" in r.getMessage() or "秘密问题" in (r.exc_text or "")]
        ready = svc_of(bot).health.readiness()[1]["checks"]["telegram"]["ok"]  # type: ignore[union-attr]
    ok = bool(visible(reply)) and asked_again <= 1 and len(said) == 1 and not leaked and ready
    return Seen(f"/help answered; bad offset asked {asked_again}x; logged {len(said)}x; "
                f"content in log {len(leaked)}x; telegram ready={ready}", ok)


async def deep_links(tmp: Path) -> Seen:
    async with bot_world(tmp) as (world, bot):
        mark = world.api.mark()
        replies = []
        for text in ("/start stat-AQ", "/start brief-AQ", "/长沙\x00"):
            replies += await bot.ask(text)
        [helped] = await bot.ask("/help")
        pressed = await bot.press(helped, "ask:/brief ")
        calls = world.api.calls[mark:]
        shown, notes = errors_shown(calls), admin_notes(world.api, mark)
    answered = sum(1 for r in replies if visible(r) and USER_ERROR_TEXT not in visible(r)) + any(
        c.method in ("sendMessage", "editMessageText") and USER_ERROR_TEXT not in visible(c) for c in pressed)
    return Seen(f"{answered}/4 answered; 出错了 shown {shown}x; admin messages {notes}",
                answered == 4 and shown == 0 and notes == 0)


async def state_db_outage(tmp: Path) -> Seen:
    from tests.test_state_outage import Outage

    async with bot_world(tmp) as (world, bot):
        with pytest.MonkeyPatch.context() as mp:
            outage = Outage(mp, OSError(errno.ENOSPC, "No space left on device"))
            outage.on = True
            mark = world.api.mark()
            helped = visible((await bot.ask("/help"))[-1])
            answer = visible((await bot.ask("南铁春运发送多少人次"))[-1])
            subscribed = [visible((await bot.ask("/subscribe 江西"))[-1]) for _ in range(3)]
            notes, shown = admin_notes(world.api, mark), errors_shown(world.api.calls[mark:])
            outage.on = False
            back = visible((await bot.ask("/subscribe 江西", timeout=30))[-1])
    answered = "3400万人次" in answer and bool(helped)
    told = subscribed.count(STATE_DOWN_TEXT)
    return Seen(f"state down (ENOSPC): /help and 南铁 answered={answered}; /subscribe said 暂时不可用 {told}/3; "
                f"出错了 {shown}x; admin messages {notes}; after recovery subscribed={'江西' in back}",
                answered and told == 3 and shown == 0 and notes == 1 and "江西" in back)


async def expired_button(tmp: Path) -> Seen:
    from bot.tg.callback_store import CALLBACK_TTL_DAYS

    async with bot_world(tmp) as (world, bot):
        store_ = svc_of(bot).store
        [reply] = await bot.ask("/help")
        key = store_.encode("brief", "长沙、" * 20 + "江西")
        with store_.db.connect() as conn:  # as if stored CALLBACK_TTL_DAYS + 1 days ago
            conn.execute("UPDATE tg_callbacks SET created = ? WHERE key = ?",
                         (time.time() - (CALLBACK_TTL_DAYS + 1) * 86400, key))
        pruned = store_.prune()
        mark = world.api.mark()
        world.api.press(reply.result, key)
        [answer] = await world.api.wait_for("answerCallbackQuery", since=mark)
    said = str(answer.params.get("text"))
    return Seen(f"pruned {pruned} row; tap answered {said!r}", pruned >= 1 and "按钮已过期" in said)


async def typing_outside_limiter(tmp: Path) -> Seen:
    from tests.test_telegram_typing import typing_in_a_full_group

    # The group's 20 messages a minute used up: the 21st waits, a chat action must not.
    _, message_waits, action_wait = await typing_in_a_full_group()
    # A fast answer sends no "typing…" at all.
    async with bot_world(tmp) as (world, bot):
        mark = world.api.mark()
        await bot.ask("长沙研发投入强度是多少")
        await bot.settle()
        actions = len(world.api.calls_of("sendChatAction", mark))
    return Seen(f"typing sent after {action_wait:.2f} s while message 21 waits={message_waits}; "
                f"chat actions for a fast answer: {actions}", action_wait < 0.5 and message_waits and actions == 0)


async def no_double_push(tmp: Path) -> Seen:
    async with bot_world(tmp) as (world, bot):
        chats = list(range(7001, 7041))
        for chat in chats:
            await bot.ask("/subscribe 江西", chat_id=chat, user_id=chat)
        svc = svc_of(bot)
        real = svc.subs.record_push
        recorded = {"n": 0}

        def record_push(push: Any, now: Any) -> None:  # the state database goes after ten records
            if recorded["n"] >= 10:
                raise sqlite3.OperationalError("database or disk is full")
            recorded["n"] += 1
            real(push, now)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(svc.subs, "record_push", record_push)
            world.clock.set("2025-01-18T08:00:00")
            mark = world.api.mark()
            with contextlib.suppress(sqlite3.OperationalError):
                await run_due(bot)
        world.clock.set("2025-01-18T08:01:00")  # the database is back: the next runs
        await run_due(bot)
        world.clock.set("2025-01-18T08:02:00")
        await run_due(bot)
        counts = [len(pushes_to(world.api, chat, mark)) for chat in chats]
    return Seen(f"{len(chats)} chats, ledger failed after 10 records: pushes per chat "
                f"min {min(counts)} max {max(counts)} (twice: {sum(c > 1 for c in counts)})",
                counts == [1] * len(chats))


def token_on_401(tmp: Path) -> Seen:
    api = FakeBotAPI(token=TEST_TOKEN).start()
    try:
        api.fail_next("getMe", 401, times=5)
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_BASE_URL": api.base_url,
               "NEWSBOT_DB": str(tmp / "newsbot.db"), "NEWSBOT_CORPUS": str(CORPUS),
               "NEWSBOT_SCAN_MINUTES": "0", "PYTHONPATH": str(ROOT)}
        env.pop("NEWSBOT_STATE_URL", None)
        result = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env,
                                cwd=tmp, timeout=180)
    finally:
        api.stop()
    out = result.stdout + result.stderr
    leaked = TEST_TOKEN.split(":")[1] in out
    traceback = "Traceback" in out
    said = next((x for x in result.stderr.splitlines() if "令牌" in x), "")
    return Seen(f"exit {result.returncode}; token in output={leaked}; traceback={traceback}; said {said[:40]!r}…",
                result.returncode == 2 and not leaked and not traceback and "拒绝" in said)


# ------------------------------------------------------------------ the cases: corpus and ingest


def rewritten_during_ingest(tmp: Path) -> Seen:
    import bot.ingest.pipeline as pipeline

    folder = corpus_folder(tmp)
    page = folder / "20200221" / GOOD.name
    db = store.connect(tmp / "x.db")
    real = pipeline.prepare

    def rewrite_then_prepare(data: bytes, name: str, *args: Any) -> Any:
        if page.read_bytes() == GOOD.read_bytes():  # read, not yet written: rewritten now
            page.write_bytes(GOOD.read_bytes().replace("吉林".encode(), "辽宁".encode()))
            os.utime(page, (page.stat().st_atime, page.stat().st_mtime + 60))
        return real(data, name, *args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "prepare", rewrite_then_prepare)
        first = statuses(ingest(db, [folder], workers=1))[GOOD.name][0]
    again = statuses(ingest(db, [folder], workers=1))[GOOD.name][0]
    heads = " ".join(h for (h,) in db.execute("SELECT headline FROM articles"))
    return Seen(f"first scan {first}, next scan {again}; new text stored={'辽宁' in heads}",
                again == "replaced" and "辽宁" in heads and "吉林" not in heads)


def deleted_during_ingest(tmp: Path) -> Seen:
    import bot.ingest.pipeline as pipeline

    folder = corpus_folder(tmp)
    page = folder / "20200221" / GOOD.name
    real = pipeline.prepare

    def delete_then_prepare(data: bytes, name: str, *args: Any) -> Any:
        page.unlink(missing_ok=True)
        return real(data, name, *args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "prepare", delete_then_prepare)
        status, error = statuses(ingest(store.connect(tmp / "x.db"), [folder], workers=1))[GOOD.name]
    return Seen(f"{status}: {error}", status == "failed" and "不存在" in (error or "")
                and "写入数据库失败" not in (error or ""))


def _two_folders(tmp: Path) -> tuple[Path, Path]:
    a, b = tmp / "a", tmp / "b" / "sub"
    a.mkdir()
    b.mkdir(parents=True)
    shutil.copy(GOOD, a / GOOD.name)
    (b / "20200227-01-01.txt").write_bytes(GOOD.read_bytes().replace("吉林".encode(), "辽宁".encode()))
    return a, b


def _pages(db: Any) -> int:
    return int(db.execute("SELECT count(*) FROM pages").fetchone()[0])


def prune_scoping(tmp: Path) -> Seen:
    a, b = _two_folders(tmp)
    db = store.connect(tmp / "x.db")
    ingest(db, [a, b])
    only_a = ingest(db, [a], prune_missing=True).count("pruned")
    missing = ingest(db, [tmp / "missing" / "path"], prune_missing=True).count("pruned")
    real_open, unreadable = os.open, str(b)

    def refuse(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if path == unreadable:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "open", refuse)
        rep = ingest(db, [tmp], prune_missing=True)
    unreadable_pruned, failed = rep.count("pruned"), rep.count("failed")
    (b / "20200227-01-01.txt").unlink()
    gone = ingest(db, [b.parent], prune_missing=True).count("pruned")
    return Seen(f"pruned: --prune A {only_a}, --prune /missing {missing}, unreadable folder {unreadable_pruned} "
                f"(reported failed {failed}); deleted file {gone}; pages left {_pages(db)}",
                (only_a, missing, unreadable_pruned, gone, _pages(db)) == (0, 0, 0, 1, 1) and failed == 1)


def remembered_paper(tmp: Path) -> Seen:
    folder = tmp / "rmrb"
    folder.mkdir()
    good = GOOD.read_bytes()
    (folder / GOOD.name).write_bytes(good)
    db_path = str(tmp / "x.db")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        newsbot_cli(["ingest", str(folder), "--db", db_path, "--paper", "人民日报"])
        (folder / "20200221-07-01.txt").write_bytes(good.replace("吉林".encode(), "辽宁".encode()))
        newsbot_cli(["ingest", str(folder), "--db", db_path])  # again, without --paper
    from bot.answer.engine import Engine

    engine = Engine.open(db_path)
    (folder / "20200221-08-01.txt").write_bytes(good.replace("吉林".encode(), "黑龙江".encode()))
    engine.refresh()  # the bot's own rescan
    engine.db.conn.close()
    papers = dict(store.connect(db_path).execute("SELECT name, paper FROM pages").fetchall())
    return Seen("papers: " + ", ".join(f"{n[9:14]}→{p}" for n, p in sorted(papers.items())),
                len(papers) == 3 and set(papers.values()) == {"人民日报"})


def truncated_utf8(tmp: Path) -> Seen:
    folder = corpus_folder(tmp)
    cut = folder / "20200221" / "20200221-07-01.txt"
    cut.write_bytes(GOOD.read_bytes().replace("吉林".encode(), "辽宁".encode()) + "长".encode()[:1])
    bells = folder / "bells.txt"
    bells.write_bytes(("标题\n" + "正文\x07\x1b" * 200).encode())
    db = store.connect(tmp / "x.db")
    got = statuses(ingest(db, [folder]))
    encoding = (db.execute("SELECT encoding FROM pages WHERE name = ?", [cut.name]).fetchone() or ["none"])[0]
    bell_error = got["bells.txt"][1] or ""
    return Seen(f"cut mid-character: {got[cut.name][0]} as {encoding}; control characters: {bell_error}",
                got[cut.name][0] == "new" and encoding == "utf-8" and "控制字符" in bell_error)


def deep_tree(tmp: Path) -> Seen:
    folder = corpus_folder(tmp)
    deep = folder
    for _ in range(1100):
        deep = deep / "d"
        deep.mkdir()
    (deep / "20200221-07-01.txt").write_bytes(GOOD.read_bytes().replace("吉林".encode(), "辽宁".encode()))
    try:
        got = statuses(ingest(store.connect(tmp / "x.db"), [folder]))
    finally:  # rmtree recurses too: take the tree down from the bottom
        (deep / "20200221-07-01.txt").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent
    return Seen(f"1,100 levels: {got['20200221-07-01.txt'][0]}, top-level file {got[GOOD.name][0]}",
                got["20200221-07-01.txt"][0] == "new" and got[GOOD.name][0] == "new")


LONG_PAGE = """---
date: 2025-01-17
paper: 科技日报
---

# 浏阳超长段落测试报道

{paragraph}
"""


async def long_paragraph(tmp: Path) -> Seen:
    async with bot_world(tmp) as (world, bot):
        sentence = "浏阳市研发投入强度达到百分之三点三，创新主体不断壮大。"
        (world.corpus / "long.md").write_text(LONG_PAGE.format(paragraph=sentence * 4400), "utf-8")
        world.engine.refresh()
        [found] = await bot.ask("/search 超长段落")
        tap = list_button(found, "超长段落")  # the numbered button of its line
        per_tap, pages, message = [], "", found
        for _ in range(4):  # open it, then 下一页 three times
            calls = await bot.press(message, tap["callback_data"])
            edits = [c for c in calls if c.method in ("editMessageText", "sendMessage")]
            per_tap.append(len(edits))
            message = edits[-1]
            pages = next((line for line in visible(message).splitlines() if "第 " in line and "/" in line), pages)
            tap = button(message, lambda text: text == "下一页", "下一页")
    return Seen(f"120k-character paragraph: messages per tap {per_tap}; {pages.strip()}", per_tap == [1] * 4)


# ------------------------------------------------------------------ the cases: state files and PostgreSQL


def backup_mode(tmp: Path) -> Seen:
    from bot.state.backup import backup
    from bot.state.db import StateDB

    state = StateDB(tmp / "bot.db")
    state.version()
    old = os.umask(0o022)  # the usual umask: files are 0644 unless made otherwise
    try:
        backup(state, tmp / "b.db")
    finally:
        os.umask(old)
        state.close()
    mode = (tmp / "b.db").stat().st_mode & 0o777
    return Seen(f"backup file mode {mode:04o}", mode == 0o600)


@contextlib.contextmanager
def own_postgres() -> Iterator[dict[str, str]]:
    from tests.pgserver import NoServer, start_server, stop_server

    try:
        server = start_server()
    except NoServer as why:
        raise Skip(f"no PostgreSQL of its own: {str(why)[-120:]}") from None
    try:
        yield server
    finally:
        stop_server(server)


async def postgresql_restart(tmp: Path) -> Seen:
    from bot.state.db import StateDB
    from tests.test_state_outage import pg_ctl

    with own_postgres() as server:
        url = server["NEWSBOT_TEST_PG_URL"]
        db = StateDB(url)
        try:
            barrier = threading.Barrier(4)

            def hold() -> None:  # four requests at once: four pooled connections
                with db.connect() as conn:
                    barrier.wait(timeout=10)
                    conn.execute("SELECT 1").fetchone()

            await asyncio.gather(*(asyncio.to_thread(hold) for _ in range(4)))
            pg_ctl(server, "-m", "fast", "restart")
            failed = 0
            for _ in range(6):
                try:
                    with db.connect() as conn:
                        conn.execute("SELECT 1").fetchone()
                except Exception:  # noqa: BLE001 - counted: that is the fault looked for
                    failed += 1
        finally:
            db.close()
        # The bot on that server: stopped, it answers on from the corpus; started again, all is back.
        async with bot_world(tmp, state_url=url) as (world, bot):
            mark = world.api.mark()
            pg_ctl(server, "-m", "fast", "stop")
            answer = visible((await bot.ask("南铁春运发送多少人次"))[-1])
            down = visible((await bot.ask("/subscribe 江西"))[-1])
            pg_ctl(server, "start")
            back = visible((await bot.ask("/subscribe 江西", timeout=30))[-1])
            shown, notes = errors_shown(world.api.calls[mark:]), admin_notes(world.api, mark)
    answered = "3400万人次" in answer
    return Seen(f"after restart {failed}/6 requests failed; server stopped: answered={answered}, "
                f"/subscribe said 暂时不可用={down == STATE_DOWN_TEXT}, 出错了 {shown}x, admin messages {notes}; "
                f"started again: subscribed={'江西' in back}",
                failed == 0 and answered and down == STATE_DOWN_TEXT and shown == 0 and notes == 1 and "江西" in back)


async def postgresql_down_at_start(tmp: Path) -> Seen:
    import socket

    with socket.socket() as s:  # a port just free: nothing listens there
        s.bind(("127.0.0.1", 0))
        url = f"postgresql://newsbot:secret@127.0.0.1:{s.getsockname()[1]}/newsbot"
    logs, started = LOGS.mark(), time.monotonic()
    async with bot_world(tmp, state_url=url) as (world, bot):
        seconds = time.monotonic() - started  # a copy of the corpus ingested, then the bot started
        answer = visible((await bot.ask("南铁春运发送多少人次"))[-1])
        down = visible((await bot.ask("/subscribe 江西"))[-1])
        down_again = visible((await bot.ask("/subscribe 福建"))[-1])
        shown, notes = errors_shown(world.api.calls), admin_notes(world.api, 0)
    said = [r.getMessage() for r in LOGS.since(logs) if "unreachable at start-up" in r.getMessage()]
    return Seen(f"ingest + start {seconds:.1f} s; start-up log lines {len(said)}; answered={'3400万人次' in answer}; "
                f"/subscribe said 暂时不可用={down == down_again == STATE_DOWN_TEXT}; 出错了 {shown}x; "
                f"admin messages {notes}",
                seconds < 4.5 and len(said) == 1 and "3400万人次" in answer and down == down_again == STATE_DOWN_TEXT
                and shown == 0 and notes == 1)


# ------------------------------------------------------------------ the table and the run


@dataclass(frozen=True)
class Case:
    name: str
    expected: str
    run: Callable[[Path], Any]  # returns Seen, or a coroutine giving it


CASES = [
    Case("unparseable-update", "skipped, logged once without content, /help answered, ready", unparseable_update),
    Case("deep-links", "stat-AQ, brief-AQ, /长沙\\x00, ask:/brief answered; no 出错了, no admin message",
         deep_links),
    Case("state-db-outage", "answers served; subscriptions say unavailable; one admin message", state_db_outage),
    Case("file-rewritten-mid-ingest", "next scan replaces it with the new text", rewritten_during_ingest),
    Case("ingest-prune-scope", "only files scanned and found absent are pruned", prune_scoping),
    Case("remembered-paper", "--paper kept by later ingests and the bot's rescan", remembered_paper),
    Case("token-on-401", "exit 2, one line, no token, no traceback", token_on_401),
    Case("no-double-push", "every chat gets the brief once though the ledger failed mid-push", no_double_push),
    Case("postgresql-restart", "no request fails after a restart; stopped: answers on, one admin message",
         postgresql_restart),
    Case("postgresql-down-at-start", "starts at once; one log line, one admin message; answers on",
         postgresql_down_at_start),
    Case("typing-outside-limiter", "chat action not queued behind messages; none for a fast answer",
         typing_outside_limiter),
    Case("backup-mode", "backup file 0600 under umask 022", backup_mode),
    Case("expired-callback", "old button data pruned; tap says 按钮已过期", expired_button),
    Case("truncated-utf8", "read as UTF-8; control characters named as such", truncated_utf8),
    Case("deep-tree", "a file 1,100 folders down is ingested", deep_tree),
    Case("long-paragraph", "one message per tap, paged", long_paragraph),
    Case("deleted-mid-ingest", "reported as gone, not a database failure", deleted_during_ingest),
]


def run_case(case: Case, tmp: Path) -> tuple[str, str]:
    """(observed, verdict)."""
    try:
        seen = case.run(tmp)
        if asyncio.iscoroutine(seen):
            seen = asyncio.run(seen)
    except Skip as why:
        return str(why), "SKIP"
    except Exception as exc:  # noqa: BLE001 - a case that breaks is a failed case, the rest go on
        return f"{type(exc).__name__}: {str(exc)[:200]}", "FAIL"
    return seen.observed, "PASS" if seen.ok else "FAIL"


def main(argv: list[str]) -> int:
    logging.getLogger().addHandler(LOGS)
    logging.getLogger().setLevel(logging.INFO)
    chosen = [c for c in CASES if not argv or any(word in c.name for word in argv)]
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="newsbot-chaos-") as top:
        for n, case in enumerate(chosen):
            started = time.monotonic()
            tmp = Path(top) / f"{n:02d}-{case.name}"
            tmp.mkdir()
            observed, verdict = run_case(case, tmp)
            observed = " ".join(observed.split())  # one line per case, whatever a skip's reason holds
            verdicts.append(verdict)
            print(f"{case.name} | {case.expected} | {observed} | {verdict} ({time.monotonic() - started:.1f} s)",
                  flush=True)
    print(f"{verdicts.count('PASS')} passed, {verdicts.count('FAIL')} failed, {verdicts.count('SKIP')} skipped")
    return 1 if "FAIL" in verdicts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
