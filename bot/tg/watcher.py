"""The corpus watcher: ingest new and changed files while the bot runs, off the event loop."""
from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.ingest.pipeline import FileResult, IngestReport
from bot.state.subscriptions import SubscriptionStore

if TYPE_CHECKING:
    from bot.answer.engine import Engine

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


class FolderWatch:
    """The modification times of the corpus folders. A file added, removed or renamed (how crawlers
    and editors save) changes its folder's, so a look costs one stat per folder, not per file; a
    file rewritten in place is found by the periodic full scan."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = roots
        self.snapshot: dict[str, int] = {}
        for root in roots:
            self._take(str(root))

    def _take(self, folder: str) -> None:
        try:
            self.snapshot[folder] = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as it:
                subs = [e.path for e in it if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
        except OSError:
            return
        for sub in subs:
            self._take(sub)

    def changed(self) -> bool:
        for root in self.roots:
            if str(root) not in self.snapshot and root.is_dir():
                return True  # a corpus folder that has appeared
        for folder, mtime in self.snapshot.items():
            try:
                if os.stat(folder).st_mtime_ns != mtime:
                    return True
            except OSError:
                return True
        return False


class CorpusWatcher:
    def __init__(self, engine: Engine, subs: SubscriptionStore, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.subs = subs
        self.clock = clock
        self.last: ScanResult | None = None
        self._lock = asyncio.Lock()  # a /reload during a scheduled scan waits for it
        self._folders: FolderWatch | None = None

    @property
    def last_errors(self) -> list[FileResult]:
        return [r for r in self.last.report.results if r.status == "failed"] if self.last else []

    async def folders_changed(self) -> bool:
        """Whether a file was added, removed or renamed in the corpus since the last look (one stat
        per folder, in a thread); the first look only takes the snapshot."""
        roots = [Path(r.path) for r in getattr(self.engine, "roots", [])]
        if not roots:
            return False
        previous = self._folders
        if previous is not None and not await asyncio.to_thread(previous.changed):
            return False
        # The new snapshot comes before the scan: what lands during the scan is seen next time.
        self._folders = await asyncio.to_thread(FolderWatch, roots)
        return previous is not None

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
