"""Conversation context on the engine and in the console (issue 13: follow-ups keep the thread)."""
from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest

from bot.answer.context import ChatContext, respond

NOW = datetime(2025, 1, 20, 9, 0)


def test_a_conversation_follows_on(engine: Any) -> None:
    ctx = ChatContext()
    assert respond(engine, ctx, "南铁春运发送多少人次", NOW).figures[0].display == "3400万人次"
    assert respond(engine, ctx, "那福建呢", NOW).figures[0].display == "1710万人次"
    assert respond(engine, ctx, "同比增长多少", NOW).figures[0].display == "6.1%"
    # the context is plain JSON: a restarted bot reads it back
    ctx = ChatContext.from_json(ctx.to_json())
    assert respond(engine, ctx, "它的来源？", NOW).intent == "source"
    assert respond(engine, ctx, "江西有什么消息", NOW).intent == "brief"  # a new question, not a follow-up
    assert ctx.items and ctx.items[0][0] == 1
    said = respond(engine, ctx, "第三篇", NOW)
    assert said.intent == "context" and "只有第1篇" in said.text
    assert respond(engine, ctx, "第1篇", NOW).intent == "article"


def test_unreadable_context_is_no_context() -> None:
    assert ChatContext.from_json("{not json") == ChatContext()
    assert ChatContext.from_json('{"kind": "figure", "unknown": 1}').kind == "figure"


def test_a_number_without_a_list_says_what_to_do(engine: Any) -> None:
    reply = respond(engine, ChatContext(), "第二篇", NOW)
    assert reply.intent == "context" and "还没有可以选的列表" in reply.text


def test_console_keeps_context(engine: Any, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    from bot import console

    monkeypatch.setattr("sys.stdin", io.StringIO("南铁春运发送多少人次\n那福建呢\n同比呢\n"))
    assert console.chat(engine) == 0
    out = capsys.readouterr().out
    assert "\n1710万人次\n" in out and "\n6.1%\n" in out  # the figures as answers (titles), not a brief


def test_hostile_text_is_remembered_storably(engine: Any, tmp_path: Any) -> None:
    from bot.tg.chat_context import ChatContextStore

    ctx = ChatContext()
    respond(engine, ctx, "南铁春运发送多少人次\ud800\x00", NOW)
    respond(engine, ctx, "那福建呢\udfff", NOW)
    store = ChatContextStore(tmp_path / "state.db")
    store.set_conversation(7, ctx.to_json())
    again = ChatContext.from_json(store.get_conversation(7))
    assert again.figure == ctx.figure and again.question and "\ud800" not in again.question
    assert respond(engine, ChatContext(), "呢" * 600, NOW).intent == "too_long"


def test_a_message_is_normalised_once_on_its_way_in(engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """inputs → context → scope → understand: one normalisation, however many stages read it."""
    from bot.answer import understand as understanding

    calls: list[str] = []
    real = understanding.normalize_message

    def counted(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(understanding, "normalize_message", counted)
    monkeypatch.setattr("bot.answer.context.normalize_message", counted)
    reply = respond(engine, ChatContext(), "江西有什么消息", NOW)
    assert reply.intent == "brief"
    assert calls == ["江西有什么消息"]


@pytest.mark.parametrize("asked", ["/长沙\x00", "/brief ", "/stat\t", "/search \x00\x01"])
def test_a_command_with_nothing_after_it_is_answered_not_an_error(engine: Any, asked: str) -> None:
    """`t.me/<bot>?start=stat-AQ`, button data `ask:/brief ` and `/长沙\\x00` arrive as a command and
    blanks: the reply is the command's own (or the unknown-command answer), and the context keeps it."""
    ctx = ChatContext()
    reply = respond(engine, ctx, asked, NOW)
    assert reply.intent != "error" and reply.text
    # the context still works for the next question
    assert respond(engine, ctx, "南铁春运发送多少人次", NOW).figures[0].display == "3400万人次"
