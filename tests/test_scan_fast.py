"""Faster ingest paths give what the plain ones gave, on real text (tests/data)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from bot.language.gazetteer import Gazetteer, Mention, load_gazetteer
from bot.language.text import norm

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    files = sorted(DATA.rglob("*.txt")) + sorted(DATA.rglob("*.md"))
    out: list[str] = []
    for f in files:
        t = norm(f.read_text("utf-8"))
        out.append(t)
        out.extend(p for p in t.split("\n") if p.strip())
    return out + ["京津冀协同发展，闽赣两省", "河北香河县和香河", "确保定期", "", "京", "沪苏州"]


def _scan_every_position(g: Gazetteer, text: str, query: bool, consumed: list[tuple[int, int]] | None,
                         orgs: bool) -> list[Mention]:
    """Gazetteer._scan trying every position in turn (the reference)."""
    return g._scan(text, query, consumed, orgs, candidates=range(len(text)))


def test_scan_skips_only_positions_that_cannot_match() -> None:
    g = load_gazetteer()
    texts = _texts()
    assert sum(map(len, texts)) > 40_000
    for t in texts:
        for query in (False, True):
            for orgs in (False, True):
                c1: list[tuple[int, int]] = []
                c2: list[tuple[int, int]] = []
                assert g._scan(t, query, c1, orgs) == _scan_every_position(g, t, query, c2, orgs), t[:40]
                assert c1 == c2
    for sent in re.split("[。！？\n]", "\n".join(texts[:50])):
        assert g.find_mentions(sent, orgs=True) == _scan_every_position(g, sent, False, None, True)


def test_indexed_word_lists_match_plain_lists() -> None:
    from bot.analyse.figures.tables import Words as _Words, ends_with as _ends_with, starts_with as _starts_with, \
        tables as _tables

    tb = _tables()
    tables = [v for v in vars(tb).values() if isinstance(v, _Words)]
    assert any(v is tb.units for v in tables) and any(v is tb.change_verbs for v in tables)
    text = "\n".join(_texts()[:80])
    assert len(text) > 10_000
    for words in tables:
        plain = list(words)
        for pos in range(-2, len(text) + 2):
            assert _starts_with(text, pos, words) == _starts_with(text, pos, plain)
            assert _ends_with(text, pos, words) == _ends_with(text, pos, plain)


def _nfkc_per_character(text: str) -> str:
    """NFKC character by character, a character whose normal form is longer kept (the reference)."""
    out = []
    for c in text:
        n = unicodedata.normalize("NFKC", c)
        out.append(n if len(n) == 1 else c)
    return "".join(out)


def test_nfkc_by_table_matches_per_character() -> None:
    from bot.analyse.figures.clauses import nfkc_same_length as _nfkc_same_length

    odd = "１２３％，ＡＢＣ　ﬁ①㎡㈠e\u0301ｶﾞ\u3000…—「」"
    for t in _texts() + [odd, odd * 2]:
        assert _nfkc_same_length(t) == _nfkc_per_character(t)


def test_bad_character_class_is_the_per_character_rule() -> None:
    from bot.parse.reader import _BAD_CHARS

    for c in range(0x110000):
        ch = chr(c)
        rule = (c < 32 and ch not in "\r\n\t\f") or 0xE000 <= c <= 0xF8FF
        assert bool(_BAD_CHARS.match(ch)) == rule, hex(c)
