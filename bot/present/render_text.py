"""Render a `Reply` as plain text for the console and `newsbot ask`."""
from __future__ import annotations

from bot.present.blocks import blocks_text
from bot.present.reply import Reply


def render_text(reply: Reply, *, with_actions: bool = True) -> str:
    """Plain text of a reply; follow-up actions are listed as numbered hints at the end.

    The numbers follow `reply.actions` order, so a console can map "1" back to `reply.actions[0]`.
    """
    out = blocks_text(reply.blocks)
    if with_actions and reply.actions:
        hints = "\n".join(f"  [{i}] {a.label}" for i, a in enumerate(reply.actions, 1))
        out = f"{out}\n\n可继续：\n{hints}" if out else f"可继续：\n{hints}"
    return out
