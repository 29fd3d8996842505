"""Numbers with their units in a normalised sentence: 近3万家, 21.95亿元, 第23位, 300万元到500万元.

`scan_sentence(t, tb, blocked)` returns every figure of a sentence as a `Raw` (span, value, unit,
kind, qualifier), in order and without overlaps. What is not a figure is left out here: years
(2024年), dates, codes (Type-C, 0791-8622), bare numbers (“2+6”), an article 一 (一批), set phrases
(一城一区三基地), time references (5年来, 前11个月), numbered parts (第三条), 几十/数百.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from bot.analyse.figures.clauses import is_cjk
from bot.analyse.figures.tables import CN_DIGITS, Tables, ends_with, starts_with


@lru_cache(maxsize=65536)
def cn_value(s: str) -> tuple[float, int] | None:
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
class Raw:
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


def _read_number(t: str, m: re.Match[str]) -> tuple[float, int, bool] | None:
    """(value, end, is_chinese) of the numeral matched at m."""
    num = m.group("num")
    if num[0].isdigit():
        return float(num.replace(",", "")), m.end("num"), False
    got = cn_value(num)
    if got is None:
        return None
    return got[0], m.start("num") + got[1], True


def _read_tail(t: str, pos: int, tb: Tables, cn: bool) -> tuple[float, str | None, str | None, int]:
    """After the digits: infix qualifier, multiplier, unit. Returns (multiplier, unit, infix, end)."""
    mult = 1.0
    infix = None
    q = starts_with(t, pos, tb.q_infix)
    if q and (starts_with(t, pos + len(q), tb.units) or starts_with(t, pos + len(q), tb.mult_keys)):
        infix, pos = q, pos + len(q)
    unit = starts_with(t, pos, tb.units)
    # 千米 / 千克 are units, not 千 + 米; otherwise a multiplier comes before the unit.
    if not unit or (not cn and starts_with(t, pos, tb.mult_keys) and len(starts_with(t, pos, tb.mult_keys) or "") >= len(unit)):
        mk = _multiplier_at(t, pos, tb, cn)
        if mk:
            mult, pos = tb.multipliers[mk], pos + len(mk)
            q = starts_with(t, pos, tb.q_infix)
            if q and starts_with(t, pos + len(q), tb.units):
                infix, pos = infix or q, pos + len(q)
            unit = starts_with(t, pos, tb.units)
        elif unit is None:
            return mult, None, infix, pos
    if unit == "个" and infix is None and t.startswith("个多", pos):
        rest = _unit_after_ge_duo(t, pos, tb)
        if rest:
            return mult, "个" + rest, "多", pos + 2 + len(rest)  # 3个多月: about 3 months
    if unit:
        pos += len(unit)
    return mult, unit, infix, pos


def _multiplier_at(t: str, pos: int, tb: Tables, cn: bool) -> str | None:
    """The multiplier at pos: any of the table's (万, 亿, 千, 百万) after Arabic digits, only 万 or 亿
    after a Chinese numeral (三千 is read whole by cn2an)."""
    mk = None if cn else starts_with(t, pos, tb.mult_keys)
    if mk is None and cn and t.startswith(("万", "亿"), pos):
        mk = t[pos]
    return mk


def _unit_after_ge_duo(t: str, pos: int, tb: Tables) -> str | None:
    """In 3个多月 (t[pos:] = 个多月): the rest of the unit 个月 after 个多, else None."""
    return next((u[1:] for u in tb.units if u.startswith("个") and len(u) > 1 and t.startswith(u[1:], pos + 2)), None)


def scan_sentence(t: str, tb: Tables, blocked: list[tuple[int, int]]) -> list[Raw]:
    """All figures of one normalized sentence, in order, non-overlapping."""
    out: list[Raw] = []
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


def _bare_list_before(t: str, raw: Raw, lo: int) -> list[Raw]:
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
        out.append(Raw(start=a, end=b, num_start=a, value=float(n.group(0)) * ratio, value_max=None, unit=raw.unit,
                        kind=raw.kind, qualifier=None, cn=False))
    return out


@dataclass
class _Reading:
    """A number being read after its digits: value so far (multiplier applied), unit, where it ends."""
    s: int  # where the numeral starts (m.start(), before 第 or a qualifier is taken in)
    num_text: str  # the numeral as printed: 3.5, 1,200, 二十
    cn: bool  # written in Chinese numerals
    value: float
    mult: float  # the multiplier read after the first number (万, 亿), 1.0 if none
    unit: str | None
    infix: str | None  # a qualifier between number and unit: 3万余元
    end: int
    value_max: float | None = None


def _parse_at(t: str, m: re.Match[str], tb: Tables) -> Raw | None:
    """The figure whose numeral num_re matched at m, or None when it is not a figure."""
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
        return _with_qualifiers(t, Raw(start=s, end=pos, num_start=s, value=value, value_max=None, unit="%",
                                       kind="percent", qualifier=None, cn=cn), tb)
    mult, unit, infix, end = _read_tail(t, pos, tb, cn)
    r = _Reading(s=s, num_text=num_text, cn=cn, value=value * mult, mult=mult, unit=unit, infix=infix, end=end)
    _read_extras(t, r)
    if not _read_range(t, r, tb):
        return None  # 2024—2028年: a span of years
    ordinal = s > 0 and t[s - 1] == "第"
    if _is_label(t, r, ordinal, tb) or _is_word(t, r, ordinal, tb) or _is_phrase(t, r, ordinal, tb):
        return None
    return _figure(t, r, ordinal, tb)


def _read_extras(t: str, r: _Reading) -> None:
    """6秒49 (a sprint time) and 4个和3.2个百分点 (the list's unit)."""
    if r.unit == "秒" and not r.cn:
        cs2 = re.match(r"\d{2}(?!\d)", t[r.end:r.end + 3])
        if cs2:
            r.value, r.end = r.value + int(cs2.group(0)) / 100, r.end + 2  # 6秒49: a sprint time
    if r.unit == "个" and re.match(r"[和、与及至到]\s*\d+(?:\.\d+)?个百分点", t[r.end:r.end + 12]):
        r.unit = "个百分点"  # 分别提高了4个和3.2个百分点: the list's unit


def _read_range(t: str, r: _Reading, tb: Tables) -> bool:
    """A range: 300万元到500万元, 300万—500万元, 5至10家 (the first end may lack unit and multiplier).
    False when the range is a span of years (2024—2028年)."""
    sep = starts_with(t, r.end, tb.range_seps)
    if not sep or (r.unit == "年" and re.fullmatch(r"\d{4}", r.num_text)):
        return True
    m2 = tb.num_re.match(t, r.end + len(sep))
    got2 = _read_number(t, m2) if m2 and not m2.group("pct") and m2.group("num")[0].isdigit() == (not r.cn) else None
    if not got2 or m2 is None:
        return True
    v2, p2, cn2 = got2
    mult2, unit2, infix2, end2 = _read_tail(t, p2, tb, cn2)
    if unit2 == "年" and re.fullmatch(r"\d{4}", t[m2.start("num"):p2]):
        return False
    if unit2 and (r.unit is None or r.unit == unit2):
        if r.mult == 1.0 and mult2 != 1.0 and r.unit is None:
            r.value *= mult2  # 3—5万元 means 3万 to 5万
        r.value_max, r.unit, r.end = v2 * mult2, unit2, end2
        r.infix = r.infix or infix2
    return True


def _is_label(t: str, r: _Reading, ordinal: bool, tb: Tables) -> bool:
    """A number that labels or dates rather than counts: a bare number, a code, a year, a part of a text."""
    unit, end = r.unit, r.end
    if unit is None and r.mult == 1.0:
        return True  # a bare number: label, code or countdown
    if unit is None and end < len(t) and t[end].isascii() and t[end].isalnum():
        return True  # 5万G-like codes
    if unit == "年" and r.mult == 1.0 and not r.cn and re.fullmatch(r"\d{4}", r.num_text):
        return True  # a year
    if ordinal and (unit is None or unit in tb.ordinal_not_figures):
        return True  # 第三条, 第5款, 第2版: numbers of a text's parts
    if unit and t[end:end + 1] and t[end] in tb.unit_blockers.get(unit, ""):
        return True  # 三至六年级, 80年代: the unit's character starts another word
    if unit == "届" and not ordinal and re.fullmatch(r"\d{4}", r.num_text):
        return True  # 2020届毕业生: a cohort, named by its year
    return False


def _is_word(t: str, r: _Reading, ordinal: bool, tb: Tables) -> bool:
    """A numeral that is part of a word: 两国, 十八大, 初四, 几十, 唯一一个."""
    s, end, unit, cn = r.s, r.end, r.unit, r.cn
    if not ordinal and unit in tb.collective_units and (cn or t.startswith("道", end)):
        return True  # 两国, 三省, 京津冀三地: a group of places, not a quantity; 110省道: a road
    if cn and re.search(f"[{CN_DIGITS}]{{2}}", r.num_text):
        return True  # 唯一一个, 三五成群: two digits side by side do not make a Chinese number
    if cn and unit == "大" and r.value > 10:
        return True  # 十八大, 十九大: a party congress, not eighteen of something
    if cn and s > 0 and t[s - 1] == "初":
        return True  # 初四: a day of the lunar month
    if cn and ends_with(t, s, tb.vague_before):
        return True  # 几十公里, 数百家, 上万人: a number of unknown size
    return False


def _is_phrase(t: str, r: _Reading, ordinal: bool, tb: Tables) -> bool:
    """A numeral inside a time reference (5年来, 前11个月), an article (一批) or a set phrase (两横三纵)."""
    s, end, unit, cn = r.s, r.end, r.unit, r.cn
    if unit in tb.time_ref_units and r.value_max is None and not ordinal:
        k = end + 1 if t.startswith("多", end) else end
        if starts_with(t, k, tb.time_ref_after) or ends_with(t, s, tb.time_ref_before):
            return True  # 5年来, 20年前, 两个月后, 前11个月, 这两年: a time reference
    if cn and r.num_text == "一" and not ordinal:
        return True  # 一架, 一批, 一系列: an article, not a count
    if cn and ((end < len(t) and t[end] in CN_DIGITS) or (s >= 2 and t[s - 2] in CN_DIGITS and is_cjk(t[s - 1]))):
        return True  # 一城一区三基地, 两岸三地, 两横三纵: a set phrase
    return False


def _figure(t: str, r: _Reading, ordinal: bool, tb: Tables) -> Raw:
    """The figure read, with its kind; an ordinal (第23位) or a named instance (十三届全国人大) is a rank."""
    unit = "" if r.unit is None else r.unit
    kind = tb.unit_kind.get(unit, "count") if unit else "count"
    named_instance = (r.unit == "届" and not ordinal
                      and r.end < len(t) and is_cjk(t[r.end]) and t[r.end] not in "的了")  # 十三届全国人大
    if ordinal or named_instance:
        kind = "rank" if unit in tb.rank_units else "ordinal"
    start = r.s - 1 if ordinal else r.s  # 第 is part of the figure as printed
    return _with_qualifiers(t, Raw(start=start, end=r.end, num_start=r.s, value=r.value, value_max=r.value_max,
                                   unit=unit, kind=kind, qualifier=r.infix, cn=r.cn), tb)


def _with_qualifiers(t: str, raw: Raw, tb: Tables) -> Raw:
    """A qualifier after the figure (3万余家, 5%以上) or before it (近3万家, 超过5%) is part of it."""
    suf = starts_with(t, raw.end, tb.q_suffix)
    if suf:
        after = t[raw.end + len(suf):raw.end + len(suf) + 1]
        if suf not in tb.q_suffix_boundary or not after or not is_cjk(after) or after == "的":
            raw.end += len(suf)
            raw.qualifier = raw.qualifier or suf
    pre = ends_with(t, raw.start, tb.q_prefix)
    if pre:
        raw.start -= len(pre)
        raw.qualifier = pre
    return raw
