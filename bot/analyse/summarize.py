"""Extractive summaries: the article's most informative sentences, never a rewrite.

A sentence scores by named features weighted in bot/data/summary_weights.json: the headline's
character pairs it shares (科创, 转化), the numbers it states (1178家, 3.3%), how near the lead it
stands; it loses for leaning on the sentence before (此外…, 该市…), for being a quote or a question,
for running long. "记者1月17日获悉," is cut (how we know, not what) and a scene-setting sentence
("1月12日,…发布会在北京举行。") is no candidate.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot.language.text import sentences

# A scene-setting sentence ("1月12日,…发布会在北京举行") says when, not what happened.
_SETTING = re.compile(r"^(?:\d{1,2}月\d{1,2}日|近日|日前)[,，].{0,40}(?:举行|召开|举办|开幕)。?$")
_REPORTED = re.compile(r"^记者\d{1,2}月\d{1,2}日(?:从[^,，]{1,20})?获悉[,，]")
_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万亿两]+[个家项条名位款]")


@lru_cache(maxsize=1)
def _dependent_openers() -> tuple[str, ...]:
    from bot.language.lexicon import lexicon

    return tuple(lexicon().dependent_openers)


@dataclass(frozen=True)
class _Weights:
    """bot/data/summary_weights.json: one weight per named feature, and the features' limits."""

    headline_pairs: float  # × the share of the headline's character pairs the sentence has
    numbers: float  # × how many numbers it states (up to max_numbers), as a share of max_numbers
    lead: float  # ÷ (1 + position × lead_decay): the lead says what happened
    leans_on_before: float  # opens with 这/此/该/其/随着 or a dependent opener (此前不久, 具体而言, 此外 …)
    quote_or_question: float  # quotes and questions rarely summarise
    too_long: float  # longer than long_chars
    min_chars: int  # shorter than this: not a candidate
    max_numbers: int
    lead_decay: float
    long_chars: int


@lru_cache(maxsize=1)
def _weights() -> _Weights:
    raw = json.loads(resources.files("bot.data").joinpath("summary_weights.json").read_text("utf-8"))
    return _Weights(**raw["weights"], **raw["limits"])


# The score of a sentence that is no candidate (too short, or a scene-setting one).
_NOT_A_CANDIDATE = -1.0


def _score(sentence: str, position: int, headline_chars: set[str]) -> float:
    w = _weights()
    if len(sentence) < w.min_chars or _SETTING.match(sentence):
        return _NOT_A_CANDIDATE
    score = 0.0
    body = re.sub(r"[^\u4e00-\u9fff]", "", sentence)
    if body:
        # Character pairs, not single characters: 科创 and 转化 say more than 科 and 化.
        pairs = {body[i:i + 2] for i in range(len(body) - 1)}
        score += w.headline_pairs * len(pairs & headline_chars) / max(1, len(headline_chars))
    score += w.numbers * min(w.max_numbers, len(_NUMBER.findall(sentence))) / w.max_numbers
    score += w.lead / (1 + position * w.lead_decay)
    if sentence.startswith(("这", "此", "该", "其", "随着")) or sentence.startswith(_dependent_openers()):
        score += w.leans_on_before
    if sentence.startswith(("“", "\"", "「")) or sentence.endswith(("?", "？")):
        score += w.quote_or_question
    if len(sentence) > w.long_chars:
        score += w.too_long
    return score


def summarize(headline: str, paragraphs: list[str], max_sentences: int = 2, max_chars: int = 160) -> str:
    """Pick up to `max_sentences` sentences (kept in page order) that best say what happened."""
    head = re.sub(r"[^\u4e00-\u9fff]", "", headline)
    headline_chars = {head[i:i + 2] for i in range(len(head) - 1)}
    cands: list[tuple[float, int, str]] = []
    pos = 0
    for para in paragraphs:
        for s in sentences(para, full=True):
            s = _REPORTED.sub("", s)  # "记者1月17日获悉," is how we know, not what
            cands.append((_score(s, pos, headline_chars), pos, s))
            pos += 1
    chosen: list[tuple[int, str]] = []
    total = 0
    for score, p, s in sorted(cands, key=lambda c: -c[0]):
        if score < 0 or len(chosen) >= max_sentences:
            break
        if chosen and total + len(s) > max_chars:
            continue
        chosen.append((p, s))
        total += len(s)
    if not chosen and cands:
        chosen = [(cands[0][1], cands[0][2])]
    return "".join(s for _, s in sorted(chosen))
