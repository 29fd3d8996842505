"""Re-ranking: rapidfuzz text similarity plus structured signals. Pure functions over plain values."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.text import sentences

_CLAUSE_SEP = re.compile(r"[,，;；。!?！？、:：]")


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause of `sentence` that holds the span [start, end)."""
    left = max((m.end() for m in _CLAUSE_SEP.finditer(sentence, 0, start)), default=0)
    m = _CLAUSE_SEP.search(sentence, end)
    return sentence[left:m.start() if m else len(sentence)]


def _bigram_share(word: str, text: str) -> float:
    grams = [word[i:i + 2] for i in range(len(word) - 1)]
    return sum(g in text for g in grams) / len(grams) if grams else 0.0


def word_coverage(words: list[str], near: str, wide: str, optional: frozenset[str] = frozenset(),
                  context: str = "", context_weight: float = 0.3) -> float:
    """Share of the query's words (by length) found near the figure, else in its sentence.

    A long word that is not there whole counts by the share of its character pairs that are (a typo,
    or 创新积分贷 against 创新积分制). `optional` words (比例, 金额: how the question asks) only count
    when present, so their absence is no penalty."""
    total = 0.0
    got = 0.0
    for w in words:
        if w in near:
            got += len(w)
        elif w in wide:
            got += 0.6 * len(w)
        elif w in context:
            got += context_weight * len(w)  # the paragraph around a short sentence ("而研发它,…不到8个月")
        elif w in optional:
            continue
        elif len(w) >= 3:
            got += len(w) * max(0.8 * _bigram_share(w, near), 0.5 * _bigram_share(w, wide))
        total += len(w)
    return got / total if total else 0.0


@dataclass
class FigureAsk:
    """What a figure question asks, as plain values."""

    words: list[str]
    region_names: set[str] = field(default_factory=set)  # the asked regions and everything under them
    exact_regions: set[str] = field(default_factory=set)  # the asked regions themselves
    optional: frozenset[str] = frozenset()  # words that say how the question asks, not what
    kind: str | None = None
    unit: str | None = None
    wants_change: bool = False
    year: str | None = None
    rel_year: int | None = None  # 明年 = +1 from the figure's issue year


def unit_fits(ask_unit: str, fig: dict) -> bool:
    unit = fig.get("unit") or ""
    return ask_unit in (unit, fig["display"]) or ask_unit in fig["display"] or unit.endswith(ask_unit)


def fits_ask(ask: FigureAsk, fig: dict) -> bool:
    """Whether a figure is of the kind and unit the question asks for (when it says)."""
    if ask.unit and not unit_fits(ask.unit, fig):
        return False
    if ask.wants_change and fig.get("is_change"):
        return True  # 营收增长多少: the growth answers, whatever word named the thing that grew
    return not ask.kind or fig.get("kind") == ask.kind


def score_figure(ask: FigureAsk, fig: dict, article_region_names: set[str], paragraph: str = "",
                 issue_year: int | None = None) -> tuple[float, float]:
    """(score, coverage) of one figure row: score ranks, coverage (the share of the question's words
    that its sentence holds) decides whether it answers at all."""
    sentence = fig["sentence"]
    near = clause_around(sentence, fig["start"], fig["end"]) + (fig.get("metric") or "")
    if fig.get("is_change"):
        # A change reads with the clause it changes: "发送旅客3400万人次,同比增加5.8%".
        near += clause_around(sentence, max(0, fig["start"] - 2), max(0, fig["start"] - 2))
    score = word_coverage(ask.words, near, sentence, ask.optional, paragraph)
    # Whether the sentence answers at all: every word counts fully wherever it stands in it; the
    # paragraph around it counts for less.
    whole = sentence + (fig.get("metric") or "")
    coverage = word_coverage(ask.words, whole, whole, ask.optional, paragraph, 0.7)
    if ask.unit:
        if unit_fits(ask.unit, fig):
            score += 0.3
        else:
            score -= 0.3
    if ask.kind:
        # A question that asks how long cannot be answered with a weight, however close the words.
        score += 0.25 if fig.get("kind") == ask.kind else -0.5
    if ask.wants_change:
        score += 0.3 if fig.get("is_change") else -0.2
    elif fig.get("is_change"):
        score -= 0.15
    if ask.year and ask.year in (fig.get("period") or "") + sentence:
        score += 0.1
    if ask.rel_year is not None and issue_year is not None and fig.get("period"):
        m = re.search(r"(\d{4})年", fig["period"])
        if m and int(m.group(1)) == issue_year + ask.rel_year:
            score += 0.15
    if not ask.region_names and not fig.get("region"):
        score += 0.1  # no region asked: a figure not tied to one place answers most directly
    if ask.region_names:
        region = fig.get("region")
        # A region the sentence names itself is stronger evidence than the article's main region,
        # which a figure falls back to when its sentence names none.
        explicit = bool(region) and region in sentence
        if region and region in ask.exact_regions:
            score += 0.4 if explicit else 0.25
        elif region and region in ask.region_names:
            score += 0.3 if explicit else 0.1  # a place inside the asked region
        elif region and region not in article_region_names:
            score -= 0.2
        elif region and article_region_names & ask.region_names:
            score -= 0.1  # the article is about the region, this figure about a different part of it
        elif not (article_region_names & ask.region_names):
            score -= 0.6
    return score, coverage


def best_sentence(words: list[str], paragraphs: list[str]) -> str:
    """The sentence that holds most of the query's words (for an excerpt)."""
    best, best_score = "", -1.0
    for para in paragraphs:
        for s in sentences(para, full=True):
            sc = word_coverage(words, s, s) if words else 0.0
            if sc > best_score:
                best, best_score = s, sc
    return best


def headline_similarity(text: str, headline: str) -> float:
    """0..1 fuzzy similarity of a message to a headline (partial: the message is usually shorter)."""
    if not text:
        return 0.0
    return fuzz.partial_ratio(text, headline) / 100.0
