"""Extractive summaries: the article's most informative sentences, never a rewrite."""
from __future__ import annotations

import re
from functools import lru_cache

from bot.language.text import sentences

# A scene-setting sentence ("1月12日,…发布会在北京举行") says when, not what happened.
_SETTING = re.compile(r"^(?:\d{1,2}月\d{1,2}日|近日|日前)[,，].{0,40}(?:举行|召开|举办|开幕)。?$")
_REPORTED = re.compile(r"^记者\d{1,2}月\d{1,2}日(?:从[^,，]{1,20})?获悉[,，]")
_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万亿两]+[个家项条名位款]")


@lru_cache(maxsize=1)
def _dependent_openers() -> tuple[str, ...]:
    from bot.language.lexicon import lexicon

    return tuple(lexicon().dependent_openers)


def _score(sentence: str, position: int, headline_chars: set[str]) -> float:
    if len(sentence) < 12 or _SETTING.match(sentence):
        return -1.0
    score = 0.0
    body = re.sub(r"[^\u4e00-\u9fff]", "", sentence)
    if body:
        # Character pairs, not single characters: 科创 and 转化 say more than 科 and 化.
        pairs = {body[i:i + 2] for i in range(len(body) - 1)}
        score += 2.5 * len(pairs & headline_chars) / max(1, len(headline_chars))
    score += 0.4 * min(3, len(_NUMBER.findall(sentence))) / 3
    score += 1.2 / (1 + position * 0.3)  # the lead says what happened
    if sentence.startswith(("这", "此", "该", "其", "随着")) or sentence.startswith(_dependent_openers()):
        score -= 0.5  # leans on the sentence before it (此前不久, 具体而言, 此外 …)
    if sentence.startswith(("“", "\"", "「")) or sentence.endswith(("?", "？")):
        score -= 0.6  # quotes and questions rarely summarise
    if len(sentence) > 140:
        score -= 0.4
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
