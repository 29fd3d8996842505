"""Is a message a comparison, and of what: regions, a ranking, all regions, or one region over time."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.compare_metric import compare_data, normalize_metric
from bot.gazetteer import Mention, Region, load_gazetteer
from bot.understand import Query, lexicon

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
    words = (data["series_cues"] + data["ranking_cues"] + data["all_cues"] + data["compare_cues"]
             + list(data["top_n"]) + data["question_words"] + lexicon()["filler"])
    for w in sorted(set(words), key=len, reverse=True):
        if len(w) > 1 or w in "的是比":
            rest = rest.replace(w, " ")
    for j in data["joiners"]:
        if len(j) == 1:
            rest = rest.replace(j, " ")
    parts = [p for p in _SPLIT.split(rest) if len(p) >= 2]
    if not parts:
        return ""
    best = max(parts, key=len)
    change = next((c for p in parts if p is not best for c in data["change_cues"] if p.startswith(c)), "")
    return best + change  # 春运发送旅客 … 增长: the growth of that measure


def compare_ask(q: Query) -> CompareAsk | None:
    """A CompareAsk when the message compares a measure across regions or over time, else None."""
    if q.command not in (None, "compare"):
        return None
    data = compare_data()
    text = q.arg if q.command else q.text
    mentions = load_gazetteer().query_mentions(text)
    asked = metric_phrase(text, [(m.start, m.end) for m in mentions])
    if not asked:
        return None
    regions = q.regions
    if _joined(text):  # 湖北和武汉: both, though one lies inside the other
        listed = _directional_list(text, mentions)
        regions = list(dict.fromkeys(m.region for m in sorted(mentions + listed, key=lambda m: m.start))) \
            or regions
        mentions = sorted(mentions + listed, key=lambda m: m.start)
    series = _has(text, data["series_cues"])
    ranking = _has(text, data["ranking_cues"])
    every = _has(text, data["all_cues"])
    versus = _has(text, data["compare_cues"])
    if q.command != "compare":
        if q.intent not in ("figure", "search"):
            return None
        if not (series or ranking or every or (len(regions) >= 2)):
            return None
        if len(regions) >= 2 and not (versus or ranking or every or q.intent == "figure" or _joined(text)):
            return None
    top_n = next((n for w, n in data["top_n"].items() if w in text), None)
    ask = CompareAsk(mode="regions", metric=normalize_metric(asked), asked=asked, regions=list(regions),
                     top_n=top_n, ascending=_has(text, data["ascending_cues"]), rank=ranking)
    if _has(text, data["city_cues"]):
        ask.level = "city"
    if series and len(regions) <= 1:
        ask.mode = "series"
    elif len(regions) >= 2:
        ask.mode = "regions"
    elif ranking or every or q.command == "compare":
        ask.mode = "ranking" if ranking or top_n else "all"
        if len(regions) == 1:
            ask.within, ask.regions = regions[0], []
            if regions[0].level == "province":
                ask.level = "city"
    else:
        return None
    return ask


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


def _joined(text: str) -> bool:
    """Regions joined by 和/与/、: the question is about both, not one inside the other."""
    return bool(re.search(r"[和与跟同及、]|以及|对比|比", text))
