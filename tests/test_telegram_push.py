"""Subscriptions, pushes, the corpus watcher and admin commands, end to end against the fake Bot API.

Each test has its own copy of the corpus and its own database (subscriptions live in the same
file as the corpus, as in production) and a controllable clock; the real PTB application,
JobQueue and rate limiter run.
"""
from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import AIORateLimiter

from bot.present.blocks import Block, Segment

from bot.present.reply import Reply
from bot.state.subscriptions import SubscriptionStore
from bot.tg import services
from bot.tg.app import build_application
from bot.tg.handlers.subscribe import split_args
from tests.conftest import CORPUS, PROJECT_ROOT, USER_ID, BotHarness, make_settings, start_bot, stop_bot
from tests.fake_bot_api import Call, FakeBotAPI, check_telegram_html

ADMIN_ID = 4242
OTHER_USER = 1002
GROUP_ID = -500

JIANGXI_PAGE = """---
date: {date}
---

# 江西南昌建成人工智能算力中心{n}号

本报记者 王小明

科技日报南昌电 江西省南昌市人工智能算力中心近日建成投用，总算力达到500PFlops。江西省科技厅表示，2025年全省将新增高新技术企业1000家。

该中心由南昌高新区建设，预计每年可为江西中小企业节省算力成本2亿元。
"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


class Clock:
    """The bot's "now", moved by the test."""

    def __init__(self, text: str) -> None:
        self.now = at(text)

    def __call__(self) -> datetime:
        return self.now

    def set(self, text: str) -> None:
        self.now = at(text)


def visible(call: Call) -> str:
    return check_telegram_html(call.params["text"])[1]


def sent_to(api: FakeBotAPI, chat_id: int, since: int = 0) -> list[Call]:
    return [c for c in api.calls_of("sendMessage", since) if int(c.params["chat_id"]) == chat_id and c.status == 200]


def pushes_to(api: FakeBotAPI, chat_id: int, since: int = 0) -> list[Call]:
    return [c for c in sent_to(api, chat_id, since) if "订阅推送" in visible(c)]


class World:
    """A corpus folder, one database for corpus and bot state, a clock, and bots started on them."""

    def __init__(self, api: FakeBotAPI, tmp_path: Path) -> None:
        from bot.answer.engine import Engine

        self.api = api
        self.corpus = tmp_path / "corpus"
        shutil.copytree(CORPUS, self.corpus)
        self.db = tmp_path / "newsbot.db"
        self.engine = Engine.open(self.db, self.corpus)
        self.clock = Clock("2025-01-18T07:00:00")
        self.apps: list[Any] = []

    async def start(self, **overrides: Any) -> BotHarness:
        overrides.setdefault("admin_ids", frozenset({ADMIN_ID}))
        overrides.setdefault("scan_minutes", 0)  # scans on demand unless a test wants the job
        limiter = overrides.pop("rate_limiter", None)
        app = build_application(make_settings(self.api, **overrides), self.engine, state_db=self.db,
                                clock=self.clock, rate_limiter=limiter)
        await start_bot(app)
        self.apps.append(app)
        return BotHarness(app, self.api)

    async def stop(self, harness: BotHarness) -> None:
        await asyncio.wait_for(stop_bot(harness.app), timeout=20)
        self.apps.remove(harness.app)

    def add_issue(self, date: str, n: int = 1) -> Path:
        path = self.corpus / f"kjrb_{date}_{n}.txt"
        path.write_text(JIANGXI_PAGE.format(date=date, n=n), encoding="utf-8")
        return path


