"""Build the python-telegram-bot Application in one place, and run it (polling or webhook)."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, BaseRateLimiter, Defaults, ExtBot

from bot.state.leader import PushLeadership
from bot.state.db import open_state
from bot.state.subscriptions import SubscriptionStore
from bot.tg import access, errors
from bot.tg.handlers import callbacks as handlers_callbacks, commands as handlers_commands, inline as handlers_inline, messages as handlers_messages
from bot.tg.handlers import admin as handlers_admin, chats as handlers_chats, subscribe as handlers_subscribe, unknown as handlers_unknown
from bot.tg import jobs, services
from bot.tg.callback_store import CallbackStore
from bot.tg.chat_context import ChatContextStore
from bot.tg.claim import Prepared, keep_claimed, prepare_run, state_target
from bot.tg.health import Health, ObservedRequest, attach_when_webhook_starts, start_server
from bot.tg.logsafe import install_redaction, redact
from bot.tg.polling import TolerantBot, keep_update_content_out_of_logs
from bot.tg.profile import set_profile
from bot.tg.ptb import App
from bot.tg.push import Pusher
from bot.tg.ratelimit import MessageRateLimiter
from bot.tg.sanitize import SanitizingApplication
from bot.tg.settings import TIMEZONE, Settings, TelegramUnreachableError, TokenRejectedError
from bot.tg.updates import PerChatUpdateProcessor
from bot.tg.watcher import CorpusWatcher

if TYPE_CHECKING:
    from bot.answer.engine import Engine

log = logging.getLogger(__name__)
RATE_LIMIT_RETRIES = 3  # a 429 is waited out (retry_after) this many times before giving up
MESSAGES_PER_SECOND = 30
GROUP_MESSAGES_PER_MINUTE = 20
WEBHOOK_SECRET_REDACTED = "<WEBHOOK_SECRET>"
TELEGRAM_API = "https://api.telegram.org/bot"  # the token is appended
DEFAULT_READ_TIMEOUT = 5.0  # seconds to wait for a Bot API answer


def default_rate_limiter() -> AIORateLimiter:
    """Telegram's limits: about 30 messages a second overall, 20 a minute in one group; chat
    actions ("typing…") are not messages and bypass them (bot/tg/ratelimit.py).

    The overall limit is a bucket of one refilled every 1/30 s: a bucket of 30 a second would let
    60 through in the first second of a big push (a full bucket plus its refill).
    """
    return MessageRateLimiter(overall_max_rate=1, overall_time_period=1 / MESSAGES_PER_SECOND,
                              group_max_rate=GROUP_MESSAGES_PER_MINUTE, group_time_period=60,
                              max_retries=RATE_LIMIT_RETRIES)


def _state_db(settings: Settings, engine: Engine) -> str:
    return state_target(settings, getattr(engine, "db_path", None))


def _file_url(base_url: str) -> str:
    # A self-hosted Bot API server serves files under /file/bot<token>, next to /bot<token>.
    if base_url.rstrip("/").endswith("/bot"):
        return base_url.rstrip("/")[: -len("/bot")] + "/file/bot"
    return base_url


async def _post_init(app: App) -> None:
    try:
        await app.bot.set_my_commands(handlers_commands.BOT_COMMANDS)
    except TelegramError as exc:  # the menu is a nicety; serving matters more
        log.warning("setMyCommands failed: %s", exc)
    await set_profile(app.bot)
    # Admins see /reload and /status in their own menu; nobody else learns they exist.
    for admin_id in sorted(services.get_from_bot_data(app.bot_data).settings.admin_ids):
        try:
            await app.bot.set_my_commands(handlers_commands.ADMIN_BOT_COMMANDS, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # e.g. the admin never opened a chat with the bot
            log.info("setMyCommands for admin %s failed: %s", admin_id, exc)
    svc = services.get_from_bot_data(app.bot_data)
    health, settings = svc.health, svc.settings
    if health is not None:
        if settings.health_port:
            health.server = start_server(health, settings.health_listen, settings.health_port)
        if health.webhook_mode:
            app.create_task(attach_when_webhook_starts(app, health))
        if health.leadership is not None:
            loop = asyncio.get_running_loop()

            def elected() -> None:  # called from the election thread: the push runs on the bot's loop
                asyncio.run_coroutine_threadsafe(_push_now(app), loop)

            health.leadership.on_elected = elected
            health.leadership.start()
    log.info("bot @%s ready", app.bot.username)


async def _push_now(app: App) -> None:
    svc = services.get_from_bot_data(app.bot_data)
    if svc.pusher is not None:
        try:
            await svc.pusher.run_due(app.bot)
        except Exception:  # the minute tick tries again
            log.exception("push after election failed")


async def _post_shutdown(app: App) -> None:
    """Release what other processes wait for: the push lock above all."""
    svc = services.get_from_bot_data(app.bot_data)
    if svc.health is not None:
        if svc.health.leadership is not None:
            svc.health.leadership.close()
        if svc.health.server is not None:
            svc.health.server.stop()
        svc.health.state.close()


def build_application(
    settings: Settings,
    engine: Engine,
    *,
    state_db: str | Path | None = None,
    clock: Callable[[], datetime] | None = None,
    rate_limiter: BaseRateLimiter[int] | None = None,
    read_timeout: float | None = None,
) -> App:
    """The Application with every handler, job, defaults, rate limiter and error handler installed.

    `clock` is the bot's "now" (tests pass a controllable one); `rate_limiter` replaces the
    default Telegram limits (tests use a faster one); `read_timeout` replaces PTB's 5 s wait for a
    Bot API answer (tests stall the fake API past a short one).
    """
    token = settings.require_token()
    install_redaction(token)
    # PTB logs setWebhook's parameters at DEBUG, the secret among them.
    install_redaction(settings.webhook_secret, label=WEBHOOK_SECRET_REDACTED)
    keep_update_content_out_of_logs()  # a webhook's unreadable update: PTB would log it whole
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        tzinfo=TIMEZONE,
    )
    # The bot is made here, not by the builder: a TolerantBot, whose polling skips an update PTB
    # cannot read instead of asking for it again forever.
    base_url = settings.base_url or TELEGRAM_API
    # PTB's own transports, observed by the Health below (a subclass: HTTPXRequest has __slots__),
    # with the sizes and the 5 s wait PTB's builder would choose.
    requests = (ObservedRequest(connection_pool_size=256, read_timeout=read_timeout or DEFAULT_READ_TIMEOUT),
                ObservedRequest(connection_pool_size=1))
    tolerant = TolerantBot(
        token,
        base_url=base_url,
        base_file_url=_file_url(base_url),
        defaults=defaults,
        rate_limiter=rate_limiter or default_rate_limiter(),
        request=requests[0],
        get_updates_request=requests[1],
    )
    bot: ExtBot[int] = tolerant  # the type every handler knows it by
    builder = (
        Application.builder()
        .application_class(SanitizingApplication)
        .bot(bot)
        .post_init(_post_init)
        .concurrent_updates(PerChatUpdateProcessor())  # one slow chat never holds the others
        .post_shutdown(_post_shutdown)
    )
    app = builder.build()
    state = open_state(state_db or _state_db(settings, engine))
    log.info("bot state in %s", state.describe())
    store = CallbackStore(state)
    subs = SubscriptionStore(state)  # tables of its own: a corpus rebuild leaves them alone
    leadership = PushLeadership(state)
    health = Health(engine, state, leadership)
    tolerant.report_reads_to(health.updates_read)
    tolerant.report_conflicts_to(health.polling_conflict)
    # Readiness knows when Telegram last answered: every Bot API call (getUpdates too) is observed.
    for request in requests:
        health.observe(request)
    svc = services.Services(engine=engine, store=store, settings=settings, subs=subs,
                            chat_context=ChatContextStore(state), health=health)
    if clock is not None:
        svc.clock = clock
    svc.pusher = Pusher(subs, engine, store, lambda: svc.clock(), leadership)
    svc.watcher = CorpusWatcher(engine, subs, lambda: svc.clock())
    services.install(app.bot_data, svc)
    handlers_chats.register(app)
    access.register(app)
    handlers_commands.register(app)
    handlers_subscribe.register(app)
    handlers_admin.register(app)
    handlers_unknown.register(app)
    handlers_messages.register(app)
    handlers_callbacks.register(app)
    handlers_inline.register(app)
    errors.register(app)
    jobs.schedule(app)
    return app


def run_bot(settings: Settings, engine: Engine, webhook: bool = False, prepared: Prepared | None = None) -> None:
    """Serve until interrupted: long polling, or a webhook server when `webhook` is true.

    Raises MissingTokenError without a token, SettingsError for an incomplete webhook setup (or
    WebhookSecretRequiredError), TokenInUseError when another process takes the token's updates,
    TokenRejectedError when Telegram refuses the token at start-up and TelegramUnreachableError when
    the Bot API cannot be reached then (PTB's own errors would print the token). `prepared`: what
    `prepare_run` did already (`newsbot run` does it before opening the corpus).
    """
    if prepared is None:
        prepared = prepare_run(settings, getattr(engine, "db_path", None), webhook)
    try:
        app = build_application(settings, engine)
        if prepared.lock is not None:
            keep_claimed(app, prepared.lock)
        logging.getLogger("telegram.ext").addFilter(_no_start_up_traceback)
        try:
            _serve(app, settings, prepared.url_path)
        except InvalidToken:
            raise TokenRejectedError(settings.base_url) from None
        except TelegramError as exc:  # only start-up gets here: later errors are retried and logged
            raise TelegramUnreachableError(redact(str(exc))[:300]) from None
    finally:
        prepared.release()


def _no_start_up_traceback(record: logging.LogRecord) -> bool:
    """PTB logs a failed start-up with its traceback; run_bot says it in one line instead."""
    return not (record.levelno >= logging.ERROR and "Bootstrap Initialize Application" in record.getMessage())


def _serve(app: App, settings: Settings, url_path: str | None) -> None:
    """run_webhook when there is a webhook path, else run_polling."""
    if url_path is not None:
        services.get_from_bot_data(app.bot_data).health.webhook_mode = True  # type: ignore[union-attr]
        if not settings.webhook_secret:  # a lone process (replicas need a fixed one: check_webhook_secret)
            log.warning("WEBHOOK_SECRET is not set; using a random secret for this run")
        secret = settings.effective_webhook_secret()  # random when unset: drawn once, redacted too
        install_redaction(secret, label=WEBHOOK_SECRET_REDACTED)
        log.info("webhook mode: listening on %s:%s/%s", settings.webhook_listen, settings.webhook_port, url_path)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=url_path,
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        log.info("polling mode")
        app.run_polling(allowed_updates=Update.ALL_TYPES)
