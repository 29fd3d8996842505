"""The places a sentence names and the place each figure belongs to.

Mentions come from the gazetteer (浙江大学 -> 浙江, 闽赣 -> 福建, 江西), region pronouns (全市, 该县,
当地: the place of their level named before them) and national words (全国, 我国 -> 全国). A figure
belongs to the nearest place before it in its clause, else the sentence's first, else the article's;
not to a list it totals (京津冀、江苏、广东三个区域) nor to where people went (贵州派往湖北的医务人员).
"""
from __future__ import annotations

from typing import Any, Callable

from bot.analyse.figures.clauses import clause_start
from bot.analyse.figures.numbers import Raw
from bot.analyse.figures.tables import Tables, ends_with, starts_with

# (start, end, region) of a place named in a sentence: (0, 2, "江西"); an organisation's city has
# start == end (武汉大学人民医院 -> 武汉 at its start); a pronoun (全市) the place it stands for
PlaceSpan = tuple[int, int, str | None]


def region_mentions(sentence: str, find_regions: Callable[[str], list[Any]] | None, tb: Tables,
                    main_region: str | None, prior: list[Any] | None = None) -> list[PlaceSpan]:
    """(start, end, region) mentions in a sentence; pronouns (该区, 当地) stand for the place of
    their level named before them in the clause, else in the paragraph (`prior` mentions), else
    the main region."""
    mentions: list[PlaceSpan] = []
    places: list[Any] = []  # gazetteer mentions, which know their level (for _antecedent)
    if find_regions is not None:
        mentions, places = _named(sentence, _not_names(sentence, find_regions(sentence), tb))
    named = sorted(mentions)
    mentions += _pronouns(sentence, named, places, prior or [], main_region, tb)
    mentions += _national(sentence, tb)
    mentions.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[PlaceSpan] = []
    for m in mentions:
        if out and m[0] < out[-1][1]:
            continue  # nested in a longer mention
        out.append(m)
    return out


def _named(sentence: str, items: list[Any]) -> tuple[list[PlaceSpan], list[Any]]:
    """The mentions of what find_regions returned (gazetteer mentions, (name, start, end) tuples or
    names as printed), and the gazetteer mentions among them."""
    mentions: list[PlaceSpan] = []
    places: list[Any] = []
    for item in items:
        if hasattr(item, "region"):
            places.append(item)
        if hasattr(item, "start") and hasattr(item, "end"):
            name = item.region.name if hasattr(item, "region") else getattr(item, "name", str(item))
            # the city of an organisation (武汉大学人民医院): where its figures are, but the name stays
            # whole, so the mention is empty and no word of it is trimmed off a metric
            end = item.start if getattr(item, "how", "") == "org" else item.end
            mentions.append((item.start, end, name))
            continue
        if isinstance(item, tuple):
            mentions.append((item[1], item[2], item[0]))
            continue
        name = str(item)
        k = sentence.find(name)
        while k >= 0:
            mentions.append((k, k + len(name), name))
            k = sentence.find(name, k + len(name))
    return mentions, places


def _pronouns(sentence: str, named: list[PlaceSpan], places: list[Any], prior: list[Any], main_region: str | None,
              tb: Tables) -> list[PlaceSpan]:
    """Region pronouns (全市, 该县, 当地) with the place each stands for: 大连2018年全市…: 全市 is 大连."""
    out: list[PlaceSpan] = []
    for p in tb.region_pronouns:
        k = sentence.find(p)
        while k >= 0:
            near = [m for m in named if m[1] <= k and clause_start(sentence, k) <= m[0]]
            means: str | None
            if near and near[-1][2]:
                means = near[-1][2]  # 大连2018年全市…: 全市 is 大连
            else:
                means = _antecedent(p, prior + [m for m in places if m.end <= k], main_region) or main_region
            out.append((k, k + len(p), means))
            k = sentence.find(p, k + len(p))
    return out


def _national(sentence: str, tb: Tables) -> list[PlaceSpan]:
    """全国, 我国: the national region; not 全国人大, 全国先进 (a body or a title) nor 占全国90% (the whole
    a figure is compared with)."""
    out: list[PlaceSpan] = []
    for p in tb.national_words:
        k = sentence.find(p)
        while k >= 0:
            if not (starts_with(sentence, k + len(p), tb.national_not_before)
                    or ends_with(sentence, k, tb.national_not_after)):
                out.append((k, k + len(p), tb.national))
            k = sentence.find(p, k + len(p))
    return out


