"""The figures of one sentence, read in steps: changes, the levels they modify, 分别 lists, 从A到B,
then each figure's metric, period and region.

江西、福建两省分别发送旅客1690万人次、1710万人次，同比增长5.4%、6.1%。 gives four figures: two levels
(发送旅客, 江西 and 福建) and two changes (发送旅客同比增长), each linked to its level by change_of.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analyse.figures.changes import change_bases, from_to_starts, link, mark_changes
from bot.analyse.figures.clauses import full_sentence_start
from bot.analyse.figures.context import Sentence
from bot.analyse.figures.figure import ExtractedFigure
from bot.analyse.figures.metric import fallback_metric, junk_metric, measure_of, metric_after, metric_before
from bot.analyse.figures.numbers import Raw
from bot.analyse.figures.periods import PeriodSpan, period_for
from bot.analyse.figures.places import listed_before, region_for
from bot.analyse.figures.respective import Respective, read_respective


@dataclass
class _Links:
    """How the figures of a sentence relate, by index in it."""
    after: list[str]  # the noun phrase read after each level: 66个[高能级校地协同创新项目]
    base_of: dict[int, int]  # change -> the level it modifies
    start_of: dict[int, int]  # A -> B of 从A增长到B
    respective: Respective  # what a 分别 list hands to each figure


def sentence_figures(s: Sentence, raws: list[Raw]) -> list[ExtractedFigure]:
    """The figures `raws` of sentence `s`, with change_of and start_of counted in the article's list
    (the figures of `s.earlier` come first)."""
    tb, t = s.tb, s.norm
    mark_changes(t, raws, tb)
    after = ["" if r.is_change or r.unit in tb.noun_units else metric_after(t, r.end, tb) for r in raws]
    base_of = change_bases(t, raws, after)
    respective = read_respective(s, raws)
    start_of = from_to_starts(t, raws, after, tb)
    links = _Links(after, base_of, start_of, respective)
    periods = _periods(s)
    nps = _noun_phrases(s, raws, links, _strip_words(s, periods))
    figs = [_figure(s, r, j, nps[j], periods, links) for j, r in enumerate(raws)]
    _link_changes(figs, raws, links, len(s.earlier))
    _link_starts(figs, raws, links, len(s.earlier))
    return figs


def _periods(s: Sentence) -> list[PeriodSpan]:
    """The periods of the 。-sentence up to this sentence's end, in sentence offsets: a period before
    a ; still applies (2025年春运,…;江西…)."""
    full_start = full_sentence_start(s.para_norm, s.start)
    return [p for p in s.periods_here() if p[0] + s.start >= full_start and p[1] <= len(s.norm)]


def _strip_words(s: Sentence, periods: list[PeriodSpan]) -> list[str]:
    """Words a metric never starts with: the sentence's places, region pronouns, its periods."""
    words = [s.text[a:b] for a, b, _ in s.mentions if b > a] + list(s.tb.region_pronouns)
    return words + [s.para_norm[a + s.start:b + s.start] for a, b, _, _ in periods]


def _noun_phrases(s: Sentence, raws: list[Raw], links: _Links, strip_words: list[str]) -> list[str]:
    """The noun phrase each figure measures, before a change verb is added."""
    nps: list[str] = []
    for j in range(len(raws)):
        nps.append(_noun_phrase(s, raws, j, nps, links, strip_words))
    return nps


def _noun_phrase(s: Sentence, raws: list[Raw], j: int, nps: list[str], links: _Links,
                 strip_words: list[str]) -> str:
    """What figure j measures; `nps` holds those of the figures before it."""
    r = raws[j]
    m = _own_phrase(s, raws, j, nps, links)
    if not m and not (r.is_change and j in links.base_of):
        m = _phrase_before(s, raws, j, nps, strip_words)
    if not m and j > 0 and raws[j - 1].unit == r.unit:
        m = nps[j - 1]  # 约500家,明年达到1000家: the subject is carried over
    if r.is_change and j in links.base_of:
        m = nps[links.base_of[j]]
    if j in links.respective.metrics:
        m = links.respective.metrics[j]  # 猪肉、禽肉、鸡蛋商业库存分别为…: the Nth item is what the Nth figure measures
    if junk_metric(m, s.tb):
        m = ""
    return m


