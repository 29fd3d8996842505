"""The corpus watcher: ingest new and changed files while the bot runs, off the event loop."""
from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.ingest import FileResult, IngestReport
from bot.subscriptions import SubscriptionStore

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    report: IngestReport
    new_failures: list[FileResult] = field(default_factory=list)  # not reported to admins before
    at: datetime | None = None

    @property
    def changed(self) -> int:
        return self.report.count("new") + self.report.count("replaced")


def file_hash(path: str) -> str:
    """What a failure is remembered by, with its path: a fixed file fails anew only if it changes."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


class CorpusWatcher:
    def __init__(self, engine: Any, subs: SubscriptionStore, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.subs = subs
        self.clock = clock
        self.last: ScanResult | None = None
        self._lock = asyncio.Lock()  # a /reload during a scheduled scan waits for it

    @property
    def last_errors(self) -> list[FileResult]:
        return [r for r in self.last.report.results if r.status == "failed"] if self.last else []

    async def scan(self) -> ScanResult:
        """Ingest what changed (in a thread, so conversations carry on) and note new failures."""
        async with self._lock:
            t0 = time.perf_counter()
            # The engine's refresh writes on its own connection; WAL lets the bot keep reading.
            report = await asyncio.to_thread(self.engine.refresh)
            now = self.clock()
            failed = [r for r in report.results if r.status == "failed"]
            new_failures = [r for r in failed if self.subs.alert_is_new(r.path, file_hash(r.path), r.error, now)]
            self.last = ScanResult(report, new_failures, now)
            if report.results and (self.last.changed or failed):
                log.info("corpus scan: %d new, %d replaced, %d failed in %.2fs", report.count("new"),
                         report.count("replaced"), len(failed), time.perf_counter() - t0)
            return self.last
