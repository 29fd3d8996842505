"""Place names typed wrong in a user message: romanised (changsha, hong kong, inner mongolia) and
one-character typos that sound right (哈尔宾新区 → 哈尔滨新区, 吕粱 → 吕梁).

Only the gazetteer uses this, on the windows its exact matching left uncovered; hits are
(code, start, end, surface) and the gazetteer makes them mentions.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ASCII_WORDS = re.compile(r"[A-Za-z][A-Za-z']*")
_FUNCTION_CHARS = set("的了是在有和与我你他她它这那么啥吗呢吧个们就都也还要会能可被把从对向给")

# A place a message names wrongly: (region code, start, end, surface).
Hit = tuple[str, int, int, str]


def ascii_key(s: str) -> str:
    """A romanised name as the pinyin index holds it: "Hong Kong" → "hongkong"."""
    return "".join(ch for ch in s.lower() if ch.isalnum())


class Typos:
    """The typo indexes: each name with one position masked (哈尔?新区), the syllables each
    character can be read as, and the romanised names."""

    def __init__(self, names: Iterable[tuple[str, str]], by_pinyin: dict[str, str], data: dict[str, Any],
                 followers: tuple[str, ...], leaders: tuple[str, ...]) -> None:
        """`names` are (alias, code) of the regions a typo may name (not counties: ~2,750 names, one
        typo away from them lies too much ordinary text)."""
        self._by_pinyin = by_pinyin
        self._pinyin_keys = list(by_pinyin)
        self._followers, self._leaders = followers, leaders
        # Fuzzy index: each alias with one position masked → (alias, code, position).
        self._masked: dict[str, list[tuple[str, str, int]]] = {}
        self._max_fuzzy_len = 0
        for a, code in names:
            if len(a) < 2 or not all(_CJK.match(c) for c in a):
                continue
            self._max_fuzzy_len = max(self._max_fuzzy_len, len(a))
            for pos in range(len(a)):
                self._masked.setdefault(a[:pos] + "?" + a[pos + 1:], []).append((a, code, pos))
        tmp: dict[str, set[str]] = {}
        for syl, chars in data["homophones"].items():
            for c in chars:
                tmp.setdefault(c, set()).add(syl)
        self._syllables = {c: frozenset(s) for c, s in tmp.items()}
        self._fuzzy_stop = frozenset(data.get("fuzzy_stopwords", ()))

    def _pinyin_code(self, words: list[re.Match[str]], k: int, width: int) -> str | None:
        from rapidfuzz import fuzz, process

        key = "".join(ascii_key(w.group()) for w in words[k:k + width])
        code = self._by_pinyin.get(key)
        if code is None and width == 1 and len(key) >= 5:
            best = process.extractOne(key, self._pinyin_keys, scorer=fuzz.ratio, score_cutoff=85)
            code = self._by_pinyin[best[0]] if best else None
        return code

    def pinyin(self, t: str) -> list[Hit]:
        """Romanised names, several words first ("inner mongolia", "hong kong"), a near miss of a
        long one too (changsah)."""
        words = list(_ASCII_WORDS.finditer(t))
        out: list[Hit] = []
        k = 0
        while k < len(words):
            hit = None
            for width in (3, 2, 1):  # "inner mongolia", "hong kong" before single words
                if k + width > len(words):
                    continue
                code = self._pinyin_code(words, k, width)
                if code:
                    hit = (code, width)
                    break
            if hit:
                code, width = hit
                s, e = words[k].start(), words[k + width - 1].end()
                out.append((code, s, e, t[s:e]))
                k += width
            else:
                k += 1
        return out

    def fuzzy(self, t: str, covered: list[tuple[int, int]]) -> list[Hit]:
        """One-character typos of names (哈尔宾新区, 吕粱) in text exact matching left uncovered.

        The typed character must sound like the right one (pinyin input typos), and the window
        must end where a place name can end (end of text, punctuation, 今天/最新/的…, 市/区);
        two- and three-character windows must also start where a name can start. Otherwise
        ordinary words (孵化, 大力, 城市建设) would turn into places.
        """
        free = [True] * len(t)
        for s, e in covered:
            for k in range(s, e):
                free[k] = False
        out: list[Hit] = []
        n = len(t)
        for length in range(min(self._max_fuzzy_len, n), 1, -1):
            for s in range(0, n - length + 1):
                w = t[s:s + length]
                if not all(free[s:s + length]) or not all(_CJK.match(c) for c in w):
                    continue
                if not self._right_boundary(t, s + length):
                    continue
                if length <= 3 and not self._left_boundary(t, s):
                    continue
                hit = self._fuzzy_window(w)
                if hit:
                    out.append((hit, s, s + length, w))
                    for k in range(s, s + length):
                        free[k] = False
        return out

    def _left_boundary(self, t: str, s: int) -> bool:
        return s == 0 or not _CJK.match(t[s - 1]) or t[:s].endswith(self._leaders)

    def _right_boundary(self, t: str, e: int) -> bool:
        return (e == len(t) or not _CJK.match(t[e]) or t[e] in "市省区县州"
                or t.startswith(self._followers, e))

    def _fuzzy_window(self, w: str) -> str | None:
        if w in self._fuzzy_stop:
            return None
        found: set[str] = set()
        for p in range(len(w)):
            typed = w[p]
            if typed in _FUNCTION_CHARS:
                continue
            for alias, code, q in self._masked.get(w[:p] + "?" + w[p + 1:], ()):
                if q != p or alias[p] == typed:
                    continue  # an exact name here was rejected by the scan on purpose
                if not (self._syllables.get(typed, frozenset())
                        & self._syllables.get(alias[p], frozenset())):
                    continue
                found.add(code)
        return next(iter(found)) if len(found) == 1 else None  # ambiguous typos resolve to nothing
