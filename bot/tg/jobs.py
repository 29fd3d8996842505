"""Repeating jobs on PTB's JobQueue: the push tick (every minute) and the corpus scan.

Nothing about a subscription lives in the job queue: every tick reads the database, so the jobs
are the same after a restart and a push missed while the bot was down goes out at the first tick.
"""
from __future__ import annotations

import asyncio
import html
import logging
from datetime import datetime
from pathlib import Path

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.tg import services
from bot.tg.ptb import App
from bot.tg.push import PushRun
from bot.tg.watcher import ScanResult

log = logging.getLogger(__name__)
TICK_SECONDS = 60
STARTUP_DELAY = 1.0  # catch-up run right after start-up
FIRST_SCAN_DELAY = 5.0  # start-up ingest has just run; this one reports files that failed in it
MAX_LISTED_FAILURES = 10
# How often the corpus folders are looked at (one stat per folder): a new file is ingested within
# this many seconds; the full scan (NEWSBOT_SCAN_MINUTES) also finds files rewritten in place.
WATCH_SECONDS = 10.0
PRUNE_SECONDS = 3600  # expired button data goes once an hour


async def push_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services.get(context)
    if svc.pusher:
        await svc.pusher.run_due(context.bot)


async def scan_and_push(bot: Bot, svc: services.Services, *,
                        skip_admin: int | None = None) -> tuple[ScanResult, PushRun | None]:
    """Scan the corpus; tell admins about new failures; push when an issue came in."""
    if svc.watcher is None:
        raise RuntimeError("the application was built without a corpus watcher")
    result = await svc.watcher.scan()
    if result.new_failures:
        await notify_admins(bot, svc.settings.admin_ids - {skip_admin}, failure_note(result))
    run = await svc.pusher.run_due(bot) if result.changed and svc.pusher else None
    return result, run


async def scan_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await scan_and_push(context.bot, services.get(context))


async def watch_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services.get(context)
    if svc.watcher and await svc.watcher.folders_changed():
        await scan_and_push(context.bot, svc)


async def prune_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Expired button data out of the state database (in a thread: a large delete takes a while)."""
    try:
        await asyncio.to_thread(services.get(context).store.prune)
    except Exception as exc:  # noqa: BLE001 - the state database may be away; the next hour tries again
        log.warning("pruning button data failed: %s", exc)


def failure_note(result: ScanResult) -> str:
    lines = ["⚠️ 以下语料文件导入失败（同一文件内容只提醒一次）："]
    for r in result.new_failures[:MAX_LISTED_FAILURES]:
        lines.append(f"• <code>{html.escape(Path(r.path).name)}</code>：{html.escape(r.error or '未知错误')}")
    if len(result.new_failures) > MAX_LISTED_FAILURES:
        lines.append(f"……另有 {len(result.new_failures) - MAX_LISTED_FAILURES} 个")
    return "\n".join(lines)


async def notify_admins(bot: Bot, admin_ids: frozenset[int] | set[int], text: str) -> None:
    for admin_id in sorted(a for a in admin_ids if a is not None):
        try:
            await bot.send_message(admin_id, text)
        except TelegramError as exc:
            log.warning("could not notify admin %s: %s", admin_id, exc)


def _seconds_to_next_minute(now: datetime) -> float:
    return 60.0 - now.second - now.microsecond / 1e6 + 0.5


def schedule(app: App) -> None:
    """Install the jobs; the queue starts them with the application."""
    svc = services.get_from_bot_data(app.bot_data)
    queue = app.job_queue
    if queue is None:  # PTB without the job-queue extra
        log.warning("no job queue: subscription pushes and corpus scans are off")
        return
    queue.run_once(push_tick, STARTUP_DELAY, name="push-catch-up")
    # On the minute (by the wall clock), so a push set for 08:00 leaves at 08:00, not 08:00:59.
    queue.run_repeating(push_tick, TICK_SECONDS, first=_seconds_to_next_minute(datetime.now()),
                        name="push-tick", job_kwargs={"misfire_grace_time": 30, "coalesce": True})
    queue.run_repeating(prune_job, PRUNE_SECONDS, first=PRUNE_SECONDS, name="callbacks-prune",
                        job_kwargs={"misfire_grace_time": 600, "coalesce": True})
    if svc.settings.scan_minutes > 0:
        interval = svc.settings.scan_minutes * 60
        queue.run_repeating(scan_job, interval, first=min(FIRST_SCAN_DELAY, interval), name="corpus-scan",
                            job_kwargs={"misfire_grace_time": 60, "coalesce": True})
        watch = min(WATCH_SECONDS, interval)
        queue.run_repeating(watch_job, watch, first=watch, name="corpus-watch",
                            job_kwargs={"misfire_grace_time": 60, "coalesce": True})
