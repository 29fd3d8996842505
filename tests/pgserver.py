"""A real PostgreSQL for the state tests, and a fresh database in it for each test.

The server: $NEWSBOT_TEST_PG_URL (CI starts one with .ci/postgres.sh), else one this session
starts itself with the same script when PostgreSQL's binaries are installed. With neither, the
tests are skipped on a developer's machine and fail under CI=true: in CI they must run.
Under pytest-xdist the workers share one server: the first to need it starts it (a file lock in
the run's shared temp folder) and the controlling process stops it when the run ends.
"""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "postgres.sh"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


_SHARED = "pg-server.json"  # under xdist: the server the workers share, in the run's temp folder


class NoServer(Exception):
    """.ci/postgres.sh could not start a server; the message is the end of what it said."""


def start_server() -> dict[str, str]:
    """A throwaway server of its own (.ci/postgres.sh start): its export lines as a dict
    (NEWSBOT_TEST_PG_URL, NEWSBOT_TEST_PG_DIR); NoServer when none can start."""
    started = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True)
    if started.returncode != 0:
        raise NoServer(started.stderr.strip())
    return dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
                if line.startswith("export "))


def stop_server(exports: dict[str, str]) -> None:
    if "NEWSBOT_TEST_PG_DIR" in exports:
        subprocess.run(["bash", str(SCRIPT), "stop", exports["NEWSBOT_TEST_PG_DIR"]], capture_output=True)


def _start() -> dict[str, str]:
    """Start a server: its export lines as a dict, or an "error" entry saying why not."""
    try:
        return start_server()
    except NoServer as why:
        return {"error": f"no PostgreSQL for the state tests: set NEWSBOT_TEST_PG_URL or install PostgreSQL "
                         f"({str(why)[-300:]})"}


def _shared_start(shared: Path) -> dict[str, str]:
    """The workers' one server: started by the first worker that asks, found by the others."""
    with open(shared / "pg-server.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = shared / _SHARED
        if record.exists():
            return dict(json.loads(record.read_text("utf-8")))
        exports = _start()
        record.write_text(json.dumps(exports), "utf-8")
        return exports


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In xdist's controlling process (not a worker): stop the server the workers shared."""
    config = session.config
    if hasattr(config, "workerinput") or getattr(config.option, "numprocesses", None) in (None, 0):
        return
    record = config._tmp_path_factory.getbasetemp() / _SHARED  # type: ignore[attr-defined]
    if record.exists():
        stop_server(json.loads(record.read_text("utf-8")))
        record.unlink()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database."""
    url = os.environ.get("NEWSBOT_TEST_PG_URL")
    if url:
        yield url
        return
    worker = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    exports = _shared_start(tmp_path_factory.getbasetemp().parent) if worker else _start()
    if "error" in exports:
        if _in_ci():
            pytest.fail(exports["error"])
        pytest.skip(exports["error"])
    try:
        yield exports["NEWSBOT_TEST_PG_URL"]
    finally:
        if not worker:
            stop_server(exports)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A new, empty database for one test; dropped afterwards."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(pg_server)
    yield urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
