"""Find the figures a news paragraph states: 近3万家, 21.95亿元, 第23位, 同比增加5.8% …

Pure functions over paragraph text. Tables (units, multipliers, qualifiers, change verbs, period and
region words, metric trimming words) live in bot/data/units.json.

Rules that decide what is *not* a figure (each keeps out a class of false hits, not a sentence):

- A number needs a counting unit from the table (or a 万/亿 multiplier). Bare numbers are labels,
  codes or countdowns: “2+6”, 5G, A320, “3—2—1”.
- Years (four digits + 年, and year ranges like 2024—2028年) and calendar dates (N月, N日) are dates.
- A number glued to ASCII letters, digits or code punctuation (Type-C, USB3.0, 0791-8622) is an ID;
  so is any integer part of 11+ digits (phone numbers, ID cards).
- A lone Chinese 一 + classifier is an article ("一架无人机", "一批", "一系列", "一员"), never a count,
  except in a rank (第一名). A Chinese numeral + unit directly followed by another Chinese numeral is
  a set phrase ("一城一区三基地", "两横三纵").
- Numbers inside a short quoted label (“从100到N”, “一院一基地”, ≤ 12 characters) or inside a document
  title 《…》 are names, not statements.
- Ordinals other than ranks (第3批, 第二届) are names of an instance, not quantities.
- A number that is part of a place name the region finder reports (七台河) is not a figure.
- A Chinese numeral before a place noun (两国, 三省, 京津冀三地) names a group of places; 十八大 is a congress;
  几十/数百 are vague; 5年来, 20年前, 前11个月, 连续5年 are time references; 第三条/第2版 number a text's parts;
  2020届 is a cohort; 初四 a lunar day.

What each figure is, as a fact (the fields the engine reads):

- metric: the noun phrase it measures, read after the number (66个[项目]), else before it, else from the
  list item of a 分别 (猪肉、禽肉、鸡蛋商业库存分别为… -> 猪肉商业库存, …; 城乡 -> 城镇, 农村), the figure it
  continues (1663户6184人, 共计618人, 其中…), the topic of the clause before, or the sentence's subject.
- period and year: 2024年, 前三季度, 1—4月, 2月18日, 春节期间, 去年 (resolved by the issue date).
- region (scope): the nearest place before it in its clause, else the sentence's first, else the article's;
  全国/我国 make it national (region "全国"); an organisation's place (浙江大学… -> 浙江); the Nth place of a
  分别 list; not a person's name (陈豫川).
- measure: level | change (同比增长5.8%) | share (占比, 比重) | start (A of 从A增长到B, whose B is a level
  with `change` = the move from A).
"""
from __future__ import annotations

from importlib import resources

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Callable

import cn2an

from bot.language.text import split_sentences

_DATA = resources.files("bot.data").joinpath("units.json")

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUM_CHARS = _CN_DIGITS + "十百千万亿点"
_CLAUSE_DELIMS = set(",，;；:：。!?！？、")
_AFTER_DELIMS = _CLAUSE_DELIMS | set("()（）“”\"'‘’《》「」[]【】")
_QUOTES = "“”\"'‘’「」『』"
# POS tags (jieba) that can start or continue a noun phrase after a number.
_NOUNISH = ("n", "j", "vn", "nz", "ns", "nr", "nt", "l", "i", "eng", "b", "an", "g")
_STOP_TAGS = ("p", "d", "c", "u", "r", "m", "t", "q", "y", "f", "x", "e", "o", "z")


@dataclass
class ExtractedFigure:
    paragraph: int  # index of the paragraph in the list given
    sentence: str  # the sentence as printed (clauses split at 。!?;)
    sentence_start: int  # offset of `sentence` in its paragraph
    start: int  # offsets of `display` inside `sentence`
    end: int
    display: str  # the span as printed, with qualifier and unit: 近3万家, 第23位, 300万元到500万元
    value: float  # normalized: 3400万人次 -> 3.4e7; 3.3% -> 3.3
    value_max: float | None  # upper end of a range, else None
    unit: str  # counting unit without multiplier: 家, 元, %, 位, 人次; "" for a bare 万/亿 count
    kind: str  # count | money | percent | rank | duration | weight | length | area | ratio | other
    qualifier: str | None = None  # 近, 超, 余, 多, 约, 以上, 最高, 不到 … as printed
    change: dict[str, Any] | None = None  # {"display","value","unit","direction","basis"} of its change
    period: str | None = None  # 2024年, 截至2024年底, 2025年春运; relative words resolved: 明年 -> 2026年
    year: int | None = None  # the year `period` resolves to
    metric: str | None = None  # what is counted: 国家高新技术企业, 发送旅客同比增加
    region: str | None = None
    is_change: bool = False  # this figure is a change (同比增加5.8%, 上升7位)
    change_of: int | None = None  # index in the returned list of the figure this change modifies
    # level: a stock or flow (3400万人次, 复工率75.7%); change: how much it moved (同比增长5.8%, 上升7位);
    # share: a part of a whole (占比2.65%, 比重); start: the starting value of 从A增长到B (A; B is a level)
    measure: str = "level"
    start_of: int | None = None  # for a `start` figure: index in the returned list of the value it changed to


# ---------------------------------------------------------------- tables


