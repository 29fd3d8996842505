"""Render a `Reply` as plain text for the console and `newsbot ask`."""
from __future__ import annotations

from bot.models import Block, Reply, Segment

_ITEM_PREFIX = "• "
_QUOTE_PREFIX = "｜ "


def _segment_text(seg: Segment) -> str:
    # The figure inside its sentence is the one mark a plain terminal still needs to show.
    if seg.style == "mark":
        return f"【{seg.text}】"
    return seg.text


def _block_text(block: Block) -> str:
    text = "".join(_segment_text(s) for s in block.segments)
    if block.kind == "item" and not text.lstrip().startswith("•"):
        return _ITEM_PREFIX + text
    if block.kind == "quote":
        return "\n".join(_QUOTE_PREFIX + line for line in text.split("\n"))
    return text


def render_text(reply: Reply, *, with_actions: bool = True) -> str:
    """Plain text of a reply; follow-up actions are listed as numbered hints at the end.

    The numbers follow `reply.actions` order, so a console can map "1" back to `reply.actions[0]`.
    """
    parts: list[str] = []
    prev_kind: str | None = None
    for block in reply.blocks:
        text = _block_text(block)
        if not text.strip():
            continue
        if parts:
            parts.append("\n" if (prev_kind == "item" and block.kind == "item") else "\n\n")
        parts.append(text)
        prev_kind = block.kind
    out = "".join(parts)
    if with_actions and reply.actions:
        hints = "\n".join(f"  [{i}] {a.label}" for i, a in enumerate(reply.actions, 1))
        out = f"{out}\n\n可继续：\n{hints}" if out else f"可继续：\n{hints}"
    return out
