"""`newsbot ask … | head`: a reader that stops early ends the command quietly."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, PROJECT_ROOT


def _run_into_closed_pipe(args: list[str], db: Path, stdin: bytes | None = None, keep: int = 0) -> tuple[int, str]:
    """Run `python -m bot ARGS`, read `keep` bytes of its output, then close the pipe like `head`."""
    env = {**os.environ, "NEWSBOT_CORPUS": str(CORPUS), "NEWSBOT_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout and proc.stderr
    if stdin is not None and proc.stdin:
        proc.stdin.write(stdin)  # well under a pipe's buffer
        proc.stdin.close()
    if keep:
        proc.stdout.read(keep)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    return proc.wait(timeout=120), err


@pytest.mark.parametrize("args,stdin,keep", [
    (["ask", "/today"], None, 0),
    (["ask", "--json"], "\n".join(["/today", "长沙研发投入强度是多少", "/help"] * 200).encode(), 10),
])
def test_ask_into_a_closed_pipe_exits_quietly(engine: Any, engine_db: Path, args: list[str],
                                              stdin: bytes | None, keep: int) -> None:
    code, err = _run_into_closed_pipe(args, engine_db, stdin, keep)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert code in (0, 141)


def test_version_is_the_installed_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from bot.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsbot {version('newsbot')}"