class _Tables:
    def __init__(self, data: dict[str, Any]) -> None:
        self.unit_kind: dict[str, str] = {}
        for kind, units in data["units"].items():
            for u in units:
                self.unit_kind[u] = kind
        self.units = _longest_first(self.unit_kind)
        self.multipliers: dict[str, float] = {k: float(v) for k, v in data["multipliers"].items()}
        self.mult_keys = _longest_first(self.multipliers)
        self.rank_units = set(data["rank_units"])
        self.noun_units = set(data["noun_units"])
        q = data["qualifiers"]
        self.q_prefix = _longest_first(q["prefix"])
        self.q_infix = _longest_first(q["infix"])
        self.q_suffix = _longest_first(q["suffix"])
        self.q_suffix_boundary = set(q["suffix_needs_boundary"])
        self.range_seps = _longest_first(data["range_separators"])
        ch = data["change"]
        self.direction = {w: "up" for w in ch["up"]} | {w: "down" for w in ch["down"]}
        self.change_verbs = _longest_first(self.direction)
        self.single_need_basis = set(ch["single_char_need_basis"])
        basis_alts = [re.escape(b) for b in _longest_first(ch["bases"])] + ch["basis_patterns"]
        # Anchored at the end: the basis stands right before the change verb.
        self.basis_re = re.compile("(?:" + "|".join(basis_alts) + ")$")
        self.change_particles = _longest_first(ch["particles"] + ["达", "为"])
        p = data["periods"]
        self.year_res = [re.compile(x) for x in p["year_patterns"]]
        self.relative = p["relative"]
        rel_suffix = "|".join(re.escape(s) for s in _longest_first(p["relative_suffixes"]))
        rel = "|".join(re.escape(w) for w in _longest_first(self.relative))
        self.relative_re = re.compile(f"(?P<pre>截至|截止到|截止|到)?(?P<word>{rel})(?:{rel_suffix})?")
        self.now_words = _longest_first(p["now"])
        self.month_res = [re.compile(x) for x in p["month_patterns"]]
        self.seasons: dict[str, int] = p["seasons"]
        self.season_re = re.compile("|".join(re.escape(w) for w in _longest_first(self.seasons)))
        self.basis_prefixes = set(p["basis_prefixes"])
        self.region_pronouns = _longest_first(data["region_pronouns"])
        self.destination_markers = tuple(data["destination_markers"])
        m = data["metric"]
        self.m_strip_suffix = _longest_first(m["strip_suffix"] + list(self.direction))
        self.m_strip_prefix = _longest_first(m["strip_prefix"])
        self.m_cut_after = set(m["cut_after"])
        self.m_keep_verbs = set(m["keep_leading_verbs"])
        self.m_after_stops = set(m["after_stop_verbs"]) | {v for v in self.direction if len(v) > 1}
        self.m_outcomes = set(m["outcomes"])
        self.m_list_cut = _longest_first(m["list_cut"])
        self.m_anaphora = set(m["anaphora"])
        self.collective_units = set(data["collective_units"])
        coll = "|".join(re.escape(u) for u in _longest_first(self.collective_units))
        self.collective_re = re.compile(f"[两二三四五六七八九十]+个?(?:{coll})")
        self.national_words = _longest_first(data["national_words"])
        self.national = data["national_region"]
        self.national_not_before = _longest_first(data["national_not_before"])
        self.national_not_after = _longest_first(data["national_not_after"])
        self.share_words = _longest_first(data["share_words"])
        self.respective_compounds: dict[str, list[str]] = data["respective_compounds"]
        self.surnames = set(data["surnames"])
        self.unit_blockers: dict[str, str] = data["unit_blockers"]
        self.pair_followers = set(data["abbreviation_pair_followers"])
        self.m_junk = set(m["junk"])
        verbs = "|".join(re.escape(v) for v in self.change_verbs)
        # 从A增长到B, 由A减少为B, 从2020年的A提高到2024年的B: what stands between A and B
        self.from_to_gap = re.compile(
            r"(?:的)?[,，]?(?:已经|大幅|进一步|逐步|逐渐|逐年|稳步|不断|持续|迅速|将|已|再|又|则)*"
            f"(?:{verbs})?了?(?:到|至|为)了?"
            r"(?:(?:\d{4}年|今年|去年|目前|现在|如今|当前)(?:底|末|初)?的?)?")
        self.time_ref_after = _longest_first(data["time_reference_after"])
        self.time_ref_units = set(data["time_reference_units"])
        self.time_ref_before = _longest_first(data["time_reference_before"])
        self.ordinal_not_figures = set(data["ordinal_units_not_figures"])
        self.vague_before = _longest_first(data["vague_before"])
        arabic = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        # 零/〇 never start a number in running text (零部件, 〇型)
        cn = f"[{_CN_DIGITS[2:]}十][{_CN_NUM_CHARS}]*"
        self.num_re = re.compile(f"(?P<pct>百分之)?(?P<num>{arabic}|{cn})")
        # Every word list indexed by its words' first and last characters (see _Words).
        for name, value in list(vars(self).items()):
            if isinstance(value, list) and value and all(isinstance(w, str) and w for w in value):
                setattr(self, name, _Words(value))


def _longest_first(words: Any) -> list[str]:
    return sorted(set(words), key=len, reverse=True)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables(json.loads(_DATA.read_text(encoding="utf-8")))


# ---------------------------------------------------------------- helpers


class _NfkcChar(dict[int, str]):
    """Code point → its one-character NFKC form, or itself; each character normalised once, then
    str.translate maps whole paragraphs in C."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        n = unicodedata.normalize("NFKC", c)
        out = self[code] = n if len(n) == 1 else c
        return out


_NFKC_CHAR = _NfkcChar()


def _nfkc_same_length(text: str) -> str:
    """NFKC per character, keeping a character whose normal form is longer (offsets must not move)."""
    return text.translate(_NFKC_CHAR)


class _Words(list[str]):
    """A table's word list (non-empty words, longest first) with the words by first and by last
    character, in the same order: _starts_with and _ends_with try only the words that can match
    (units has hundreds of entries and is tried after every number)."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self.by_first: dict[str, list[str]] = {}
        self.by_last: dict[str, list[str]] = {}
        for w in words:
            self.by_first.setdefault(w[0], []).append(w)
            self.by_last.setdefault(w[-1], []).append(w)


def _starts_with(text: str, pos: int, words: list[str]) -> str | None:
    if type(words) is _Words and 0 <= pos < len(text):
        words = words.by_first.get(text[pos], [])
    for w in words:
        if text.startswith(w, pos):
            return w
    return None


def _ends_with(text: str, pos: int, words: list[str]) -> str | None:
    """The longest word of `words` that ends at `pos`."""
    if type(words) is _Words and 0 < pos <= len(text):
        words = words.by_last.get(text[pos - 1], [])
    for w in words:
        if pos - len(w) >= 0 and text.startswith(w, pos - len(w)):
            return w
    return None


@lru_cache(maxsize=65536)
def _cn_value(s: str) -> tuple[float, int] | None:
    """Convert the longest convertible prefix of a Chinese numeral; returns (value, length).
    Memoised: the same numerals (一, 两, 十) recur, and cn2an tries every prefix with exceptions."""
    for k in range(len(s), 0, -1):
        part = s[:k]
        if part[-1] == "点":
            continue
        try:
            return float(cn2an.cn2an(part, "smart")), k
        except (ValueError, KeyError, IndexError, TypeError):
            continue
    return None


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _protected_spans(t: str) -> list[tuple[int, int]]:
    """Spans whose numbers are names, not statements: 《titles》 and short quoted labels."""
    spans = []
    for m in re.finditer(r"《[^》]*》", t):
        spans.append(m.span())
    for m in re.finditer(r"[“\"「『]([^”\"」』]{1,12})[”\"」』]", t):
        if _QUOTED_FIGURE.fullmatch(m.group(1)):
            continue  # “1.18亿元！”: an exclaimed figure is a statement, not a name
        spans.append(m.span())
    return spans


# A quote holding a figure and nothing else: optional qualifier, digits, multiplier and unit, final punctuation.
_QUOTED_FIGURE = re.compile(r"[近约超逾]?\d[\d.,]*[多余]?[十百千万亿]*[^\d\s“”\"「」『』]{0,3}[！!。？?…]*")


@dataclass
class _Raw:
    start: int
    end: int
    num_start: int  # where the figure proper starts (after prefix qualifier and 第)
    value: float
    value_max: float | None
    unit: str
    kind: str
    qualifier: str | None
    cn: bool  # written in Chinese numerals
    is_change: bool = False
    verb: str | None = None
    basis: str | None = None
    basis_start: int | None = None  # where the change phrase (basis or verb) starts
    direction: str | None = None


# ---------------------------------------------------------------- number scanning


def _read_number(t: str, m: re.Match[str]) -> tuple[float, int, bool] | None:
    """(value, end, is_chinese) of the numeral matched at m."""
    num = m.group("num")
    if num[0].isdigit():
        return float(num.replace(",", "")), m.end("num"), False
    got = _cn_value(num)
    if got is None:
        return None
    return got[0], m.start("num") + got[1], True


