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
        mk = None if cn else starts_with(t, pos, tb.mult_keys)
        if mk is None and cn and t.startswith(("万", "亿"), pos):
            mk = t[pos]
        if mk:
            mult, pos = tb.multipliers[mk], pos + len(mk)
            q = starts_with(t, pos, tb.q_infix)
            if q and starts_with(t, pos + len(q), tb.units):
                infix, pos = infix or q, pos + len(q)
            unit = starts_with(t, pos, tb.units)
        elif unit is None:
            return mult, None, infix, pos
    if unit == "个" and infix is None and t.startswith("个多", pos):
        rest = next((u[1:] for u in tb.units if u.startswith("个") and len(u) > 1 and t.startswith(u[1:], pos + 2)), None)
        if rest:
            return mult, "个" + rest, "多", pos + 2 + len(rest)  # 3个多月: about 3 months
    if unit:
        pos += len(unit)
    return mult, unit, infix, pos


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


def _parse_at(t: str, m: re.Match[str], tb: Tables) -> Raw | None:
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
    sep = starts_with(t, end, tb.range_seps)
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
    if cn and re.search(f"[{CN_DIGITS}]{{2}}", num_text):
        return None  # 唯一一个, 三五成群: two digits side by side do not make a Chinese number
    if cn and unit == "大" and value > 10:
        return None  # 十八大, 十九大: a party congress, not eighteen of something
    if cn and s > 0 and t[s - 1] == "初":
        return None  # 初四: a day of the lunar month
    if cn and ends_with(t, s, tb.vague_before):
        return None  # 几十公里, 数百家, 上万人: a number of unknown size
    if unit and t[end:end + 1] and t[end] in tb.unit_blockers.get(unit, ""):
        return None  # 三至六年级, 80年代: the unit's character starts another word
    named_instance = False
    if unit == "届" and not ordinal:
        if re.fullmatch(r"\d{4}", num_text):
            return None  # 2020届毕业生: a cohort, named by its year
        named_instance = end < len(t) and is_cjk(t[end]) and t[end] not in "的了"  # 十三届全国人大
    if unit in tb.time_ref_units and value_max is None and not ordinal:
        k = end + 1 if t.startswith("多", end) else end
        if starts_with(t, k, tb.time_ref_after) or ends_with(t, s, tb.time_ref_before):
            return None  # 5年来, 20年前, 两个月后, 前11个月, 这两年: a time reference
    if cn and num_text == "一" and not ordinal:
        return None  # 一架, 一批, 一系列: an article, not a count
    if cn and ((end < len(t) and t[end] in CN_DIGITS) or (s >= 2 and t[s - 2] in CN_DIGITS and is_cjk(t[s - 1]))):
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
            kind: str, infix: str | None, cn: bool, tb: Tables) -> Raw:
    qualifier = infix
    suf = starts_with(t, end, tb.q_suffix)
    if suf:
        after = t[end + len(suf):end + len(suf) + 1]
        if suf not in tb.q_suffix_boundary or not after or not is_cjk(after) or after == "的":
            end += len(suf)
            qualifier = qualifier or suf
    pre = ends_with(t, s, tb.q_prefix)
    if pre:
        s -= len(pre)
        qualifier = pre
    return Raw(start=s, end=end, num_start=num_start, value=value, value_max=value_max, unit=unit, kind=kind,
                qualifier=qualifier, cn=cn)
