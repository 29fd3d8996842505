"""scripts/chaos.py runs from a checkout and prints one line per case (a few quick cases here)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.mark.slow  # a subprocess importing the bot: seconds
def test_chaos_script_prints_one_verdict_line_per_case() -> None:
    result = subprocess.run([sys.executable, "scripts/chaos.py", "backup-mode", "deleted-mid-ingest", "deep-links"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    cases = [line.split(" | ") for line in lines[:-1]]
    assert [c[0] for c in cases] == ["deep-links", "backup-mode", "deleted-mid-ingest"]
    assert all(len(c) == 4 and c[3].startswith("PASS") for c in cases), lines
    assert lines[-1] == "3 passed, 0 failed, 0 skipped"


@pytest.mark.slow  # the whole list: about half a minute
def test_every_chaos_case_passes_or_says_why_it_was_skipped() -> None:
    # The cases reach across the bot (buttons, paging, state, ingest): a change elsewhere that breaks
    # one (numbered article buttons once did) fails here, not first in an operator's run.
    result = subprocess.run([sys.executable, "scripts/chaos.py"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=600)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    # one line per case (a skip's reason included), each ending in its verdict; none failed
    assert all(re.search(r" \| (PASS|SKIP) \([\d.]+ s\)$", line) for line in lines[:-1]), lines
    assert re.fullmatch(r"\d+ passed, 0 failed, \d+ skipped", lines[-1]), lines[-1]
