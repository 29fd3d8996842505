"""Property-based fuzzing: hostile messages, button data and inline queries never raise, and every
reply renders to valid Telegram HTML within the length limit. scripts/fuzz.py runs the same with
10,000+ examples."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from bot.tg.callback_store import CallbackStore
from tests.fuzzing import CALLBACK_DATA, INLINE_QUERY, MESSAGE, Tally, check_callback, check_inline, check_message

# A few hundred examples in all, no deadline (a shared CI machine), no example database on disk.
_CI = settings(max_examples=150, deadline=None, database=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                      HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> CallbackStore:
    return CallbackStore(tmp_path_factory.mktemp("fuzz") / "state.db")


def _assert_clean(tally: Tally) -> None:
    assert not tally.exceptions, tally.exceptions[0]
    assert not tally.invalid_html, tally.invalid_html[0]


@_CI
@given(message=MESSAGE)
def test_any_message_gets_a_valid_reply(engine: Any, message: str) -> None:
    tally = Tally()
    check_message(engine, message, tally)
    _assert_clean(tally)


@_CI
@given(data=CALLBACK_DATA)
def test_any_button_data_is_followed_or_stale(engine: Any, store: CallbackStore, data: str) -> None:
    tally = Tally()
    check_callback(engine, store, data, tally)
    _assert_clean(tally)


@settings(max_examples=80, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=INLINE_QUERY)
def test_any_inline_query_gets_valid_cards(engine: Any, query: str) -> None:
    tally = Tally()
    check_inline(engine, query, tally)
    _assert_clean(tally)


def test_known_hostile_inputs(engine: Any, store: CallbackStore, tmp_path: Path) -> None:
    """The inputs of issue 12, kept as explicit examples."""
    tally = Tally()
    for message in ("/brief " + "江" * 100_000, "长沙\ud800研发投入强度是多少", 'NEAR("科创岛" *', "\x00" * 10):
        check_message(engine, message, tally)
    for data in ("source:99999999999999999999", "article:\ud800", "page:2025-01-17|江西|-99999999999999999999"):
        check_callback(engine, store, data, tally)
    check_inline(engine, "长沙\udfff", tally)
    _assert_clean(tally)