def _read_tail(t: str, pos: int, tb: _Tables, cn: bool) -> tuple[float, str | None, str | None, int]:
    """After the digits: infix qualifier, multiplier, unit. Returns (multiplier, unit, infix, end)."""
    mult = 1.0
    infix = None
    q = _starts_with(t, pos, tb.q_infix)
    if q and (_starts_with(t, pos + len(q), tb.units) or _starts_with(t, pos + len(q), tb.mult_keys)):
        infix, pos = q, pos + len(q)
    unit = _starts_with(t, pos, tb.units)
    # 千米 / 千克 are units, not 千 + 米; otherwise a multiplier comes before the unit.
    if not unit or (not cn and _starts_with(t, pos, tb.mult_keys) and len(_starts_with(t, pos, tb.mult_keys) or "") >= len(unit)):
        mk = None if cn else _starts_with(t, pos, tb.mult_keys)
        if mk is None and cn and t.startswith(("万", "亿"), pos):
            mk = t[pos]
        if mk:
            mult, pos = tb.multipliers[mk], pos + len(mk)
            q = _starts_with(t, pos, tb.q_infix)
            if q and _starts_with(t, pos + len(q), tb.units):
                infix, pos = infix or q, pos + len(q)
            unit = _starts_with(t, pos, tb.units)
        elif unit is None:
            return mult, None, infix, pos
    if unit == "个" and infix is None and t.startswith("个多", pos):
        rest = next((u[1:] for u in tb.units if u.startswith("个") and len(u) > 1 and t.startswith(u[1:], pos + 2)), None)
        if rest:
            return mult, "个" + rest, "多", pos + 2 + len(rest)  # 3个多月: about 3 months
    if unit:
        pos += len(unit)
    return mult, unit, infix, pos


def _scan_sentence(t: str, tb: _Tables, blocked: list[tuple[int, int]]) -> list[_Raw]:
    """All figures of one normalized sentence, in order, non-overlapping."""
    out: list[_Raw] = []
    protected = _protected_spans(t) + blocked
    pos = 0
    for m in tb.num_re.finditer(t):
        if m.start() < pos:
            continue
        raw = _parse_at(t, m, tb)
        if raw is None:
            continue
        if any(s <= raw.num_start < e for s, e in protected):
            continue
        out.extend(_bare_list_before(t, raw, out[-1].end if out else 0))
        out.append(raw)
        pos = raw.end
    return out


_BARE_LIST = re.compile(r"(?:\d+(?:\.\d+)?(?:、|和|与|及))+$")


def _bare_list_before(t: str, raw: _Raw, lo: int) -> list[_Raw]:
    """分别高出3.6、6.7和6个百分点: bare numbers listed before a figure share its unit."""
    if raw.cn or raw.start != raw.num_start or raw.value_max is not None:
        return []
    m = _BARE_LIST.search(t, lo, raw.start)
    if not m or (m.start() > 0 and (t[m.start() - 1].isdigit() or t[m.start() - 1] in ".-/:")):
        return []
    head = re.match(r"\d+(?:\.\d+)?", t[raw.start:])
    if not head or float(head.group(0)) == 0:
        return []
    ratio = raw.value / float(head.group(0))  # the multiplier the figure carries (万, 亿)
    out = []
    for n in re.finditer(r"\d+(?:\.\d+)?", m.group(0)):
        a, b = m.start() + n.start(), m.start() + n.end()
        out.append(_Raw(start=a, end=b, num_start=a, value=float(n.group(0)) * ratio, value_max=None, unit=raw.unit,
                        kind=raw.kind, qualifier=None, cn=False))
    return out


def _parse_at(t: str, m: re.Match[str], tb: _Tables) -> _Raw | None:
    s = m.start()
    if s > 0 and (t[s - 1].isascii() and (t[s - 1].isalnum() or t[s - 1] in "._-/:#+")):
        return None  # part of a code, ID, time or formula
    got = _read_number(t, m)
    if got is None:
        return None
    value, pos, cn = got
    num_text = t[m.start("num"):pos]
    if not cn and len(num_text.split(".")[0].replace(",", "")) >= 11:
        return None  # phone number or ID
    if m.group("pct"):
        if pos < len(t) and t[pos].isascii() and t[pos].isalpha():
            return None
        return _finish(t, s, s, pos, value, None, "%", "percent", None, cn, tb)
    mult, unit, infix, end = _read_tail(t, pos, tb, cn)
    value *= mult
    value_max = None
    if unit == "秒" and not cn:
        cs2 = re.match(r"\d{2}(?!\d)", t[end:end + 3])
        if cs2:
            value, end = value + int(cs2.group(0)) / 100, end + 2  # 6秒49: a sprint time
    if unit == "个" and re.match(r"[和、与及至到]\s*\d+(?:\.\d+)?个百分点", t[end:end + 12]):
        unit = "个百分点"  # 分别提高了4个和3.2个百分点: the list's unit
    # A range: 300万元到500万元, 300万—500万元, 5至10家 (the first end may lack unit and multiplier)
    sep = _starts_with(t, end, tb.range_seps)
    if sep and (unit is None or unit != "年" or not re.fullmatch(r"\d{4}", num_text)):
        m2 = tb.num_re.match(t, end + len(sep))
        got2 = _read_number(t, m2) if m2 and not m2.group("pct") and m2.group("num")[0].isdigit() == (not cn) else None
        if got2 and m2 is not None:
            v2, p2, cn2 = got2
            mult2, unit2, infix2, end2 = _read_tail(t, p2, tb, cn2)
            if unit2 == "年" and re.fullmatch(r"\d{4}", t[m2.start("num"):p2]):
                return None  # 2024—2028年: a span of years
            if unit2 and (unit is None or unit == unit2):
                if mult == 1.0 and mult2 != 1.0 and unit is None:
                    value *= mult2  # 3—5万元 means 3万 to 5万
                value_max, unit, end = v2 * mult2, unit2, end2
                infix = infix or infix2
    if unit is None and mult == 1.0:
        return None  # a bare number: label, code or countdown
    if unit is None and end < len(t) and t[end].isascii() and t[end].isalnum():
        return None  # 5万G-like codes
    if unit == "年" and mult == 1.0 and not cn and re.fullmatch(r"\d{4}", num_text):
        return None  # a year
    ordinal = s > 0 and t[s - 1] == "第"
    if ordinal and (unit is None or unit in tb.ordinal_not_figures):
        return None  # 第三条, 第5款, 第2版: numbers of a text's parts
    if not ordinal and unit in tb.collective_units and (cn or t.startswith("道", end)):
        return None  # 两国, 三省, 京津冀三地: a group of places, not a quantity; 110省道: a road
    if cn and re.search(f"[{_CN_DIGITS}]{{2}}", num_text):
        return None  # 唯一一个, 三五成群: two digits side by side do not make a Chinese number
    if cn and unit == "大" and value > 10:
        return None  # 十八大, 十九大: a party congress, not eighteen of something
    if cn and s > 0 and t[s - 1] == "初":
        return None  # 初四: a day of the lunar month
    if cn and _ends_with(t, s, tb.vague_before):
        return None  # 几十公里, 数百家, 上万人: a number of unknown size
    if unit and t[end:end + 1] and t[end] in tb.unit_blockers.get(unit, ""):
        return None  # 三至六年级, 80年代: the unit's character starts another word
    named_instance = False
    if unit == "届" and not ordinal:
        if re.fullmatch(r"\d{4}", num_text):
            return None  # 2020届毕业生: a cohort, named by its year
        named_instance = end < len(t) and _is_cjk(t[end]) and t[end] not in "的了"  # 十三届全国人大
    if unit in tb.time_ref_units and value_max is None and not ordinal:
        k = end + 1 if t.startswith("多", end) else end
        if _starts_with(t, k, tb.time_ref_after) or _ends_with(t, s, tb.time_ref_before):
            return None  # 5年来, 20年前, 两个月后, 前11个月, 这两年: a time reference
    if cn and num_text == "一" and not ordinal:
        return None  # 一架, 一批, 一系列: an article, not a count
    if cn and ((end < len(t) and t[end] in _CN_DIGITS) or (s >= 2 and t[s - 2] in _CN_DIGITS and _is_cjk(t[s - 1]))):
        return None  # 一城一区三基地, 两岸三地, 两横三纵: a set phrase
    if unit is None:
        unit = ""
    kind = tb.unit_kind.get(unit, "count") if unit else "count"
    if ordinal or named_instance:
        kind = "rank" if unit in tb.rank_units else "ordinal"
    if ordinal:
        s -= 1
    return _finish(t, s, m.start() if not ordinal else s + 1, end, value, value_max, unit, kind, infix, cn, tb)


