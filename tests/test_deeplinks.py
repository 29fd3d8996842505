"""Every deep link the bot makes is one Telegram accepts (A–Z a–z 0–9 _ -, at most 64) and asks
its question again (issue 23: after 同比呢 the 分享 link was `q-ask:/stat 福建南铁春运发送旅客同比增长多少`)."""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from bot.answer.context import ChatContext, respond
from bot.tg.callback_store import CallbackStore
from bot.tg.deeplinks import EXPIRED, KINDS, message_for, opened, payload_for, share_button, valid_payload

DATA = Path(__file__).resolve().parent / "data"
NOW = datetime(2025, 1, 20, 9, 0)
TELEGRAM_START = re.compile(r"[A-Za-z0-9_-]{1,64}")
FOLLOW_UPS = ("同比呢", "那福建呢", "那江西呢", "还有呢")


def _questions() -> list[str]:
    seen: dict[str, None] = {}
    for path in sorted(DATA.glob("*_questions.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                seen[json.loads(line)["q"]] = None
    return list(seen)


QUESTIONS = _questions()


@pytest.fixture
def store(tmp_path: Path) -> CallbackStore:
    return CallbackStore(tmp_path / "state.db")


def _payload(button: Any) -> str:
    link = parse_qs(urlparse(button.url).query)["url"][0]
    assert link.startswith("https://t.me/newsbot_test_bot?start=")
    return link.split("start=", 1)[1]


def test_the_payload_that_broke_is_now_a_stored_key(store: CallbackStore) -> None:
    """48 bytes of question: too long as base64 (69 characters), short enough to be kept as
    `ask:/stat …` by the button encoder, which is not a valid start parameter."""
    question = "福建南铁春运发送旅客同比增长多少"
    payload = payload_for("stat", question, store)
    assert TELEGRAM_START.fullmatch(payload) and payload.startswith("q-"), payload
    assert message_for(payload, store) == f"/stat {question}"


def test_a_thousand_generated_questions_all_get_valid_links_that_ask_them_again(store: CallbackStore) -> None:
    """Every question of the test sets and every prefix of it from 4 to 30 characters (the 12–18
    character window was the one that broke), under each kind of link."""
    generated = dict.fromkeys(q[:n] for q in QUESTIONS for n in range(4, 31, 2))
    args = [a for a in generated if a.strip() == a and a]
    assert len(args) >= 1000, len(args)
    lengths = set()
    for arg in args:
        for kind in KINDS:
            payload = payload_for(kind, arg, store)
            lengths.add(len(payload))
            assert valid_payload(payload) and TELEGRAM_START.fullmatch(payload), (kind, arg, payload)
            assert message_for(payload, store) == f"/{kind} {arg}", (kind, arg, payload)
    assert min(lengths) < 20 and max(lengths) == 64  # both forms were made: base64 and stored keys


def test_share_links_of_real_replies_are_valid_and_answer_the_same(engine: Any, store: CallbackStore) -> None:
    """Each test question on the bundled corpus, then its follow-ups in the same chat (what
    services.answer_in_chat shares: the question a follow-up stands for): every 分享 link is valid,
    and opening it in a new chat gives the same reply."""
    shared = 0
    stored = 0
    for question in QUESTIONS:
        ctx = ChatContext()
        for text in (question, *FOLLOW_UPS):
            reply = respond(engine, ctx, text, NOW)
            asked = (ctx.question or text) if reply.intent == "figure" else text
            button = share_button(reply, asked, "newsbot_test_bot", store)
            if button is None:
                continue
            payload = _payload(button)
            assert valid_payload(payload), (text, asked, payload)
            again, notice = opened(payload, store)
            assert notice is None
            reopened = respond(engine, ChatContext(), again, NOW)
            assert reopened.text == reply.text, (text, asked, again)
            shared += 1
            stored += payload.startswith("q-")
    assert shared >= 300 and stored >= 50, (shared, stored)


def test_an_unknown_or_pruned_link_gets_the_welcome_and_a_word_why(store: CallbackStore) -> None:
    payload = payload_for("stat", "福建南铁春运发送旅客同比增长多少", store)
    assert store.prune(now=1e12) >= 1  # long past its time
    assert opened(payload, store) == ("/start", EXPIRED)
    assert opened("q-AAAAAAAAAAAAAAAA", store) == ("/start", EXPIRED)
    assert opened("nonsense-payload", store) == ("/start", None)  # not one of ours: just the welcome
    assert opened("", store) == ("/start", None)


def test_a_page_of_a_brief_shares_its_region_not_the_words_that_turned_it(
        engine: Any, store: CallbackStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """还有呢 after a brief is its next page: the link asks the region's brief (`/brief 还有呢` would
    be 没有认出地区)."""
    from bot.present import brief_view

    monkeypatch.setattr(brief_view, "BRIEF_PAGE_SIZE", 1)
    ctx = ChatContext()
    first = respond(engine, ctx, "中部有什么新闻", NOW)
    page2 = respond(engine, ctx, "还有呢", NOW)
    assert first.intent == page2.intent == "brief" and page2.text != first.text
    for reply, asked in ((first, "中部有什么新闻"), (page2, "还有呢")):
        button = share_button(reply, asked, "newsbot_test_bot", store)
        assert button is not None
        again, _ = opened(_payload(button), store)
        assert respond(engine, ChatContext(), again, NOW).text == first.text, again
