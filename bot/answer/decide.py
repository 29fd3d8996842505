"""The decision between three outcomes of a figure question: the answer, a 可能是, or none.

An answer is given only when the best figure is clearly the one asked: no other figure that
answers scores close to it with another value (同一句话里 100只…被盗 and 62只…幸存 for 活下来几只
are too close to tell apart from the question's words), and none covers the question's words
better. Otherwise the best is offered as 可能是 with what makes it uncertain, its rivals beside it.
A figure that fits but for its frame (全年 asked, 前三季度 printed) is offered the same way. The
margins are in bot/data/rank_weights.json ("decision"), fitted by held-out questions with a wrong
answer costing five refusals.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.answer.figure_search import FigureSearch, Scored
from bot.answer.tuning import COVERAGE_SHORTFALL, RIVAL_MARGIN, RIVAL_MARGIN_SAME_SENTENCE

Outcome = Literal["answer", "maybe", "none"]


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    best: Scored | None = None
    reason: str = ""  # for a 可能是: what makes it uncertain, as the reply says it
    rivals: list[Scored] = field(default_factory=list)  # other figures it could as well be


def _same_sentence(a: Scored, b: Scored) -> bool:
    return a.figure["article_id"] == b.figure["article_id"] and a.figure["sentence"] == b.figure["sentence"]


def _close_rivals(good: list[Scored]) -> list[Scored]:
    """Answers with another value scoring too close to the best to tell them apart."""
    top = good[0]
    out = []
    for s in good[1:]:
        if s.figure["value"] == top.figure["value"]:
            continue  # the same figure printed again (or a restatement): no rival
        margin = RIVAL_MARGIN_SAME_SENTENCE if _same_sentence(top, s) else RIVAL_MARGIN
        if top.score - s.score < margin:
            out.append(s)
    return out


def decide(found: FigureSearch) -> Decision:
    """Answer, 可能是 or none, from a figure search (pruned or not: the margins are within what
    pruning keeps, see figure_search.Reach)."""
    good = found.good
    if good:
        top = good[0]
        near = [s for s in good if top.score - s.score < RIVAL_MARGIN]
        fuller = [s for s in near if s.coverage - top.coverage > COVERAGE_SHORTFALL
                  and s.figure["value"] != top.figure["value"]]
        if fuller:
            return Decision("maybe", top, f"另有数字{fuller[0].figure['display']}的句子更完整地包含了问题中的词",
                            fuller[:2])
        rivals = _close_rivals(good)
        if not rivals:
            return Decision("answer", top)
        same = _same_sentence(top, rivals[0])
        where = "同一句话里" if same else "其他报道里"
        return Decision("maybe", top, f"{where}还有{rivals[0].figure['display']}，仅凭问题无法确定是哪一个", rivals[:2])
    if found.maybe:
        best, why = found.maybe[0]
        return Decision("maybe", best, why.reason)
    return Decision("none")