def _not_names(sentence: str, items: list[Any], tb: Tables) -> list[Any]:
    """Drop abbreviation pairs that are a person's given name (王沪宁, 陈豫川) or a reduplication (蒙蒙亮)."""
    abbr = [x for x in items if getattr(x, "how", "") == "abbreviation" and hasattr(x, "start")]
    drop: set[int] = set()
    for a, b in zip(abbr, abbr[1:]):
        if b.start != a.end or b.end - a.start != 2:
            continue
        before = sentence[a.start - 1:a.start]
        after = sentence[b.end:b.end + 2]
        pair_only = not any(getattr(x, "how", "") == "abbreviation" and x.start in (a.start - 1, b.end) for x in abbr)
        # a pair of abbreviations names two places when it is used as a group (闽赣两省, 川渝地区, 京沪、…);
        # otherwise it is a word that happens to hold them (出台新区, 陈豫川, 蒙蒙亮)
        group = after[:1] in tb.pair_followers or after in tb.pair_followers
        if pair_only and (sentence[a.start] == sentence[b.start] or before in tb.surnames or not group):
            drop.update((id(a), id(b)))
    return [x for x in items if id(x) not in drop]


def listed_before(t: str, mentions: list[PlaceSpan], pos: int) -> list[PlaceSpan]:
    """The run of region mentions (江西、福建 / 闽赣) that ends right before pos, else []."""
    run: list[PlaceSpan] = []
    edge = pos
    for m in reversed(mentions):
        if m[1] > edge:
            continue
        gap = t[m[1]:edge]
        if gap.strip("、和及与") not in ("", "等", "等等") or (run and "等" in gap):
            break
        run.insert(0, m)
        edge = m[0]
    return run


def region_for(t: str, raw: Raw, mentions: list[PlaceSpan], main_region: str | None,
                tb: Tables) -> str | None:
    before = [m for m in mentions if m[1] <= raw.start]
    if not before:
        return main_region
    # an organisation given as an example (包括清华四川能源互联网研究院…等在内的66个) does not own a total
    before = [m for m in before if not (m[0] == m[1] and "等" in t[m[0]:raw.start])]
    if not before:
        return main_region
    cs = clause_start(t, raw.start)
    in_clause = [m for m in before if m[0] >= cs]
    # 贵州派往湖北支援的医务人员1434人: where people or goods go is not whose figure it is
    in_clause = [m for m in in_clause if not t[max(cs, m[0] - 2):m[0]].endswith(tb.destination_markers)] or in_clause
    if in_clause:
        last = in_clause[-1]
        fig_start = raw.start
        coll = [c for c in tb.collective_re.finditer(t, last[1], fig_start) if c.end() == fig_start]
        if coll:
            fig_start = coll[0].start()  # 闽赣两省111个: the 两省 restates the list
        gap = t[last[1]:fig_start]
        listed = listed_before(t, in_clause, fig_start)
        if gap.strip("、和及与") in ("", "等", "等等") and (len(listed) >= 2 or "等" in gap):
            return main_region  # 京津冀、江苏、广东三个区域; 上饶…和南平市等22个车站: a total over a list
        return last[2] or main_region
    return before[0][2] or main_region  # the sentence's subject


# The levels a pronoun's last character refers to (全市 → a city or a county-level 市).
_PRONOUN_SUFFIX_LEVELS = {"省": ("province",), "市": ("city", "county"), "县": ("county",),
                          "区": ("zone", "county", "province"), "州": ("city",), "盟": ("city",),
                          "旗": ("county",)}


def _antecedent(pronoun: str, prior: list[Any], main_region: str | None) -> str | None:
    """The place a pronoun (全市, 该县) stands for among the places of its level named before it in
    the paragraph: the article's own place if it is one of them (浙江全省…来自贵州的…全省: 浙江),
    else the last (包头市稀土企业…。2018年，全市稀土产业…: 包头, in an article about 鄂尔多斯 too)."""
    tail = pronoun[-1]
    levels = _PRONOUN_SUFFIX_LEVELS.get(tail)
    fits = []
    for m in prior:
        r = m.region
        if levels is None:
            if r.level != "macro":
                fits.append(str(r.name))  # 当地, 该地: any place named
        elif r.level in levels and (r.level != "county" or r.full_name.endswith(tail)) and \
                (r.level != "province" or tail != "区" or r.full_name.endswith("自治区")):
            fits.append(str(r.name))
    if main_region in fits:
        return main_region
    return fits[-1] if fits else None


def last_run(t: str, mentions: list[PlaceSpan]) -> list[PlaceSpan]:
    """The last run of mentions listed with only 、和及与 between them: 大连…江西、福建 -> 江西、福建."""
    run: list[PlaceSpan] = []
    for m in mentions:
        if run and t[run[-1][1]:m[0]] not in ("、", "和", "与", "及", "以及"):
            run = []
        run.append(m)
    return run