@pytest.fixture
async def world(fake_api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[World]:
    w = World(fake_api, tmp_path)
    try:
        yield w
    finally:
        for app in list(w.apps):
            await asyncio.wait_for(stop_bot(app), timeout=20)
        w.engine.db.conn.close()


def svc_of(bot: BotHarness) -> services.Services:
    return services.get_from_bot_data(bot.app.bot_data)


async def run_due(bot: BotHarness) -> Any:
    """Run the due pushes by hand. A test that does owns the pushes: the app's own start-up and
    per-minute ticks (real time) are removed first, so they cannot deliver in between (a slow
    machine crossing a minute boundary once made this flaky)."""
    for name in ("push-catch-up", "push-tick"):
        for job in bot.app.job_queue.get_jobs_by_name(name):
            job.schedule_removal()
    return await svc_of(bot).pusher.run_due(bot.app.bot)


# ---------------------------------------------------------------------------------------- tests


async def test_subscribe_push_at_its_time_never_twice_nothing_without_new_issue(world: World) -> None:
    bot = await world.start()
    [reply] = await bot.ask("/subscribe 江西")
    assert "已订阅" in visible(reply) and "08:00" in visible(reply)
    [reply] = await bot.ask("/subscribe 四川 7点30")
    assert "四川（07:30）" in visible(reply)
    [listing] = await bot.ask("/subscriptions")
    assert "江西 · 每天 08:00" in visible(listing) and "四川 · 每天 07:30" in visible(listing)

    world.clock.set("2025-01-18T07:20:00")
    assert (await run_due(bot)).due == 0
    world.clock.set("2025-01-18T07:30:00")
    await run_due(bot)
    [sichuan] = pushes_to(world.api, USER_ID)
    assert "四川简报" in visible(sichuan) and "2025年1月17日" in visible(sichuan)
    assert "/unsubscribe 四川" in visible(sichuan)
    world.clock.set("2025-01-18T08:00:00")
    await run_due(bot)
    assert len(pushes_to(world.api, USER_ID)) == 2
    assert "江西简报" in visible(pushes_to(world.api, USER_ID)[1])
    # the brief comes with its article buttons
    assert sichuan.params.get("reply_markup", {}).get("inline_keyboard")

    # same slot again, later that day, and the following days: no new issue, nothing sent
    for moment in ("2025-01-18T08:01:00", "2025-01-18T20:00:00", "2025-01-19T08:00:00", "2025-01-20T07:30:00"):
        world.clock.set(moment)
        assert (await run_due(bot)).due == 0
    await bot.settle()
    assert len(pushes_to(world.api, USER_ID)) == 2
    assert not [c for c in world.api.calls_of("sendMessage") if not visible(c).strip()]


async def test_subscribe_validates_and_unsubscribe_buttons(world: World) -> None:
    bot = await world.start()
    [usage] = await bot.ask("/subscribe")
    assert "用法" in visible(usage)
    [unknown] = await bot.ask("/subscribe 火星")
    assert "没有认出地区「火星」" in visible(unknown)
    [none] = await bot.ask("/unsubscribe")
    assert "还没有订阅" in visible(none)
    await bot.ask("/subscribe 江西 四川 09:15")
    [picker] = await bot.ask("/unsubscribe")
    labels = [b["text"] for row in picker.params["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["退订江西", "退订四川", "全部退订"]

    # /subscriptions: change the time with a button, then remove one
    [listing] = await bot.ask("/subscriptions")
    rows = listing.params["reply_markup"]["inline_keyboard"]
    calls = await bot.press(listing, rows[0][0]["callback_data"])  # 改时间 for 江西
    [edit] = [c for c in calls if c.method == "editMessageText"]
    times = [b for row in edit.params["reply_markup"]["inline_keyboard"] for b in row]
    seven = next(b for b in times if b["text"] == "07:00")
    calls = await bot.press(listing, seven["callback_data"])
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert "江西 · 每天 07:00" in visible(edit) and "四川 · 每天 09:15" in visible(edit)
    calls = await bot.press(listing, rows[1][1]["callback_data"])  # 退订四川
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert "四川" not in visible(edit).split("订阅（北京时间）")[-1]
    [done] = await bot.ask("/unsubscribe 江西")
    assert "已退订：江西" in visible(done)
    assert svc_of(bot).subs.for_chat(USER_ID) == []


@pytest.mark.parametrize("args, regions, times", [
    (["江西", "08:00"], ["江西"], ["08:00"]),
    (["江西", "8点半"], ["江西"], ["8点半"]),
    (["江西", "25:00"], ["江西"], ["25:00"]),
    (["江西08:00"], ["江西"], ["08:00"]),
    (["北京、上海,火星"], ["北京", "上海", "火星"], []),
    (["０７：３０", "四川"], ["四川"], ["07:30"]),
    (["江西", "7点", "8点"], ["江西"], ["7点", "8点"]),
    ([], [], []),
])
def test_split_args(args: list[str], regions: list[str], times: list[str]) -> None:
    assert split_args(args) == (regions, times)


async def test_subscribe_reads_every_word_or_says_what_it_could_not(world: World) -> None:
    bot = await world.start()
    subs = svc_of(bot).subs
    # a time that is not one: refused, nothing subscribed
    for bad in ("25:00", "8点61", "0800"):
        [reply] = await bot.ask(f"/subscribe 江西 {bad}")
        assert f"时间无效：{bad}，请用 HH:MM，例如 07:30" in visible(reply), visible(reply)
        assert subs.for_chat(USER_ID) == []
    [reply] = await bot.ask("/subscribe 江西 7点 8点")
    assert "一次只能设一个时间" in visible(reply) and subs.for_chat(USER_ID) == []
    # Chinese ways of writing the time
    for text, expected in (("8点半", "08:30"), ("8点", "08:00"), ("8:30", "08:30"), ("20点15", "20:15"),
                           ("08:30", "08:30")):
        [reply] = await bot.ask(f"/subscribe 江西 {text}")
        assert f"江西（{expected}）" in visible(reply), (text, visible(reply))
        assert [s.push_time for s in subs.for_chat(USER_ID)] == [expected]
    # a word that names no region is reported, the others subscribed
    [reply] = await bot.ask("/subscribe 北京 上海 火星")
    text = visible(reply)
    assert "已订阅：北京（08:00）、上海（08:00）" in text and "没有认出地区：火星" in text, text
    assert [s.region for s in subs.for_chat(USER_ID)] == ["江西", "北京", "上海"]
    [reply] = await bot.ask("/subscribe 火星 冥王星 9点")
    assert "没有认出地区「火星 冥王星」" in visible(reply)
    assert len(subs.for_chat(USER_ID)) == 3


async def test_new_corpus_file_triggers_the_brief(world: World) -> None:
    bot = await world.start()
    await bot.ask("/subscribe 江西")
    await bot.ask("/subscribe 四川", user_id=OTHER_USER)
    world.clock.set("2025-01-18T08:00:00")
    await run_due(bot)
    assert len(pushes_to(world.api, USER_ID)) == 1 and len(pushes_to(world.api, OTHER_USER)) == 1

    world.clock.set("2025-01-20T09:00:00")  # the 08:00 slot found nothing new
    assert (await run_due(bot)).due == 0
    world.add_issue("2025-01-20")
    mark = world.api.mark()
    [reply] = await bot.ask("/reload", user_id=ADMIN_ID)
    assert "新增 1 个文件" in visible(reply) and "2025年1月20日" in visible(reply)
    [push] = pushes_to(world.api, USER_ID, mark)
    assert "江西简报" in visible(push) and "2025年1月20日" in visible(push) and "算力中心" in visible(push)
    assert pushes_to(world.api, OTHER_USER, mark) == []  # the new issue says nothing about 四川


@pytest.mark.slow
async def test_watcher_job_ingests_in_the_background_and_reports_a_failure_once(world: World) -> None:
    bot = await world.start(scan_minutes=0.02)  # a scan every 1.2 s
    await bot.ask("/subscribe 江西")
    world.clock.set("2025-01-21T08:30:00")
    await run_due(bot)
    assert len(pushes_to(world.api, USER_ID)) == 1
    world.clock.set("2025-01-22T09:00:00")
    mark = world.api.mark()
    (world.corpus / "broken.txt").write_bytes(b"\x00\x01\x02\xff binary")
    world.add_issue("2025-01-22")
    [push] = await world.api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == USER_ID,
                                      since=mark, timeout=15)
    assert "2025年1月22日" in visible(push)
    [alert] = await world.api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == ADMIN_ID,
                                       since=mark, timeout=15)
    assert "broken.txt" in visible(alert) and "导入失败" in visible(alert)
    # conversations go on while scans run, and later scans do not repeat the alert
    for _ in range(3):
        [reply] = await bot.ask("长沙研发投入强度是多少")
        assert "3.3%" in visible(reply)
        await asyncio.sleep(0.6)
    assert len(sent_to(world.api, ADMIN_ID, mark)) == 1
    assert len(pushes_to(world.api, USER_ID, mark)) == 1
    [status] = await bot.ask("/status", user_id=ADMIN_ID)
    assert "broken.txt" in visible(status)


async def test_a_new_file_is_ingested_within_seconds_between_full_scans(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.tg import jobs

    monkeypatch.setattr(jobs, "WATCH_SECONDS", 0.3)
    monkeypatch.setattr(jobs, "FIRST_SCAN_DELAY", 0.1)
    bot = await world.start(scan_minutes=60)  # after the first scan, the next full one is in an hour
    await bot.ask("/subscribe 江西")
    world.clock.set("2025-01-21T08:30:00")
    await run_due(bot)
    await asyncio.sleep(0.8)  # the first full scan has run; the first look took the folders' snapshot
    world.clock.set("2025-01-22T09:00:00")
    mark = world.api.mark()
    t0 = time.monotonic()
    world.add_issue("2025-01-22")
    [push] = await world.api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == USER_ID,
                                      since=mark, timeout=10)
    assert "2025年1月22日" in visible(push)
    assert time.monotonic() - t0 < 5


def test_folder_watch_sees_files_added_and_removed_not_rewritten(tmp_path: Path) -> None:
    import os

    from bot.tg.watcher import FolderWatch

    (tmp_path / "20250101").mkdir()
    page = tmp_path / "20250101" / "a.txt"
    page.write_text("x", "utf-8")
    watch = FolderWatch([tmp_path])
    assert not watch.changed()
    page.write_text("y", "utf-8")  # in place: left to the full scan
    assert not watch.changed()
    (tmp_path / "20250101" / "b.txt").write_text("z", "utf-8")
    os.utime(tmp_path / "20250101", ns=(1, 1))  # coarse file-system clocks: make the change visible
    assert watch.changed()
    watch = FolderWatch([tmp_path])
    (tmp_path / "20250102").mkdir()
    os.utime(tmp_path, ns=(2, 2))
    assert watch.changed()


async def test_catch_up_after_downtime_once_and_restart_keeps_everything(world: World) -> None:
    bot = await world.start()
    await bot.ask("/subscribe 江西 07:45")
    await bot.ask("/subscribe 四川")
    world.clock.set("2025-01-18T08:00:00")
    await run_due(bot)
    assert len(pushes_to(world.api, USER_ID)) == 2
    await world.stop(bot)

    # while the bot is down: two new issues, ingested by hand; three days pass
    world.add_issue("2025-01-20", 1)
    world.add_issue("2025-01-21", 2)
    assert world.engine.refresh().count("new") == 2
    world.clock.set("2025-01-23T12:00:00")
    mark = world.api.mark()
    bot = await world.start()
    # the start-up run sends the missed push, once, with the newest issue
    [push] = await world.api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == USER_ID,
                                      since=mark, timeout=10)
    assert "江西简报" in visible(push) and "2025年1月21日" in visible(push)
    [listing] = await bot.ask("/subscriptions")
    assert "江西 · 每天 07:45 · 已收到 2025年1月21日" in visible(listing)
    assert "四川 · 每天 08:00 · 已收到 2025年1月17日" in visible(listing)
    for moment in ("2025-01-23T12:01:00", "2025-01-24T07:45:00", "2025-01-24T08:00:00"):
        world.clock.set(moment)
        await run_due(bot)
    await bot.settle()
    assert len(pushes_to(world.api, USER_ID, mark)) == 1


