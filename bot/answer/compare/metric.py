"""Read one figure in its sentence as (metric phrase, regions, date) for comparisons.

The figures table says what number a sentence prints; a comparison must also know exactly what it
measures (复工率 is not 规模以上工业企业复工率), whose it is (江苏、山东超过70% is both provinces'), and
the day it stands for (截至2月19日). This module reads those from the text around the figure.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from bot.ingest.rows import ComparedFigure
from bot.language.gazetteer import Gazetteer, Mention, Region

NATIONAL = "全国"
_MD = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]")
_YEAR = re.compile(r"(\d{4})年(?:全年|底|末|度)?")
_NUMBERISH = re.compile(r"[0-9０-９.．%％万亿千百十余多几]+[个家户名人项元吨台辆次座所]*")
_EXCEPT = re.compile(r"除[^，,；;。]{1,12}?(?:以)?外(?:的)?")
# 两省, 三地, 17个省份: a count of the places just named, not part of the measure
PLACE_COUNT = re.compile(r"[两二三四五六七八九十几多\d]+个?(?:省区市|省市区|省市|省份|省区|省|市|地|区|县)")
# 从 / 由 with no 到 / 至 after it: the figure is where a from-to pair starts
_FROM = re.compile(r"[从由][^到至]*$")
# 本报北京2月20日电 （记者顾仲阳）: where the report was filed, not whose figure it is
_DATELINE = re.compile(r"本报[^，。；\d]{0,8}\d{1,2}月\d{1,2}日电\s*(?:[（(][^）)]{0,30}[）)])?|[（(]记者[^）)]{0,30}[）)]")
_MONTH_SPAN = re.compile(r"(\d{4})年(\d{1,2})[—\-－–~～至到](\d{1,2})月")
_FROM_TO = re.compile(r"[从由][^，。；]*?(?:到|至)")
# 全县, 大湾村: the figure is a county's or a village's, not the province's or the city's
_LOCAL = re.compile(r"全(?:县|乡|镇|村)|(?:(?![个各几多等每这该本其])[\u4e00-\u9fff]){1,5}"
                    r"(?:村|乡|镇|县|社区|街道|小区)(?![\u4e00-\u9fff]*[省市])")  # 25个县 is a count, not a place
_NON_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z]")


@lru_cache(maxsize=1)
def compare_data() -> dict[str, Any]:
    """bot/data/compare.json: the words comparisons read (cues, measure synonyms, scope words)."""
    data: dict[str, Any] = json.loads(resources.files("bot.data").joinpath("compare.json").read_text("utf-8"))
    return data


@lru_cache(maxsize=1)
def _synonyms() -> list[tuple[str, str]]:
    return sorted(compare_data()["metric_synonyms"].items(), key=lambda kv: -len(kv[0]))


def normalize_metric(text: str) -> str:
    """规上工业企业的复工率 → 规模以上工业企业复工率: one spelling per measure."""
    t = text.replace("的", "")
    for short, full in _synonyms():
        if short == full or short not in t:
            continue
        if short in full:  # 生产总值 → 地区生产总值, but 地区生产总值 stays as it is
            t = t.replace(full, "\0").replace(short, full).replace("\0", full)
        else:
            t = t.replace(short, full)
    return _NON_WORD.sub("", t)


@dataclass
class FigureReading:
    metric: str  # normalised; "" when the clause names no measure
    regions: list[Region]  # the regions the figure is for (several for 江苏、山东超过70%)
    national: bool  # the figure is the whole country's
    scope: str | None  # province | city when the clause says 全省 / 全市 without naming the place
    date: str | None  # ISO date the sentence names for the figure
    year: str | None  # 2018: a year-long period; 2018年1—10月: part of one
    negative: bool = False  # 投资下降3.0%: read as a growth of -3.0%
    is_from: bool = False  # 贫困发生率从28.8%下降到7.9%: the earlier value of a from-to pair
    local: bool = False  # 大湾村…贫困发生率降至0.23%: a place below any region named, not the region's
    # 江西、福建两省分别发送旅客1690万人次、1710万人次: the 分别 list it belongs to and its place in it
    listed: tuple[str, ...] = ()
    list_index: int = -1


def _as_growth(metric: str) -> tuple[str, bool]:
    """(measure, negative): a fall is a negative growth of the same measure (投资下降 → 投资增长)."""
    negative = False
    for word in ("下降", "减少", "回落"):
        if metric.endswith(word):
            metric, negative = metric[: -len(word)] + "增长", True
    return metric, negative


def _clause_start(sentence: str, start: int) -> int:
    breaks = compare_data()["clause_breaks"]
    i = start
    while i > 0 and sentence[i - 1] not in breaks:
        i -= 1
    return i


def _strip_verbs(text: str) -> str:
    verbs = sorted(compare_data()["metric_verbs"], key=len, reverse=True)
    changed = True
    while changed and text:
        changed = False
        for v in verbs:
            if text.endswith(v):
                text, changed = text[: -len(v)], True
                break
    return text


def _strip_scope(text: str) -> str:
    for w in sorted(compare_data()["scope_words"], key=len, reverse=True):
        if len(w) > 1:
            text = text.replace(w, "")
    return text


class MetricReader:
    """Reads figures of one corpus: the gazetteer finds the regions, the data file the words."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        data = compare_data()
        self.change_words = ("增长", "下降", "提高", "减少", "增加", "回落", "上升")
        self.national = tuple(data["national_words"])
        self.national_phrases = tuple(sorted(data["national_phrases"], key=len, reverse=True))
        self.national_measures = tuple(data["national_measures"])  # 国内生产总值 is the country's GDP
        self.not_places = tuple(data["not_places"])  # 城乡, 农村: words, not a village or a county
        self.province_scope = tuple(data["province_scope_words"])
        self.city_scope = tuple(data["city_scope_words"])
        self._seen: dict[str, list[Mention]] = {}  # find_mentions by text, for this reader's one comparison

    def _mentions(self, text: str) -> list[Mention]:
        """`find_mentions`, once per text: a figure's sentence head is read for each figure in it."""
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = self.gaz.find_mentions(text)
        return found

    def _bare(self, clause: str) -> tuple[str, list[Region]]:
        """The clause without its regions, dates, numbers and scope words: what is measured."""
        for phrase in self.national_phrases:  # 31个省区市和新疆生产建设兵团 is the country, not 新疆
            clause = clause.replace(phrase, " " * len(phrase))
        excluded = _EXCEPT.search(clause)  # 除湖北外其他省份: every region but the one named
        if excluded:
            clause = clause[: excluded.start()] + " " * len(excluded.group(0)) + clause[excluded.end():]
        mentions = self._mentions(clause)
        chars = list(clause)
        for m in mentions:
            end = m.end
            if clause.startswith("地区", end):  # 东部地区投资: the region, then what is measured
                end += 2
            while end < len(chars) and chars[end] in "省市区县":
                end += 1
            for i in range(m.start, end):
                chars[i] = " "
        text = "".join(chars)
        text = _MD.sub(" ", text)
        text = _YEAR.sub(" ", text)
        text = re.sub(r"截至|截止到|截止|以来|至今|目前|期间", " ", text)
        text = PLACE_COUNT.sub(" ", text)
        text = text.replace("分别", " ").replace("的", "")
        text = _NUMBERISH.sub(" ", text)
        text = _strip_scope(text)
        # The measure is the last run of words before the figure: 全省规上企业 1453户中 … 复工率
        parts = [p for p in re.split(r"\s+|[、和与及]", text) if p]
        # the last run that is more than a verb: 贫困发生率由2014年的34%下降到了 → 贫困发生率
        metric = next((m for m in (_strip_verbs(p) for p in reversed(parts)) if m), "")
        for lead in sorted(compare_data()["leading_words"], key=len, reverse=True):
            if metric.startswith(lead) and len(metric) > len(lead) + 1:
                metric = metric[len(lead):]
        regions = list(dict.fromkeys(m.region for m in mentions))
        return metric, regions

    def read(self, fig: ComparedFigure, previous: "FigureReading | None", hint: str = "",
             previous_end: int = 0) -> FigureReading:
        """`previous`: the reading of the figure before it in the same sentence; `hint`: the measure
        asked about, to find it named earlier in the sentence (全国规上工业企业复工率逐步提高，其中浙江已达98.6%);
        `previous_end`: where the previous figure's text ends, so 1690万人次、1710万人次 are read apart."""
        sentence: str = _DATELINE.sub(lambda m: " " * len(m.group(0)), fig["sentence"])
        start = int(fig.get("start") or 0)
        cs = max(_clause_start(sentence, start), previous_end if previous is not None else 0)
        clause = sentence[cs:start]
        metric, regions, listed, list_index = self._clause_metric(sentence, start, cs, previous, hint)
        before = sentence[:start]
        if _EXCEPT.search(before):  # 除湖北外，全国新增确诊病例115例: the rest of the sentence too
            day, year = self._date(before, sentence, fig)
            return FigureReading(metric, [], False, None, day, year)  # no one region's figure
        regions, national, scope = self._owner(fig, sentence, start, regions, previous)
        day, year = self._date(before, sentence, fig)
        metric, negative = _as_growth(metric)
        is_from = bool(_FROM.search(clause))
        local = self._is_local(before, regions, national)
        return FigureReading(metric, regions, national, scope, day, year, negative=negative, listed=listed,
                             list_index=list_index, is_from=is_from, local=local)

    def _clause_metric(self, sentence: str, start: int, cs: int, previous: "FigureReading | None",
                       hint: str) -> tuple[str, list[Region], tuple[str, ...], int]:
        """(measure, regions named, the 分别 list, place in it) of the clause before the figure."""
        metric, regions = self._bare(sentence[cs:start])
        metric = normalize_metric(metric)
        listed, list_index = self._respective(sentence, start, cs, regions, metric, previous)
        if list_index >= 0:
            named = self.gaz.get(listed[list_index]) if list_index < len(listed) else None
            regions = [named] if named is not None else []
            if not metric and previous is not None:
                metric = previous.metric
        return self._metric_in_sentence(metric, sentence, cs, previous, hint), regions, listed, list_index

    def _metric_in_sentence(self, metric: str, sentence: str, cs: int, previous: "FigureReading | None",
                            hint: str) -> str:
        """The clause's measure completed from the sentence: a bare change word takes the measure
        before it, no measure the previous figure's or the one asked, a short one its qualifier."""
        if metric and previous and previous.metric and self._is_change_word(metric):
            # 实现生产总值9.73万亿元，同比增长6.8%: the change of the measure just named
            base = re.sub("(" + "|".join(self.change_words) + ")$", "", previous.metric)
            return base + "增长" if metric.endswith(("增长", "增加", "提高", "上升")) else base + metric[-2:]
        if not metric and previous is not None and previous.metric:
            return previous.metric  # 浙江复工率超过90%，江苏、山东超过70%: the same measure
        if not metric and hint and hint[-2:] in sentence[:cs]:
            pos = sentence.rfind(hint[-2:], 0, cs) + 2
            phrase, _ = self._bare(sentence[_clause_start(sentence, pos):pos])
            return normalize_metric(phrase)
        if metric and len(metric) <= 4:
            return self._qualified(sentence[:cs], metric)
        return metric

    def _is_change_word(self, metric: str) -> bool:
        """增长, 同比增长: the clause names a change and no measure of its own."""
        return any(metric == w or metric.endswith(w) and len(metric) <= len(w) + 2 for w in self.change_words)

    def _owner(self, fig: ComparedFigure, sentence: str, start: int, regions: list[Region],
               previous: "FigureReading | None") -> tuple[list[Region], bool, str | None]:
        """(regions, national, scope): whose figure it is when its clause names no region, from the
        nearest evidence first: the clause itself, 全省 / 全市, the previous figure, the extractor's
        region, the last region named before it."""
        before = sentence[:start]
        whole = sentence[_clause_start(sentence, start):start]  # the clause, the figures before included
        national = not regions and any(w in whole for w in self.national_phrases + self.national_measures)
        if regions or national:
            return regions, national, None
        scope = self._scope(before)
        if scope is not None:
            return regions, False, scope
        if previous is not None and previous.national and not self._mentions(whole):
            return regions, True, None  # 全国现有确诊病例…，其中重症病例…: the same subject
        region = fig.get("region")
        if region:
            # The extractor's own attribution (bot/analyse/figures/extract.py) before the nearest name in the
            # sentence — when the sentence names it: an article's main region is no figure's owner.
            own = self.gaz.get(region)
            if region == NATIONAL and any(w in sentence for w in self.national_phrases):
                return regions, True, None
            if own is not None and any(a in sentence for a in (own.name, own.full_name, *own.aliases)):
                return [own], False, None
        prior = self._mentions(before)
        if prior:
            return [prior[-1].region], False, None
        return regions, any(w in before for w in self.national), None

    def _scope(self, before: str) -> str | None:
        """province | city when the text before the figure says 全省 / 全市 (and names no place)."""
        if any(w in before for w in self.province_scope):
            return "province"
        if any(w in before for w in self.city_scope):
            return "city"
        return None

    def _is_local(self, before: str, regions: list[Region], national: bool) -> bool:
        """安徽省金寨县大湾村…贫困发生率: a place named after the region, below it, is the subject."""
        named_end = max((m.end for m in self._mentions(before) if m.region in regions), default=0)
        return not national and any(not m.group(0).endswith(self.not_places)
                                    for m in _LOCAL.finditer(before, named_end))

    def _respective(self, sentence: str, start: int, cs: int, regions: list[Region], metric: str,
                    previous: "FigureReading | None") -> tuple[tuple[str, ...], int]:
        """(the 分别 list, this figure's place in it) when the figure is one of a respective list:
        江西、福建两省分别发送旅客1690万人次、1710万人次，同比增长5.4%、6.1% — the n-th figure of a
        measure goes to the n-th region. ((), -1) otherwise."""
        if len(regions) > 1 and "分别" not in sentence[cs:start]:
            return (), -1  # a list of its own: 江苏、山东超过70% is all of them
        head = sentence[:start]
        pos = head.rfind("分别")
        if pos < 0:
            return (), -1
        listed = tuple(dict.fromkeys(m.region.name for m in self._mentions(head[_clause_start(head, pos):pos])))
        if len(listed) < 2:
            return (), -1
        if regions and {r.name for r in regions} - set(listed):
            return (), -1  # the clause names a region of its own
        if previous is not None and previous.listed == listed and previous.list_index >= 0 and \
                (not metric or metric == previous.metric):
            return listed, previous.list_index + 1
        return listed, 0

    def _qualified(self, head_text: str, metric: str) -> str:
        """复工率 after 全省规模以上工业企业复工2009户: the qualifier named earlier in the sentence."""
        stem = metric[:2]
        pos = head_text.rfind(stem)
        if pos <= 0:
            return metric
        cs = _clause_start(head_text, pos)
        qualifier, _ = self._bare(head_text[cs:pos])
        qualifier = normalize_metric(qualifier)
        if 2 <= len(qualifier) <= 12 and not qualifier.endswith(metric):
            return qualifier + metric
        return metric

    def _date(self, before: str, sentence: str, fig: ComparedFigure) -> tuple[str | None, str | None]:
        issue = fig.get("issue_date") or ""
        pair = list(_FROM_TO.finditer(before))
        if pair and not _YEAR.search(before, pair[-1].end()):
            # 由2014年的34%下降到了0.95%: the year of the starting value is not the end value's
            before = before[: pair[-1].start()] + before[pair[-1].end():]
        span = list(_MONTH_SPAN.finditer(before))
        if span:  # 2018年1—10月: a part of a year, shown as printed, dated at its last month's end
            m = span[-1]
            return None, f"{m.group(1)}年{m.group(2)}—{m.group(3)}月"
        found = list(_MD.finditer(before)) or list(_MD.finditer(sentence))
        if found:
            m = found[-1]
            mo, dy = int(m.group(2)), int(m.group(3))
            if m.group(1):
                y = int(m.group(1))
            else:
                y = int(issue[:4]) if issue[:4].isdigit() else date.today().year
                if issue[5:7].isdigit() and mo > int(issue[5:7]) + 1:
                    y -= 1  # 12月 reported in a February issue is last year's
            try:
                return date(y, mo, dy).isoformat(), None
            except ValueError:
                return None, None
        ym = list(_YEAR.finditer(before))
        if ym:
            return None, ym[-1].group(1)
        if "去年" in before and issue[:4].isdigit():
            return None, str(int(issue[:4]) - 1)
        if "全年" in before and issue[5:7].isdigit() and int(issue[5:7]) <= 3:
            return None, str(int(issue[:4]) - 1)  # 全年 in a report of January to March: the year just ended
        return None, None
