"""Is a message a comparison, and of what: regions, a ranking, all regions, or one region over time.

湖北和广东的复工率比较 compares regions; 哪个省GDP增速最高 ranks the provinces; 各省贫困发生率 lists
them all; 青海贫困发生率这几年怎么变化 is one region over time. 补贴最高多少钱 is no comparison (a
cap), nor is 长沙排名上升了几位 (one figure).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answer.compare.metric import PLACE_COUNT, compare_data, normalize_metric
from bot.language.gazetteer import Mention, Region, load_gazetteer
from bot.answer.understand import Query
from bot.language.lexicon import lexicon
from bot.language.segment import cut

_SPLIT = re.compile(r"[\s,.;:!?，。；：！？、“”‘’\"'()（）《》【】\[\]<>/\\|~`@#$^&*_+=-]+")


@dataclass
class CompareAsk:
    mode: str  # regions | ranking | all | series
    metric: str  # normalised measure asked about: 规模以上工业企业复工率
    asked: str  # as typed: 规上工业企业复工率
    regions: list[Region] = field(default_factory=list)
    level: str = "province"  # ranking / all: compare provinces or cities
    within: Region | None = None  # 广东哪个城市…最高: cities of 广东
    top_n: int | None = None
    ascending: bool = False
    rank: bool = False  # order rows by value (a ranking or 谁高)
    explicit: bool = True  # the words ask to compare (比较, 最高, 各地, 变化, /compare), not just name regions


def _has(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def metric_phrase(text: str, spans: list[tuple[int, int]]) -> str:
    """What is left of the question once regions, cue words, question words and dates are gone."""
    data = compare_data()
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = " "
    rest = "".join(chars)
    rest = re.sub(r"\d{4}年|\d{1,2}月\d{1,2}[日号]?|\d{1,2}月", " ", rest)
    rest = re.sub(r"同比|比上年|比去年", " ", rest)  # 同比增长 asks for 增长, not for 比
    rest = PLACE_COUNT.sub(" ", rest)  # 江西、福建两省: how many places, not what is measured
    words = (data["series_cues"] + data["ranking_cues"] + data["all_cues"] + data["compare_cues"]
             + list(data["top_n"]) + data["question_words"] + lexicon().filler)
    for w in sorted(set(words), key=len, reverse=True):
        if len(w) > 1 or w in "的是比":
            rest = rest.replace(w, " ")
    # 和/与 between regions are left alone once the regions are gone; inside a word (技术合同) they stay.
    parts = [p.strip("和与跟及同") for p in _SPLIT.split(rest)]
    parts = [p for p in parts if len(p) >= 2]
    if not parts:
        return ""
    best = max(parts, key=len)
    # 哪个贫困发生率高, 谁的产量多: the comparison's adjective, not part of the measure
    best = re.sub(r"(?<=[率量值额数总入出比度])(?:更)?[高低多少快慢大小]$", "", best)
    change = next((c for p in parts if p is not best for c in data["change_cues"] if p.startswith(c)), "")
    return best + change  # 春运发送旅客 … 增长: the growth of that measure


@dataclass
class _Cues:
    """Which kinds of comparison the message's words ask for (bot/data/compare.json)."""

    series: bool  # 这几年怎么变化
    ranking: bool  # 哪个省最高
    every: bool  # 各省
    versus: bool  # 比较, 对比

    @property
    def explicit(self) -> bool:
        return self.series or self.ranking or self.every or self.versus


def _cues(text: str, regions: list[Region]) -> _Cues:
    data = compare_data()
    ranking = _has(text, data["ranking_cues"])
    if ranking and not regions and not _has(text, data["which_cues"]):
        ranking = False  # 补贴最高多少钱: a cap, not a ranking of places
    return _Cues(series=_has(text, data["series_cues"]), ranking=ranking, every=_has(text, data["all_cues"]),
                 versus=_has(text, data["compare_cues"]))


