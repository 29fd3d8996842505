"""jieba's precise-mode cut and POS tagging of one block, computed without jieba's per-call overhead.

jieba builds a DAG dict of every dictionary word starting at each character, then a route dict
with `max()` over a generator per character, and `posseg` repeats both for every phrase it tags.
`block_route` does the same dynamic programme in one right-to-left loop: the same candidates in the
same order, the same floating-point sums (`log(freq) - log(total)` plus the best route after the
word) and the same tie-break (the longer word), so its words are jieba's words, token for token
(tests/test_wordcut.py compares the two over real text). The HMM passes over runs of single
characters jieba does not know (names, rare words) are jieba's own code, memoised by run.
"""
from __future__ import annotations

import re
from functools import lru_cache
from math import log
from typing import Any, Callable

# jieba.posseg's block and skip patterns (posseg splits text a little differently from cut).
_POS_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_POS_SKIP = re.compile("(\r\n|\\s)")
_POS_NUM = re.compile("[\\.0-9]+")
_POS_ENG = re.compile("[a-zA-Z0-9]+")

# jieba.cut's block and skip patterns.
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")

_HMM_CACHE_MAX = 100_000


@lru_cache(maxsize=1)
def _finalseg() -> Any:
    """jieba.finalseg, imported on first use (an import statement per block cost 5% of a cut)."""
    from jieba import finalseg

    return finalseg


def _finalseg_cut(buf: str) -> list[str]:
    """`list(jieba.finalseg.cut(buf))` (see _finalseg_blocks)."""
    fs = _finalseg()
    out: list[str] = []
    for blk in fs.re_han.split(buf):
        if fs.re_han.match(blk):
            forced = fs.Force_Split_Words
            for word in _finalseg_words(blk):
                if word not in forced:
                    out.append(word)
                else:
                    out.extend(word)
        else:
            out.extend(x for x in fs.re_skip.split(blk) if x)
    return out


def _finalseg_words(s: str) -> list[str]:
    """jieba.finalseg's `__cut` of one han block: its viterbi over B/M/E/S with the four states
    unrolled (jieba builds a dict, a list of tuples and a copied path per state and character).
    The same sums in the same order and jieba's tie-break (max over (prob, state): the later
    letter), so the same words; tests/test_wordcut.py compares the two."""
    fs = _finalseg()
    low = fs.MIN_FLOAT
    sp, tp, ep = fs.start_P, fs.trans_P, fs.emit_P
    eb, em, ee, es = ep["B"], ep["M"], ep["E"], ep["S"]
    # PrevStatus: B ← E, S; M ← M, B; S ← S, E; E ← B, M
    t_eb, t_sb = tp["E"].get("B", low), tp["S"].get("B", low)
    t_mm, t_bm = tp["M"].get("M", low), tp["B"].get("M", low)
    t_ss, t_es = tp["S"].get("S", low), tp["E"].get("S", low)
    t_be, t_me = tp["B"].get("E", low), tp["M"].get("E", low)
    c = s[0]
    vb = sp["B"] + eb.get(c, low)
    vm = sp["M"] + em.get(c, low)
    ve = sp["E"] + ee.get(c, low)
    vs = sp["S"] + es.get(c, low)
    back: list[tuple[str, str, str, str]] = []  # per character after the first: the best previous state of B, M, E, S
    for c in s[1:]:
        x = eb.get(c, low)
        pa, pb = ve + t_eb + x, vs + t_sb + x
        nb, bb = (pa, "E") if pa > pb else (pb, "S")  # a tie goes to S (the later letter)
        x = em.get(c, low)
        pa, pb = vm + t_mm + x, vb + t_bm + x
        nm, bm = (pa, "M") if pa >= pb else (pb, "B")
        x = es.get(c, low)
        pa, pb = vs + t_ss + x, ve + t_es + x
        ns, bs = (pa, "S") if pa >= pb else (pb, "E")
        x = ee.get(c, low)
        pa, pb = vb + t_be + x, vm + t_me + x
        ne, be = (pa, "B") if pa > pb else (pb, "M")
        vb, vm, ve, vs = nb, nm, ne, ns
        back.append((bb, bm, be, bs))
    state = "S" if vs >= ve else "E"
    at = {"B": 0, "M": 1, "E": 2, "S": 3}
    pos = [state] * len(s)
    for t in range(len(s) - 1, 0, -1):
        state = back[t - 1][at[state]]
        pos[t - 1] = state
    out: list[str] = []
    begin, nexti = 0, 0
    for i, p in enumerate(pos):
        if p == "B":
            begin = i
        elif p == "E":
            out.append(s[begin:i + 1])
            nexti = i + 1
        elif p == "S":
            out.append(s[i])
            nexti = i + 1
    if nexti < len(s):
        out.append(s[nexti:])
    return out


