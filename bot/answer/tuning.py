"""The answer stage's thresholds and margins, read from the one weights table
(bot/data/rank_weights.json, next to the figure-ranking weights that bot/answer/rank.py reads).

A search for 科创岛 weighs a hit in a headline three times one in a paragraph and keeps the articles
near the best one; a figure for 长沙研发投入强度是多少 answers only when its sentence holds enough of
the question's words, and the reply shows the others within a margin of the best.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def weights_table() -> dict[str, Any]:
    """bot/data/rank_weights.json, read once: the figure weights (rank.weights) and the sections below."""
    table: dict[str, Any] = json.loads(resources.files("bot.data").joinpath("rank_weights.json").read_text("utf-8"))
    return table


_SEARCH: dict[str, Any] = weights_table()["search"]
_FIGURE: dict[str, Any] = weights_table()["figure_reply"]
_DECISION: dict[str, Any] = weights_table()["decision"]

# A search: each hit's BM25 by the field it is in, and which articles are kept (see search.py).
SEARCH_FIELD_WEIGHTS: dict[str, float] = {k: float(v) for k, v in _SEARCH["field_weights"].items()}
SEARCH_KEEP = float(_SEARCH["keep"])
SEARCH_KEEP_WITH_PHRASE = float(_SEARCH["keep_with_phrase"])
SEARCH_FLOOR = float(_SEARCH["floor"])

# Below this share of the question's words found around a figure, it is not an answer.
MIN_FIGURE_COVERAGE = float(_FIGURE["min_coverage"])
# A message without a question word is answered with a figure only when it fits this well.
IMPLICIT_FIGURE_COVERAGE = float(_FIGURE["implicit_coverage"])
# The reply's other answers are those within this of the best answer (figure_reply's others) …
OTHERS_MARGIN = float(_FIGURE["others_margin"])
# … and with no answer, the closest figures within this of the best score (no_figure_reply).
CLOSEST_MARGIN = float(_FIGURE["closest_margin"])

# An answer is given only when no other answer with another value scores within this of it (the
# second when both stand in one sentence), nor covers the question's words by more than the third
# (bot/answer/decide.py); else it is a 可能是.
RIVAL_MARGIN = float(_DECISION["rival_margin"])
RIVAL_MARGIN_SAME_SENTENCE = float(_DECISION["rival_margin_same_sentence"])
COVERAGE_SHORTFALL = float(_DECISION["coverage_shortfall"])
