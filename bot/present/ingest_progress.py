"""What `newsbot ingest` prints while it works.

On a terminal, with many files: one progress bar, redrawn in place; a line that must be shown (a
failure, a skipped file, a duplicate with --verbose) clears the bar first and the bar is drawn again below it, so no frozen bar
is left behind, and the bar is gone when the summary is printed. Otherwise: a line per file.
Duplicates (the same article printed on another page) are normal in archives: counted in the
summary, listed only with --verbose.

The time left is estimated from the pace of the files done in the last few seconds, once a few are
done: the time before the first file (opening the database, starting the workers) is not part of
the pace, which is what made the first estimate 13,660 s for a 37 s job.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from bot.ingest.results import FileResult

BAR_MIN_FILES = 20  # fewer files than this: a line each, no bar
BAR_WIDTH = 30
QUIET = ("duplicate",)  # listed only with --verbose
PROBLEMS = ("failed", "skipped")  # always listed, bar or not
_CLEAR = "\r\x1b[K"  # back to the start of the line and erase it
_REASON = {"duplicate": "说明", "skipped": "原因"}


@dataclass
class Pace:
    """Files per second over the last `window` seconds, from the first file on; None until
    `min_files` files and `min_seconds` have gone by since the first."""

    clock: Callable[[], float] = time.monotonic
    window: float = 10.0
    min_files: int = 5
    min_seconds: float = 0.5
    seen: deque[tuple[float, int]] = field(default_factory=deque)

    def update(self, done: int) -> float | None:
        now = self.clock()
        self.seen.append((now, done))
        # Keep a window of at least `window` seconds ending now (the oldest sample that still covers it).
        while len(self.seen) > 2 and now - self.seen[1][0] >= self.window:
            self.seen.popleft()
        since, first = self.seen[0]
        files, seconds = done - first, now - since
        if files < self.min_files or seconds < self.min_seconds:
            return None
        return files / seconds


def seconds_text(seconds: float) -> str:
    s = max(round(seconds), 1)
    return f"{s} 秒" if s < 100 else f"{s // 60} 分 {s % 60} 秒"


def bar_text(done: int, total: int, rate: float | None) -> str:
    filled = BAR_WIDTH * done // total
    pace = (f"{rate:.0f} 个/秒  剩余约 {seconds_text((total - done) / rate)}" if rate
            else "剩余时间估算中")
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}  {pace}"


def file_line(res: FileResult) -> str:
    line = f"{res.status:10} {res.path}"
    if res.status in ("new", "replaced", "unchanged", "duplicate"):
        line += f"  ({res.articles} 篇)"
    if res.error:
        line += f"  {_REASON.get(res.status, '错误')}：{res.error}"
    return line


class IngestProgress:
    """The `progress` callback of `ingest`: prints to `out` (stdout) and `err` (stderr)."""

    def __init__(self, out: TextIO, err: TextIO, *, terminal: bool, numbered: bool, verbose: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.out, self.err = out, err
        self.terminal, self.numbered, self.verbose = terminal, numbered, verbose
        self.pace = Pace(clock)
        self.bar_shown = False

    def __call__(self, done: int, total: int, res: FileResult) -> None:
        listed = self.verbose or res.status not in QUIET
        if not (self.terminal and total > BAR_MIN_FILES):
            if listed:
                self._line(done, total, res)
            return
        rate = self.pace.update(done)
        if res.status in PROBLEMS or (self.verbose and res.status in QUIET):
            self._clear()
            self._line(done, total, res)
        if done < total:
            self.err.write(_CLEAR + bar_text(done, total, rate))
            self.err.flush()
            self.bar_shown = True
        else:
            self._clear()  # done: the summary line takes its place

    def _clear(self) -> None:
        if self.bar_shown:
            self.err.write(_CLEAR)
            self.err.flush()
            self.bar_shown = False

    def _line(self, done: int, total: int, res: FileResult) -> None:
        count = f"[{done}/{total}] " if self.numbered and total > 1 else ""
        stream = self.err if res.status == "failed" else self.out
        print(count + file_line(res), file=stream, flush=True)
