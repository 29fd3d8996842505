"""Untrusted text at the engine's door: made safe to encode, bounded in length, ids checked.

Everything a user (or a forged client) sends arrives here first: messages, inline queries,
button data. JSON lets a client send lone UTF-16 surrogates (`"\\ud800"`), which Python keeps as
code points that no UTF-8 or UTF-16 encoder accepts, so SQLite, the renderers and Telegram would
all fail on them later. Control characters other than tab and newline carry no meaning in a
question and are turned into spaces.
"""
from __future__ import annotations

import re

# The longest question the engine reads, in characters (after trimming). Understanding costs
# grow with length (jieba, the gazetteer's fuzzy place matching, FTS terms); at this length any
# message is answered well within 200 ms, and no real question comes close.
MAX_MESSAGE_CHARS = 500

# SQLite INTEGER is signed 64-bit: a larger id can name no row (and sqlite3 raises OverflowError).
_MAX_ROW_ID = 2**63 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def encodable(text: str) -> str:
    """`text` with lone surrogates replaced by U+FFFD and split pairs joined.

    Every character keeps its UTF-16 length, so Telegram's entity offsets stay right.
    """
    if text.isascii():
        return text
    # surrogatepass keeps every code point; decoding joins a high+low pair into one character
    # and replaces what is left alone.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def has_lone_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def clean(text: str) -> str:
    """`text` made encodable (see `encodable`), control characters as spaces."""
    return _CONTROL.sub(" ", encodable(text))


def too_long(text: str) -> bool:
    """True when a message is longer than the engine reads (counted after trimming)."""
    return len(text) > MAX_MESSAGE_CHARS and len(text.strip()) > MAX_MESSAGE_CHARS


def row_id(arg: str) -> int | None:
    """The integer id in button data, or None when it cannot name a row (not ASCII digits, too big)."""
    if not (arg.isascii() and arg.isdigit()) or len(arg) > 19:
        return None
    value = int(arg)
    return value if value <= _MAX_ROW_ID else None
