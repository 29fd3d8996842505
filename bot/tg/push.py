"""Deliver due subscription pushes: one brief per (region, issue) rendered once, sent to every chat.

The rate limiter (AIORateLimiter in app.py) keeps the pace under Telegram's limits and waits out
429s; what still fails with RetryAfter is waited out here, and anything not delivered stays due,
so the next tick tries again. A push is recorded only once every part of it was delivered.

A long brief goes out in several messages. Each part is recorded the moment Telegram confirms it
(the last one as the push itself, in sub_subscriptions/sub_pushes; earlier ones in the push ledger,
sub_push_parts), before anything else runs. A failed part, or a restart (even after `kill -9`),
resumes at the first unconfirmed part.

When the state database fails after Telegram confirmed a part (the process lives on), the
confirmation is kept in memory and written first thing on the next run, before anything is due
again: a state-database crash mid-push never repeats a confirmed send.

Delivery is at least once, never lost: a message Telegram carried out but whose confirmation never
reached the bot (the process killed while the answer was on its way, or a timeout) is sent again.
The Bot API has no idempotency key, so that window - from Telegram's send to our commit - is as
narrow as it can be made.

With state in PostgreSQL several processes run this; only the leader (bot/state/leader.py) pushes, and
it reads each push's ledger row again just before sending it.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.state.db import is_outage
from bot.state.leader import PushLeadership
from bot.present.blocks import Block, Segment
from bot.present.reply import Reply
from bot.state.subscriptions import DuePush, SubscriptionStore
from bot.tg.callback_store import CallbackStore
from bot.tg.push_ledger import PushLedger
from bot.tg.sender import render_parts, with_retry

if TYPE_CHECKING:
    from bot.answer.engine import Engine

log = logging.getLogger(__name__)
CONCURRENCY = 16  # requests in flight; the rate limiter sets the actual pace
MAX_RETRY_AFTER_ROUNDS = 5  # RetryAfter that got past the limiter, waited out here this often
MAX_FAILURES = 3  # a push that fails for another reason is given up after this many runs
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "bot was blocked", "peer_id_invalid")


@dataclass
class PushRun:
    due: int = 0
    sent: int = 0
    inactive: int = 0
    failed: int = 0
    migrated: int = 0
    skipped: int = 0  # delivered by another process meanwhile
    standby: bool = False  # another process is the pusher
    seconds: float = 0.0


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that the type will become timedelta
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def push_reply(reply: Reply, region: str) -> Reply:
    """The brief with a line saying why it came and how to stop it."""
    note = Block("note", [Segment(f"订阅推送 · 退订请发送 /unsubscribe {region}")])
    return replace(reply, blocks=[*reply.blocks, note])


class Pusher:
    def __init__(self, subs: SubscriptionStore, engine: Engine, store: CallbackStore,
                 clock: Callable[[], datetime], leadership: PushLeadership | None = None) -> None:
        self.subs = subs
        self.leadership = leadership
        self.engine = engine
        self.store = store
        self.clock = clock
        self._lock = asyncio.Lock()  # the minute tick and a new issue must not push the same thing twice
        self._failures: dict[tuple[int, str], int] = {}
        self.ledger = PushLedger(subs.db)  # parts delivered so far, per (chat, region, issue)
        # Sends Telegram confirmed whose record could not be written (the state database failed
        # mid-push): kept here and written first thing on the next run, so they are never sent again.
        self._unrecorded: dict[tuple[int, str, str], tuple[DuePush, str, int, int]] = {}

    async def run_due(self, bot: Bot) -> PushRun:
        """Send every push that is due now; safe to call at any time, from anywhere."""
        async with self._lock:
            t0 = time.perf_counter()
            leader = self.leadership if self.leadership is not None and self.leadership.shared else None
            if leader is not None:
                if not leader.is_leader():
                    return PushRun(standby=True)
            self._reconcile()  # raises while the state database is still down: nothing is sent
            if leader is not None:
                self.subs.refresh_inactive()  # another replica may have seen a 403 or a comeback
            due = [p for p in self.subs.due_pushes(self.clock(), self.engine.newest_issue_for)
                   if self._failures.get((p.subscription_id, p.issue_date), 0) < MAX_FAILURES]
            run = PushRun(due=len(due))
            # Progress of pushes no longer due (delivered elsewhere, superseded by a newer issue) goes.
            self.ledger.keep_only((p.chat_id, p.region, p.issue_date) for p in due)
            if not due:
                return run
            rendered: dict[tuple[str, str], tuple[list[str], InlineKeyboardMarkup | None] | None] = {}
            for push in due:
                key = (push.region, push.issue_date)
                if key not in rendered:  # the engine works in a thread: chats are answered meanwhile
                    rendered[key] = await asyncio.to_thread(self._render, push.region, push.issue_date)
            gate = asyncio.Semaphore(CONCURRENCY)

            async def one(push: DuePush) -> str:
                async with gate:
                    content = rendered[(push.region, push.issue_date)]
                    if content is None:
                        # Nothing to say: never send an empty brief. Rendering again will not help,
                        # so the push is given up at once and the warning is not repeated every tick.
                        self._failures[(push.subscription_id, push.issue_date)] = MAX_FAILURES
                        return "failed"
                    if leader is not None and not (leader.is_leader() and self.subs.still_due(push)):
                        return "skipped"  # leadership lost, or another process delivered it meanwhile
                    return await self._deliver(bot, push, *content)

            for outcome in await asyncio.gather(*(one(p) for p in due)):
                if outcome == "migrated":
                    run.migrated += 1
                    outcome = "sent"
                setattr(run, outcome, getattr(run, outcome) + 1)
            run.seconds = time.perf_counter() - t0
            log.info("push run: %d due, %d sent, %d inactive, %d failed, %d migrated, %d skipped in %.1fs",
                     run.due, run.sent, run.inactive, run.failed, run.migrated, run.skipped, run.seconds)
            return run

    def _render(self, region: str, issue_date: str) -> tuple[list[str], InlineKeyboardMarkup | None] | None:
        reply = self.engine.brief(region, issue_date)
        if reply.intent != "brief" or not reply.articles:
            log.warning("no brief for %s on %s; push skipped", region, issue_date)
            return None
        return render_parts(push_reply(reply, region), self.store)

    async def _deliver(self, bot: Bot, push: DuePush, parts: list[str],
                       markup: InlineKeyboardMarkup | None) -> str:
        fingerprint = hashlib.sha1("\0".join(parts).encode()).hexdigest()
        chat_id, rounds, migrated = push.chat_id, 0, False
        key = (chat_id, push.region, push.issue_date)
        done = self.ledger.progress(key, fingerprint)  # 0: never tried, or the brief changed since
        if done:
            log.info("push %s %s to %s resumes at part %d of %d", push.region, push.issue_date, chat_id,
                     done + 1, len(parts))

        while done < len(parts):
            last = done == len(parts) - 1
            try:
                # Part by part: a retry resumes where it stopped instead of repeating earlier parts.
                await with_retry(lambda: bot.send_message(chat_id, parts[done],
                                                          reply_markup=markup if last else None))
                # Confirmed: on disk before anything else, so no restart sends this part again.
                done += 1
                self._record(push, key, fingerprint, done, len(parts))
            except RetryAfter as exc:
                rounds += 1
                if rounds > MAX_RETRY_AFTER_ROUNDS:
                    log.warning("push to %s still rate limited; left for the next run", chat_id)
                    return "failed"
                await asyncio.sleep(retry_after_seconds(exc) + 0.1)
            except ChatMigrated as exc:
                if migrated:
                    return self._failed(push, exc)
                self.subs.migrate(chat_id, exc.new_chat_id)
                self.ledger.forget(key)
                chat_id, migrated = exc.new_chat_id, True
                push = replace(push, chat_id=chat_id)
                key = (chat_id, push.region, push.issue_date)
            except Forbidden as exc:
                self.ledger.forget(key)
                return self._gone(chat_id, exc)
            except BadRequest as exc:
                if any(s in str(exc).lower() for s in _GONE):
                    self.ledger.forget(key)
                    return self._gone(chat_id, exc)
                return self._failed(push, exc)
            except TelegramError as exc:  # network trouble: the next run tries again
                log.warning("push to %s failed: %s", chat_id, exc)
                return "failed"
        self._forget(key)
        return "migrated" if migrated else "sent"

    def _record(self, push: DuePush, key: tuple[int, str, str], fingerprint: str, done: int, total: int) -> None:
        """A confirmed part on disk. When the state database fails, the confirmation is kept in
        memory instead: the rest of the push goes on, and the next run writes it before anything else."""
        try:
            if done == total:
                self.subs.record_push(push, self.clock())
            else:
                self.ledger.delivered(key, fingerprint, done)
        except Exception as exc:
            if not is_outage(exc):
                raise
            self._unrecorded[key] = (push, fingerprint, done, total)
            log.warning("push %s %s to %s: part %d of %d delivered but not recorded (%s): recorded on recovery",
                        push.region, push.issue_date, push.chat_id, done, total, type(exc).__name__)
            if done < total:
                raise  # no further part is sent until the one before is on record

    def _forget(self, key: tuple[int, str, str]) -> None:
        try:
            self.ledger.forget(key)
        except Exception as exc:
            if not is_outage(exc):
                raise  # a stale ledger row is dropped by the next run's keep_only

    def _reconcile(self) -> None:
        """Record the confirmed pushes a state-database failure left unrecorded."""
        for key, (push, fingerprint, done, total) in list(self._unrecorded.items()):
            if done == total:
                self.subs.record_push(push, self.clock())
                self.ledger.forget(key)
            else:
                self.ledger.delivered(key, fingerprint, done)
            del self._unrecorded[key]
            log.info("push %s %s to %s: part %d of %d recorded after the state database came back",
                     push.region, push.issue_date, push.chat_id, done, total)

    def _gone(self, chat_id: int, exc: TelegramError) -> str:
        log.info("chat %s unreachable (%s): marked inactive", chat_id, exc)
        self.subs.deactivate(chat_id, str(exc), self.clock())
        return "inactive"

    def _failed(self, push: DuePush, exc: TelegramError) -> str:
        key = (push.subscription_id, push.issue_date)
        self._failures[key] = self._failures.get(key, 0) + 1
        log.warning("push %s to %s failed (%d/%d): %s", push.issue_date, push.chat_id,
                    self._failures[key], MAX_FAILURES, exc)
        return "failed"
