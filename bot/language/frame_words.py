"""The typed loader of `bot/data/frames.json`: the words that tell a figure's or a question's
period (全年, 前三季度, 春节, 大年初三) and aspect (计划 / 新增 / 累计 / 比如 / 从A到B).

`frame_words().spans["前三季度"]` lists how papers write that span (前三季度, 1至9月);
`frame_words().aspects["planned"].figure_marks` the words that make a figure a plan (计划, 预计).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Aspect:
    """One aspect: the words marking it in a figure's clause and in a question, and what a reply
    says when a figure of this aspect is not what was asked."""

    figure_marks: tuple[str, ...]
    question_marks: tuple[str, ...]
    reason: str
    figure_clause_opens: tuple[str, ...] = ()  # 如 opening a clause: 如一家企业获贷500万元
    not_opens: tuple[str, ...] = ()  # 如今, 如期: not an example
    figure_period_starts: tuple[str, ...] = ()  # 到2025年: a period that is a target
    conflicts_with: str = ""  # the aspect a question must ask for this one to be no answer (planned: actual)
    symmetric: bool = False  # asked and not printed is a difference too (人均 asked, a total printed)
    reason_missing: str = ""  # what a reply says then


@dataclass(frozen=True)
class FrameWords:
    spans: dict[str, tuple[str, ...]]
    festivals: dict[str, tuple[str, ...]]
    festival_days: dict[str, tuple[str, ...]]
    aspects: dict[str, Aspect]


def _words(table: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in table.items() if not k.startswith("_")}


def _aspect(raw: dict[str, Any]) -> Aspect:
    return Aspect(figure_marks=tuple(raw.get("figure_marks", ())), question_marks=tuple(raw["question_marks"]),
                  reason=str(raw["reason"]), figure_clause_opens=tuple(raw.get("figure_clause_opens", ())),
                  not_opens=tuple(raw.get("not_opens", ())),
                  figure_period_starts=tuple(raw.get("figure_period_starts", ())),
                  conflicts_with=str(raw.get("conflicts_with", "")), symmetric=bool(raw.get("symmetric", False)),
                  reason_missing=str(raw.get("reason_missing", "")))


@lru_cache(maxsize=1)
def frame_words() -> FrameWords:
    raw = json.loads(resources.files("bot.data").joinpath("frames.json").read_text("utf-8"))
    periods = raw["periods"]
    return FrameWords(spans=_words(periods["spans"]), festivals=_words(periods["festivals"]),
                      festival_days=_words(periods["festival_days"]),
                      aspects={k: _aspect(v) for k, v in raw["aspects"].items() if not k.startswith("_")})
