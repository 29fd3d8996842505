"""The figures of one sentence: changes linked to their levels, 分别 lists, metric, period, region.
"""
from __future__ import annotations

import re

from bot.analyse.figures.changes import link, mark_change
from bot.analyse.figures.clauses import clause_end, clause_start, full_sentence_start
from bot.analyse.figures.figure import ExtractedFigure
from bot.analyse.figures.metric import (fallback_metric, junk_metric, measure_of, metric_after, metric_before,
                                        noun_list)
from bot.analyse.figures.numbers import Raw
from bot.analyse.figures.periods import month_number, period_list
from bot.analyse.figures.places import last_run, listed_before, region_for
from bot.analyse.figures.tables import CN_DIGITS, Tables


def sentence_figures(pi: int, para: str, norm_para: str, ss: int, sentence: str, t: str, raws: list[Raw],
                      mentions: list[tuple[int, int, str | None]], para_periods: list[tuple[int, int, str, int | None]],
                      tb: Tables, issue_year: int | None, main_region: str | None,
                      result: list[ExtractedFigure]) -> None:
    for r in raws:
        mark_change(t, r, tb)
    # a list after a change verb shares it: 同比增长5.4%、6.1%
    for a, b in zip(raws, raws[1:]):
        if a.is_change and not b.is_change and link(t, a, b):
            b.is_change, b.verb, b.basis, b.direction, b.basis_start = True, a.verb, a.basis, a.direction, a.basis_start
            if b.unit in tb.rank_units:
                b.kind = "rank"

    # what a level counts, read from the words after it: 66个[高能级校地协同创新项目]
    after_m = ["" if r.is_change or r.unit in tb.noun_units else metric_after(t, r.end, tb) for r in raws]

    # which level each change modifies: 3400万人次,同比增加5.8%; 1690万人次、1710万人次,同比增长5.4%、6.1%
    base_of: dict[int, int] = {}
    i = 0
    while i < len(raws):
        if not raws[i].is_change:
            i += 1
            continue
        group = [i]
        while (group[-1] + 1 < len(raws) and raws[group[-1] + 1].is_change
               and link(t, raws[group[-1]], raws[group[-1] + 1])):
            group.append(group[-1] + 1)
        p = i - 1
        first = raws[i]
        if p >= 0 and not raws[p].is_change:
            gap = t[raws[p].end:first.basis_start].strip(" ,，、")
            respectively = gap.endswith("分别")
            gap = gap.removesuffix("分别").strip(" ,，、")
            if gap in ("", after_m[p]):
                bases = [p]
                while (bases[0] - 1 >= 0 and not raws[bases[0] - 1].is_change
                       and link(t, raws[bases[0] - 1], raws[bases[0]])):
                    bases.insert(0, bases[0] - 1)
                if respectively and len(bases) < len(group):
                    # 化肥利用率达到39.2%,农药利用率达到39.8%,分别提高了4个和3.2个百分点: one change per level
                    levels = [x for x in range(p + 1) if not raws[x].is_change]
                    if len(levels) >= len(group):
                        bases = levels[-len(group):]
                if len(bases) == len(group):
                    base_of.update(dict(zip(group, bases)))
                else:
                    base_of[group[0]] = p
        i = group[-1] + 1

    # 江西、福建两省分别发送旅客1690万人次、1710万人次: the Nth region owns the Nth figure; the same for a
    # list of periods (2017年和2018年…分别为6.2%和3.0%) and of things (猪肉、禽肉、鸡蛋商业库存分别为…)
    respective: dict[int, str | None] = {}
    resp_period: dict[int, tuple[str, int | None]] = {}
    resp_metric: dict[int, str] = {}
    k = t.find("分别")
    while k >= 0:
        cs = clause_start(t, k)
        regs = last_run(t, [m for m in mentions if cs <= m[0] and m[1] <= k])
        coll = tb.collective_re.search(t, cs, k)
        if len(regs) < 2 and coll:
            # 松原和白城两地…,两地旅游总收入同比分别增长: 两地 stands for the places listed before
            run = last_run(t, [m for m in mentions if m[1] <= coll.start()])
            n = month_number(re.match(f"[{CN_DIGITS}十]+", coll.group(0)).group(0))  # type: ignore[union-attr]
            if n is not None and len(run) == n:
                regs = run
        ce = clause_end(t, k)
        in_clause = [j for j, r in enumerate(raws) if k <= r.start < ce]
        levels = [j for j in in_clause if not raws[j].is_change]
        changes = [j for j in in_clause if raws[j].is_change]
        owned = levels if levels else changes
        if len(regs) >= 2 and len(owned) >= len(regs):
            for reg, j in zip(regs, owned):
                respective[j] = reg[2] or main_region
        pers = period_list(t, [(a - ss, b - ss, txt, y) for a, b, txt, y in para_periods], cs, k)
        if not pers and not regs:
            # 大年初三、初四两天,参观客流…:分别达到4.1万人和4.5万人: the list stands earlier in the sentence
            far = period_list(t, [(a - ss, b - ss, txt, y) for a, b, txt, y in para_periods], 0, k)
            pers = far if len(far) == len(levels or changes) else []
        if len(pers) >= 2 and len(pers) == len(owned):
            for (_, _, txt, y), j in zip(pers, owned):
                resp_period[j] = (txt, y)
        elif len(regs) < 2 and not pers:
            items = noun_list(t[cs:k], tb, [sentence[a:b] for a, b, _ in mentions]
                               + [txt for a, b, txt, _ in para_periods if cs <= a - ss and b - ss <= k]
                               + [norm_para[a:b] for a, b, _, _ in para_periods if cs <= a - ss and b - ss <= k])
            if len(items) >= 2 and len(items) == len(owned):
                for item, j in zip(items, owned):
                    resp_metric[j] = item
        k = t.find("分别", k + 2)

    # 从A增长到B, 由A减少为B, 把A降至B: A is where it started, B the level it reached (asked for "2024年", B)
    start_of: dict[int, int] = {}
    for j in range(len(raws) - 1):
        ra, rb = raws[j], raws[j + 1]
        if ra.unit != rb.unit or not tb.from_to_gap.fullmatch(t[ra.end:rb.start]):
            continue
        if not re.search(r"(?:从|由|把)[^从由把,，;；:：]{0,14}$", t[clause_start(t, ra.start):ra.start]):
            continue
        start_of[j] = j + 1
        after_m[j] = ""  # the words after A lead to B; they do not name what A counts
        gap = t[ra.end:rb.start]
        verb = next((v for v in tb.change_verbs if v in gap), None)
        rb.is_change, ra.is_change = False, False
        rb.direction = tb.direction[verb] if verb else ("up" if rb.value > ra.value else "down")

    full_start = full_sentence_start(norm_para, ss)
    periods = [(s - ss, e - ss, txt, y) for s, e, txt, y in para_periods if s >= full_start and e <= ss + len(t)]
    strip_words = [sentence[a:b] for a, b, _ in mentions if b > a] + list(tb.region_pronouns)
    strip_words += [norm_para[s + ss:e + ss] for s, e, _, _ in periods]

    nps: list[str] = []  # the noun phrase of each figure, before a change verb is added
    metrics: list[str | None] = []
    lo_bounds = [0] + [r.end for r in raws[:-1]]
    starts_of = {b: a for a, b in start_of.items()}
    for j, r in enumerate(raws):
        m = ""
        linked = j > 0 and link(t, raws[j - 1], r)
        if r.unit in tb.noun_units and not r.is_change:
            # 京津冀三地, 江西、福建两省: the unit is the noun; the list before it says which
            listed = listed_before(t, mentions, r.start)
            m = sentence[listed[0][0]:listed[-1][1]] if listed else r.unit
        if not m:
            m = after_m[j]
        if not m and j in starts_of:
            m = nps[starts_of[j]]  # 由169.5天减少到97天: the same measure
        if not m and linked and nps[j - 1]:
            m = nps[j - 1]  # 1690万人次、1710万人次; 4.72万元和2.08万元: the list shares its subject
        if not m and not (r.is_change and j in base_of):
            m = metric_before(t, r, lo_bounds[j], tb, strip_words)
            if m in tb.m_anaphora:
                # 将这一数量提升到1500家: the same thing as the last figure in that unit
                prev = [f.metric for f in result if f.paragraph == pi and f.unit == r.unit and f.metric]
                prev += [nps[x] for x in range(j) if raws[x].unit == r.unit and nps[x]]
                if prev:
                    m = prev[-1]
            if junk_metric(m, tb):
                m = fallback_metric(t, j, raws, nps, tb, strip_words,
                                     [f for f in result if f.paragraph == pi])
        if not m and j > 0 and raws[j - 1].unit == r.unit:
            m = nps[j - 1]  # 约500家,明年达到1000家: the subject is carried over
        if r.is_change and j in base_of:
            m = nps[base_of[j]]
        if j in resp_metric:
            m = resp_metric[j]  # 猪肉、禽肉、鸡蛋商业库存分别为…: the Nth item is what the Nth figure measures
        if junk_metric(m, tb):
            m = ""
        nps.append(m)
        if r.is_change:
            basis = r.basis if r.basis and not re.search(r"\d", r.basis) else ""
            m = f"{m}{basis}{r.verb}" if not m.endswith(f"{basis}{r.verb}") else m
        metrics.append(m or None)

    offset = len(result)
    figs: list[ExtractedFigure] = []
    for j, r in enumerate(raws):
        period, year = None, None
        before = [p for p in periods if p[1] <= r.start]
        if before:
            period, year = before[-1][2], before[-1][3]
        else:
            cs = clause_start(t, r.start)
            ce = clause_end(t, r.end)
            after = [p for p in periods if r.end <= p[0] and p[1] <= ce]
            if after and cs <= after[0][0]:
                period, year = after[0][2], after[0][3]
        if period and not re.search(r"\d{4}", period) and period not in tb.now_words:
            # 去年,山西省全年…: a season or month takes the year the sentence named before it
            named = [p for p in periods if p[1] <= r.start and re.search(r"\d{4}", p[2])]
            if named:
                year = named[-1][3]
        if j in resp_period:
            period, year = resp_period[j]
        region = respective[j] if j in respective else region_for(t, r, mentions, main_region, tb)
        figs.append(ExtractedFigure(
            paragraph=pi, sentence=sentence, sentence_start=ss, start=r.start, end=r.end,
            display=sentence[r.start:r.end], value=r.value, value_max=r.value_max, unit=r.unit, kind=r.kind,
            qualifier=r.qualifier, period=period, year=year, metric=metrics[j], region=region,
            is_change=r.is_change, measure=measure_of(t, r, metrics[j], tb)))
    for j, bj in base_of.items():
        figs[j].change_of = offset + bj
        if j not in respective:
            figs[j].region = figs[bj].region
        if figs[j].period is None:
            figs[j].period, figs[j].year = figs[bj].period, figs[bj].year
        if figs[bj].change is None:
            rj = raws[j]
            figs[bj].change = {"display": figs[j].display, "value": rj.value, "unit": rj.unit,
                               "direction": rj.direction, "basis": rj.basis}
    for ia, ib in start_of.items():
        fa, fb = figs[ia], figs[ib]
        fa.measure, fa.start_of = "start", offset + ib
        if fa.region != fb.region and ib not in respective:
            fb.region = fa.region
        if fb.change is None:
            fb.change = {"display": fa.display, "value": fb.value - fa.value, "unit": fb.unit,
                         "direction": raws[ib].direction, "basis": "from", "from": fa.display,
                         "from_value": fa.value, "from_period": fa.period}
    result.extend(figs)

