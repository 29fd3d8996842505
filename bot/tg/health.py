"""Liveness and readiness: /healthz and /readyz over HTTP, for orchestrators and `newsbot health`.

/healthz answers 200 while the event loop runs (the handler runs on it). /readyz answers 200 when
the state database answers, the corpus has articles, and Telegram answered the bot's last calls;
503 otherwise, with the reason in the JSON body. They are served on the webhook server's port in
webhook mode, and on NEWSBOT_HEALTH_PORT (either mode) when that is set.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

import tornado.log
import tornado.web
from telegram.request import HTTPXRequest
from tornado.httpserver import HTTPServer

from bot.state.health import Check, HealthBody
from bot.state.leader import PushLeadership
from bot.state.db import StateDB
from bot.tg.ptb import App

if TYPE_CHECKING:
    from bot.answer.engine import Engine

log = logging.getLogger(__name__)
# Telegram failing for this long (with no success in between) makes the bot not ready.
TELEGRAM_GRACE_SECONDS = 120.0


class Liveness(TypedDict):
    """What /healthz answers."""

    status: str  # ok
    uptime_seconds: float


@dataclass
class Health:
    engine: Engine
    state: StateDB
    leadership: PushLeadership | None = None
    started: float = field(default_factory=time.time)
    telegram_ok_at: float | None = None
    telegram_failing_since: float | None = None
    telegram_error: str | None = None
    updates_unreadable_since: float | None = None  # getUpdates answers nothing can be read of
    conflict_since: float | None = None  # getUpdates refused with 409 Conflict since then
    conflict_error: str | None = None  # Telegram's words for it
    webhook_mode: bool = False  # run_webhook: the routes also go on the webhook server
    server: HTTPServer | None = None  # the NEWSBOT_HEALTH_PORT server, when started

    # ------------------------------------------------------------------ Telegram calls

    def telegram_ok(self) -> None:
        self.telegram_ok_at = time.time()
        self.telegram_failing_since = None
        self.telegram_error = None

    def telegram_failed(self, why: str) -> None:
        if self.telegram_failing_since is None:
            self.telegram_failing_since = time.time()
        self.telegram_error = why[:200]

    def updates_read(self, ok: bool) -> None:
        """Whether the last getUpdates answer could be read (`TolerantBot.on_read`)."""
        if ok:
            self.updates_unreadable_since = None
        elif self.updates_unreadable_since is None:
            self.updates_unreadable_since = time.time()

    def polling_conflict(self, why: str | None) -> None:
        """Each getUpdates outcome (`TolerantBot.report_conflicts_to`): Telegram's words for a 409
        Conflict, None for an answer. One log line when a conflict starts, one when it ends."""
        if why is None:
            if self.conflict_since is not None:
                log.warning("getUpdates works again after %.0f s of 409 Conflict: ready", time.time() - self.conflict_since)
                self.conflict_since = self.conflict_error = None
            return
        if self.conflict_since is None:
            self.conflict_since = time.time()
            log.error("getUpdates refused with 409 Conflict (%s): another process polls this bot's token, or a "
                      "webhook is set for it; not ready, and no updates are received, until it stops", why[:200])
        self.conflict_error = why[:200]

    def observe(self, request: ObservedRequest) -> None:
        """Record the outcome of every Bot API call made through `request`."""
        request.health = self

    def record(self, code: int) -> None:
        """The HTTP status of one Bot API answer."""
        if code >= 500 or code == 401:  # 401: the token is wrong, nothing will work
            self.telegram_failed(f"HTTP {code}")
        else:  # 4xx other than 401 are answers about one request: Telegram is there
            self.telegram_ok()

    # ------------------------------------------------------------------ checks

    def liveness(self) -> Liveness:
        return {"status": "ok", "uptime_seconds": round(time.time() - self.started, 1)}

    def readiness(self) -> tuple[bool, HealthBody]:
        now = time.time()
        checks: dict[str, Check] = {}
        try:
            version = self.state.version()
            checks["state"] = {"ok": True, "backend": self.state.dialect, "schema_version": version}
        except Exception as exc:  # noqa: BLE001 - any failure to answer is "not ready"
            checks["state"] = {"ok": False, "backend": self.state.dialect, "error": type(exc).__name__}
        try:
            stats = self.engine.stats()
            checks["corpus"] = {"ok": bool(stats.get("articles")), "articles": stats.get("articles"),
                                "latest_issue": stats.get("last")}
        except Exception as exc:  # noqa: BLE001
            checks["corpus"] = {"ok": False, "error": type(exc).__name__}
        tg: Check = {"ok": False}
        if self.telegram_ok_at is not None:
            tg["last_ok_seconds_ago"] = round(now - self.telegram_ok_at, 1)
            tg["ok"] = self.telegram_failing_since is None or now - self.telegram_failing_since < TELEGRAM_GRACE_SECONDS
        if self.telegram_failing_since is not None:
            tg["failing_for_seconds"] = round(now - self.telegram_failing_since, 1)
            tg["error"] = self.telegram_error
        if self.telegram_ok_at is None and self.telegram_failing_since is None:
            tg["error"] = "no call yet"
        if self.updates_unreadable_since is not None:  # Telegram answers, but serving has stopped
            tg["ok"] = False
            tg["error"] = "updates cannot be read"
        if self.conflict_since is not None:  # Telegram answers, but gives the updates to someone else
            tg["ok"] = False
            tg["error"] = f"409 Conflict: another poller or a webhook has this token ({self.conflict_error})"
            tg["conflict_for_seconds"] = round(now - self.conflict_since, 1)
        checks["telegram"] = tg
        ready = all(c["ok"] for c in checks.values())
        body: HealthBody = {"ready": ready, "checks": checks}
        if self.leadership is not None:
            body["pusher"] = self.leadership.role()
        return ready, body


class ObservedRequest(HTTPXRequest):
    """PTB's HTTP transport, telling a Health how each Bot API call went.

    A subclass, not a wrapper set on the instance: HTTPXRequest has __slots__, and from Python 3.13
    on (where contextlib's base class has __slots__ too) its instances have no __dict__ and take no
    new `do_request`. The application is built with two of these (`ApplicationBuilder.request()`
    and `.get_updates_request()`), so getUpdates counts too; `Health.observe()` connects each to
    the Health once it exists.
    """

    __slots__ = ("health",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.health: Health | None = None

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            code, payload = await super().do_request(*args, **kwargs)
        except Exception as exc:  # network errors, timeouts: Telegram unreachable
            if self.health is not None:
                self.health.telegram_failed(type(exc).__name__)
            raise
        if self.health is not None:
            self.health.record(code)
        return code, payload


class _Handler(tornado.web.RequestHandler):
    def initialize(self, health: Health, kind: str) -> None:
        self.health = health
        self.kind = kind

    async def get(self) -> None:
        body: Liveness | HealthBody
        if self.kind == "live":
            ok, body = True, self.health.liveness()
        else:
            # In a thread: a database that does not answer must not stall the bot's event loop.
            ok, body = await asyncio.to_thread(self.health.readiness)
        self.set_status(200 if ok else 503)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body, ensure_ascii=False))

    head = get

    def _log(self) -> None:  # tornado's hook for an application's own access log
        # Probes come every few seconds: a 503 while not ready is the answer, not an error to log
        # each time (the reason is logged once where it arises).
        tornado.log.access_log.debug("%d %s %s", self.get_status(), self.request.method, self.request.uri)


def routes(health: Health) -> list[tuple[str, type[_Handler], dict[str, object]]]:
    return [(r"/healthz", _Handler, {"health": health, "kind": "live"}),
            (r"/readyz", _Handler, {"health": health, "kind": "ready"})]


def start_server(health: Health, host: str, port: int) -> HTTPServer:
    """A small HTTP server for the two routes on the running event loop."""
    server = HTTPServer(tornado.web.Application(routes(health)))
    server.listen(port, address=host)
    log.info("health checks on http://%s:%s/healthz and /readyz", host, port)
    return server


def attach_to_webhook(app: App, health: Health) -> bool:
    """Add the routes to python-telegram-bot's own webhook server (a tornado Application)."""
    httpd = getattr(app.updater, "_httpd", None) if app.updater else None
    webapp = getattr(getattr(httpd, "_http_server", None), "request_callback", None)
    if not isinstance(webapp, tornado.web.Application):
        return False
    webapp.add_handlers(r".*", routes(health))
    log.info("health checks on the webhook server: /healthz and /readyz")
    return True


async def attach_when_webhook_starts(app: App, health: Health, timeout: float = 60.0) -> None:
    """run_webhook starts its server after post_init: wait for it, then add the routes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if attach_to_webhook(app, health):
            return
        await asyncio.sleep(0.1)
    log.warning("webhook server not found: /healthz and /readyz only on NEWSBOT_HEALTH_PORT")
