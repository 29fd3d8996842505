"""`newsbot ingest` on an archive with duplicates, as a terminal shows it (issue 23: 52 duplicate
lines each left a frozen progress bar behind; the first ETA said 13,660 s for a 37 s job)."""
from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.ingest.results import FileResult
from bot.present.ingest_progress import IngestProgress, Pace

ARCHIVE = Path(__file__).resolve().parent / "data" / "archive"
COPIES = 24  # the same front-page article reprinted on page 8: duplicates, like a crawler archive's
BAR = re.compile(r"^\[[#-]{30}\] \d+/\d+")


class Terminal(io.StringIO):
    """stdout and stderr of one terminal: what was written, and the screen it leaves."""

    def isatty(self) -> bool:
        return True

    def screen(self) -> list[str]:
        """The lines left on screen: `\\r` goes back to the line's start, `ESC[K` erases to its end."""
        lines, line, col = [], [], 0
        for token in re.findall(r"\x1b\[K|\r|\n|[^\r\n\x1b]", self.getvalue()):
            if token == "\n":
                lines.append("".join(line))
                line, col = [], 0
            elif token == "\r":
                col = 0
            elif token == "\x1b[K":
                del line[col:]
            else:
                line[col:col + 1] = [token]
                col += 1
        return lines + (["".join(line)] if line else [])


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    corpus = tmp_path / "rmrb"
    shutil.copytree(ARCHIVE, corpus)
    front = corpus / "20190214" / "20190214-01-01.txt"
    for k in range(1, COPIES + 1):
        shutil.copy(front, corpus / "20190214" / f"20190214-08-{k:02d}.txt")
    (corpus / "20190214" / "20190214-09-01.txt").write_bytes(b"")  # one failure among them
    return corpus


def _ingest_on_a_terminal(archive: Path, db: Path, monkeypatch: pytest.MonkeyPatch, *flags: str) -> list[str]:
    term = Terminal()
    monkeypatch.setattr(sys, "stdout", term)
    monkeypatch.setattr(sys, "stderr", term)
    assert main(["ingest", str(archive), "--db", str(db), *flags]) == 1  # the empty file failed
    return term.screen()


def test_duplicates_are_counted_not_listed_and_no_bar_is_left_behind(archive, tmp_path, monkeypatch):
    screen = _ingest_on_a_terminal(archive, tmp_path / "a.db", monkeypatch)
    # 24 copies + the page-7 reprint already in the fixture
    [summary] = [line for line in screen if line.startswith("新增")]
    assert "新增 4" in summary and "重复 25（同一篇文章的其他版面，--verbose 逐个列出）" in summary
    assert "失败 1" in summary
    assert not [line for line in screen if " duplicate " in line or "内容相同" in line]
    [failed] = [line for line in screen if line.startswith("[")]  # the failure, on a line of its own
    assert re.fullmatch(r"\[\d+/30\] failed +\S+20190214-09-01\.txt  错误：文件为空", failed), failed
    assert not [line for line in screen if BAR.match(line)]  # no bar frozen, none left at the end
    assert screen[-1] == summary


def test_verbose_lists_each_duplicate_on_a_clean_line(archive, tmp_path, monkeypatch):
    screen = _ingest_on_a_terminal(archive, tmp_path / "a.db", monkeypatch, "--verbose")
    dups = [line for line in screen if " duplicate " in line]
    assert len(dups) == COPIES + 1
    assert all(re.fullmatch(r"\[\d+/30\] duplicate +\S+\.txt  \(1 篇\)  说明：与 \S+20190214-01-01\.txt 内容相同.*", d)
               for d in dups), dups[:2]
    assert not [line for line in screen if BAR.match(line) or "[#" in line or "[-" in line]
    assert "重复 25，" in screen[-1]


def test_without_a_terminal_duplicates_are_listed_only_with_verbose(archive, tmp_path, capsys):
    assert main(["ingest", str(archive), "--db", str(tmp_path / "a.db")]) == 1
    out = capsys.readouterr().out
    assert " duplicate " not in out and out.count(" new ") == 4 and "重复 25（" in out
    assert main(["ingest", str(archive), "--db", str(tmp_path / "b.db"), "-v"]) == 1
    assert capsys.readouterr().out.count(" duplicate ") == COPIES + 1


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_first_estimate_leaves_out_the_start_up():
    """13 s before the first file (workers starting), then 100 files a second: the first time left
    shown is about 40 s, not the 13,660 s that files-since-start gave."""
    clock, term = Clock(), Terminal()
    progress = IngestProgress(term, term, terminal=True, numbered=True, clock=clock)
    clock.now = 13.0
    shown: list[str] = []
    for done in range(1, 3997):
        progress(done, 3996, FileResult(f"p{done}.txt", "new", articles=1))
        bar = term.getvalue().rsplit("\r\x1b[K", 1)[-1]
        shown.append(bar)
        clock.now += 0.01
    estimates = [(k, re.search(r"剩余约 (\d+) 秒", s)) for k, s in enumerate(shown, start=1)]
    first_k, first = next((k, m) for k, m in estimates if m)
    assert "剩余时间估算中" in shown[0] and 5 <= first_k <= 60
    assert 35 <= int(first[1]) <= 45, shown[first_k - 1]
    assert all(int(m[1]) <= 45 for _, m in estimates if m)


def test_the_pace_follows_the_last_seconds():
    """Unchanged files first (thousands a second), then new ones at 50 a second: within the window
    the estimate comes back to the pace of the files being written."""
    clock = Clock()
    pace = Pace(clock)
    done = 0
    for _ in range(5000):
        done += 1
        pace.update(done)
        clock.now += 0.0002
    for _ in range(1000):
        done += 1
        rate = pace.update(done)
        clock.now += 0.02
    assert rate is not None and 45 <= rate <= 60, rate
    assert Pace(clock).update(1) is None
