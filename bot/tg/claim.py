"""Before a bot process serves: its settings checked, its logging set up, the token's updates claimed.

`newsbot run` does this before it opens (and ingests) the corpus, so that a process that may not
serve says why at once; `run_bot` does it itself when called without it (tests, scripts).
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import ContextTypes

from bot.state.token_lock import POLLER, WEBHOOK, TokenClaimed, TokenLock
from bot.tg.logsafe import setup_logging
from bot.tg.ptb import App
from bot.tg.settings import Settings, TokenInUseError

log = logging.getLogger(__name__)
CHECK_SECONDS = 30.0  # how often a running process checks that its claim still stands


@dataclass
class Prepared:
    """What `prepare_run` established; `lock` is None when the state database could not be asked."""

    webhook: bool
    url_path: str | None
    lock: TokenLock | None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def state_target(settings: Settings, db_path: str | Path | None) -> str:
    """Where the bot's state lives: PostgreSQL when NEWSBOT_STATE_URL is set, else the bot's SQLite
    database (tables of its own), so subscriptions and buttons survive restarts."""
    from bot.ingest.paths import default_db

    return str(settings.state_url or settings.db_path or db_path or default_db())


def prepare_run(settings: Settings, db_path: str | Path | None, webhook: bool) -> Prepared:
    """Raise SettingsError for settings that cannot work (TokenInUseError when another process
    takes the updates); else the claim, held until `release()` or the process's end."""
    token = settings.require_token()
    setup_logging(settings.log_level, token, settings.log_format)
    url_path = settings.webhook_path() if webhook else None  # validate before connecting
    if webhook:
        settings.check_webhook_secret()
    return Prepared(webhook, url_path, claim_updates(settings, state_target(settings, db_path), webhook))


def claim_updates(settings: Settings, target: str, webhook: bool) -> TokenLock | None:
    """Claim the token: exclusively to poll, shared as a webhook replica (bot/state/token_lock.py)."""
    bot_id = settings.require_token().split(":", 1)[0]  # public: the bot's user id
    lock = TokenLock(target, bot_id, WEBHOOK if webhook else POLLER)
    try:
        lock.acquire()
    except TokenClaimed as exc:
        log.error("not starting: %s already takes this bot's updates (%s); a token has one poller at a time, "
                  "and polling excludes webhook replicas", exc.holder, lock.describe())
        raise TokenInUseError(webhook, exc.holder) from None
    except Exception as exc:  # noqa: BLE001 - the state database does not answer: serve without the claim
        log.warning("could not claim the bot's updates (%s: %s): serving without the claim; a second poller "
                    "would show as a 409 Conflict in /readyz", lock.describe(), type(exc).__name__)
        return None
    log.info("this process takes the bot's updates by %s (%s)", lock.mode, lock.describe())
    return lock


class ClaimKeeper:
    """Takes the claim again after its PostgreSQL session ended (server restart, network cut), so
    that a poller started later is still refused; says once when it is lost and when it is back."""

    def __init__(self, lock: TokenLock) -> None:
        self.lock = lock
        self.lost = False
        self.taken_by: str | None = None  # another process claimed the token meanwhile

    def keep(self) -> None:
        """One check (blocking: run it in a thread)."""
        if self.lock.held():
            return
        if not self.lost:
            self.lost = True
            log.warning("the claim on the bot's updates was lost (%s: its session ended); claiming it again",
                        self.lock.describe())
        try:
            self.lock.acquire()
        except TokenClaimed as exc:
            if self.taken_by != exc.holder:
                self.taken_by = exc.holder
                log.error("while this process's claim was lost, %s took this bot's updates: two processes take them "
                          "now (see /readyz for 409 Conflict); stop one", exc.holder)
            return
        except Exception:  # noqa: BLE001 - the database is still away: the next check tries again
            return
        self.lost, self.taken_by = False, None
        log.warning("the claim on the bot's updates is held again (%s)", self.lock.describe())


def keep_claimed(app: App, lock: TokenLock) -> None:
    """Check the claim every CHECK_SECONDS on the application's job queue."""
    keeper = ClaimKeeper(lock)

    async def check(context: ContextTypes.DEFAULT_TYPE) -> None:
        await asyncio.to_thread(keeper.keep)

    if app.job_queue is not None:
        app.job_queue.run_repeating(check, CHECK_SECONDS, first=CHECK_SECONDS, name="updates-claim",
                                    job_kwargs={"misfire_grace_time": 60, "coalesce": True})
