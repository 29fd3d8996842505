"""The engine's door to comparisons: a comparison question (or /compare) in, a comparison Reply out.

浙江和江苏的复工率, 哪个省复工率最高, /compare 浙江 江苏 规上工业企业复工率 are compared; 闽赣两省有几个
高铁站 (two places taken together) and 青藏高原高寒草地植被 (two regions in one word) are not: None,
and the engine answers them as before.
"""
from __future__ import annotations

import re
from bot.answer.commands import prompt_for
from bot.answer.compare.comparer import Comparer
from bot.answer.corpus import Corpus
from bot.answer.compare.intent import compare_ask
from bot.present.comparison_reply import comparison_reply
from bot.present.reply import Reply
from bot.present.builders import ask_reply, unknown_reply
from bot.answer.understand import Query
from bot.language.gazetteer import Gazetteer

COMPARE_HELP = prompt_for("ask_compare")  # the command table's prompt of a bare /compare


# 两地, 三省: the places named are taken together (one figure of both), not compared.
_JOINT = re.compile(r"[两三四五六七八九十][地省市县区国]")
_LISTED = re.compile(r"[和与跟同及、]|以及")


def compare_dispatch(corpus: Corpus, gaz: Gazetteer, q: Query) -> Reply | None:
    """A Reply when `q` is a comparison, else None (the engine answers as before)."""
    if q.intent == "ask_compare":
        return ask_reply("ask_compare", COMPARE_HELP, [])
    ask = compare_ask(q)
    if ask is None:
        if q.intent == "compare":
            return unknown_reply(COMPARE_HELP)
        return None
    cmp = Comparer(corpus, gaz).compare(ask)
    if not ask.explicit and not cmp.rows and not q.command and not _LISTED.search(q.text):
        # 青藏高原高寒草地植被: two regions named in one word, no comparison asked and none to make
        # (海南和西藏的复工率 lists them: that one is told there is nothing to compare)
        return None
    if ask.mode == "series" and not q.command and len(cmp.rows) < 2:
        return None  # one figure shows no change: it is the answer (东阳2018年以来处置…多少人)
    if not ask.explicit and (q.intent == "figure" or q.implicit and _JOINT.search(q.text)) and len(cmp.rows) < 2:
        # 闽赣两省有几个高铁站, 松原和白城两地旅游总收入: regions named together, one figure asked for
        return None
    return comparison_reply(cmp)
