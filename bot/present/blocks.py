"""Blocks and segments: a reply's text with its styles, and that text as the console shows it.

The plain form of a block is part of the value (a reply's `text`); renderers for Telegram HTML and
the console's numbered hints build on it.
"""
from __future__ import annotations

from dataclasses import dataclass

_ITEM_PREFIX = "• "
_QUOTE_PREFIX = "｜ "


@dataclass
class Segment:
    """A run of reply text with one style; renderers map styles to markup."""

    text: str
    style: str | None = None  # None | "bold" | "mark" (the figure inside its sentence) | "italic" | "code"


@dataclass
class Block:
    """One paragraph of a reply. kind: title | text | quote | item | note."""

    kind: str
    segments: list[Segment]

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.segments)


def segment_text(seg: Segment) -> str:
    # The figure inside its sentence is the one mark a plain terminal still needs to show.
    if seg.style == "mark":
        return f"【{seg.text}】"
    return seg.text


def block_text(block: Block) -> str:
    text = "".join(segment_text(s) for s in block.segments)
    if block.kind == "item" and not text.lstrip().startswith("•"):
        return _ITEM_PREFIX + text
    if block.kind == "quote":
        return "\n".join(_QUOTE_PREFIX + line for line in text.split("\n"))
    return text


def blocks_text(blocks: list[Block]) -> str:
    """The blocks as plain text: a blank line between blocks, none between items of one list."""
    parts: list[str] = []
    prev_kind: str | None = None
    for block in blocks:
        text = block_text(block)
        if not text.strip():
            continue
        if parts:
            parts.append("\n" if (prev_kind == "item" and block.kind == "item") else "\n\n")
        parts.append(text)
        prev_kind = block.kind
    return "".join(parts)
