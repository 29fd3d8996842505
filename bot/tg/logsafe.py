"""Keep the bot token out of every log line.

httpx logs each request URL at INFO, and Bot API URLs contain the token. We raise httpx's level,
and, since any library may log a URL or an exception text holding it, redact the token from every
record as it is created (a record factory reaches every handler, including ones added later).
"""
from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timezone
from typing import Any

REDACTED = "<TOKEN>"
_lock = threading.Lock()
_secrets: dict[str, str] = {}  # secret -> what stands in its place
_installed = False


def redact(text: str) -> str:
    for secret, label in _secrets.items():
        if secret and secret in text:
            text = text.replace(secret, label)
    return text


def _scrub(record: logging.LogRecord) -> None:
    if not _secrets:
        return
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: leave it for logging's own error handling
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, ()
    if record.exc_info and not record.exc_text:
        # Pre-format the traceback so handlers print the redacted copy.
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class RedactingFilter(logging.Filter):
    """A handler filter doing the same redaction, for handlers set up outside this module."""

    def filter(self, record: logging.LogRecord) -> bool:
        _scrub(record)
        return True


def install_redaction(*secrets: str | None, label: str = REDACTED) -> None:
    """Redact `secrets` from all log records from now on (idempotent, adds to the set)."""
    global _installed
    with _lock:
        _secrets.update((s, label) for s in secrets if s)
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            _scrub(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (NEWSBOT_LOG_FORMAT=json), for log shippers; redacted like the rest."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        # Redacted again as a whole: a secret could only get here through a path _scrub missed.
        return redact(json.dumps(entry, ensure_ascii=False))


def setup_logging(level: str = "INFO", token: str | None = None, fmt: str = "text") -> None:
    """Log to stderr at `level` (as text, or JSON lines), quiet the HTTP libraries, redact the token."""
    if token:
        install_redaction(token)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if fmt == "json":
        for handler in root.handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setFormatter(JsonFormatter())
    root.setLevel(level)
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    # httpx logs every request URL (with the token) at INFO; httpcore is noisy at DEBUG.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # apscheduler logs every job run at INFO (the push tick each minute, the corpus scan): noise.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
