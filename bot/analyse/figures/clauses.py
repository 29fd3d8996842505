"""Where clauses and sentences start and end, and the character and word reading the offsets rely on.

A clause ends at ，；：。！？ (克强指数为6.2%，同比增长1.3个百分点: two clauses); a 。-sentence
at 。！？ only, so 2025年春运，…；江西… keeps its period across the ；. Text is normalised per
character (１２３％ -> 123%) without moving any offset.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache


class _NfkcChar(dict[int, str]):
    """Code point → its one-character NFKC form, or itself; each character normalised once, then
    str.translate maps whole paragraphs in C."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        n = unicodedata.normalize("NFKC", c)
        out = self[code] = n if len(n) == 1 else c
        return out


_NFKC_CHAR = _NfkcChar()


def nfkc_same_length(text: str) -> str:
    """NFKC per character, keeping a character whose normal form is longer (offsets must not move)."""
    return text.translate(_NFKC_CHAR)


def is_cjk(c: str) -> bool:
    """A CJK unified ideograph (亿, 家), not punctuation or a letter."""
    return "\u4e00" <= c <= "\u9fff"


def clause_start(t: str, pos: int) -> int:
    """Start of the clause containing pos: just after the ，；：。！？ before it, else 0."""
    k = pos - 1
    while k >= 0 and t[k] not in ",，;；:：。!?！？":
        k -= 1
    return k + 1


def clause_end(t: str, pos: int) -> int:
    """End of the clause containing pos: the ，；：。！？ at or after it, else len(t)."""
    k = pos
    while k < len(t) and t[k] not in ",，;；:：。!?！？":
        k += 1
    return k


def full_sentence_start(t: str, pos: int) -> int:
    """Start of the 。-sentence containing pos, so a period before a ; still applies: 2025年春运,…;江西…"""
    k = pos - 1
    while k >= 0 and t[k] not in "。!?！？":
        k -= 1
    return k + 1


def posseg(text: str) -> list[tuple[str, str]]:
    """(word, POS tag) of a phrase: 发送旅客 -> [("发送", "v"), ("旅客", "n")]."""
    return list(_posseg_cached(text))


@lru_cache(maxsize=1 << 16)
def _posseg_cached(text: str) -> tuple[tuple[str, str], ...]:
    # the same phrase is read several times per figure (before, after, fallbacks), and set phrases
    # (规模以上工业增加值) recur across articles: a worker keeps the last 65,536 (~20 MB)
    from bot.language.segment import pos_tags

    return tuple(pos_tags(text))

