"""Build the python-telegram-bot Application in one place, and run it (polling or webhook)."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, Defaults

from bot.tg import access, errors, handlers_callbacks, handlers_commands, handlers_inline, handlers_messages
from bot.tg import services
from bot.tg.callback_store import CallbackStore
from bot.tg.logsafe import install_redaction, setup_logging
from bot.tg.settings import TIMEZONE, Settings

log = logging.getLogger(__name__)
RATE_LIMIT_RETRIES = 3  # a 429 is waited out (retry_after) this many times before giving up


def _state_db(settings: Settings, engine: Any) -> str:
    """Where button data lives: the bot's database (its own table), so buttons survive restarts."""
    from bot.paths import default_db

    return str(settings.db_path or getattr(engine, "db_path", None) or default_db())


def _file_url(base_url: str) -> str:
    # A self-hosted Bot API server serves files under /file/bot<token>, next to /bot<token>.
    if base_url.rstrip("/").endswith("/bot"):
        return base_url.rstrip("/")[: -len("/bot")] + "/file/bot"
    return base_url


async def _post_init(app: Application) -> None:
    try:
        await app.bot.set_my_commands(handlers_commands.BOT_COMMANDS)
    except TelegramError as exc:  # the menu is a nicety; serving matters more
        log.warning("setMyCommands failed: %s", exc)
    log.info("bot @%s ready", app.bot.username)


def build_application(settings: Settings, engine: Any, *, state_db: str | Path | None = None) -> Application:
    """The Application with every handler, defaults, rate limiter and error handler installed."""
    token = settings.require_token()
    install_redaction(token)
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        tzinfo=TIMEZONE,
    )
    builder = (
        Application.builder()
        .token(token)
        .defaults(defaults)
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .post_init(_post_init)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url).base_file_url(_file_url(settings.base_url))
    app = builder.build()
    store = CallbackStore(state_db or _state_db(settings, engine))
    services.install(app.bot_data, services.Services(engine=engine, store=store, settings=settings))
    access.register(app)
    handlers_commands.register(app)
    handlers_messages.register(app)
    handlers_callbacks.register(app)
    handlers_inline.register(app)
    errors.register(app)
    return app


def run_bot(settings: Settings, engine: Any, webhook: bool = False) -> None:
    """Serve until interrupted: long polling, or a webhook server when `webhook` is true.

    Raises MissingTokenError without a token and SettingsError for an incomplete webhook setup.
    """
    token = settings.require_token()
    setup_logging(settings.log_level, token)
    url_path = settings.webhook_path() if webhook else None  # validate before connecting
    app = build_application(settings, engine)
    if webhook:
        if not settings.webhook_secret:
            log.warning("WEBHOOK_SECRET is not set; using a random secret for this run")
        log.info("webhook mode: listening on %s:%s/%s", settings.webhook_listen, settings.webhook_port, url_path)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=url_path or "",
            webhook_url=settings.webhook_url,
            secret_token=settings.effective_webhook_secret(),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        log.info("polling mode")
        app.run_polling(allowed_updates=Update.ALL_TYPES)
