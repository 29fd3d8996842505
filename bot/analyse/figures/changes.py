"""Which figures are changes: 同比增加5.8%, 上升7位, 较上年下降3.2个百分点.

A figure right after a change verb (with its basis 同比, 较2023年 before it) is a change, not a level.
"""
from __future__ import annotations

from bot.analyse.figures.numbers import Raw
from bot.analyse.figures.tables import Tables, ends_with




def mark_change(t: str, raw: Raw, tb: Tables) -> None:
    """A figure right after a change verb (同比增加5.8%, 上升7位) is a change, not a level."""
    pos = raw.start
    part = ends_with(t, pos, tb.change_particles)
    if part:
        pos -= len(part)
    if t.endswith("分别", 0, pos):
        pos -= 2  # 增幅分别为6.2%
    verb = ends_with(t, pos, tb.change_verbs)
    if not verb:
        return
    vstart = pos - len(verb)
    bend = vstart - 2 if t.endswith("分别", 0, vstart) else vstart  # 同比分别增加3.0%
    bm = tb.basis_re.search(t, 0, bend)
    basis = bm.group(0) if bm else None
    if verb in tb.single_need_basis and not basis:
        return
    if t[vstart - 1:vstart] == "新" and verb in ("增",):
        return
    raw.is_change, raw.verb, raw.basis, raw.direction = True, verb, basis, tb.direction[verb]
    raw.basis_start = bm.start() if bm else vstart
    if raw.unit in tb.rank_units:
        raw.kind = "rank"


def link(t: str, a: Raw, b: Raw) -> bool:
    """b follows a in a list: 1690万人次、1710万人次; 5.4%、6.1%."""
    return t[a.end:b.start] in ("、", "和", "及", "与", "或")

