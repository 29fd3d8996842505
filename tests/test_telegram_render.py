"""render_html / render_text: Telegram's HTML subset, escaping, splitting at 4096 UTF-16 units."""
from __future__ import annotations

from bot.present.blocks import Block, Segment

from bot.present.reply import Action, Reply
from bot.present.render_html import render_html, utf16_len
from bot.present.render_text import render_text
from tests.fake_bot_api import check_telegram_html


def _ok(html_text: str) -> str:
    errors, visible = check_telegram_html(html_text)
    assert not errors, (errors, html_text[:300])
    return visible


def test_styles_map_to_telegram_tags() -> None:
    reply = Reply("figure", blocks=[
        Block("title", [Segment("长沙"), Segment("研发", "bold")]),
        Block("text", [Segment("投入强度达"), Segment("3.3%", "mark"), Segment("，"), Segment("注", "italic"),
                       Segment("note", "italic"), Segment("x=1", "code")]),
        Block("quote", [Segment("原文一句。")]),
        Block("item", [Segment("第一条")]),
        Block("item", [Segment("第二条")]),
        Block("note", [Segment("来源")]),
    ])
    [out] = render_html(reply)
    assert out.startswith("<b>长沙研发</b>")  # no <b> nested inside the title's <b>
    assert "<b><u>3.3%</u></b>" in out
    # Chinese is never slanted (hard to read); Latin text keeps its italics.
    assert "，注<i>note</i>" in out and "<code>x=1</code>" in out
    assert "<blockquote>原文一句。</blockquote>" in out
    assert "• 第一条\n• 第二条" in out
    assert out.endswith("\n\n来源") and "<i>来源</i>" not in out
    _ok(out)


def test_hostile_text_is_escaped() -> None:
    hostile = '<b>粗</b> & </a> <script>"x"</script> &amp;'
    reply = Reply("unknown", blocks=[Block("text", [Segment(hostile)]), Block("title", [Segment(hostile)])])
    [out] = render_html(reply)
    visible = _ok(out)
    assert hostile in visible
    assert "<script>" not in out and "</a>" not in out


def test_splits_at_block_boundaries_under_limit() -> None:
    para = "科技创新" * 300  # 1200 chars
    reply = Reply("brief", blocks=[Block("text", [Segment(para, "bold" if i % 2 else None)]) for i in range(10)])
    parts = render_html(reply)
    assert len(parts) >= 3
    for part in parts:
        visible = _ok(part)
        assert utf16_len(visible) <= 4096
    # nothing lost, nothing cut: every paragraph arrives whole
    assert sum(p.count(para) for p in parts) == 10


def test_huge_block_split_at_sentences_with_tags_reopened() -> None:
    sentence = "这是一句很长的测试句子，用来检查拆分是否发生在句号之后。"
    text = sentence * 400  # ~11k chars in one block
    reply = Reply("article", blocks=[Block("quote", [Segment(text[:5000], "bold"), Segment(text[5000:])])])
    parts = render_html(reply)
    assert len(parts) >= 3
    joined = ""
    for part in parts:
        visible = _ok(part)
        assert utf16_len(visible) <= 4096
        assert part.startswith("<blockquote>") and part.endswith("</blockquote>")
        joined += visible
    assert joined.replace("\n", "") == text
    # each cut falls right after a sentence end (the only cut points in this text)
    assert all(_ok(p).endswith("。") for p in parts[:-1])


def test_utf16_counting_of_astral_characters() -> None:
    emoji = "😀" * 3000  # 6000 UTF-16 units, one "sentence"
    parts = render_html(Reply("x", blocks=[Block("text", [Segment(emoji)])]))
    assert len(parts) == 2
    assert all(utf16_len(_ok(p)) <= 4096 for p in parts)
    assert "".join(parts) == emoji


def test_item_with_its_own_bullet_gets_no_second_one() -> None:
    reply = Reply("help", blocks=[Block("item", [Segment("• 看简报")]), Block("item", [Segment("查数字")])])
    assert render_html(reply) == ["• 看简报\n• 查数字"]
    assert render_text(reply) == "• 看简报\n• 查数字"


def test_empty_reply_renders_nothing() -> None:
    assert render_html(Reply("unknown")) == []
    assert render_html(Reply("unknown", blocks=[Block("text", [Segment("  ")])])) == []


def test_render_text_marks_and_hints() -> None:
    reply = Reply("figure", blocks=[
        Block("title", [Segment("长沙研发投入强度")]),
        Block("text", [Segment("全市研发投入强度达"), Segment("3.3%", "mark"), Segment("。")]),
        Block("item", [Segment("甲")]),
        Block("item", [Segment("乙")]),
        Block("quote", [Segment("原文")]),
    ], actions=[Action("原文", "source", "12"), Action("相关数字", "related", "12")])
    text = render_text(reply)
    assert "全市研发投入强度达【3.3%】。" in text
    assert "• 甲\n• 乙" in text
    assert "｜ 原文" in text
    assert text.endswith("可继续：\n  [1] 原文\n  [2] 相关数字")
    assert "<" not in text
    assert render_text(reply, with_actions=False).endswith("｜ 原文")


def _article(paragraphs: list[str]) -> tuple[dict[str, object], list[dict[str, object]]]:
    art = {"id": "2025-01-17-04-01", "page_id": 1, "ordinal": 1, "issue_date": "2025-01-17", "paper": "人民日报",
           "page": "04", "page_order": 4, "headline": "一篇很长的文章", "kicker": None, "subtitle": None,
           "column_name": None, "byline": [], "byline_raw": None, "dateline": None, "editor_note": None,
           "event_dates": [], "sections": [], "summary": None, "main_region": None}
    paras: list[dict[str, object]] = [{"id": i + 1, "ordinal": i + 1, "section": None, "text": t}
                                      for i, t in enumerate(paragraphs)]
    return art, paras


def test_a_paragraph_longer_than_a_page_is_paged_not_sent_as_many_messages() -> None:
    from bot.present.article_view import PAGE_CHARS, article_reply

    sentence = "长沙市研发投入强度达到百分之三点三，创新主体不断壮大。"  # 27 characters
    huge = sentence * (120_000 // len(sentence))
    art, paras = _article(["开头一段。", huge, "结尾一段。"])
    first = article_reply(art, [], paras, [], [])  # type: ignore[arg-type]
    total = int(next(b.plain for b in first.blocks if b.kind == "note" and "页" in b.plain).split("/")[1].split()[0])
    assert total >= len(huge) // PAGE_CHARS
    seen = []
    for page in range(1, total + 1):
        reply = article_reply(art, [], paras, [], [], page=page)  # type: ignore[arg-type]
        body = [b for b in reply.blocks if b.kind == "text"]
        assert sum(len(b.plain) for b in body) <= PAGE_CHARS, page
        assert len(render_html(reply)) == 1, page  # one message per tap
        seen += [b.plain for b in body]
    assert "".join(seen) == "开头一段。" + huge + "结尾一段。"  # nothing lost, nothing twice
    assert all(p.endswith("。") for p in seen[1:-2])  # cut after sentences


def test_a_paragraph_within_a_page_is_not_cut() -> None:
    from bot.present.article_view import PAGE_CHARS, article_reply

    art, paras = _article(["甲" * PAGE_CHARS, "乙" * 10])
    reply = article_reply(art, [], paras, [], [])  # type: ignore[arg-type]
    assert [b.plain for b in reply.blocks if b.kind == "text"] == ["甲" * PAGE_CHARS]
