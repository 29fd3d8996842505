"""Corpus.fts (bot/answer/text_index.py) with `narrow_to`: a rarest word over the row budget ranks
the rows holding the two rarest words, when they are enough; else what it ranks without."""
from __future__ import annotations

from typing import Any

import pytest

import bot.answer.text_index as text_index

KINDS = ("headline", "paragraph", "caption")


def _rows(corpus: Any, words: list[str]) -> set[tuple[str, str, int]]:
    return {(a, k, r) for a, k, r, _ in corpus.fts(words, KINDS, None, limit=10_000)}


def test_narrowed_rows_hold_both_rarest_words(engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = engine.corpus
    words = ["研发", "投入", "企业"]
    alone = {w: _rows(corpus, [w]) for w in words}
    assert all(alone.values())
    rarest = sorted(words, key=lambda w: corpus.doc_frequency("text_fts", w))[:2]
    both = alone[rarest[0]] & alone[rarest[1]]
    assert both
    monkeypatch.setattr(text_index, "FTS_ROW_BUDGET", 1)  # every word is over it
    narrowed = {(a, k, r) for a, k, r, _ in corpus.fts(words, KINDS, None, limit=10_000, narrow_to=1)}
    assert narrowed == both
    # Not narrowed: the rarest word alone, as always when it is over the budget.
    assert _rows(corpus, words) == alone[rarest[0]]
    # Too few articles hold both: ranked as without narrowing.
    articles = len({a for a, _, _ in both})
    assert {(a, k, r) for a, k, r, _ in corpus.fts(words, KINDS, None, limit=10_000, narrow_to=articles + 1)} \
        == alone[rarest[0]]


def test_no_narrowing_under_the_budget(engine: Any) -> None:
    """Under the budget every word's rows are ranked (an OR), narrowed or not."""
    corpus = engine.corpus
    words = ["研发", "投入"]
    assert corpus.fts(words, KINDS, None, limit=300, narrow_to=1) == corpus.fts(words, KINDS, None, limit=300)
    assert _rows(corpus, words) == _rows(corpus, ["研发"]) | _rows(corpus, ["投入"])


def test_narrowing_pairs_only_the_words_named(engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two spellings of one word (全长, 长约) are never the pair: with one own word there is none."""
    corpus = engine.corpus
    words = ["研发", "投入", "企业"]
    monkeypatch.setattr(text_index, "FTS_ROW_BUDGET", 1)
    rarest = min(words, key=lambda w: corpus.doc_frequency("text_fts", w))
    got = {(a, k, r) for a, k, r, _ in corpus.fts(words, KINDS, None, limit=10_000, narrow_to=1,
                                                   narrow_among=[rarest])}
    assert got == _rows(corpus, [rarest])
