"""`kill -9` of an ingest parent takes its worker processes with it (issue 22: each kept ~250 MB)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

ARCHIVE = Path(__file__).resolve().parent / "data" / "archive"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")]

_INGEST = """
import sys
from bot.ingest import store
from bot.ingest.pipeline import ingest
ingest(store.connect(sys.argv[1]), [sys.argv[2]], workers=2,
       progress=lambda done, total, res: print(done, flush=True))
"""


def _corpus(folder: Path, n: int) -> None:
    """`n` distinct pages made of the fixture archive's (a changed number each: no two alike)."""
    pages = sorted(ARCHIVE.rglob("*.txt"))
    for k in range(n):
        src = pages[k % len(pages)]
        day = folder / src.parent.name
        day.mkdir(exist_ok=True)
        text = src.read_text("utf-8") + f"\n本报记者统计，今年共有{k + 1}家企业参与。\n"
        (day / f"{src.stem}-{k:03d}.txt").write_text(text, "utf-8")


def _state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z", "X")  # a zombie has ended, only its reaper is missing


def _workers_of(parent: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"spawn_main" in cmdline:
            out.append(int(entry.name))
    return out


def test_killing_an_ingest_ends_its_workers(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _corpus(corpus, 600)
    proc = subprocess.Popen([sys.executable, "-c", _INGEST, str(tmp_path / "t.db"), str(corpus)],
                            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        assert proc.stdout is not None
        # Mid-ingest: the workers are parsing (their first results reached the writer).
        proc.stdout.readline()
        workers = _workers_of(proc.pid)
        assert len(workers) == 2, "the ingest ended before its workers could be seen"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 5
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived their ingest"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for w in workers:  # nothing left behind, even when the test fails
            if _alive(w):
                os.kill(w, signal.SIGKILL)