def _finish(t: str, s: int, num_start: int, end: int, value: float, value_max: float | None, unit: str,
            kind: str, infix: str | None, cn: bool, tb: _Tables) -> _Raw:
    qualifier = infix
    suf = _starts_with(t, end, tb.q_suffix)
    if suf:
        after = t[end + len(suf):end + len(suf) + 1]
        if suf not in tb.q_suffix_boundary or not after or not _is_cjk(after) or after == "的":
            end += len(suf)
            qualifier = qualifier or suf
    pre = _ends_with(t, s, tb.q_prefix)
    if pre:
        s -= len(pre)
        qualifier = pre
    return _Raw(start=s, end=end, num_start=num_start, value=value, value_max=value_max, unit=unit, kind=kind,
                qualifier=qualifier, cn=cn)


# ---------------------------------------------------------------- changes


def _mark_change(t: str, raw: _Raw, tb: _Tables) -> None:
    """A figure right after a change verb (同比增加5.8%, 上升7位) is a change, not a level."""
    pos = raw.start
    part = _ends_with(t, pos, tb.change_particles)
    if part:
        pos -= len(part)
    if t.endswith("分别", 0, pos):
        pos -= 2  # 增幅分别为6.2%
    verb = _ends_with(t, pos, tb.change_verbs)
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


def _link(t: str, a: _Raw, b: _Raw) -> bool:
    """b follows a in a list: 1690万人次、1710万人次; 5.4%、6.1%."""
    return t[a.end:b.start] in ("、", "和", "及", "与", "或")


# ---------------------------------------------------------------- periods and regions


def _year_of_month(month: int, issue_year: int | None, issue_month: int | None) -> int | None:
    """The year of a month named without one: the issue's, or the year before if it has not come yet."""
    if issue_year is None or issue_month is None:
        return None
    return issue_year if month <= issue_month else issue_year - 1


def _month_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    got = _cn_value(s)
    return int(got[0]) if got and got[1] == len(s) else None


def _periods(t: str, tb: _Tables, issue_year: int | None,
             issue_month: int | None = None) -> list[tuple[int, int, str, int | None]]:
    """(start, end, period text, year) of the time expressions of a text; bases (较2023年) excluded."""
    found: list[tuple[int, int, str, int | None]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for rx in tb.year_res:
        for m in rx.finditer(t):
            s, e = m.span()
            if not free(s, e) or (s > 0 and t[s - 1] in tb.basis_prefixes) or (s > 0 and t[s - 1].isdigit()):
                continue
            years = re.findall(r"\d{4}", m.group(0))
            y = int(years[-1])
            if not 1900 <= y <= 2100:
                continue
            found.append((s, e, m.group(0), y))
            taken.append((s, e))
    for m in tb.relative_re.finditer(t):
        s, e = m.span()
        if not free(s, e) or (s > 0 and t[s - 1] in tb.basis_prefixes):
            continue
        word = m.group("word")
        year = issue_year + tb.relative[word] if issue_year is not None else None
        text = m.group(0) if year is None else m.group(0).replace(word, f"{year}年", 1)
        found.append((s, e, text, year))
        taken.append((s, e))
    for rx in tb.month_res:  # 1—4月, 2月18日, 前两个月
        for m in rx.finditer(t):
            s, e = m.span()
            if not free(s, e) or (s > 0 and (t[s - 1].isdigit() or t[s - 1] in tb.basis_prefixes)):
                continue
            month = _month_number(m.group("m2"))
            if month is None or not 1 <= month <= 12:
                continue
            if m.group(0).startswith("前"):
                month = issue_month - 1 if issue_month and issue_month > month else 12
            found.append((s, e, m.group(0), _year_of_month(month, issue_year, issue_month)))
            taken.append((s, e))
    for m in tb.season_re.finditer(t):  # 春节期间, 前三季度, 上半年
        s, e = m.span()
        if not free(s, e) or (s > 0 and t[s - 1] in tb.basis_prefixes):
            continue
        end_month = tb.seasons[m.group(0)]
        year = issue_year if end_month == 0 else _year_of_month(end_month, issue_year, issue_month)
        found.append((s, e, m.group(0), year))
        taken.append((s, e))
        more = re.match(r"[、和至到]初[一二三四五六七八九十]", t[e:]) if m.group(0)[-2] == "初" else None
        if more:  # 大年初三、初四: the list goes on without repeating 大年
            found.append((e + 1, e + len(more.group(0)), more.group(0)[1:], year))
            taken.append((e + 1, e + len(more.group(0))))
    for w in tb.now_words:
        for m in re.finditer(re.escape(w), t):
            if free(*m.span()):
                found.append((m.start(), m.end(), w, issue_year))
                taken.append(m.span())
    return sorted(found)


def _region_mentions(sentence: str, find_regions: Callable[[str], list[Any]] | None, tb: _Tables,
                     main_region: str | None, prior: list[Any] | None = None) -> list[tuple[int, int, str | None]]:
    """(start, end, region) mentions in a sentence; pronouns (该区, 当地) stand for the place of
    their level named before them in the clause, else in the paragraph (`prior` mentions), else
    the main region."""
    mentions: list[tuple[int, int, str | None]] = []
    places: list[Any] = []  # gazetteer mentions, which know their level (for _antecedent)
    if find_regions is not None:
        for item in _not_names(sentence, find_regions(sentence), tb):
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
    named = sorted(mentions)
    for words, region in ((tb.region_pronouns, main_region), (tb.national_words, tb.national)):
        for p in words:
            k = sentence.find(p)
            while k >= 0:
                means = region
                if words is tb.region_pronouns:
                    near = [m for m in named if m[1] <= k and _clause_start(sentence, k) <= m[0]]
                    if near and near[-1][2]:
                        means = near[-1][2]  # 大连2018年全市…: 全市 is 大连
                    else:
                        means = _antecedent(p, (prior or []) + [m for m in places if m.end <= k], region) or region
                elif (_starts_with(sentence, k + len(p), tb.national_not_before)
                      or _ends_with(sentence, k, tb.national_not_after)):
                    k = sentence.find(p, k + len(p))
                    continue  # 全国人大, 全国先进: a body or a title; 占全国90%: the whole it is compared with
                mentions.append((k, k + len(p), means))
                k = sentence.find(p, k + len(p))
    mentions.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str | None]] = []
    for m in mentions:
        if out and m[0] < out[-1][1]:
            continue  # nested in a longer mention
        out.append(m)
    return out