def block_route(s: str, freq: Any, logtotal: float) -> list[int]:
    """For each start k, the end (exclusive) of the word jieba's route takes from k.

    `freq` is jieba's FREQ dict or anything with its `get` (a word's count, 0 for a prefix of a
    word, None for neither)."""
    n = len(s)
    val = [0.0] * (n + 1)
    end = [0] * (n + 1)
    get = freq.get
    for k in range(n - 1, -1, -1):
        best = 0.0
        bx = -1
        i = k
        frag = s[k]
        while True:
            f = get(frag)
            if f is None:  # no dictionary word starts with frag
                break
            if f:
                v = log(f) - logtotal + val[i + 1]
                if bx < 0 or v >= best:  # >=: on a tie jieba's max() keeps the later (longer) word
                    best, bx = v, i
            i += 1
            if i >= n:
                break
            frag = s[k:i + 1]
        if bx < 0:  # no word: the character alone, at frequency 1 (log 1 = 0)
            best, bx = 0.0 - logtotal + val[k + 1], k
        val[k] = best
        end[k] = bx + 1
    return end


class _Memo:
    """A bounded memo for the HMM passes (emptied when full: ingest streams text through it)."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        self.make = make
        self.data: dict[str, Any] = {}

    def __call__(self, key: str) -> Any:
        out = self.data.get(key)
        if out is None:
            if len(self.data) >= _HMM_CACHE_MAX:
                self.data.clear()
            out = self.data[key] = self.make(key)
        return out


class FastCut:
    """`cut_block` equals `list(tokenizer._Tokenizer__cut_DAG(block))` (precise mode, HMM on);
    `posseg` equals `[(w.word, w.flag) for w in POSTokenizer(tokenizer).cut(text)]`.
    Words added later are seen (the dictionary is shared; the total is checked per call)."""

    def __init__(self, tokenizer: Any) -> None:
        """`tokenizer`: a jieba.Tokenizer, or anything with its `FREQ` (see block_route) and `total`."""
        self.tok = tokenizer
        self.freq: Any = tokenizer.FREQ
        self.total = tokenizer.total
        self.logtotal = log(self.total)
        self._hmm = _Memo(_finalseg_cut)  # importing jieba costs 0.2 s: only when a run needs its HMM
        self._forced = -1
        self._pos: Any = None
        self._pos_hmm: _Memo | None = None
        self.tags: dict[str, str] = {}

    def _check(self) -> None:
        if self.tok.total != self.total:  # a word was added since: jieba's sums changed
            self.total = self.tok.total
            self.logtotal = log(self.total)
        if self._hmm.data:
            finalseg = _finalseg()
            if len(finalseg.Force_Split_Words) != self._forced:  # del_word: the HMM splits it now
                self._forced = len(finalseg.Force_Split_Words)
                self._hmm.data.clear()

    def cut(self, text: str) -> list[str]:
        """`list(tokenizer.cut(text))`: jieba's precise mode with HMM, blocks and all."""
        out: list[str] = []
        for blk in _HAN.split(text):
            if not blk:
                continue
            if _HAN.match(blk):
                out.extend(self.cut_block(blk))
                continue
            for x in _SKIP.split(blk):  # as jieba: spaces whole, other characters one by one
                if _SKIP.match(x):
                    out.append(x)
                else:
                    out.extend(x)
        return out

    def cut_block(self, s: str) -> list[str]:
        """`list(tokenizer._Tokenizer__cut_DAG(s))` of one block (a run of _HAN)."""
        self._check()
        end = block_route(s, self.freq, self.logtotal)
        out: list[str] = []
        freq = self.freq
        buf = ""
        x, n = 0, len(s)
        while x < n:
            y = end[x]
            if y - x == 1:
                buf += s[x]
            else:
                if buf:
                    self._flush(buf, out, freq)
                    buf = ""
                out.append(s[x:y])
            x = y
        if buf:
            self._flush(buf, out, freq)
        return out

    def _flush(self, buf: str, out: list[str], freq: Any) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not freq.get(buf):  # single characters jieba does not know as a word: its HMM
            out.extend(self._hmm(buf))
        else:
            out.extend(buf)

    def posseg(self, text: str, pos_tokenizer: Any) -> list[tuple[str, str]]:
        """`pos_tokenizer` is a jieba.posseg.POSTokenizer over the same tokenizer: its tag table
        and its HMM for unknown runs."""
        self._check()
        pos_tokenizer.makesure_userdict_loaded()  # tags of words added since (jieba does this per call)
        if pos_tokenizer is not self._pos:
            self._pos = pos_tokenizer
            self.tags = pos_tokenizer.word_tag_tab
            self._pos_hmm = _Memo(PosHMM().cut)
        out: list[tuple[str, str]] = []
        for blk in _POS_HAN.split(text):
            if _POS_HAN.match(blk):
                self._pos_block(blk, out)
                continue
            for x in _POS_SKIP.split(blk):  # as jieba.posseg: spaces whole, other characters one by one
                if _POS_SKIP.match(x):
                    out.append((x, "x"))
                    continue
                for xx in x:
                    if _POS_NUM.match(xx):
                        out.append((xx, "m"))
                    elif _POS_ENG.match(x):  # (sic: jieba tests the whole piece here)
                        out.append((xx, "eng"))
                    else:
                        out.append((xx, "x"))
        return out

    def _pos_block(self, s: str, out: list[tuple[str, str]]) -> None:
        end = block_route(s, self.freq, self.logtotal)
        tags = self.tags
        buf = ""
        x, n = 0, len(s)
        while x < n:
            y = end[x]
            if y - x == 1:
                buf += s[x]
            else:
                if buf:
                    self._pos_flush(buf, out)
                    buf = ""
                w = s[x:y]
                out.append((w, tags.get(w, "x")))
            x = y
        if buf:
            self._pos_flush(buf, out)

    def _pos_flush(self, buf: str, out: list[tuple[str, str]]) -> None:
        tags = self.tags
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not self.freq.get(buf):
            assert self._pos_hmm is not None
            out.extend(self._pos_hmm(buf))
        else:
            out.extend((c, tags.get(c, "x")) for c in buf)


