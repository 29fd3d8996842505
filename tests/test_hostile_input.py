"""Hostile input at the engine's door: over-long messages, lone surrogates, forged button data."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.language.inputs import MAX_MESSAGE_CHARS, clean, row_id
from bot.present.render_html import render_html, utf16_len
from bot.present.render_text import render_text
from tests.fake_bot_api import check_telegram_html

NOW = datetime(2026, 11, 29, 9, 0)
CJK_100K = "科创岛长沙研发投入" * 11112  # 100,008 characters


@pytest.mark.parametrize("prefix", ["", "/brief ", "/stat ", "/search "])
def test_over_long_message_is_refused_politely(engine: Any, prefix: str) -> None:
    reply = engine.answer(prefix + CJK_100K, NOW)
    assert reply.intent == "too_long"
    assert f"{MAX_MESSAGE_CHARS} 字以内" in reply.text
    assert not reply.articles and not reply.figures
    [part] = render_html(reply)
    assert not check_telegram_html(part)[0]


def test_near_limit_message_is_answered(engine: Any) -> None:
    question = "长沙研发投入强度是多少"
    padded = question + "，" * (MAX_MESSAGE_CHARS - len(question))
    assert len(padded) == MAX_MESSAGE_CHARS
    assert engine.answer(padded, NOW).intent != "too_long"
    # surrounding blanks do not count against the limit
    assert "3.3%" in engine.answer(" " * 5000 + question + "\n" * 5000, NOW).text
    assert engine.answer(padded + "，", NOW).intent == "too_long"


@pytest.mark.parametrize("message", [
    "长沙\ud800研发投入强度是多少", "\udfff", "/brief \udc00江西", "/search 科创岛\ud83d", "/stat \ud800\ud800",
    "/article \ud800", "\ud83d\ude00 江西",
])
def test_lone_surrogates_get_an_answer(engine: Any, message: str) -> None:
    reply = engine.answer(message, NOW)
    for part in render_html(reply):
        assert not check_telegram_html(part)[0]
        part.encode("utf-8")  # what Telegram receives must be valid UTF-8
    render_text(reply).encode("utf-8")


def test_surrogate_pairs_are_kept_and_lone_ones_replaced() -> None:
    assert clean("a\ud83d\ude00b") == "a😀b"
    assert clean("a\ud800b\udc00") == "a\ufffdb\ufffd"
    assert clean("x\x00y\x1b[31m\tz\n") == "x y [31m\tz\n"


def test_utf16_len_counts_lone_surrogates() -> None:
    assert utf16_len("\ud800") == 1
    assert utf16_len("😀a") == 3


@pytest.mark.parametrize("kind,arg", [
    ("source", "99999999999999999999"), ("related", "99999999999999999999"), ("source", "9223372036854775808"),
    ("source", "²"), ("related", "١٢"), ("source", "-1"), ("article", "\ud800"), ("page", "\ud800|江西|1"),
    ("page", "2025-01-17||99999999999999999999"), ("brief", "\udc00"), ("ask", "\ud800" * 3),
])
def test_forged_button_data_is_stale_not_an_error(engine: Any, kind: str, arg: str) -> None:
    reply = engine.action(kind, arg)
    if reply is not None:
        for part in render_html(reply):
            assert not check_telegram_html(part)[0]


def test_row_id_bounds() -> None:
    assert row_id("9223372036854775807") == 2**63 - 1
    assert row_id("9223372036854775808") is None
    assert row_id("00012") == 12
    assert row_id("") is None and row_id("１２") is None
