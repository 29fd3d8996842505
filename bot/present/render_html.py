"""Render a `Reply` as Telegram HTML messages, split to Telegram's length limit.

Only tags Telegram accepts are produced, every piece of text is escaped, and a split never falls
inside a tag: each message is built from whole (or cut-and-rewrapped) blocks.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.present.blocks import Block, Segment
from bot.present.reply import Reply

# Telegram counts message length after entity parsing, in UTF-16 code units.
TELEGRAM_MAX_CHARS = 4096

_STYLE_TAGS: dict[str, tuple[str, str]] = {
    "bold": ("<b>", "</b>"),
    "mark": ("<b><u>", "</u></b>"),  # the figure inside its sentence
    "italic": ("<i>", "</i>"),
    "code": ("<code>", "</code>"),
}
_ITEM_PREFIX = "• "
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BLOCK_SEP = "\n\n"
_ITEM_SEP = "\n"  # consecutive list items stay tight
# Cut points inside one oversized block: after sentence ends and line breaks.
_CUT_AFTER = re.compile(r"[。！？!?；;…]+[”’」』\"')）]*|\n")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units; astral characters count 2)."""
    # surrogatepass: a lone surrogate (from a JSON escape) is one unit, not an encoding error
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class _Rendered:
    kind: str
    html: str
    visible: int  # utf16 length of the text the user sees


def _segment_html(seg: Segment, *, in_bold: bool) -> str:
    text = html.escape(seg.text, quote=False)
    if not text:
        return ""
    style = seg.style
    if style == "italic" and _CJK.search(seg.text):
        style = None  # slanted Chinese characters are hard to read: plain weight
    if in_bold and style == "bold":
        style = None  # no <b> inside <b>
    if in_bold and style == "mark":
        return f"<u>{text}</u>"
    open_tag, close_tag = _STYLE_TAGS.get(style or "", ("", ""))
    return f"{open_tag}{text}{close_tag}"


def _render_block(block: Block) -> _Rendered:
    kind = block.kind
    in_bold = kind == "title"
    inner = "".join(_segment_html(s, in_bold=in_bold) for s in block.segments)
    visible = utf16_len(block.plain)
    if kind == "title":
        out = f"<b>{inner}</b>" if inner else ""
    elif kind == "quote":
        out = f"<blockquote>{inner}</blockquote>" if inner else ""
    elif kind == "note":
        # Notes are italic in Latin script only; Chinese stays upright.
        out = f"<i>{inner}</i>" if inner and not _CJK.search(block.plain) else inner
    elif kind == "item" and not block.plain.lstrip().startswith("•"):
        # (an item whose text already carries a bullet keeps just that one)
        out = _ITEM_PREFIX + inner
        visible += utf16_len(_ITEM_PREFIX)
    else:
        out = inner
    return _Rendered(kind=kind, html=out, visible=visible)


def _cut_points(text: str) -> list[int]:
    """Offsets after which the text may be cut, in increasing order, ending with len(text)."""
    points = [m.end() for m in _CUT_AFTER.finditer(text)]
    if not points or points[-1] != len(text):
        points.append(len(text))
    return points


def _slice_segments(segments: list[Segment], start: int, end: int) -> list[Segment]:
    """The segments covering plain-text offsets [start, end), cut at the edges."""
    out: list[Segment] = []
    pos = 0
    for seg in segments:
        s_start, s_end = pos, pos + len(seg.text)
        pos = s_end
        lo, hi = max(start, s_start), min(end, s_end)
        if lo < hi:
            out.append(Segment(seg.text[lo - s_start:hi - s_start], seg.style))
    return out


def _split_block(block: Block, budget: int) -> list[Block]:
    """Cut one block whose text exceeds `budget` into pieces at sentence/line boundaries.

    Each piece becomes its own block, so its tags are closed and reopened around it. A single
    sentence longer than the budget is cut hard (never inside a surrogate pair: str indexes are
    code points).
    """
    text = block.plain
    budget = max(budget - utf16_len(_ITEM_PREFIX), 1)
    points = _cut_points(text)
    pieces: list[tuple[int, int]] = []
    start = 0
    last_ok = None
    for p in points:
        if utf16_len(text[start:p]) <= budget:
            last_ok = p
            continue
        if last_ok is not None and last_ok > start:
            pieces.append((start, last_ok))
            start = last_ok
        # the sentence from start to p may itself be too long: cut it hard
        while utf16_len(text[start:p]) > budget:
            cut = start
            used = 0
            while cut < p and used + utf16_len(text[cut]) <= budget:
                used += utf16_len(text[cut])
                cut += 1
            pieces.append((start, cut))
            start = cut
        last_ok = p
    if start < len(text):
        pieces.append((start, len(text)))
    out: list[Block] = []
    for i, (s, e) in enumerate(pieces):
        segs = _slice_segments(block.segments, s, e)
        # strip the whitespace a line-break cut leaves at piece edges
        if segs:
            segs[0] = Segment(segs[0].text.lstrip("\n"), segs[0].style)
            segs[-1] = Segment(segs[-1].text.rstrip("\n"), segs[-1].style)
        segs = [sg for sg in segs if sg.text]
        if not segs:
            continue
        kind = block.kind if (i == 0 or block.kind != "item") else "text"
        out.append(Block(kind, segs))
    return out


def render_html(reply: Reply, limit: int = TELEGRAM_MAX_CHARS) -> list[str]:
    """Telegram-HTML messages for a reply, each at most `limit` visible characters.

    Blocks are packed greedily; a message break only ever falls between blocks. Returns an
    empty list for a reply without visible text.
    """
    blocks: list[Block] = []
    for block in reply.blocks:
        if not block.plain.strip():
            continue
        rendered = _render_block(block)
        if rendered.visible > limit:
            blocks.extend(_split_block(block, limit))
        else:
            blocks.append(block)

    messages: list[str] = []
    parts: list[str] = []
    used = 0
    prev_kind: str | None = None
    for block in blocks:
        r = _render_block(block)
        sep = _ITEM_SEP if (prev_kind == "item" and r.kind == "item") else _BLOCK_SEP
        extra = r.visible + (utf16_len(sep) if parts else 0)
        if parts and used + extra > limit:
            messages.append("".join(parts))
            parts, used = [], 0
            extra = r.visible
        if parts:
            parts.append(sep)
        parts.append(r.html)
        used += extra
        prev_kind = r.kind
    if parts:
        messages.append("".join(parts))
    return messages