# ---------------------------------------------------------------- jieba.posseg's HMM, exactly

_MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's constants
_MIN_INF = float("-inf")
_NONE: frozenset[Any] = frozenset()


class PosHMM:
    """jieba.posseg's `__cut_detail` (its HMM over a run of characters it has no word for).

    jieba's viterbi rebuilds, for every character, the set of states any live state can move to
    (every begin-of-word state after every end-of-word state: thousands of insertions) and takes a
    max over every live state for every candidate. Here each candidate looks only at the live
    states that can precede it (a table built once), with jieba's sums in jieba's order and its
    tie-break (the larger state), so the tags are jieba's."""

    def __init__(self) -> None:
        import jieba.posseg as pseg

        self.pseg = pseg
        self.states: dict[str, Any] = pseg.char_state_tab_P
        self.start: dict[Any, float] = pseg.start_P
        self.trans: dict[Any, dict[Any, float]] = pseg.trans_P
        self.emit: dict[Any, dict[str, float]] = pseg.emit_P
        rev: dict[Any, list[Any]] = {y: [] for y in self.trans}
        for x, nxt in self.trans.items():
            for y in nxt:
                rev.setdefault(y, []).append(x)
        self.rev = {y: frozenset(xs) for y, xs in rev.items()}

    def cut(self, sentence: str) -> list[tuple[str, str]]:
        """[(w.word, w.flag) for w in POSTokenizer._POSTokenizer__cut_detail(sentence)]."""
        p = self.pseg
        out: list[tuple[str, str]] = []
        for blk in p.re_han_detail.split(sentence):
            if p.re_han_detail.match(blk):
                self._cut_han(blk, out)
                continue
            for x in p.re_skip_detail.split(blk):
                if x:
                    out.append((x, "m" if p.re_num.match(x) else "eng" if p.re_eng.match(x) else "x"))
        return out

    def _cut_han(self, s: str, out: list[tuple[str, str]]) -> None:
        pos = self.viterbi(s)
        begin, nexti = 0, 0
        for i, char in enumerate(s):
            bmes = pos[i][0]
            if bmes == "B":
                begin = i
            elif bmes == "E":
                out.append((s[begin:i + 1], pos[i][1]))
                nexti = i + 1
            elif bmes == "S":
                out.append((char, pos[i][1]))
                nexti = i + 1
        if nexti < len(s):
            out.append((s[nexti:], pos[nexti][1]))

    def viterbi(self, obs: str) -> list[Any]:
        trans, emit, rev = self.trans, self.emit, self.rev
        all_states = trans.keys()
        v: dict[Any, float] = {}
        for y in self.states.get(obs[0], all_states):
            v[y] = self.start[y] + emit[y].get(obs[0], _MIN_FLOAT)
        back: list[dict[Any, Any]] = [dict.fromkeys(v, "")]
        for t in range(1, len(obs)):
            ch = obs[t]
            live = v.keys()
            cands = [y for y in self.states.get(ch, all_states) if not rev.get(y, _NONE).isdisjoint(live)]
            if not cands:  # jieba then takes every state some live state can move to
                expect = {y for x in live for y in trans[x]}
                cands = list(expect) if expect else list(all_states)
            prev = [x for x in live if trans[x]]
            nv: dict[Any, float] = {}
            nb: dict[Any, Any] = {}
            for y in cands:
                em = emit[y].get(ch, _MIN_FLOAT)
                ry = rev.get(y, _NONE)
                best = _MIN_INF
                bs: Any = None
                for y0 in (ry if len(ry) < len(prev) else prev):
                    if y0 not in v or y0 not in ry:
                        continue
                    pr = v[y0] + trans[y0][y] + em
                    if bs is None or pr > best or (pr == best and y0 > bs):
                        best, bs = pr, y0
                if bs is None:  # no live state leads here: all of jieba's candidates are -inf
                    bs = max(prev)
                    best = v[bs] + _MIN_INF + em
                nv[y] = best
                nb[y] = bs
            v = nv
            back.append(nb)
        _, state = max((p, y) for y, p in v.items())
        route: list[Any] = [None] * len(obs)
        for i in range(len(obs) - 1, -1, -1):
            route[i] = state
            state = back[i][state]
        return route