def _own_phrase(s: Sentence, raws: list[Raw], j: int, nps: list[str], links: _Links) -> str:
    """The phrase a figure names by its own unit, the words after it, or the figure it goes on from."""
    r, t = raws[j], s.norm
    m = ""
    linked = j > 0 and link(t, raws[j - 1], r)
    if r.unit in s.tb.noun_units and not r.is_change:
        # 京津冀三地, 江西、福建两省: the unit is the noun; the list before it says which
        listed = listed_before(t, s.mentions, r.start)
        m = s.text[listed[0][0]:listed[-1][1]] if listed else r.unit
    if not m:
        m = links.after[j]
    starts_of = {b: a for a, b in links.start_of.items()}
    if not m and j in starts_of:
        m = nps[starts_of[j]]  # 由169.5天减少到97天: the same measure
    if not m and linked and nps[j - 1]:
        m = nps[j - 1]  # 1690万人次、1710万人次; 4.72万元和2.08万元: the list shares its subject
    return m


def _phrase_before(s: Sentence, raws: list[Raw], j: int, nps: list[str], strip_words: list[str]) -> str:
    """The phrase before a figure (培育[国家高新技术企业]1200家); 这一数量 is the last figure's in that
    unit; when it says nothing, the fallbacks of metric.fallback_metric."""
    r, t, tb = raws[j], s.norm, s.tb
    lo = raws[j - 1].end if j > 0 else 0
    m = metric_before(t, r, lo, tb, strip_words)
    if m in tb.m_anaphora:
        # 将这一数量提升到1500家: the same thing as the last figure in that unit
        prev = [f.metric for f in s.paragraph_figures() if f.unit == r.unit and f.metric]
        prev += [nps[x] for x in range(j) if raws[x].unit == r.unit and nps[x]]
        if prev:
            m = prev[-1]
    if junk_metric(m, tb):
        m = fallback_metric(t, j, raws, nps, tb, strip_words, s.paragraph_figures())
    return m


def _with_change(np: str, r: Raw) -> str | None:
    """The metric stored: a change's noun phrase takes its basis and verb (发送旅客同比增长)."""
    m = np
    if r.is_change:
        basis = r.basis if r.basis and not re.search(r"\d", r.basis) else ""
        m = f"{m}{basis}{r.verb}" if not m.endswith(f"{basis}{r.verb}") else m
    return m or None


def _figure(s: Sentence, r: Raw, j: int, np: str, periods: list[PeriodSpan], links: _Links) -> ExtractedFigure:
    """Figure j of the sentence as stored, its change and start links not yet made."""
    t, tb = s.norm, s.tb
    period, year = period_for(t, r.start, r.end, periods, tb.now_words)
    if j in links.respective.periods:
        period, year = links.respective.periods[j]
    regions = links.respective.regions
    region = regions[j] if j in regions else region_for(t, r, s.mentions, s.region, tb)
    metric = _with_change(np, r)
    return ExtractedFigure(
        paragraph=s.paragraph, sentence=s.text, sentence_start=s.start, start=r.start, end=r.end,
        display=s.text[r.start:r.end], value=r.value, value_max=r.value_max, unit=r.unit, kind=r.kind,
        qualifier=r.qualifier, period=period, year=year, metric=metric, region=region,
        is_change=r.is_change, measure=measure_of(t, r, metric, tb))


def _link_changes(figs: list[ExtractedFigure], raws: list[Raw], links: _Links, offset: int) -> None:
    """A change takes its level's region and period; the level records the change."""
    for j, bj in links.base_of.items():
        figs[j].change_of = offset + bj
        if j not in links.respective.regions:
            figs[j].region = figs[bj].region
        if figs[j].period is None:
            figs[j].period, figs[j].year = figs[bj].period, figs[bj].year
        if figs[bj].change is None:
            rj = raws[j]
            figs[bj].change = {"display": figs[j].display, "value": rj.value, "unit": rj.unit,
                               "direction": rj.direction, "basis": rj.basis}


def _link_starts(figs: list[ExtractedFigure], raws: list[Raw], links: _Links, offset: int) -> None:
    """从A增长到B: A is a start figure; B records the move from A as its change."""
    for ia, ib in links.start_of.items():
        fa, fb = figs[ia], figs[ib]
        fa.measure, fa.start_of = "start", offset + ib
        if fa.region != fb.region and ib not in links.respective.regions:
            fb.region = fa.region
        if fb.change is None:
            fb.change = {"display": fa.display, "value": fb.value - fa.value, "unit": fb.unit,
                         "direction": raws[ib].direction, "basis": "from", "from": fa.display,
                         "from_value": fa.value, "from_period": fa.period}