def _not_names(sentence: str, items: list[Any], tb: _Tables) -> list[Any]:
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


def _clause_start(t: str, pos: int) -> int:
    k = pos - 1
    while k >= 0 and t[k] not in ",，;；:：。!?！？":
        k -= 1
    return k + 1


def _listed_before(t: str, mentions: list[tuple[int, int, str | None]], pos: int) -> list[tuple[int, int, str | None]]:
    """The run of region mentions (江西、福建 / 闽赣) that ends right before pos, else []."""
    run: list[tuple[int, int, str | None]] = []
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


def _region_for(t: str, raw: _Raw, mentions: list[tuple[int, int, str | None]], main_region: str | None,
                tb: _Tables) -> str | None:
    before = [m for m in mentions if m[1] <= raw.start]
    if not before:
        return main_region
    # an organisation given as an example (包括清华四川能源互联网研究院…等在内的66个) does not own a total
    before = [m for m in before if not (m[0] == m[1] and "等" in t[m[0]:raw.start])]
    if not before:
        return main_region
    cs = _clause_start(t, raw.start)
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
        listed = _listed_before(t, in_clause, fig_start)
        if gap.strip("、和及与") in ("", "等", "等等") and (len(listed) >= 2 or "等" in gap):
            return main_region  # 京津冀、江苏、广东三个区域; 上饶…和南平市等22个车站: a total over a list
        return last[2] or main_region
    return before[0][2] or main_region  # the sentence's subject


# ---------------------------------------------------------------- metric


def _posseg(text: str) -> list[tuple[str, str]]:
    return list(_posseg_cached(text))


@lru_cache(maxsize=1 << 16)
def _posseg_cached(text: str) -> tuple[tuple[str, str], ...]:
    # the same phrase is read several times per figure (before, after, fallbacks), and set phrases
    # (规模以上工业增加值) recur across articles: a worker keeps the last 65,536 (~20 MB)
    from bot.language.segment import pos_tags

    return tuple(pos_tags(text))


def _cn_figure_at(t: str, j: int, tb: _Tables) -> bool:
    """A Chinese numeral + unit starts at j (a lone 一 does not count: 一次性, 一批)."""
    if t[j] not in _CN_DIGITS:
        return False
    k = j
    while k < len(t) and t[k] in _CN_NUM_CHARS:
        k += 1
    return t[j:k] != "一" and _starts_with(t, k, tb.units) is not None


def _metric_after(t: str, end: int, tb: _Tables) -> str:
    """The noun phrase a number+unit counts: 66个[高能级校地协同创新项目], 最高20万元的[一次性补贴]."""
    k = end
    if t.startswith(("(", "（"), k):  # 最高300万元(人民币,下同)的综合资助: an aside
        close = min((x for x in (t.find(")", k), t.find("）", k)) if x > 0), default=-1)
        if 0 < close - k <= 12:
            k = close + 1
    if t.startswith("的", k):
        k += 1
    j = k
    # a quoted name opens the phrase: 6015家[“低散乱”企业]
    quoted = k < len(t) and t[k] in "“‘「『"
    # the phrase ends at punctuation or at the next number + unit (11家企业|14个…)
    while j < len(t) and (t[j] not in _AFTER_DELIMS or (quoted and t[j] in _QUOTES)) and not t[j].isdigit() \
            and not _cn_figure_at(t, j, tb):
        j += 1
    chunk = t[k:j]
    if quoted:
        chunk = "".join(c for c in chunk if c not in _QUOTES)
    if not chunk:
        return ""
    words: list[str] = []
    seen_noun = False
    toks = _posseg(chunk)
    if toks and toks[0][0] in tb.m_outcomes and (len(toks) == 1 or not toks[1][1].startswith(_NOUNISH)):
        return toks[0][0]  # 造成20人[死亡]: what happened to those counted (死亡人数 stays a noun phrase)
    for i, (w, flag) in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        nxt_noun = nxt is not None and nxt[1].startswith(_NOUNISH) and nxt[0] not in tb.m_after_stops
        if w == "的" and words and toks[0][1] in ("a", "v") and nxt is not None:
            words, seen_noun = [], False  # 不同额度的投资贷款, 4名下沉到社区的帮扶干部: the head comes after 的
            continue
        if not words and w in ("各类", "各种", "各", "多种", "不同类型"):
            continue  # 450多万个[各类]医用口罩
        if w == "的" or w in tb.m_after_stops:
            break
        if w in ("以上", "以下") and seen_noun and nxt_noun:
            words.append(w)  # 2943户[规模以上工业企业]
            continue
        if flag.startswith(_NOUNISH):
            seen_noun = True
            words.append(w)
            continue
        if not seen_noun:
            # modifiers before the head: 注册企业, 高能级…, 一次性补贴
            if flag.startswith(("v", "a", "b", "z")) or (flag.startswith("d") and nxt_noun):
                words.append(w)
                continue
            break
        # inside the phrase a verb, adjective or 和 only continues into another noun: 先进制造业集群
        if flag.startswith(("v", "a", "c", "b")) and nxt_noun and nxt is not None and nxt[1] != "ns":
            words.append(w)  # (but 医护人员|驰援湖北: a place after the verb is where they went)
            continue
        # a one-character nominal suffix the dictionary split off: 高铁|站
        if len(w) == 1 and flag.startswith(("v", "n", "g")) and (nxt is None or not nxt[1].startswith(_NOUNISH)):
            words.append(w)
        break
    if not seen_noun:
        return ""
    return "".join(words)


_LEADING_SPAN = re.compile(r"^(?:连续|近|这)?[\d一二两三四五六七八九十]+多?(?:年|个月)(?:来|以来|间)?")