async def test_blocked_chat_is_inactive_until_it_writes_again(world: World) -> None:
    bot = await world.start()
    await bot.ask("/subscribe 江西", user_id=OTHER_USER)
    world.api.blocked_chats.add(OTHER_USER)
    world.clock.set("2025-01-18T08:00:00")
    run = await run_due(bot)
    assert run.inactive == 1
    [status] = await bot.ask("/status", user_id=ADMIN_ID)
    assert "活跃 0 个，停用 1 个" in visible(status)

    world.add_issue("2025-01-20")
    world.engine.refresh()
    world.clock.set("2025-01-20T08:00:00")
    mark = world.api.mark()
    assert (await run_due(bot)).due == 0
    assert not [c for c in world.api.calls_of("sendMessage", mark) if int(c.params["chat_id"]) == OTHER_USER]

    world.api.blocked_chats.discard(OTHER_USER)  # the user unblocks the bot and writes to it
    await bot.ask("/help", user_id=OTHER_USER)
    await run_due(bot)
    [push] = pushes_to(world.api, OTHER_USER, mark)
    assert "2025年1月20日" in visible(push)
    [status] = await bot.ask("/status", user_id=ADMIN_ID)
    assert "活跃 1 个，停用 0 个" in visible(status) and "今日已推送：1 条" in visible(status)


