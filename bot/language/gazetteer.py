"""Region gazetteer: find place mentions in article text and regions named in user messages.

Data comes from bot/data/gazetteer.json (built by scripts/build_gazetteer.py from cpca's adcode
table and the hand-curated bot/data/regions_curated.json) and bot/data/org_suffixes.txt.
Matching is forward longest-match over a first-character index, so a lookup costs a few dict
probes per character; fuzzy matching only looks at the windows exact matching left uncovered.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from bot.language.region_history import RegionChange, by_retired_name, load_region_history
from bot.language.text import norm
from bot.language.typos import Hit, Typos, ascii_key

LEVELS = ("province", "city", "zone", "county", "macro")
# Words that end a village's or town's name (大荒地村, 闽宁镇): places below the gazetteer's counties.
SETTLEMENT_SUFFIXES = ("村", "镇", "乡")
# After a county's name these make it a town's, village's or street's (三河村, 城关镇, 闽宁镇).
_PLACE_WITHIN = SETTLEMENT_SUFFIXES + tuple("路街巷") + ("大道",)
_DIVISION_SUFFIXES = tuple("县区市旗")
# A village's name going on after a county's (大田 + 洼村): read so only in a message, where a town
# after its county (阿尔山白狼镇) is rare; articles name the county in full anyway.
_VILLAGE_AFTER = re.compile(r"[\u4e00-\u9fff]{1,2}[" + "".join(SETTLEMENT_SUFFIXES) + "]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_OPEN, _CLOSE = "(（", ")）"
# Characters that end the short window in which a ~suffix may still make an organisation name:
# a linking word means the place and the suffix belong to different phrases (哈尔滨新区与中国建设银行).
_WINDOW_STOP = set("与和及同跟在于的对为将把从向由被给让是了也都并或等、,，。;；:：!?！？“”\"'《》() （）\n ")


@dataclass(frozen=True)
class Region:
    code: str  # adcode (12 digits), or a stable id such as "macro:京津冀", "zone:天府新区"
    name: str  # canonical short display name: 河北, 长沙, 天府新区, 京津冀
    full_name: str
    level: str  # province | city | zone | county | macro
    parents: tuple[str, ...] = ()  # city→province; zone→city/district; county→city; province/city→macros
    aliases: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()
    kind: str | None = None  # zones: national_new_area | development_zone | merged_city
    directional: bool = False  # macro names that are also direction words (西部, 东北)
    names_members: bool = False  # 京津冀 = 京+津+冀: naming the macro names its members
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    region: Region
    start: int
    end: int
    surface: str
    how: str = "name"  # name | abbreviation | pinyin | fuzzy
    former: RegionChange | None = None  # the text used a retired name (襄樊 for 襄阳): its change


@dataclass
class _Entry:
    alias: str
    code: str | None  # None: a blocker word, consumed but not a mention


@dataclass
class _OrgSuffixes:
    immediate: tuple[str, ...]
    windowed: tuple[str, ...]
    located: tuple[str, ...]  # only after a parenthesised place: 深圳(哈尔滨)产业园

    @classmethod
    def parse(cls, text: str) -> "_OrgSuffixes":
        imm, win, loc = [], [], []
        for line in text.splitlines():
            s = line.split("#", 1)[0].strip()
            if not s:
                continue
            if s.startswith("~"):
                win.append(s[1:])
                imm.append(s[1:])
            elif s.startswith(("(", "（")):
                loc.append(s[1:])
            else:
                imm.append(s)
        key = lambda x: -len(x)  # noqa: E731 - longest first
        return cls(tuple(sorted(set(imm), key=key)), tuple(sorted(set(win), key=key)),
                   tuple(sorted(set(loc), key=key)))


@lru_cache(maxsize=1)
def _person_names() -> dict[str, Any]:
    names: dict[str, Any] = json.loads(resources.files("bot.data").joinpath("person_names.json").read_text("utf-8"))
    return names


def _part_of_longer_word(text: str, alias: str, end: int, region: Region, query: bool) -> bool:
    """Whether the name matched at text[…end] is the start of another word: a village or street
    after a county's short name (三河村 is a village, not 三河市; a message's 大田洼村 is not 大田县),
    or 区域 after a district (河北区域 is 河北 + 区域, not 天津's 河北区)."""
    county_short = region.level == "county" and not alias.endswith(_DIVISION_SUFFIXES)
    if county_short and (text.startswith(_PLACE_WITHIN, end) or query and _VILLAGE_AFTER.match(text, end)):
        return True
    return alias.endswith("区") and text[end:end + 1] == "域"


def _region(r: dict[str, Any]) -> Region:
    return Region(
        code=r["code"], name=r["name"], full_name=r["full_name"], level=r["level"],
        parents=tuple(r["parents"]), aliases=tuple(r["aliases"]), pinyin=tuple(r["pinyin"]),
        kind=r.get("kind"), directional=bool(r.get("directional")),
        names_members=bool(r.get("names_members")), members=tuple(r.get("members", ())),
    )


def _match_index(regions: Iterable[Region], blockers: Iterable[str]) -> dict[str, list[_Entry]]:
    """Longest-match index: first character → entries, longest alias first (a name before a
    blocker of the same length)."""
    index: dict[str, list[_Entry]] = {}
    for r in regions:
        for a in r.aliases:
            index.setdefault(a[0], []).append(_Entry(a, r.code))
    for w in blockers:
        index.setdefault(w[0], []).append(_Entry(w, None))
    for lst in index.values():
        lst.sort(key=lambda e: (-len(e.alias), e.code is None))
    return index


def _by_first_char(words: Iterable[str]) -> dict[str, list[str]]:
    """Words by first character, longest first."""
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[0], []).append(w)
    for ws in out.values():
        ws.sort(key=len, reverse=True)
    return out