def _metric_before(t: str, raw: _Raw, lo: int, tb: _Tables, strip_words: list[str]) -> str:
    """The noun phrase before a number: [国家先进制造业集群]已达80个, 培育[国家高新技术企业]1200家."""
    end = raw.basis_start if raw.is_change and raw.basis_start is not None else raw.start
    k = end - 1
    while k >= lo and t[k] not in _CLAUSE_DELIMS:
        k -= 1
    phrase = t[k + 1:end]
    for q in _QUOTES:
        phrase = phrase.replace(q, "")
    # trailing link verbs: 已达, 提升到, 排在; a period or 的 before the number: 规模从2012年的
    trail = _longest_first(tb.m_strip_suffix + [w for w in strip_words if re.search(r"\d|年", w)] + ["的"])
    changed = True
    while changed and phrase:
        changed = False
        w = _ends_with(phrase, len(phrase), trail)
        if w and len(phrase) - len(w) >= 2:
            phrase, changed = phrase[:-len(w)], True
    # X等Y: Y is the category being counted
    for w in tb.m_list_cut:
        i = phrase.rfind(w)
        if i >= 0 and phrase[i + len(w):]:
            phrase = phrase[i + len(w):]
            break
    toks = _posseg(phrase) if phrase else []
    # subject + modal: 南铁预计[发送旅客]
    for i in range(len(toks) - 1, -1, -1):
        if toks[i][0] in tb.m_cut_after and i + 1 < len(toks):
            toks = toks[i + 1:]
            break
    phrase = "".join(w for w, _ in toks)
    # leading regions, pronouns, time words, prepositions
    strip_all = _longest_first(strip_words)
    changed = True
    while changed and phrase:
        changed = False
        w = _starts_with(phrase, 0, strip_all)  # regions and periods go even if nothing is left
        if w:
            phrase, changed = phrase[len(w):], True
            continue
        c = tb.collective_re.match(phrase)
        if c or (phrase[:1] in ("、", "和", "与", "及", "的") and len(phrase) > 2):
            phrase, changed = phrase[c.end() if c else 1:], True  # 松原和白城两地[旅游总收入]
            continue
        w = _starts_with(phrase, 0, tb.m_strip_prefix)
        if w and len(phrase) - len(w) >= 2:  # but 为期 stays 为期
            phrase, changed = phrase[len(w):], True
    phrase = _LEADING_SPAN.sub("", phrase)  # 连续5年[超过]: how long, not what
    toks = _posseg(phrase) if phrase else []
    while toks and toks[0][1].startswith(("p", "t", "r", "d", "c", "u")) and len(toks) > 1:
        toks = toks[1:]
    # a leading action verb goes when what it acts on says enough: 培育[国家高新技术企业]; keep 发送旅客
    if (len(toks) > 1 and toks[0][1] in ("v", "vn") and toks[0][0] not in tb.m_keep_verbs
            and toks[1][1] != "v"):  # but 旅游接待总人数 keeps 旅游
        rest = "".join(w for w, _ in toks[1:])
        if len(rest) >= 4:
            toks = toks[1:]
    # adverbs of manner inside the phrase say how, not what: 上海科技馆[共]接待游客
    toks = [x for i, x in enumerate(toks) if i == 0 or x[0] not in _INNER_ADVERBS]
    return "".join(w for w, _ in toks).strip(" 、")


_INNER_ADVERBS = {"共", "共计", "总共", "一共", "累计", "已", "已经", "还", "也", "都", "均", "再", "又", "仅", "先后", "相继"}


# ---------------------------------------------------------------- main


def extract_figures(paragraphs: list[str], *, issue_year: int | None = None, main_region: str | None = None,
                    find_regions: Callable[[str], list[Any]] | None = None,
                    issue_date: str | None = None) -> list[ExtractedFigure]:
    """The figures stated in `paragraphs`, in reading order, with metric, period, region and changes.

    `find_regions(text)` returns the regions named in text: names as printed, or objects with
    `.start`, `.end` and `.region.name` (gazetteer mentions), which place canonical names exactly.
    `issue_date` (YYYY-MM-DD) resolves periods named without a year (1—4月, 前三季度, 春节期间).
    """
    tb = _tables()
    issue_month = None
    if issue_date and re.match(r"\d{4}-\d{2}", issue_date):
        issue_year = issue_year or int(issue_date[:4])
        issue_month = int(issue_date[5:7])
    result: list[ExtractedFigure] = []
    for pi, para in enumerate(paragraphs):
        norm_para = _nfkc_same_length(para)
        spans = split_sentences(para)
        para_periods = _periods(norm_para, tb, issue_year, issue_month)
        para_places: list[Any] | None = None  # the paragraph's places, read once a sentence needs them
        for ss, se in spans:
            # trim whitespace but keep offsets true to the paragraph
            while ss < se and para[ss].isspace():
                ss += 1
            while se > ss and para[se - 1].isspace():
                se -= 1
            if ss >= se:
                continue
            sentence = para[ss:se]
            t = norm_para[ss:se]
            # scan first: most sentences state no figure, and only those that do need their places
            if not _scan_sentence(t, tb, []):
                continue
            if para_places is None:
                para_places = [m for m in find_regions(para) if hasattr(m, "region")] if find_regions else []
            prior = [m for m in para_places if m.end <= ss]
            # A clause after ； goes on with the place of its sentence (沈阳…23.1%；…分别增长11%、14%、32%).
            here = main_region
            if prior and not any(c in "。!?！？" for c in norm_para[prior[-1].end:ss]):
                here = prior[-1].region.name
            mentions = _region_mentions(sentence, find_regions, tb, here, prior)
            raws = _scan_sentence(t, tb, [(a, b) for a, b, _ in mentions if find_regions is not None])
            if not raws:
                continue
            _sentence_figures(pi, para, norm_para, ss, sentence, t, raws, mentions, para_periods, tb, issue_year,
                              here, result)
    return result


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


