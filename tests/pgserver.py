"""A real PostgreSQL for the state tests, and a fresh database in it for each test.

The server: $NEWSBOT_TEST_PG_URL (CI starts one with .ci/postgres.sh), else one this session
starts itself with the same script when PostgreSQL's binaries are installed. With neither, the
tests are skipped on a developer's machine and fail under CI=true: in CI they must run.
"""
from __future__ import annotations

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


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database."""
    url = os.environ.get("NEWSBOT_TEST_PG_URL")
    if url:
        yield url
        return
    started = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True)
    if started.returncode != 0:
        why = f"no PostgreSQL for the state tests: set NEWSBOT_TEST_PG_URL or install PostgreSQL ({started.stderr.strip()[-300:]})"
        if _in_ci():
            pytest.fail(why)
        pytest.skip(why)
    exports = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
                   if line.startswith("export "))
    try:
        yield exports["NEWSBOT_TEST_PG_URL"]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", exports["NEWSBOT_TEST_PG_DIR"]], capture_output=True)


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
