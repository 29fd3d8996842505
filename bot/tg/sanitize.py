"""Every update is made encodable before any handler, filter or PTB helper reads it.

A client can put lone UTF-16 surrogates in any string of an update (message text, captions,
inline queries, callback data) through JSON escapes. PTB's own helpers (`parse_entity` encodes
to UTF-16), SQLite and the Bot API all fail on them. Updates arrive by polling or by webhook;
`process_update` is the one door both pass through, so that is where they are cleaned.
"""
from __future__ import annotations

from typing import Any

from telegram import Update

from bot.language.inputs import encodable, has_lone_surrogate
from bot.tg.polling import SkippedUpdate
from bot.tg.ptb import App

def _dirty(value: Any) -> bool:
    if isinstance(value, str):
        return has_lone_surrogate(value)
    if isinstance(value, dict):
        return any(_dirty(v) for v in value.values())
    if isinstance(value, list):
        return any(_dirty(v) for v in value)
    return False


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def clean_update(update: Update) -> Update:
    """The update itself when it is clean (nearly always), else a copy with every string cleaned.

    Replacements keep each character's UTF-16 length, so entity offsets still point right.
    """
    data = update.to_dict()
    if not _dirty(data):
        return update
    return Update.de_json(_clean(data), update.get_bot())


class SanitizingApplication(App):
    """PTB's Application, cleaning each update before handlers see it (and dropping the ones
    polling could not read)."""

    async def process_update(self, update: object) -> None:
        if isinstance(update, SkippedUpdate):
            return
        if isinstance(update, Update):
            update = clean_update(update)
        await super().process_update(update)
