"""分别: the Nth item of a list owns the Nth figure after it.

江西、福建两省分别发送旅客1690万人次、1710万人次: 江西 owns 1690万人次, 福建 1710万人次. The same for a
list of periods (2017年和2018年…分别为6.2%和3.0%) and of things (猪肉、禽肉、鸡蛋商业库存分别为… ->
猪肉商业库存, 禽肉商业库存, 鸡蛋商业库存). 两地 stands for the two places listed before it
(松原和白城两地…,两地旅游总收入同比分别增长…).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.analyse.figures.clauses import clause_end, clause_start
from bot.analyse.figures.context import Sentence
from bot.analyse.figures.metric import noun_list
from bot.analyse.figures.numbers import Raw
from bot.analyse.figures.periods import PeriodSpan, month_number, period_list
from bot.analyse.figures.places import PlaceSpan, last_run
from bot.analyse.figures.tables import CN_DIGITS


@dataclass
class Respective:
    """By index of a figure in its sentence: the region, period or metric a 分别 list gives it."""
    regions: dict[int, str | None] = field(default_factory=dict)
    periods: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    metrics: dict[int, str] = field(default_factory=dict)


def read_respective(s: Sentence, raws: list[Raw]) -> Respective:
    """What each 分别 of the sentence hands out to the figures of its clause."""
    out = Respective()
    t = s.norm
    k = t.find("分别")
    while k >= 0:
        cs = clause_start(t, k)
        regs = _listed_places(s, cs, k)
        owned = _owned(t, raws, k)
        if len(regs) >= 2 and len(owned) >= len(regs):
            for reg, j in zip(regs, owned):
                out.regions[j] = reg[2] or s.region
        pers = _listed_periods(s, cs, k, bool(regs), len(owned))
        if len(pers) >= 2 and len(pers) == len(owned):
            for (_, _, txt, y), j in zip(pers, owned):
                out.periods[j] = (txt, y)
        elif len(regs) < 2 and not pers:
            items = _listed_items(s, cs, k)
            if len(items) >= 2 and len(items) == len(owned):
                for item, j in zip(items, owned):
                    out.metrics[j] = item
        k = t.find("分别", k + 2)
    return out


def _listed_places(s: Sentence, cs: int, k: int) -> list[PlaceSpan]:
    """The places listed in the clause before the 分别 at k (江西、福建), or those a 两地 there stands for."""
    t = s.norm
    regs = last_run(t, [m for m in s.mentions if cs <= m[0] and m[1] <= k])
    coll = s.tb.collective_re.search(t, cs, k)
    if len(regs) < 2 and coll:
        # 松原和白城两地…,两地旅游总收入同比分别增长: 两地 stands for the places listed before
        run = last_run(t, [m for m in s.mentions if m[1] <= coll.start()])
        count = re.match(f"[{CN_DIGITS}十]+", coll.group(0))
        n = month_number(count.group(0)) if count else None
        if n is not None and len(run) == n:
            regs = run
    return regs


def _owned(t: str, raws: list[Raw], k: int) -> list[int]:
    """The figures the 分别 at k hands out to: the levels of its clause, else its changes."""
    ce = clause_end(t, k)
    in_clause = [j for j, r in enumerate(raws) if k <= r.start < ce]
    levels = [j for j in in_clause if not raws[j].is_change]
    changes = [j for j in in_clause if raws[j].is_change]
    return levels if levels else changes


def _listed_periods(s: Sentence, cs: int, k: int, has_places: bool, owned: int) -> list[PeriodSpan]:
    """The periods listed in the clause before the 分别 at k (2017年和2018年), else, when the clause
    lists no place either, a list earlier in the sentence that has one period per figure."""
    pers = period_list(s.norm, s.periods_here(), cs, k)
    if not pers and not has_places:
        # 大年初三、初四两天,参观客流…:分别达到4.1万人和4.5万人: the list stands earlier in the sentence
        far = period_list(s.norm, s.periods_here(), 0, k)
        pers = far if len(far) == owned else []
    return pers


def _listed_items(s: Sentence, cs: int, k: int) -> list[str]:
    """The things listed before the 分别 at k, places and periods left out: 猪肉、禽肉、鸡蛋商业库存."""
    ss = s.start
    inside = [(a, b, txt) for a, b, txt, _ in s.para_periods if cs <= a - ss and b - ss <= k]
    strip = ([s.text[a:b] for a, b, _ in s.mentions] + [txt for _, _, txt in inside]
             + [s.para_norm[a:b] for a, b, _ in inside])
    return noun_list(s.norm[cs:k], s.tb, strip)
