"""`run_bot` itself, in a child process: polling against the fake, DEBUG logs free of the token."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, PROJECT_ROOT, TEST_TOKEN, USER_ID
from tests.fake_bot_api import FakeBotAPI, check_telegram_html

_CHILD = """
from bot.answer.engine import Engine
from bot.tg import Settings, run_bot
settings = Settings.from_env(dotenv_path=None)
run_bot(settings, Engine.open(settings.db_path, settings.corpus))
"""


@pytest.mark.slow  # end to end, seconds: CI runs it
async def test_run_bot_polls_answers_and_never_logs_the_token(
    fake_api: FakeBotAPI, engine: Any, engine_db: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_BASE_URL": fake_api.base_url,
        "NEWSBOT_DB": str(engine_db),  # built by the session's engine: no ingest in the child
        "NEWSBOT_CORPUS": str(CORPUS),
        "NEWSBOT_LOG_LEVEL": "DEBUG",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    log_file = tmp_path / "child.log"
    with open(log_file, "wb") as out:
        child = subprocess.Popen([sys.executable, "-c", _CHILD], env=env, cwd=tmp_path, stdout=out,
                                 stderr=subprocess.STDOUT)
        try:
            await fake_api.wait_for("setMyCommands", timeout=40)
            mark = fake_api.mark()
            fake_api.send_text("长沙研发投入强度是多少")
            [reply] = await fake_api.wait_for("sendMessage", since=mark, timeout=20)
            assert int(reply.params["chat_id"]) == USER_ID
            assert "3.3%" in check_telegram_html(reply.params["text"])[1]
        finally:
            child.send_signal(signal.SIGINT)
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    logs = log_file.read_text(encoding="utf-8", errors="replace")
    assert "telegram" in logs  # DEBUG logging was on …
    assert TEST_TOKEN not in logs and TEST_TOKEN.split(":")[1] not in logs  # … and the token never in it
    assert child.returncode == 0, logs[-2000:]