async def test_group_admins_only_and_migration_to_supergroup(world: World) -> None:
    world.api.chat_admins[GROUP_ID] = {USER_ID}
    bot = await world.start()
    [denied] = await bot.ask("/subscribe 江西", user_id=OTHER_USER, chat_id=GROUP_ID, chat_type="group")
    assert "只有群管理员" in visible(denied)
    [ok] = await bot.ask("/subscribe 江西", user_id=USER_ID, chat_id=GROUP_ID, chat_type="group")
    assert "已订阅" in visible(ok)
    # a member's button press changes nothing
    [listing] = await bot.ask("/subscriptions", user_id=OTHER_USER, chat_id=GROUP_ID, chat_type="group")
    remove = listing.params["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    mark = world.api.mark()
    world.api.press(listing.result, remove, user_id=OTHER_USER)
    [answer] = await world.api.wait_for("answerCallbackQuery", since=mark)
    assert "只有群管理员" in answer.params["text"]
    assert len(svc_of(bot).subs.for_chat(GROUP_ID)) == 1

    # the group becomes a supergroup: the subscription follows it
    world.api.migrate(GROUP_ID, -100500)
    await bot.settle()
    assert svc_of(bot).subs.for_chat(GROUP_ID) == []
    assert [s.region for s in svc_of(bot).subs.for_chat(-100500)] == ["江西"]
    world.clock.set("2025-01-18T08:00:00")
    await run_due(bot)
    assert len(pushes_to(world.api, -100500)) == 1

    # a group that migrated without the bot seeing it: the push's ChatMigrated error moves it
    world.api.chat_admins[-600] = {USER_ID}
    world.clock.set("2025-01-18T09:00:00")
    await bot.ask("/subscribe 四川", user_id=USER_ID, chat_id=-600, chat_type="group")
    world.api.migrated_chats[-600] = -100600
    world.clock.set("2025-01-19T08:00:00")
    run = await run_due(bot)
    assert (run.sent, run.migrated) == (1, 1)
    assert len(pushes_to(world.api, -100600)) == 1
    assert [s.region for s in svc_of(bot).subs.for_chat(-100600)] == ["四川"]


async def test_admin_commands_are_unknown_to_everyone_else(world: World) -> None:
    bot = await world.start()
    [unknown] = await bot.ask("/nosuchcommand")
    for command in ("/status", "/reload"):
        [reply] = await bot.ask(command)
        assert visible(reply) == visible(unknown)
    assert "没有这个命令" in visible(unknown)
    [status] = await bot.ask("/status", user_id=ADMIN_ID)
    text = visible(status)
    for part in ("运行状态", "语料：1 期，6 篇文章", "最新一期：2025年1月17日", "订阅：活跃 0 个", "今日已推送：0 条",
                 "运行时间", "最近导入错误：无"):
        assert part in text, part
    [reloaded] = await bot.ask("/reload", user_id=ADMIN_ID)
    assert "新增 0 个文件" in visible(reloaded) and "未变 1 个" in visible(reloaded)
    # the admins' own command menu lists the admin commands
    scoped = [c for c in world.api.calls_of("setMyCommands") if c.params.get("scope")]
    assert [c.params["scope"] for c in scoped] == [{"type": "chat", "chat_id": ADMIN_ID}]
    assert {"reload", "status"} <= {c["command"] for c in scoped[0].params["commands"]}


class LongBriefs:
    """The engine, with briefs padded so that each goes out in several messages."""

    def __init__(self, engine: Any, padding: int = 3, brief: bool = True) -> None:
        self.engine = engine
        self.padding = padding
        self.is_brief = brief

    def newest_issue_for(self, region: str, after: str | None = None) -> str | None:
        return self.engine.newest_issue_for(region, after)

    def brief(self, region: str, issue_date: str | None = None) -> Reply:
        reply = self.engine.brief(region, issue_date)
        if not self.is_brief:
            return self.engine.answer("/help")
        filler = [Block("text", [Segment(f"第{i}段：" + "江西科技创新持续推进。" * 280)]) for i in range(self.padding)]
        return replace(reply, blocks=[*reply.blocks[:1], *filler, *reply.blocks[1:]])


async def test_half_delivered_push_resumes_at_the_failed_part(world: World) -> None:
    bot = await world.start()
    await bot.ask("/subscribe 江西")
    pusher = svc_of(bot).pusher
    pusher.engine = LongBriefs(world.engine)
    parts, _ = pusher._render("江西", "2025-01-17")
    assert len(parts) >= 3
    world.clock.set("2025-01-18T08:00:00")

    # part 1 arrives, part 2 is refused: the push stays due
    world.api.fail_next("sendMessage", 400, after=1)
    mark = world.api.mark()
    run = await run_due(bot)
    assert (run.due, run.sent, run.failed) == (1, 0, 1)
    assert [visible(c) for c in sent_to(world.api, USER_ID, mark)] == \
        [check_telegram_html(parts[0])[1]]
    # the next tick sends part 2 onwards, not part 1 again
    world.clock.set("2025-01-18T08:01:00")
    run = await run_due(bot)
    assert (run.due, run.sent, run.failed) == (1, 1, 0)
    delivered = [c.params["text"] for c in sent_to(world.api, USER_ID, mark)]
    assert delivered == parts  # every part exactly once, in order
    assert sent_to(world.api, USER_ID, mark)[-1].params.get("reply_markup")  # the buttons under the last
    world.clock.set("2025-01-18T08:02:00")
    assert (await run_due(bot)).due == 0

    # a network failure half-way through resumes the same way
    world.add_issue("2025-01-20")
    world.engine.refresh()
    world.clock.set("2025-01-20T08:00:00")
    parts, _ = pusher._render("江西", "2025-01-20")
    world.api.fail_next("sendMessage", 500, times=2, after=2)  # retried once by with_retry, then left
    mark = world.api.mark()
    assert (await run_due(bot)).failed == 1
    assert (await run_due(bot)).sent == 1
    assert [c.params["text"] for c in sent_to(world.api, USER_ID, mark)] == parts


async def test_push_with_nothing_to_say_is_given_up_with_one_warning(world: World,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    bot = await world.start()
    await bot.ask("/subscribe 江西")
    svc_of(bot).pusher.engine = LongBriefs(world.engine, brief=False)
    mark = world.api.mark()
    with caplog.at_level(logging.WARNING, logger="bot.tg.push"):
        world.clock.set("2025-01-18T08:00:00")
        run = await run_due(bot)
        assert (run.due, run.sent, run.failed) == (1, 0, 1)
        for minute in range(1, 4):
            world.clock.set(f"2025-01-18T08:0{minute}:00")
            assert (await run_due(bot)).due == 0
    warnings = [r for r in caplog.records if "no brief for" in r.getMessage()]
    assert len(warnings) == 1
    assert sent_to(world.api, USER_ID, mark) == []


async def test_default_rate_limits_are_telegrams(world: World) -> None:
    bot = await world.start()
    limiter = bot.app.bot.rate_limiter
    assert isinstance(limiter, AIORateLimiter)
    base = limiter._base_limiter  # 30 a second, without a burst on top
    assert base.max_rate / base.time_period == pytest.approx(30) and base.max_rate == 1
    assert (limiter._group_max_rate, limiter._group_time_period) == (20, 60)
    assert limiter._max_retries >= 1


@pytest.mark.slow
async def test_thousand_subscribers_none_lost_with_429s_honoured(world: World) -> None:
    # Telegram's pace would take 34 s for 1,000 messages; the limiter's own behaviour under 429 is
    # what this test is about, so it runs faster here.
    bot = await world.start(rate_limiter=AIORateLimiter(overall_max_rate=400, overall_time_period=1,
                                                        max_retries=3))
    subs: SubscriptionStore = svc_of(bot).subs
    chats = list(range(100_000, 101_000))
    for chat in chats:
        subs.subscribe(chat, "江西", "08:00", at("2025-01-18T07:00:00"))
    world.api.throttle("sendMessage", every=170, retry_after=1, times=4)
    world.clock.set("2025-01-18T08:00:00")
    mark = world.api.mark()
    run = await run_due(bot)
    assert (run.due, run.sent, run.failed) == (1000, 1000, 0)
    calls = world.api.calls_of("sendMessage", mark)
    ok = Counter(int(c.params["chat_id"]) for c in calls if c.status == 200)
    assert sorted(ok) == chats and set(ok.values()) == {1}
    limited = [c for c in calls if c.status == 429]
    assert len(limited) == 4
    for c in limited:  # the retry for that chat waited retry_after
        chat = int(c.params["chat_id"])
        retry = next(x for x in calls if x.index > c.index and int(x.params["chat_id"]) == chat)
        assert retry.at - c.at >= 1.0
    assert (await run_due(bot)).due == 0
    assert subs.stats(world.clock())["pushed_today"] == 1000


@pytest.mark.slow
async def test_ingest_by_hand_while_the_engine_reads(world: World, tmp_path: Path) -> None:
    """`newsbot ingest` in another process: the bot's reads never fail nor see half an issue."""
    page = world.corpus / "kjrb_2025-01-25.txt"
    articles = "\n\n".join(
        f"# 江西第{i}项科技成果发布\n\n本报记者 王小明\n\n科技日报南昌电 江西省第{i}项成果发布，投入{i}亿元。\n"
        for i in range(1, 9))
    page.write_text(f"---\ndate: 2025-01-25\n---\n\n{articles}", encoding="utf-8")
    seen: set[int] = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                with world.engine._lock:
                    seen.add(len(world.engine.corpus.articles_in(["2025-01-25"])))
                world.engine.answer("长沙研发投入强度是多少")
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        proc = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot", "ingest", str(page), "--db", str(world.db)],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    finally:
        stop.set()
        reader.join()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not errors, errors
    final = len(world.engine.corpus.articles_in(["2025-01-25"]))
    assert final == 8 and seen <= {0, final} and 0 in seen, (seen, final)
    assert world.engine.newest_issue_for("江西", "2025-01-17") == "2025-01-25"
