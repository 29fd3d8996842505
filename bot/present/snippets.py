"""One line of an article for a result list: the sentence that matched, cut around the first word
asked, with every asked word marked.

钟南山, matched in “疫情发生以来，钟南山、李兰娟、乔杰、王辰等院士始终站在临床一线，将探索出的新疗法纳入诊
疗方案。” → …疫情发生以来，【钟南山】、李兰娟、乔杰、王辰等院士始终站在临床一线，将探索出的新疗法…
"""
from __future__ import annotations

import re

from bot.present.blocks import Segment

SNIPPET_CHARS = 60  # a phone's two lines
_BEFORE = 12  # characters kept before the first word asked


def _window(sentence: str, words: list[str], width: int) -> tuple[int, int]:
    """The span of `sentence` to show: from a little before the first asked word, `width` long."""
    found = [k for k in (sentence.find(w) for w in words if w) if k >= 0]
    start = max(0, min(found) - _BEFORE) if found else 0
    end = min(len(sentence), start + width)
    return max(0, end - width), end


def snippet(sentence: str, words: list[str], width: int = SNIPPET_CHARS) -> list[Segment]:
    """The matched sentence, at most `width` characters with … where cut, asked words marked."""
    sentence = sentence.strip()
    start, end = _window(sentence, words, width)
    shown = sentence[start:end]
    asked = [w for w in sorted(set(words), key=len, reverse=True) if w and w in shown]
    out: list[Segment] = [Segment("…")] if start > 0 else []
    if asked:
        for part in re.split("(" + "|".join(re.escape(w) for w in asked) + ")", shown):
            if part:
                out.append(Segment(part, "mark" if part in asked else None))
    else:
        out.append(Segment(shown))
    if end < len(sentence):
        out.append(Segment("…"))
    return out