def _sentence_figures(pi: int, para: str, norm_para: str, ss: int, sentence: str, t: str, raws: list[_Raw],
                      mentions: list[tuple[int, int, str | None]], para_periods: list[tuple[int, int, str, int | None]],
                      tb: _Tables, issue_year: int | None, main_region: str | None,
                      result: list[ExtractedFigure]) -> None:
    for r in raws:
        _mark_change(t, r, tb)
    # a list after a change verb shares it: 同比增长5.4%、6.1%
    for a, b in zip(raws, raws[1:]):
        if a.is_change and not b.is_change and _link(t, a, b):
            b.is_change, b.verb, b.basis, b.direction, b.basis_start = True, a.verb, a.basis, a.direction, a.basis_start
            if b.unit in tb.rank_units:
                b.kind = "rank"

    # what a level counts, read from the words after it: 66个[高能级校地协同创新项目]
    after_m = ["" if r.is_change or r.unit in tb.noun_units else _metric_after(t, r.end, tb) for r in raws]

    # which level each change modifies: 3400万人次,同比增加5.8%; 1690万人次、1710万人次,同比增长5.4%、6.1%
    base_of: dict[int, int] = {}
    i = 0
    while i < len(raws):
        if not raws[i].is_change:
            i += 1
            continue
        group = [i]
        while (group[-1] + 1 < len(raws) and raws[group[-1] + 1].is_change
               and _link(t, raws[group[-1]], raws[group[-1] + 1])):
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
                       and _link(t, raws[bases[0] - 1], raws[bases[0]])):
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
        cs = _clause_start(t, k)
        regs = _last_run(t, [m for m in mentions if cs <= m[0] and m[1] <= k])
        coll = tb.collective_re.search(t, cs, k)
        if len(regs) < 2 and coll:
            # 松原和白城两地…,两地旅游总收入同比分别增长: 两地 stands for the places listed before
            run = _last_run(t, [m for m in mentions if m[1] <= coll.start()])
            n = _month_number(re.match(f"[{_CN_DIGITS}十]+", coll.group(0)).group(0))  # type: ignore[union-attr]
            if n is not None and len(run) == n:
                regs = run
        ce = _clause_end(t, k)
        in_clause = [j for j, r in enumerate(raws) if k <= r.start < ce]
        levels = [j for j in in_clause if not raws[j].is_change]
        changes = [j for j in in_clause if raws[j].is_change]
        owned = levels if levels else changes
        if len(regs) >= 2 and len(owned) >= len(regs):
            for reg, j in zip(regs, owned):
                respective[j] = reg[2] or main_region
        pers = _period_list(t, [(a - ss, b - ss, txt, y) for a, b, txt, y in para_periods], cs, k)
        if not pers and not regs:
            # 大年初三、初四两天,参观客流…:分别达到4.1万人和4.5万人: the list stands earlier in the sentence
            far = _period_list(t, [(a - ss, b - ss, txt, y) for a, b, txt, y in para_periods], 0, k)
            pers = far if len(far) == len(levels or changes) else []
        if len(pers) >= 2 and len(pers) == len(owned):
            for (_, _, txt, y), j in zip(pers, owned):
                resp_period[j] = (txt, y)
        elif len(regs) < 2 and not pers:
            items = _noun_list(t[cs:k], tb, [sentence[a:b] for a, b, _ in mentions]
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
        if not re.search(r"(?:从|由|把)[^从由把,，;；:：]{0,14}$", t[_clause_start(t, ra.start):ra.start]):
            continue
        start_of[j] = j + 1
        after_m[j] = ""  # the words after A lead to B; they do not name what A counts
        gap = t[ra.end:rb.start]
        verb = next((v for v in tb.change_verbs if v in gap), None)
        rb.is_change, ra.is_change = False, False
        rb.direction = tb.direction[verb] if verb else ("up" if rb.value > ra.value else "down")

    full_start = _full_sentence_start(norm_para, ss)
    periods = [(s - ss, e - ss, txt, y) for s, e, txt, y in para_periods if s >= full_start and e <= ss + len(t)]
    strip_words = [sentence[a:b] for a, b, _ in mentions if b > a] + list(tb.region_pronouns)
    strip_words += [norm_para[s + ss:e + ss] for s, e, _, _ in periods]

    nps: list[str] = []  # the noun phrase of each figure, before a change verb is added
    metrics: list[str | None] = []
    lo_bounds = [0] + [r.end for r in raws[:-1]]
    starts_of = {b: a for a, b in start_of.items()}
    for j, r in enumerate(raws):
        m = ""
        linked = j > 0 and _link(t, raws[j - 1], r)
        if r.unit in tb.noun_units and not r.is_change:
            # 京津冀三地, 江西、福建两省: the unit is the noun; the list before it says which
            listed = _listed_before(t, mentions, r.start)
            m = sentence[listed[0][0]:listed[-1][1]] if listed else r.unit
        if not m:
            m = after_m[j]
        if not m and j in starts_of:
            m = nps[starts_of[j]]  # 由169.5天减少到97天: the same measure
        if not m and linked and nps[j - 1]:
            m = nps[j - 1]  # 1690万人次、1710万人次; 4.72万元和2.08万元: the list shares its subject
        if not m and not (r.is_change and j in base_of):
            m = _metric_before(t, r, lo_bounds[j], tb, strip_words)
            if m in tb.m_anaphora:
                # 将这一数量提升到1500家: the same thing as the last figure in that unit
                prev = [f.metric for f in result if f.paragraph == pi and f.unit == r.unit and f.metric]
                prev += [nps[x] for x in range(j) if raws[x].unit == r.unit and nps[x]]
                if prev:
                    m = prev[-1]
            if _junk_metric(m, tb):
                m = _fallback_metric(t, j, raws, nps, tb, strip_words,
                                     [f for f in result if f.paragraph == pi])
        if not m and j > 0 and raws[j - 1].unit == r.unit:
            m = nps[j - 1]  # 约500家,明年达到1000家: the subject is carried over
        if r.is_change and j in base_of:
            m = nps[base_of[j]]
        if j in resp_metric:
            m = resp_metric[j]  # 猪肉、禽肉、鸡蛋商业库存分别为…: the Nth item is what the Nth figure measures
        if _junk_metric(m, tb):
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
            cs = _clause_start(t, r.start)
            ce = _clause_end(t, r.end)
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
        region = respective[j] if j in respective else _region_for(t, r, mentions, main_region, tb)
        figs.append(ExtractedFigure(
            paragraph=pi, sentence=sentence, sentence_start=ss, start=r.start, end=r.end,
            display=sentence[r.start:r.end], value=r.value, value_max=r.value_max, unit=r.unit, kind=r.kind,
            qualifier=r.qualifier, period=period, year=year, metric=metrics[j], region=region,
            is_change=r.is_change, measure=_measure(t, r, metrics[j], tb)))
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


def _last_run(t: str, mentions: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str | None]]:
    """The last run of mentions listed with only 、和及与 between them: 大连…江西、福建 -> 江西、福建."""
    run: list[tuple[int, int, str | None]] = []
    for m in mentions:
        if run and t[run[-1][1]:m[0]] not in ("、", "和", "与", "及", "以及"):
            run = []
        run.append(m)
    return run


def _period_list(t: str, periods: list[tuple[int, int, str, int | None]], cs: int,
                 k: int) -> list[tuple[int, int, str, int | None]]:
    """Periods listed with only 、和及与 between them in t[cs:k]: 2017年和2018年."""
    inside = [p for p in periods if cs <= p[0] and p[1] <= k]
    run: list[tuple[int, int, str, int | None]] = []
    for p in inside:
        if run and t[run[-1][1]:p[0]] not in ("、", "和", "与", "及", "以及"):
            run = []
        run.append(p)
    return run if len(run) >= 2 else []


def _strip_lead(chunk: str, tb: _Tables, strip_words: list[str]) -> str:
    """Places, periods and link words at the start of a phrase: 大连2018年全市[规模以上工业增加值…]."""
    strip_all = _longest_first(strip_words + tb.region_pronouns + tb.national_words + tb.m_strip_prefix)
    changed = True
    while changed:
        changed = False
        w = _starts_with(chunk, 0, strip_all)
        if w and len(chunk) > len(w):
            chunk, changed = chunk[len(w):].lstrip(",，"), True
    return chunk


