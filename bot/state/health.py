"""`newsbot health`: ask the running bot's /readyz, or, with no health endpoint configured, check
what can be checked from outside (the state database answers, the corpus database has articles).

The body it prints is /readyz's: `{"ready": true, "checks": {"state": {"ok": true, "backend":
"sqlite", "schema_version": 3}, "corpus": {"ok": true, "articles": 3873, "latest_issue":
"2020-02-29"}, "telegram": {…}}}`; offline, a `note` says Telegram was not checked.
"""
from __future__ import annotations

import json
import os
import sqlite3
import urllib.error
import urllib.request
from typing import TypedDict


class _CheckKeys(TypedDict):
    ok: bool


class Check(_CheckKeys, total=False):
    """One readiness check; besides `ok`, the keys that apply to it."""

    backend: str  # state: sqlite | postgresql
    schema_version: int
    articles: int | None  # corpus
    latest_issue: str | None
    last_ok_seconds_ago: float  # telegram
    failing_for_seconds: float
    conflict_for_seconds: float  # getUpdates refused with 409 Conflict this long
    error: str | None  # why not ok


class _BodyKeys(TypedDict):
    ready: bool


class HealthBody(_BodyKeys, total=False):
    """What /readyz answers and `newsbot health` prints."""

    checks: dict[str, Check]  # state, corpus, telegram
    pusher: str  # leader | standby
    note: str
    unreachable: bool  # `newsbot health` could not ask the bot
    url: str
    error: str


def default_url() -> str | None:
    """Where the running bot serves /readyz, from the same settings the bot reads."""
    port = (os.environ.get("NEWSBOT_HEALTH_PORT") or "").strip()
    if port:
        host = (os.environ.get("NEWSBOT_HEALTH_LISTEN") or "127.0.0.1").strip()
    elif (os.environ.get("WEBHOOK_URL") or "").strip():
        host = (os.environ.get("WEBHOOK_LISTEN") or "127.0.0.1").strip()
        port = (os.environ.get("WEBHOOK_PORT") or "8443").strip()
    else:
        return None
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"  # listening everywhere: ask locally
    return f"http://{host}:{port}/readyz"


def check(url: str | None, state_target: str, corpus_db: str, timeout: float = 5.0) -> tuple[bool, HealthBody]:
    url = url or default_url()
    if url:
        return _ask(url, timeout)
    return _offline(state_target, corpus_db)


def _ask(url: str, timeout: float) -> tuple[bool, HealthBody]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - a URL the operator gave
            body: HealthBody = json.loads(resp.read().decode("utf-8"))
            return resp.status == 200, body
    except urllib.error.HTTPError as exc:  # 503: not ready, with the reasons in the body
        try:
            body = json.loads(exc.read().decode("utf-8"))
        except (ValueError, OSError):
            body = {"ready": False, "error": f"HTTP {exc.code}"}
        return False, body
    except (OSError, ValueError) as exc:
        return False, {"ready": False, "unreachable": True, "url": url, "error": f"无法连接：{exc}"}


def _offline(state_target: str, corpus_db: str) -> tuple[bool, HealthBody]:
    from bot.state.db import StateDB

    checks: dict[str, Check] = {}
    try:
        state = StateDB(state_target)
        checks["state"] = {"ok": True, "backend": state.dialect, "schema_version": state.version()}
        state.close()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["state"] = {"ok": False, "error": str(exc)[:200]}
    try:
        conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
        try:
            articles, last = conn.execute("SELECT count(*), max(issue_date) FROM articles").fetchone()
        finally:
            conn.close()
        checks["corpus"] = {"ok": articles > 0, "articles": articles, "latest_issue": last}
    except sqlite3.Error as exc:
        checks["corpus"] = {"ok": False, "error": f"{corpus_db}: {exc}"}
    ready = all(c["ok"] for c in checks.values())
    return ready, {"ready": ready, "checks": checks,
                   "note": "未配置 NEWSBOT_HEALTH_PORT 或 webhook：只检查了数据库，未检查 Telegram 连接"}
