"""Push leadership on PostgreSQL: one leader at a time, a standby takes over when it goes away."""
from __future__ import annotations

import time

import psycopg
import pytest

from bot.state.leader import PushLeadership
from bot.state.db import StateDB


def _wait(predicate, timeout: float = 10.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_one_leader_and_a_standby_that_takes_over_when_it_closes(pg_url: str) -> None:
    elected: list[str] = []
    first = PushLeadership(StateDB(pg_url), on_elected=lambda: elected.append("first"))
    second = PushLeadership(StateDB(pg_url), on_elected=lambda: elected.append("second"))
    try:
        first.start()
        assert _wait(first.is_leader)
        second.start()
        time.sleep(0.5)
        assert not second.is_leader() and second.role() == "standby"
        assert elected == ["first"]
        first.close()
        assert _wait(second.is_leader), "the standby was not elected"
        assert elected == ["first", "second"]
    finally:
        first.close()
        second.close()


@pytest.mark.slow  # end to end, seconds: CI runs it
def test_a_leader_whose_session_dies_steps_down_and_the_standby_leads(pg_url: str) -> None:
    first = PushLeadership(StateDB(pg_url))
    second = PushLeadership(StateDB(pg_url))
    try:
        first.start()
        assert _wait(first.is_leader)
        second.start()
        time.sleep(0.3)
        # The leader's connection is cut (database restart, network): its lock is gone with it.
        pid = first._conn.info.backend_pid
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        assert _wait(second.is_leader)
        assert not first.is_leader()  # it notices before its next push, and stands by
        assert _wait(lambda: first._thread is not None and first._thread.is_alive())
    finally:
        first.close()
        second.close()


def test_close_stops_a_standby_waiting_for_the_lock(pg_url: str) -> None:
    leader = PushLeadership(StateDB(pg_url))
    standby = PushLeadership(StateDB(pg_url))
    try:
        leader.start()
        assert _wait(leader.is_leader)
        standby.start()
        time.sleep(0.3)
        t0 = time.monotonic()
        standby.close()
        assert time.monotonic() - t0 < 5
        assert standby._thread is not None and not standby._thread.is_alive()
        assert leader.is_leader()
    finally:
        leader.close()
        standby.close()