def _noun_list(chunk: str, tb: _Tables, strip_words: list[str]) -> list[str]:
    """What each item of a list before 分别 measures. Short items share the last item's head
    (猪肉、禽肉、鸡蛋商业库存 -> 猪肉商业库存, 禽肉商业库存, 鸡蛋商业库存); full phrases stand alone
    (规模以上工业增加值、规模以上工业利润和工业投资)."""
    chunk = _strip_lead("".join(c for c in chunk if c not in _QUOTES), tb, strip_words)
    for compound, members in tb.respective_compounds.items():
        if compound in chunk and "、" not in chunk:
            return [chunk.replace(compound, m, 1) for m in members]  # 城乡居民收入 -> 城镇…, 农村…
    parts = [""]
    for w, flag in _posseg(chunk):  # 和/与/及 split only as words: 自来水普及率 is one item
        if w == "、" or (w in ("和", "与", "及", "以及") and flag.startswith("c")):
            parts.append("")
        else:
            parts[-1] += w
    if len(parts) < 2 or any(not p or len(p) > 16 or re.search(r"\d|[\s(（“”]", p) for p in parts):
        return []
    last = parts[-1]
    if len(last) <= min(len(p) for p in parts[:-1]) + 1:
        return parts  # each item is a full phrase
    toks = _posseg(last)
    if len(toks) < 2:
        return []
    item, head = toks[0][0], "".join(w for w, _ in toks[1:])
    if len(item) < min(len(p) for p in parts[:-1]) and len(toks) > 2:
        item, head = item + toks[1][0], "".join(w for w, _ in toks[2:])
    longest = min(len(p) for p in parts[:-1])
    tail = _posseg(item[longest:]) if len(item) >= longest + 2 else []
    if len(tail) == 1 and not tail[0][1].startswith("ns"):  # (拉丁美洲 stays whole)  # 城镇、[农村]居民人均可支配收入: the shared head begins inside the word
        item, head = item[:longest], item[longest:] + head
    return [p + head for p in parts[:-1]] + [item + head]


def _junk_metric(m: str, tb: _Tables) -> bool:
    if not m:
        return True
    core = m.rstrip("的").strip("、,， ")
    if core.endswith(("到", "至", "为")) and core[:-1] in tb.direction:
        return True  # 增长到, 减少为: a link verb, not a measure
    return not core or core in tb.m_junk or core in tb.direction or all(c in _FUNCTION_CHARS for c in core)


_FUNCTION_CHARS = set("的了在到至为于从由将把和及与或等内外中上下左右约近超多余其该此这那是有已共均仅也还就又并")


def _verb_after(t: str, end: int, tb: _Tables) -> str:
    """The predicate after a figure when nothing names it: 24小时内[完成审批], 其中77家[已经复工]."""
    k = end
    while k < len(t) and t[k] in "内的中里":
        k += 1
    j = k
    while j < len(t) and t[j] not in _AFTER_DELIMS and j - k < 10 and not t[j].isdigit():
        j += 1
    phrase = t[k:j]
    toks = _posseg(phrase) if phrase else []
    while toks and toks[0][1].startswith(("p", "d", "c", "u", "r")) and len(toks) > 1:
        toks = toks[1:]
    if not toks or not any(f.startswith(("v", "n")) for _, f in toks):
        return ""
    return "".join(w for w, _ in toks)


_TOTAL_WORDS = ("共", "共计", "合计", "总计", "累计", "一共", "共有", "达", "共达")


def _fallback_metric(t: str, j: int, raws: list[_Raw], nps: list[str], tb: _Tables, strip_words: list[str],
                     earlier: list[ExtractedFigure]) -> str:
    """What a figure measures when the words before it say nothing (其中, 共计, 内, 为期, 已达)."""
    r = raws[j]
    cs = _clause_start(t, r.start)
    gap = t[raws[j - 1].end:r.start] if j > 0 else None
    if gap is not None and (gap == "" or gap.strip(" ,，") in _TOTAL_WORDS) and nps[j - 1]:
        return nps[j - 1]  # 1663户6184人; 派出医疗队4批,共计618人: the same thing counted again
    same_unit = [f.metric for f in earlier if f.unit == r.unit and f.metric and not f.is_change]
    same_unit += [nps[x] for x in range(j) if raws[x].unit == r.unit and nps[x]]
    if t[cs:r.start].startswith(("其中", "另有", "还有")) and same_unit:
        # …困难职工家庭1.32万户,其中5900余户…已实现脱困: the part that did what the clause ends with
        return same_unit[-1] + _predicate(t, r.end)
    m = _verb_after(t, r.end, tb) if not (j + 1 < len(raws) and raws[j + 1].start - r.end < 12) else ""
    if not _junk_metric(m, tb):
        return m  # 在24小时内[完成审批]; 其中6人[死亡]
    if cs > 0 and t[cs - 1] in ",，:：" and not any(c.isdigit() for c in t[_clause_start(t, cs - 1):cs]):
        pcs = _clause_start(t, cs - 1)
        topic = _subject(t[pcs:cs - 1], tb, strip_words) or _metric_before(
            t, replace(r, start=cs - 1, is_change=False), 0, tb, strip_words)
        if not _junk_metric(topic, tb):
            return topic  # 人员在岗率,从春节期间的55%提升到…: the topic stands in the clause before
    if j > 0 and raws[j - 1].unit == r.unit and nps[j - 1]:
        return nps[j - 1]  # 约500家,明年达到1000家: the subject is carried over
    if same_unit and t[:cs].strip(" ,，") in ("其中", "同时", "此外", "另外"):
        return same_unit[-1]  # 其中,长春市已达75.7%: the rate of the sentence before
    if r.kind == "duration" or cs > 0:
        return _subject(t, tb, strip_words)  # [春运]自1月14日开始至2月22日结束,为期40天
    return ""


def _predicate(t: str, end: int) -> str:
    """The verb phrase a clause ends with: 其中5900余户通过精准施策帮扶目前已[实现脱困]."""
    toks = _posseg(t[end:_clause_end(t, end)])
    out: list[str] = []
    for w, f in reversed(toks):
        if not f.startswith(("v", "n")) or len(out) == 3:
            break
        out.insert(0, w)
    return "".join(out) if any(f.startswith("v") for w, f in toks if w in out) else ""


def _subject(t: str, tb: _Tables, strip_words: list[str]) -> str:
    """The noun phrase a sentence opens with, regions and periods left out: 2025年[春运]自…"""
    strip_all = _longest_first(w for w in strip_words if not re.search(r"\d", w))
    phrase = ""
    start = 0
    for _ in range(3):  # 2019年,[我国全年粮食总产量]创历史新高: a clause of only a period says nothing
        phrase = t[start:_clause_end(t, start)]
        w = _starts_with(phrase, 0, strip_all)
        while w:
            phrase = phrase[len(w):].lstrip(",，、 ")
            w = _starts_with(phrase, 0, strip_all)
        phrase = re.sub(r"^(?:\d{4}年(?:\d{1,2}月)?|[今去明]年)", "", phrase)  # 2025年[春运]: the season it opens
        if phrase or _clause_end(t, start) >= len(t):
            break
        start = _clause_end(t, start) + 1
    words: list[str] = []
    for w, f in _posseg(phrase[:16]):
        if not f.startswith(("n", "j", "l", "eng", "b", "an")) or (len(w) == 1 and not words):
            break
        words.append(w)
    return "".join(words)


def _measure(t: str, r: _Raw, metric: str | None, tb: _Tables) -> str:
    if r.is_change:
        return "change"
    if r.kind == "percent":
        phrase = (metric or "") + t[_clause_start(t, r.start):r.start]
        if any(w in phrase for w in tb.share_words):
            return "share"
    return "level"


def _clause_end(t: str, pos: int) -> int:
    k = pos
    while k < len(t) and t[k] not in ",，;；:：。!?！？":
        k += 1
    return k


def _full_sentence_start(t: str, pos: int) -> int:
    """Start of the 。-sentence containing pos, so a period before a ; still applies: 2025年春运,…;江西…"""
    k = pos - 1
    while k >= 0 and t[k] not in "。!?！？":
        k -= 1
    return k + 1
