"""Inline keyboards built from `Reply.actions`."""
from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.present.reply import Action
from bot.tg.callback_store import CallbackStore

MAX_LABEL = 40  # long headlines make unreadable buttons
# Kinds whose buttons share a row; everything else (articles, questions) gets a row of its own.
_ROW_KINDS = {"page": 2, "apage": 2, "source": 2, "related": 2, "brief": 3, "figure": 3}


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def actions_keyboard(actions: Sequence[Action], store: CallbackStore) -> InlineKeyboardMarkup | None:
    """A keyboard with one button per action, grouped into rows by kind; None when empty."""
    rows: list[list[InlineKeyboardButton]] = []
    row_group: tuple[str, ...] | None = None
    for action in actions:
        if not action.label.strip():
            continue
        button = InlineKeyboardButton(_label(action.label), callback_data=store.encode(action.kind, action.arg))
        width = _ROW_KINDS.get(action.kind)
        # source and related sit side by side under a figure
        group = ("figure",) if action.kind in ("source", "related", "figure") else (action.kind,)
        if width and rows and row_group == group and len(rows[-1]) < width:
            rows[-1].append(button)
        else:
            rows.append([button])
        row_group = group if width else None
    return InlineKeyboardMarkup(rows) if rows else None

