"""Which figures are changes, and of what: 同比增加5.8%, 上升7位, 从A增长到B.

A figure right after a change verb (with its basis 同比, 较2023年 before it) is a change, not a level;
a list after the verb shares it (同比增长5.4%、6.1%). A change modifies the level right before it
(3400万人次,同比增加5.8%), a list of changes the list of levels (1690万人次、1710万人次,同比增长5.4%、6.1%).
In 从2.1万人增长到3.4万人 neither is a change: 2.1万人 is where it started, 3.4万人 the level reached.
"""
from __future__ import annotations

import re

from bot.analyse.figures.clauses import clause_start
from bot.analyse.figures.numbers import Raw
from bot.analyse.figures.tables import Tables, ends_with


def mark_changes(t: str, raws: list[Raw], tb: Tables) -> None:
    """Mark each figure that is a change; a list after a change verb shares it: 同比增长5.4%、6.1%."""
    for r in raws:
        mark_change(t, r, tb)
    for a, b in zip(raws, raws[1:]):
        if a.is_change and not b.is_change and link(t, a, b):
            b.is_change, b.verb, b.basis, b.direction, b.basis_start = True, a.verb, a.basis, a.direction, a.basis_start
            if b.unit in tb.rank_units:
                b.kind = "rank"


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


def change_bases(t: str, raws: list[Raw], after: list[str]) -> dict[int, int]:
    """Which level each change modifies, by index: 3400万人次,同比增加5.8%; 1690万人次、1710万人次,同比增长5.4%、6.1%.
    `after` is the metric read after each level: 3400万人次旅客,同比增加 still modifies 3400万人次."""
    base_of: dict[int, int] = {}
    i = 0
    while i < len(raws):
        if not raws[i].is_change:
            i += 1
            continue
        group = [i]  # the run of listed changes that starts at i
        while (group[-1] + 1 < len(raws) and raws[group[-1] + 1].is_change
               and link(t, raws[group[-1]], raws[group[-1] + 1])):
            group.append(group[-1] + 1)
        p = i - 1
        if p >= 0 and not raws[p].is_change:
            base_of.update(_bases(t, raws, after, group, p))
        i = group[-1] + 1
    return base_of


def _bases(t: str, raws: list[Raw], after: list[str], group: list[int], p: int) -> dict[int, int]:
    """The levels the run of changes `group` modifies, p being the level right before it."""
    gap = t[raws[p].end:raws[group[0]].basis_start].strip(" ,，、")
    respectively = gap.endswith("分别")
    gap = gap.removesuffix("分别").strip(" ,，、")
    if gap not in ("", after[p]):
        return {}
    bases = [p]
    while bases[0] - 1 >= 0 and not raws[bases[0] - 1].is_change and link(t, raws[bases[0] - 1], raws[bases[0]]):
        bases.insert(0, bases[0] - 1)
    if respectively and len(bases) < len(group):
        # 化肥利用率达到39.2%,农药利用率达到39.8%,分别提高了4个和3.2个百分点: one change per level
        levels = [x for x in range(p + 1) if not raws[x].is_change]
        if len(levels) >= len(group):
            bases = levels[-len(group):]
    if len(bases) == len(group):
        return dict(zip(group, bases))
    return {group[0]: p}


def from_to_starts(t: str, raws: list[Raw], after: list[str], tb: Tables) -> dict[int, int]:
    """从A增长到B, 由A减少为B, 把A降至B: A is where it started, B the level it reached (asked for
    "2024年", B). Returns {index of A: index of B}; neither stays a change, B takes the direction,
    and the words after A (which lead to B) no longer name what A counts."""
    start_of: dict[int, int] = {}
    for j in range(len(raws) - 1):
        ra, rb = raws[j], raws[j + 1]
        if ra.unit != rb.unit or not tb.from_to_gap.fullmatch(t[ra.end:rb.start]):
            continue
        if not re.search(r"(?:从|由|把)[^从由把,，;；:：]{0,14}$", t[clause_start(t, ra.start):ra.start]):
            continue
        start_of[j] = j + 1
        after[j] = ""
        gap = t[ra.end:rb.start]
        verb = next((v for v in tb.change_verbs if v in gap), None)
        rb.is_change, ra.is_change = False, False
        rb.direction = tb.direction[verb] if verb else ("up" if rb.value > ra.value else "down")
    return start_of
