"""Text helpers shared by ingest, understanding and the engine.

Display text keeps the page's own characters; `norm` gives the form used for matching.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_SENTENCE_END = "。!?！？;；"
# A sentence ends at 。!? (and ; between clauses) unless a closing quote follows, which belongs to it.
_SENTENCE_RE = re.compile(r"[^。!?！？;；]*(?:[。!?！？;；]+[”’」』\"')）]*|$)")


def norm(text: str) -> str:
    """NFKC-normalize for matching: full-width digits/punctuation compare equal to half-width."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1)
def _t2s() -> Any:  # an opencc.OpenCC (opencc has no type information)
    import opencc  # opencc-python-reimplemented

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified (no-op on simplified text)."""
    return str(_t2s().convert(text))


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of a paragraph, covering it without gaps."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_RE.finditer(paragraph):
        if m.end() == m.start():
            continue
        spans.append((m.start(), m.end()))
        pos = m.end()
    if pos < len(paragraph):
        spans.append((pos, len(paragraph)))
    return spans


_FULL_SENTENCE_RE = re.compile(r"[^。!?！？]*(?:[。!?！？]+[”’」』\"')）]*|$)")


def sentences(paragraph: str, full: bool = False) -> list[str]:
    """The sentences of a paragraph, trimmed; `full` keeps clauses joined by ; together."""
    out = []
    spans = split_sentences(paragraph) if not full else [
        m.span() for m in _FULL_SENTENCE_RE.finditer(paragraph) if m.end() > m.start()]
    for s, e in spans:
        t = paragraph[s:e].strip()
        if t:
            out.append(t)
    return out


def ends_sentence(text: str) -> bool:
    """True when text ends like a finished sentence (so a column break did not cut it)."""
    t = text.rstrip()
    if not t:
        return True
    return t[-1] in _SENTENCE_END + "”’」』\"')）:：" and not t.endswith(("、", ","))
