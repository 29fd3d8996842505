"""A search result is one line per article like a brief: headline, date and page, then the
sentence that matched, cut short, with the words asked marked (bot/present/snippets.py)."""
from __future__ import annotations

from typing import Any

from bot.present.blocks import block_text
from bot.present.render_html import render_html
from bot.present.snippets import SNIPPET_CHARS, snippet

ZHONG = "疫情发生以来，钟南山、李兰娟、乔杰、王辰等院士始终站在临床一线，将探索出的新疗法纳入诊疗方案，为打赢疫情防控阻击战提供了科学支撑。"


def test_the_snippet_is_cut_around_the_first_word_asked_and_marks_each() -> None:
    segs = snippet(ZHONG, ["钟南山", "李兰娟"])
    shown = "".join(s.text for s in segs)
    assert len(shown) <= SNIPPET_CHARS + 2 and shown.endswith("…")
    assert [s.text for s in segs if s.style == "mark"] == ["钟南山", "李兰娟"]
    late = snippet(ZHONG, ["科学支撑"])
    assert late[0].text == "…" and any(s.style == "mark" and s.text == "科学支撑" for s in late)
    assert "".join(s.text for s in snippet("短句。", ["没有"])) == "短句。"  # nothing asked in it: as printed


def test_a_search_reply_is_a_list_of_short_lines(engine: Any) -> None:
    reply = engine.answer("科创岛")
    assert reply.intent == "search" and reply.articles
    lines = [block_text(b) for b in reply.blocks[1:] if b.kind == "text"]
    assert lines and all(len(line) <= SNIPPET_CHARS + 6 for line in lines)  # 【】 and … around it
    assert any("【科创岛】" in line for line in lines)
    assert len(reply.text) < 120 * (len(reply.articles) + 1)
    assert "<mark>" not in render_html(reply)[0] and "科创岛" in render_html(reply)[0]
