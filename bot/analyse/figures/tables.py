"""The word tables figures are read with, loaded once from bot/data/units.json.

Units (家, 万元, 个百分点), multipliers (万, 亿), qualifiers (近, 超, 余), change verbs (同比增长, 下降),
period words (前三季度, 春节期间), region pronouns (全市, 该县), metric trimming words. Every word list
is a `Words`: longest first, indexed by first and last character, so `starts_with(t, k, tb.units)`
tries only the units that begin with t[k].
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any


_DATA = resources.files("bot.data").joinpath("units.json")

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUM_CHARS = CN_DIGITS + "十百千万亿点"
CLAUSE_DELIMS = set(",，;；:：。!?！？、")
AFTER_DELIMS = CLAUSE_DELIMS | set("()（）“”\"'‘’《》「」[]【】")
QUOTES = "“”\"'‘’「」『』"


class Tables:
    """units.json read into sets, longest-first word lists and regular expressions."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.unit_kind: dict[str, str] = {}
        for kind, units in data["units"].items():
            for u in units:
                self.unit_kind[u] = kind
        self.units = longest_first(self.unit_kind)
        self.multipliers: dict[str, float] = {k: float(v) for k, v in data["multipliers"].items()}
        self.mult_keys = longest_first(self.multipliers)
        self.rank_units = set(data["rank_units"])
        self.noun_units = set(data["noun_units"])
        q = data["qualifiers"]
        self.q_prefix = longest_first(q["prefix"])
        self.q_infix = longest_first(q["infix"])
        self.q_suffix = longest_first(q["suffix"])
        self.q_suffix_boundary = set(q["suffix_needs_boundary"])
        self.range_seps = longest_first(data["range_separators"])
        ch = data["change"]
        self.direction = {w: "up" for w in ch["up"]} | {w: "down" for w in ch["down"]}
        self.change_verbs = longest_first(self.direction)
        self.single_need_basis = set(ch["single_char_need_basis"])
        basis_alts = [re.escape(b) for b in longest_first(ch["bases"])] + ch["basis_patterns"]
        # Anchored at the end: the basis stands right before the change verb.
        self.basis_re = re.compile("(?:" + "|".join(basis_alts) + ")$")
        self.change_particles = longest_first(ch["particles"] + ["达", "为"])
        p = data["periods"]
        self.year_res = [re.compile(x) for x in p["year_patterns"]]
        self.relative = p["relative"]
        rel_suffix = "|".join(re.escape(s) for s in longest_first(p["relative_suffixes"]))
        rel = "|".join(re.escape(w) for w in longest_first(self.relative))
        self.relative_re = re.compile(f"(?P<pre>截至|截止到|截止|到)?(?P<word>{rel})(?:{rel_suffix})?")
        self.now_words = longest_first(p["now"])
        self.month_res = [re.compile(x) for x in p["month_patterns"]]
        self.seasons: dict[str, int] = p["seasons"]
        self.season_re = re.compile("|".join(re.escape(w) for w in longest_first(self.seasons)))
        self.basis_prefixes = set(p["basis_prefixes"])
        self.region_pronouns = longest_first(data["region_pronouns"])
        self.destination_markers = tuple(data["destination_markers"])
        m = data["metric"]
        self.m_strip_suffix = longest_first(m["strip_suffix"] + list(self.direction))
        self.m_strip_prefix = longest_first(m["strip_prefix"])
        self.m_cut_after = set(m["cut_after"])
        self.m_keep_verbs = set(m["keep_leading_verbs"])
        self.m_after_stops = set(m["after_stop_verbs"]) | {v for v in self.direction if len(v) > 1}
        self.m_outcomes = set(m["outcomes"])
        self.m_list_cut = longest_first(m["list_cut"])
        self.m_anaphora = set(m["anaphora"])
        self.collective_units = set(data["collective_units"])
        coll = "|".join(re.escape(u) for u in longest_first(self.collective_units))
        self.collective_re = re.compile(f"[两二三四五六七八九十]+个?(?:{coll})")
        self.national_words = longest_first(data["national_words"])
        self.national = data["national_region"]
        self.national_not_before = longest_first(data["national_not_before"])
        self.national_not_after = longest_first(data["national_not_after"])
        self.share_words = longest_first(data["share_words"])
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
        self.time_ref_after = longest_first(data["time_reference_after"])
        self.time_ref_units = set(data["time_reference_units"])
        self.time_ref_before = longest_first(data["time_reference_before"])
        self.ordinal_not_figures = set(data["ordinal_units_not_figures"])
        self.vague_before = longest_first(data["vague_before"])
        arabic = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        # 零/〇 never start a number in running text (零部件, 〇型)
        cn = f"[{CN_DIGITS[2:]}十][{CN_NUM_CHARS}]*"
        self.num_re = re.compile(f"(?P<pct>百分之)?(?P<num>{arabic}|{cn})")
        # Every word list indexed by its words' first and last characters (see Words).
        for name, value in list(vars(self).items()):
            if isinstance(value, list) and value and all(isinstance(w, str) and w for w in value):
                setattr(self, name, Words(value))


def longest_first(words: Any) -> list[str]:
    """The distinct words, longest first: 同比增长 is tried before 增长."""
    return sorted(set(words), key=len, reverse=True)


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The tables, loaded once."""
    return Tables(json.loads(_DATA.read_text(encoding="utf-8")))


class Words(list[str]):
    """A table's word list (non-empty words, longest first) with the words by first and by last
    character, in the same order: starts_with and ends_with try only the words that can match
    (units has hundreds of entries and is tried after every number)."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self.by_first: dict[str, list[str]] = {}
        self.by_last: dict[str, list[str]] = {}
        for w in words:
            self.by_first.setdefault(w[0], []).append(w)
            self.by_last.setdefault(w[-1], []).append(w)


def starts_with(text: str, pos: int, words: list[str]) -> str | None:
    """The longest word of `words` that starts at `pos`."""
    if type(words) is Words and 0 <= pos < len(text):
        words = words.by_first.get(text[pos], [])
    for w in words:
        if text.startswith(w, pos):
            return w
    return None


def ends_with(text: str, pos: int, words: list[str]) -> str | None:
    """The longest word of `words` that ends at `pos`."""
    if type(words) is Words and 0 < pos <= len(text):
        words = words.by_last.get(text[pos - 1], [])
    for w in words:
        if pos - len(w) >= 0 and text.startswith(w, pos - len(w)):
            return w
    return None

