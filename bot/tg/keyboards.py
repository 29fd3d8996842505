"""Inline keyboards built from `Reply.actions`.

The articles of a brief or a search result are numbered in the text (`1. 标题`); their buttons are
the numbers alone, several to a row (`[1] [2] [3] [4]`), with the paging row under them, as news bots
do, instead of one full-width title per row. Their callback data is the action's, as before.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.present.reply import Action
from bot.tg.callback_store import CallbackStore

MAX_LABEL = 40  # long headlines make unreadable buttons
NUMBERS_PER_ROW = 5  # numbered article buttons: at most this many a row, rows filled evenly
# Kinds whose buttons share a row; everything else (unnumbered articles, questions) gets a row of its own.
ROW_KINDS = {"page": 2, "apage": 2, "source": 2, "related": 2, "brief": 3, "figure": 3}
_NUMBERED = re.compile(r"(\d+)\.\s")  # `3. 标题`: the engine's label of a list's third article


def label_of(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def number_of(action: Action) -> str | None:
    """The number of a numbered article of a list (its title is in the text under that number)."""
    m = _NUMBERED.match(action.label) if action.kind == "article" else None
    return m[1] if m else None


def _numbers_width(actions: Sequence[Action]) -> int:
    """How many numbers a row holds: 8 articles are two rows of 4, 6 are two of 3, 5 one row."""
    n = sum(1 for a in actions if number_of(a))
    return math.ceil(n / math.ceil(n / NUMBERS_PER_ROW)) if n else 0


def layout(actions: Sequence[Action]) -> list[list[tuple[str, Action]]]:
    """The keyboard's rows of (button label, action), grouped by kind, in the actions' order."""
    rows: list[list[tuple[str, Action]]] = []
    row_group: str | None = None
    numbers = _numbers_width(actions)
    for action in actions:
        if not action.label.strip():
            continue
        number = number_of(action)
        width = numbers if number else ROW_KINDS.get(action.kind)
        # source and related sit side by side under a figure
        group = "numbers" if number else "figure" if action.kind in ("source", "related", "figure") else action.kind
        label = number or label_of(action.label)
        if width and rows and row_group == group and len(rows[-1]) < width:
            rows[-1].append((label, action))
        else:
            rows.append([(label, action)])
        row_group = group if width else None
    return rows


def actions_keyboard(actions: Sequence[Action], store: CallbackStore) -> InlineKeyboardMarkup | None:
    """A keyboard with one button per action, laid out by `layout`; None when empty."""
    rows = [[InlineKeyboardButton(label, callback_data=store.encode(a.kind, a.arg)) for label, a in row]
            for row in layout(actions)]
    return InlineKeyboardMarkup(rows) if rows else None