def compare_ask(q: Query) -> CompareAsk | None:
    """A CompareAsk when the message compares a measure across regions or over time, else None."""
    if q.command not in (None, "compare"):
        return None
    data = compare_data()
    text = q.arg if q.command else q.text
    mentions, regions = _regions_asked(text, q.regions)
    asked = metric_phrase(text, [(m.start, m.end) for m in mentions])
    if not asked:
        return None
    cues = _cues(text, regions)
    if q.command != "compare" and not _asks_to_compare(q, text, mentions, regions, cues):
        return None
    top_n = next((n for w, n in data["top_n"].items() if w in text), None)
    ask = CompareAsk(mode="regions", metric=normalize_metric(asked), asked=asked, regions=list(regions),
                     top_n=top_n, ascending=_has(text, data["ascending_cues"]), rank=cues.ranking,
                     explicit=q.command == "compare" or cues.explicit)
    if _has(text, data["city_cues"]):
        ask.level = "city"
    return _with_mode(ask, q, text, regions, cues)


def _regions_asked(text: str, regions: list[Region]) -> tuple[list[Mention], list[Region]]:
    """The message's region mentions, and the regions asked: the query's, or every one of a list
    (湖北和武汉: both, though one lies inside the other)."""
    mentions = load_gazetteer().query_mentions(text)
    if _joined(text, mentions):
        mentions = sorted(mentions + _directional_list(text, mentions), key=lambda m: m.start)
        regions = list(dict.fromkeys(m.region for m in _without_enclosing(mentions))) or regions
    return mentions, regions


def _encloses(outer: Mention, inner: Mention) -> bool:
    """杭州余杭区, 四川绵阳: a region written right before one inside it names that one place."""
    return inner.start == outer.end and outer.region in load_gazetteer().ancestors(inner.region.code)


def _without_enclosing(mentions: list[Mention]) -> list[Mention]:
    """The mentions less those that only say where the next one lies (四川 of 四川绵阳)."""
    return [m for m, nxt in zip(mentions, [*mentions[1:], None]) if nxt is None or not _encloses(m, nxt)]


def _asks_to_compare(q: Query, text: str, mentions: list[Mention], regions: list[Region], cues: _Cues) -> bool:
    """Whether a message that is no /compare command asks for a comparison: a figure or a search
    that names two regions or a series, ranking or all-regions cue."""
    if q.intent not in ("figure", "search"):
        return False
    if not (cues.series or cues.ranking or cues.every or (len(regions) >= 2)):
        return False
    if len(regions) >= 2 and not cues.explicit and _relation(text):
        return False  # 浙江和江苏签了什么协议: what the two did together, not each one's figure
    return not (len(regions) >= 2 and not (cues.versus or cues.ranking or cues.every or q.intent == "figure"
                                           or _joined(text, mentions)))


def _with_mode(ask: CompareAsk, q: Query, text: str, regions: list[Region], cues: _Cues) -> CompareAsk | None:
    """`ask` with its mode (series, regions, ranking or all), or None when it is none of them."""
    if cues.series and len(regions) <= 1:
        ask.mode = "series"
    elif len(regions) >= 2:
        ask.mode = "regions"
    elif cues.ranking or cues.every or q.command == "compare":
        ask.mode = "ranking" if cues.ranking or ask.top_n else "all"
        if len(regions) == 1:
            # 广东哪个城市…最高 ranks the cities of 广东; 长沙排名上升了几位 asks for one figure
            if not _has(text, compare_data()["city_cues"]) or regions[0].level != "province":
                return None
            ask.within, ask.regions, ask.level = regions[0], [], "city"
    else:
        return None
    return ask


def _relation(text: str) -> bool:
    """The question asks what places did together (签了, 合作, 对口帮扶): a word of its own, so
    合作社 is no 合作."""
    cues = set(compare_data()["relation_cues"])
    return any(w in cues for w in cut(text))


def _directional_list(text: str, mentions: list[Mention]) -> list[Mention]:
    """东部、中部和东北地区: direction words listed with a region are regions too (东部 alone is not)."""
    if not any(m.region.level == "macro" for m in mentions):
        return []
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for region in load_gazetteer().all_regions():
        if not region.directional:
            continue
        for m in re.finditer(re.escape(region.name) + r"(?=[和与跟及、,，])", text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(Mention(region, m.start(), m.end(), region.name))
                taken.append((m.start(), m.end()))
    return out


def _joined(text: str, mentions: list[Mention] | None = None) -> bool:
    """Regions joined by 和/与/、 (or written side by side: 浙江江苏山东): the question is about each
    of them, not one inside the other."""
    ms = sorted(mentions or [], key=lambda m: m.start)
    if any(b.start == a.end and not _encloses(a, b) for a, b in zip(ms, ms[1:])):
        return True
    return bool(re.search(r"[和与跟同及、]|以及|对比|比", text))
