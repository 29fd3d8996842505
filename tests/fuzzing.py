"""Hostile input generators and the checks every reply must pass; used by tests/test_fuzz.py (a few
hundred examples in CI) and scripts/fuzz.py (10,000+ on demand).

Three doors: messages (Engine.answer), button data (CallbackStore.decode + Engine.action) and inline
queries (Engine.answer + the inline cards). Each reply goes through both renderers: the text must
encode as UTF-8, every Telegram HTML part must be valid Telegram HTML (only its tags, balanced,
entities escaped) within 4096 UTF-16 units.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from bot.language.inputs import MAX_MESSAGE_CHARS
from bot.present.reply import Reply
from bot.present.render_html import render_html
from bot.present.render_text import render_text
from bot.tg.callback_store import CallbackStore
from bot.tg.handlers.inline import inline_results
from tests.fake_bot_api import MAX_TEXT, check_telegram_html, utf16_len

# Any code point at all: lone surrogates, controls, private use, unassigned.
ANY_CHAR = st.characters(exclude_categories=())
FRAGMENTS = [
    # commands and the words the engine reacts to
    "/brief ", "/stat ", "/search ", "/article ", "/today", "/regions", "/about", "/help", "/start", "/x",
    "@newsbot_test_bot ", "江西", "长沙", "北京", "京津冀", "四川天府新区", "哈尔宾", "冀", "Beijing", "changsha",
    "研发投入强度", "是多少", "有什么消息", "科创岛", "发送旅客", "3.3%", "1178家", "三千四百万", "百分之十二点五",
    "昨天", "今天", "上周", "1月17日", "2025-01-17", "2月30日", "9999-99-99", "13月", "上上上周", "请问", "呢",
    # FTS5 query syntax and SQL
    '"', "'", "*", "NEAR(", "NEAR(a b, 99999)", " AND ", " OR ", " NOT ", "^", ":", "(", ")", "{", "}", "-",
    "col:", "docs_fts", "'; DROP TABLE articles; --", "%", "_", "\\",
    # HTML and entities
    "<b>", "</b>", "<a href='x'>", "</a>", "<script>", "&", "&amp;", "&lt;", "&#0;", "&#xD800;", "<!--", "]]>",
    # Unicode troublemakers
    "\ud800", "\udfff", "\ud83d\ude00", "\ud83d", "\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\ufffd",
    "\u0301", "𠀀", "🇨🇳", "👨‍👩‍👧", "\n", "\r\n", "\t", " ", "　", "，", "。", "１２３",
]
FRAGMENT = st.sampled_from(FRAGMENTS)
PIECE = st.one_of(FRAGMENT, st.text(ANY_CHAR, max_size=8))
# Messages: shuffled fragments and raw code points, and now and then something huge.
MESSAGE = st.one_of(
    st.lists(PIECE, max_size=12).map("".join),
    st.text(ANY_CHAR, max_size=60),
    st.builds(lambda piece, n: piece * n, st.lists(PIECE, min_size=1, max_size=4).map("".join),
              st.integers(1, 30_000)),
    # just under, at and just over the length limit: the slowest inputs still answered
    st.builds(lambda piece, n: (piece * (n // max(len(piece), 1) + 1))[:n],
              st.lists(PIECE, min_size=1, max_size=6).map("".join).filter(bool),
              st.integers(MAX_MESSAGE_CHARS - 60, MAX_MESSAGE_CHARS + 2)),
)
INLINE_QUERY = st.lists(PIECE, max_size=8).map(lambda parts: "".join(parts)[:256])
ACTION_KINDS = ["article", "source", "related", "page", "brief", "ask", "h", "", "x"]
NUMBER = st.one_of(st.integers(-2**70, 2**70).map(str), st.sampled_from(["²", "١٢", "１２", "0", "00", "-0", "1e9"]))
PAGE_ARG = st.builds(lambda d, r, n: f"{d}|{r}|{n}", st.sampled_from(["2025-01-17", "2025-13-01", "x", ""]),
                     st.sampled_from(["江西", "北京,天津", "", "\ud800", "|"]), NUMBER)
CALLBACK_DATA = st.one_of(
    st.builds(lambda k, a: f"{k}:{a}", st.sampled_from(ACTION_KINDS),
              st.one_of(NUMBER, PAGE_ARG, st.text(ANY_CHAR, max_size=20), PIECE)),
    st.text(ANY_CHAR, max_size=64),
)


@dataclass
class Tally:
    """What a fuzz run found."""

    inputs: int = 0
    exceptions: list[str] = field(default_factory=list)
    invalid_html: list[str] = field(default_factory=list)
    slowest_ms: float = 0.0
    slowest_input: str = ""
    slowest: tuple[str, str] = ("", "")  # (door, input) of the slowest answer, to time it again
    times_ms: list[float] = field(default_factory=list)

    def timed(self, label: str, value: str, started: float) -> None:
        ms = (time.perf_counter() - started) * 1000
        self.times_ms.append(ms)
        if ms > self.slowest_ms:
            self.slowest_ms, self.slowest_input = ms, f"{label} {value[:60]!r} ({len(value)} chars)"
            self.slowest = (label, value)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def reply_problems(reply: Reply) -> list[str]:
    """Why a reply could not go out as it is, in either renderer; [] when it is fine."""
    problems: list[str] = []
    render_text(reply).encode("utf-8")  # raises on a lone surrogate: the console could not print it
    for part in render_html(reply):
        errors, visible = check_telegram_html(part)
        problems += errors
        if utf16_len(visible) > MAX_TEXT:
            problems.append(f"part of {utf16_len(visible)} UTF-16 units")
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:
            problems.append("part is not valid UTF-8")
    return problems


def check_message(engine: Any, message: str, tally: Tally) -> None:
    tally.inputs += 1
    started = time.perf_counter()
    try:
        reply = engine.answer(message)
        tally.timed("message", message, started)
        problems = reply_problems(reply)
    except Exception as exc:  # noqa: BLE001 - counting them is the point
        tally.exceptions.append(f"message {message[:80]!r}: {type(exc).__name__}: {exc}"[:300])
        return
    if problems:
        tally.invalid_html.append(f"message {message[:80]!r}: {problems[:3]}")


def check_callback(engine: Any, store: CallbackStore, data: str, tally: Tally) -> None:
    tally.inputs += 1
    started = time.perf_counter()
    try:
        decoded = store.decode(data)
        reply = engine.action(*decoded) if decoded else None
        tally.timed("callback", data, started)
        problems = reply_problems(reply) if reply is not None else []
    except Exception as exc:  # noqa: BLE001
        tally.exceptions.append(f"callback {data[:80]!r}: {type(exc).__name__}: {exc}"[:300])
        return
    if problems:
        tally.invalid_html.append(f"callback {data[:80]!r}: {problems[:3]}")


def check_inline(engine: Any, query: str, tally: Tally) -> None:
    tally.inputs += 1
    started = time.perf_counter()
    problems: list[str] = []
    try:
        reply = engine.answer(query.strip()) if query.strip() else None
        results = inline_results(reply) if reply is not None else []
        tally.timed("inline", query, started)
        for r in results:
            content = r.input_message_content
            text = getattr(content, "message_text", "")
            errors, visible = check_telegram_html(text)
            problems += errors
            if utf16_len(visible) > MAX_TEXT:
                problems.append("inline card over the limit")
            text.encode("utf-8")
            (r.title or "").encode("utf-8")
            (r.description or "").encode("utf-8")
    except Exception as exc:  # noqa: BLE001
        tally.exceptions.append(f"inline {query[:80]!r}: {type(exc).__name__}: {exc}"[:300])
        return
    if problems:
        tally.invalid_html.append(f"inline {query[:80]!r}: {problems[:3]}")