class Gazetteer:
    """All regions plus the indexes that find them in text. Build once via `load_gazetteer()`."""

    def __init__(self, data: dict[str, Any], org_suffixes: str = "",
                 history: tuple[RegionChange, ...] = (), proper_names: str = "") -> None:
        self._regions: dict[str, Region] = {r["code"]: _region(r) for r in data["regions"]}
        changes = by_retired_name(history)
        # alias → the change that retired it (襄樊 → 襄樊市 2010 更名为襄阳市)
        self._former: dict[str, RegionChange] = {
            a: changes[old] for a, old in data.get("former_names", {}).items() if old in changes}
        self._org = _OrgSuffixes.parse(org_suffixes)
        self._abbr: dict[str, tuple[str, bool]] = {
            ch: (v["code"], bool(v["standalone"])) for ch, v in data["abbreviations"].items()}
        self._compounds: dict[str, tuple[str, ...]] = {
            w: tuple(v) for w, v in data["compound_overrides"].items()}
        self._non_compounds = set(data["non_compounds"])
        self._followers = tuple(sorted(data["query_followers"], key=len, reverse=True))
        self._leaders = tuple(sorted(data.get("query_leaders", ()), key=len, reverse=True))
        self._directional_after = tuple(data["directional_after"])

        # name → code for get(); lower levels first so higher levels overwrite shared names.
        order = sorted(self._regions.values(), key=lambda r: -LEVELS.index(r.level))
        self._by_name: dict[str, str] = {n: r.code for r in order for n in (r.name, r.full_name, *r.aliases)}
        self._by_pinyin: dict[str, str] = {p: r.code for r in self._regions.values() for p in r.pinyin}
        # Proper names with a place inside (祁连山, 引黄入晋) are consumed whole, as blockers are.
        self._index = _match_index(self._regions.values(), [*data["blockers"], *_lines(proper_names)])
        self._auto = _by_first_char(data["auto_blockers"])
        self._set_starts()
        # Retired names are matched as written, never typo-corrected (as counties are not).
        self._typos = Typos(((a, r.code) for r in self._regions.values() if r.level != "county"
                             for a in r.aliases if a not in self._former),
                            self._by_pinyin, data, self._followers, self._leaders)
        self._ancestors_cache: dict[str, frozenset[str]] = {}

    def _set_starts(self) -> None:
        """Where a scan can match anything at all: the first two characters of every alias, blocker
        and auto blocker, and the one-character ones (and abbreviations). About 3% of the
        characters of news text pass; _scan steps over the rest without trying each entry there."""
        starts = [e.alias for lst in self._index.values() for e in lst] + [w for ws in self._auto.values() for w in ws]
        self._pair_starts = frozenset(a[:2] for a in starts if len(a) >= 2)
        self._single_starts = frozenset([a for a in starts if len(a) == 1] + list(self._abbr))
        self._first_starts = frozenset(a[0] for a in self._pair_starts) | self._single_starts

    # ------------------------------------------------------------------ lookup

    def all_regions(self) -> list[Region]:
        return list(self._regions.values())

    def abbreviations_of(self, codes: set[str]) -> set[str]:
        """The one-character names of these regions, alone (湘) or inside a compound (闽赣 → 闽, 赣)."""
        out = {ch for ch, (code, _) in self._abbr.items() if code in codes}
        for word, members in self._compounds.items():
            out.update(ch for ch, code in zip(word, members) if code in codes)
        return out

    def get(self, code_or_name: str) -> Region | None:
        """A region by code, canonical/full name, alias or romanised name."""
        if code_or_name in self._regions:
            return self._regions[code_or_name]
        code = self._by_name.get(code_or_name)
        if code is None:
            code = self._by_pinyin.get(ascii_key(code_or_name))
        return self._regions.get(code) if code else None

    def ancestors(self, code: str) -> list[Region]:
        """Enclosing regions, nearest first: city → province → macro-regions (no duplicates)."""
        out: list[Region] = []
        seen = {code}
        frontier = [code]
        while frontier:
            nxt: list[str] = []
            for c in frontier:
                r = self._regions.get(c)
                if r is None:
                    continue
                for p in r.parents:
                    if p not in seen:
                        seen.add(p)
                        out.append(self._regions[p])
                        nxt.append(p)
            frontier = nxt
        return out

    def members(self, code: str) -> list[Region]:
        r = self._regions.get(code)
        return [self._regions[m] for m in r.members] if r else []

    def former_name(self, name: str) -> RegionChange | None:
        """The change behind a retired name the gazetteer still knows (襄樊, 宣武区, 京山县)."""
        return self._former.get(name)

    def names(self) -> list[str]:
        """Every Chinese alias, for the segmenter's user dictionary."""
        return sorted({a for r in self._regions.values() for a in r.aliases})

    # ------------------------------------------------------------------ text

    def find_mentions(self, text: str, orgs: bool = False) -> list[Mention]:
        """Place mentions in article text, left to right, longest match first.

        Organisation names (北京理工大学), blocker words (确保定期), direction words used as
        directions (园区东部) are not mentions; one-character abbreviations count only inside
        compounds (京津冀, 闽赣两省). With `orgs`, the place an organisation is named after is
        reported too, as a mention with how="org" (where a figure of that organisation is).
        """
        return self._scan(text, query=False, orgs=orgs)

    def resolve_query(self, text: str) -> list[Region]:
        """Regions named in a user message, in order of appearance, without duplicates."""
        out: list[Region] = []
        for m in self.query_mentions(text):
            if m.region not in out:
                out.append(m.region)
        return out

    def query_mentions(self, text: str) -> list[Mention]:
        """Where a user message names regions (names, abbreviations, pinyin, typos), in order.

        Offsets refer to the NFKC, simplified form of `text` (the same length for Chinese text)."""
        t = norm(text)
        if any(ord(c) > 0x7F for c in t):
            t = _to_simplified(t)
        consumed: list[tuple[int, int]] = []  # blockers and organisation names: no typo search there
        mentions = self._scan(t, query=True, consumed=consumed)
        covered = [(m.start, m.end) for m in mentions]
        mentions += self._standalone_abbreviation(t, covered)
        mentions += self._typo_mentions(self._typos.pinyin(t), "pinyin")
        covered = [(m.start, m.end) for m in mentions] + consumed
        mentions += self._typo_mentions(self._typos.fuzzy(t, covered), "fuzzy")
        mentions.sort(key=lambda m: m.start)
        return mentions

    # ------------------------------------------------------------------ internals

    def _scan(self, text: str, query: bool, consumed: list[tuple[int, int]] | None = None,
              orgs: bool = False, candidates: Iterable[int] | None = None) -> list[Mention]:
        """Mentions in text, tried at `candidates` (default: the positions where something can
        match; its test passes every position and gets the same)."""
        out: list[Mention] = []
        unsure: list[Mention] = []  # short county names without context (see _county_in_context)
        if candidates is None:
            pairs, singles, first = self._pair_starts, self._single_starts, self._first_starts
            # Only these positions can match (see __init__); everywhere else the loop below would
            # only step on by one character. The first-character test spares most positions a slice.
            candidates = [k for k, c in enumerate(text) if c in first and (c in singles or text[k:k + 2] in pairs)]
        i = 0
        for i0 in candidates:
            if i0 < i:
                continue  # inside what the previous match consumed
            i = i0
            ch = text[i]
            before = len(out)
            step = self._match_at(text, i, query, out, orgs, unsure) or self._auto_blocker_at(text, i)
            if step:
                if consumed is not None and len(out) == before:
                    consumed.append((i, i + step))
                i += step
                continue
            if ch in self._abbr:
                step = self._compound_at(text, i, out)
                if step:
                    i += step
                    continue
            i += 1
        if unsure:
            # 阿尔山市…阿尔山: the short name counts where the same text names the county in full.
            named = {m.region.code for m in out}
            out = sorted(out + [m for m in unsure if m.region.code in named], key=lambda m: m.start)
        return out

    def _match_at(self, text: str, i: int, query: bool, out: list[Mention], orgs: bool = False,
                  unsure: list[Mention] | None = None) -> int:
        """Consume the longest acceptable alias or blocker at i; returns its length or 0."""
        for e in self._index.get(text[i], ()):
            a = e.alias
            if not text.startswith(a, i):
                continue
            end = i + len(a)
            if e.code is None:
                return len(a)
            region = self._regions[e.code]
            if _part_of_longer_word(text, a, end, region, query):
                continue
            if region.directional and a == region.name and not self._directional_ok(text, end, query):
                return len(a)  # a direction word (园区东部, 西南中心), not a region
            org_end = self._org_name_end(text, end)
            if org_end:
                if orgs:
                    out.append(Mention(region, i, end, a, how="org"))
                return org_end - i  # part of an organisation name: skip the whole name
            if not query and self._in_person_name(text, i, end):
                return len(a)  # 通讯员顾海东: a person, not 海东
            # Two characters of a county's name, or a retired X县 (开县 in 召开县委), need context.
            if ((region.level == "county" or a in self._former and a.endswith("县")) and len(a) == 2
                    and not self._county_in_context(text, i, end, region, out, query)):
                if unsure is not None:
                    unsure.append(Mention(region, i, end, a, former=self._former.get(a)))
                return len(a)
            out.append(Mention(region, i, end, a, former=self._former.get(a)))
            return len(a)
        return 0

    def _county_in_context(self, text: str, i: int, end: int, region: Region, out: list[Mention],
                           query: bool) -> bool:
        """Whether a two-character county name (香河, 云县) is the place, not two characters of other
        words (党和政府, 首都安全, 乌兰巴托) or a person (程建阳): its province or city just before it
        (河北香河, 云南云县), or standing on its own (寿光，…; a message that starts with it)."""
        if out and out[-1].end == i and out[-1].region.code in self._ancestor_codes(region.code):
            return True
        alone_before = i == 0 or not _CJK.match(text[i - 1])
        if query:
            return alone_before
        return alone_before and (end == len(text) or not _CJK.match(text[end]))

    def _ancestor_codes(self, code: str) -> frozenset[str]:
        got = self._ancestors_cache.get(code)
        if got is None:
            got = self._ancestors_cache[code] = frozenset(r.code for r in self.ancestors(code))
        return got

    @staticmethod
    def _in_person_name(text: str, start: int, end: int) -> bool:
        """A two-character place after a surname, with a title before or a speech verb after."""
        names = _person_names()
        if end - start != 2 or start == 0 or text[start - 1] not in names["surnames"]:
            return False
        before = text[max(0, start - 7):start - 1]
        after = text[end:end + 3]
        return before.endswith(tuple(names["titles"])) or after.startswith(tuple(names["speech_verbs"]))

    def _directional_ok(self, text: str, end: int, query: bool) -> bool:
        if text.startswith(self._directional_after, end):
            return True
        # A query may name it bare (西部有什么新闻), but not as part of a longer name (西南中心).
        return query and (end == len(text) or not _CJK.match(text[end])
                          or text.startswith(self._followers, end))

    def _org_name_end(self, text: str, end: int) -> int:
        """If an organisation suffix follows a place ending at `end`, where the name ends; else 0."""
        org = self._org
        if text[end:end + 1] in _OPEN:
            close = -1
            for k in range(end + 1, min(len(text), end + 12)):
                if text[k] in _CLOSE:
                    close = k
                    break
            if close > end + 1 and self._is_place(text[end + 1:close]):
                for s in org.immediate + org.located:
                    if text.startswith(s, close + 1):
                        return end + 1  # skip only this name: the bracketed place still counts
            return 0
        for s in org.immediate:
            if text.startswith(s, end):
                return end + len(s)
        j = end
        for _ in range(5):
            if j >= len(text) or text[j] in _WINDOW_STOP or not _CJK.match(text[j]):
                return 0
            if self._index_hit(text, j):
                return 0  # another place starts: the suffix belongs to it
            j += 1
            for s in org.windowed:
                if text.startswith(s, j):
                    return j + len(s)
        return 0

    def _index_hit(self, text: str, j: int) -> bool:
        return any(e.code and text.startswith(e.alias, j) for e in self._index.get(text[j], ()))

    def _is_place(self, s: str) -> bool:
        return s in self._by_name

    def _auto_blocker_at(self, text: str, i: int) -> int:
        """A common word at i that would otherwise lose its tail to a place name (确保|定期)."""
        for w in self._auto.get(text[i], ()):
            if not text.startswith(w, i):
                continue
            end = i + len(w)
            for j in range(i + 1, end):
                for e in self._index.get(text[j], ()):
                    if e.code and len(e.alias) > end - j and text.startswith(e.alias, j):
                        return len(w)
            return 0
        return 0

    def _compound_at(self, text: str, i: int, out: list[Mention]) -> int:
        """A run of two or more abbreviations (京津冀, 闽赣, 川渝) names each province."""
        j = i
        chars: list[int] = []
        while j < len(text):
            if text[j] in self._abbr:
                chars.append(j)
                j += 1
            elif text[j] == "、" and j + 1 < len(text) and text[j + 1] in self._abbr and chars:
                j += 1
            else:
                break
        if len(chars) < 2:
            return 0
        run = "".join(text[k] for k in chars)
        # A run that starts a longer place name (苏州 in 沪苏州) gives that name its characters.
        while len(chars) >= 2 and self._index_hit(text, chars[-1]):
            chars.pop()
            run = run[:-1]
        if len(chars) < 2:
            return 0
        end = chars[-1] + 1
        if text.startswith(SETTLEMENT_SUFFIXES, end) or any(run.startswith(w) for w in self._non_compounds):
            # 闽宁镇 is a town (in 宁夏), not 福建 and 宁夏
            return end - i
        for w, members in sorted(self._compounds.items(), key=lambda kv: -len(kv[0])):
            if run.startswith(w) and len(w) == len(run):
                for k, code in zip(chars, members):
                    out.append(Mention(self._regions[code], k, k + 1, text[k], "abbreviation"))
                return end - i
        for k in chars:
            out.append(Mention(self._regions[self._abbr[text[k]][0]], k, k + 1, text[k], "abbreviation"))
        return end - i

    def _standalone_abbreviation(self, t: str, covered: list[tuple[int, int]]) -> list[Mention]:
        """冀 / 川最新消息 / 冀今天有啥新闻: a lone abbreviation opening a short query."""
        m = re.match(r"[\s/]*(?:brief\s+)?", t)
        p = m.end() if m else 0
        if p >= len(t) or t[p] not in self._abbr or any(s <= p < e for s, e in covered):
            return []
        code, standalone = self._abbr[t[p]]
        rest = t[p + 1:].strip(" \t?？!！。.,，")
        # 冀, 川最新消息, 苏 规上工业, 苏2月23号…: alone, before a news word, a space or a date
        apart = t[p + 1:p + 2].isspace() or rest[:1].isdigit()
        if rest and not (standalone and (rest.startswith(self._followers) or apart)):
            return []
        return [Mention(self._regions[code], p, p + 1, t[p], "abbreviation")]

    def opening_abbreviation(self, t: str) -> Region | None:
        """The province a message opens with as a one-character abbreviation (粤医疗队…), when it
        may stand alone; the caller checks that it is a word of its own there (not 京剧)."""
        hit = self._abbr.get(t[:1])
        return self._regions[hit[0]] if hit and hit[1] else None

    def _typo_mentions(self, hits: list[Hit], how: str) -> list[Mention]:
        return [Mention(self._regions[code], s, e, w, how) for code, s, e, w in hits]


def _lines(text: str) -> list[str]:
    """The entries of a one-per-line data file, without comments and blank lines."""
    return [s for line in text.splitlines() if (s := line.split("#", 1)[0].strip())]


def _to_simplified(t: str) -> str:
    try:
        from bot.language.text import to_simplified
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return t
    return to_simplified(t)


def _data_text(name: str) -> str:
    return resources.files("bot.data").joinpath(name).read_text("utf-8")


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded from bot/data on first use."""
    return Gazetteer(json.loads(_data_text("gazetteer.json")), _data_text("org_suffixes.txt"), load_region_history(),
                     _data_text("proper_names.txt"))


def region_names(codes: Iterable[str], gazetteer: Gazetteer | None = None) -> list[str]:
    """Display names for region codes, skipping unknown ones."""
    g = gazetteer or load_gazetteer()
    return [r.name for c in codes if (r := g.get(c))]
