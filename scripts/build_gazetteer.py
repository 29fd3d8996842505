"""Build bot/data/gazetteer.json from maintained sources plus bot/data/regions_curated.json.

Sources (see bot/data/GAZETTEER.md):
- cpca's resources/adcodes.csv and 56_nations.csv (MIT): administrative divisions with adcodes;
- pypinyin (MIT): romanised names and the homophone table used for typo tolerance;
- jieba's dict.txt (MIT): ordinary words that overlap the start of a place name (确保|保定), used
  as blockers so 确保定期 does not mention 保定.

Usage: python scripts/build_gazetteer.py [--check]
  --check exits 1 when the committed gazetteer.json differs from a fresh build.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from bot.language.region_history import RegionChange, load_region_history

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bot" / "data"
CURATED = DATA / "regions_curated.json"
OUT = DATA / "gazetteer.json"

MUNICIPALITIES = ("11", "12", "31", "50")
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
# jieba words at or above this frequency are common enough to act as blockers.
BLOCKER_MIN_FREQ = 50
FUZZY_STOP_MIN_FREQ = 3
# A county name jieba knows at least this often is an ordinary word too often to count (滨海, 长安).
COUNTY_COMMON_FREQ = 300
LEVEL_PRIORITY = {"province": 0, "city": 1, "macro": 2, "zone": 3, "county": 4}


def _cpca_file(name: str) -> Path:
    return Path(str(resources.files("cpca").joinpath("resources", name)))


def _ethnic_names() -> list[str]:
    with open(_cpca_file("56_nations.csv"), encoding="utf-8") as fh:
        names = [line.strip() for line in fh if line.strip()]
    out = set()
    for n in names:
        out.add(n)
        if n.endswith("族") and len(n) > 2:
            out.add(n[:-1])  # 蒙古族 also appears as 蒙古 (博尔塔拉蒙古自治州)
    return sorted(out, key=len, reverse=True)


def _strip_ethnic(name: str, ethnic: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for e in ethnic:
            if name.endswith(e) and len(name) - len(e) >= 2:
                name = name[: -len(e)]
                changed = True
                break
    return name


def short_name(full: str, level: str, ethnic: list[str]) -> str:
    """Canonical short display name: 河北省→河北, 延边朝鲜族自治州→延边, 石柱土家族自治县→石柱."""
    if level == "province":
        for suf in PROVINCE_SUFFIXES:
            if full.endswith(suf) and len(full) > len(suf) + 1:
                return full[: -len(suf)]
        return full
    for suf in ("自治州", "自治县", "自治旗", "地区", "林区", "新区", "盟", "市", "区", "县", "旗"):
        if full.endswith(suf) and len(full) > len(suf):
            if suf == "新区":
                return full  # 滨海新区 keeps its name
            base = full[: -len(suf)]
            if suf in ("自治州", "自治县", "自治旗") or base.endswith("族"):
                base = _strip_ethnic(base, ethnic)  # 瀍河回族区 → 瀍河
            return base if len(base) >= 2 else full  # 新县, 盂县: one character is no name
    return full


def _read_adcodes() -> list[tuple[str, str]]:
    with open(_cpca_file("adcodes.csv"), encoding="utf-8") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    return sorted(rows)


def _current_adcodes(history: tuple[RegionChange, ...]) -> list[tuple[str, str]]:
    """The adcode rows under today's names: a row renamed since the table was made (京山县 → 京山市,
    郫县 → 郫都区) keeps its code and takes the new name; a row merged into another (湾里区 →
    新建区) is dropped, its name becomes an alias of the other (_add_former_names)."""
    renamed = {c.old: c.new for c in history if c.kind not in ("merge", "split")}
    merged = {c.old for c in history if c.kind == "merge"}
    names = [n for _, n in _read_adcodes()]
    ambiguous = {n for n in renamed.keys() | merged if names.count(n) > 1}
    if ambiguous:
        raise SystemExit(f"region_history.json: old names shared by several adcode rows: {sorted(ambiguous)}")
    return [(code, renamed.get(full, full)) for code, full in _read_adcodes() if full not in merged]


def _add_former_names(regions: dict[str, dict[str, Any]], history: tuple[RegionChange, ...]) -> dict[str, str]:
    """Retired names (襄樊, 宣武区, 京山县) become aliases of today's region where no other region
    owns them; returns alias → the change's old name, for names that are not today's."""
    by_name = _name_index(regions)
    owner = {a: code for code, r in regions.items() for a in r["aliases"]}
    former: dict[str, str] = {}
    for c in history:
        code = by_name.get(c.new)
        if code is None:
            raise SystemExit(f"region_history.json: {c.old} → unknown region {c.new!r}")
        r = regions[code]
        for n in c.retired_names():
            if owner.get(n, code) != code or n in (r["name"], r["full_name"]):
                continue  # another region's name (or still this one's own): not a former name
            if n not in r["aliases"]:
                r["aliases"].append(n)
                owner[n] = code
            former[n] = c.old
    return former


def _pinyin(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(name, style=Style.NORMAL)).lower()


def _homophones(chars: set[str]) -> dict[str, str]:
    """syllable -> common characters read that way, for the syllables of alias characters."""
    from pypinyin import Style, pinyin

    def syllables(ch: str) -> set[str]:
        # The usual reading only: rare heteronyms (怀 'fu') make unrelated characters homophones.
        return {s for s in pinyin(ch, style=Style.NORMAL)[0] if s.isascii()}

    wanted: set[str] = set()
    for ch in chars:
        wanted |= syllables(ch)
    table: dict[str, list[str]] = defaultdict(list)
    for cp in range(0x4E00, 0x9FA6):
        ch = chr(cp)
        try:
            ch.encode("gb2312")  # common characters only: typos come from an IME's candidates
        except UnicodeEncodeError:
            continue
        for s in syllables(ch) & wanted:
            table[s].append(ch)
    return {s: "".join(cs) for s, cs in sorted(table.items())}


def _auto_blockers(aliases: set[str]) -> list[str]:
    """Common words whose tail is the head of a place name (确保 vs 保定, 中长期 vs 长沙 …)."""
    prefixes = set()
    for a in aliases:
        for k in range(1, len(a)):
            prefixes.add(a[:k])
    out = []
    for w, (freq, _tag) in _jieba_words().items():
        if freq < BLOCKER_MIN_FREQ or len(w) < 2 or len(w) > 4:
            continue
        if any(a in w for a in aliases if len(a) <= len(w)):
            continue  # contains a whole place name: not a blocker
        if any(w[k:] in prefixes for k in range(1, len(w))):
            out.append(w)
    return _confirmed_by_jieba(sorted(set(out)), aliases)


def _confirmed_by_jieba(candidates: list[str], aliases: set[str]) -> list[str]:
    """Keep a blocker only where jieba, knowing the place names, also keeps the word whole for
    every place it overlaps: 确保|定 stays, 以北|京 goes (jieba reads 以|北京)."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for a in aliases:
        if not tok.FREQ.get(a) and all("\u4e00" <= c <= "\u9fff" for c in a):
            tok.add_word(a, 1000)
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for a in aliases:
        for k in range(1, len(a)):
            by_prefix[a[:k]].append(a)
    out = []
    for w in candidates:
        ok = True
        for k in range(1, len(w)):
            for a in by_prefix.get(w[k:], ()):
                s = w[:k] + a
                if next(iter(tok.cut(s, HMM=False))) != w:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            out.append(w)
    return out


def _fuzzy_stopwords(aliases: set[str], homophones: dict[str, str]) -> list[str]:
    """Common words one homophone away from a place name (大力 ~ 大理): never typo-corrected."""
    import jieba

    reading: dict[str, set[str]] = defaultdict(set)
    for syl, chars in homophones.items():
        for c in chars:
            reading[c].add(syl)
    masked: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for a in aliases:
        if 2 <= len(a) <= 8:
            for p in range(len(a)):
                masked[a[:p] + "?" + a[p + 1:]].append((a, p))
    out = set()
    for w, (freq, _tag) in _jieba_words().items():
        if freq < FUZZY_STOP_MIN_FREQ or not 2 <= len(w) <= 8 or w in aliases:
            continue
        for p in range(len(w)):
            for a, q in masked.get(w[:p] + "?" + w[p + 1:], ()):
                if q == p and reading[w[p]] & reading[a[p]]:
                    out.add(w)
    return sorted(out)


def build() -> dict[str, Any]:
    cur = json.loads(CURATED.read_text("utf-8"))
    ethnic = _ethnic_names()
    require_full = set(cur["require_full_name"]["names"])
    retired = set(cur["retired_divisions"]["names"])
    history = load_region_history()
    regions: dict[str, dict[str, Any]] = {}

    def add(code: str, full: str, level: str, parents: list[str], name: str | None = None) -> dict:
        nm = name or short_name(full, level, ethnic)
        r = {"code": code, "name": nm, "full_name": full, "level": level, "parents": parents,
             "aliases": [], "pinyin": []}
        regions[code] = r
        return r

    district_codes: dict[str, str] = {}
    counties: list[tuple[str, str]] = []
    for code, full in _current_adcodes(history):
        pc, cc, dc = code[:2], code[2:4], code[4:6]
        if full in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or full in retired:
            continue
        prov = pc + "0" * 10
        if cc == "00" and dc == "00":
            add(code, full, "province", [])
        elif dc == "00" and cc != "90":
            add(code, full, "city", [prov])
        elif cc == "90" and cur.get("include_province_direct_county_cities") and full.endswith(("市", "林区")):
            add(code, full, "city", [prov])
        elif pc in MUNICIPALITIES and cc in ("01", "02"):
            add(code, full, "zone", [prov])  # districts of 北京/天津/上海/重庆
            district_codes[full] = code
        elif cur["counties"]["include"]:
            counties.append((code, full))

    # Counties, county-level cities and districts of prefectures (梅县区, 阿尔山市, 扎赉特旗): under
    # their prefecture, or the province where there is none (海南's counties, 莱芜's old districts).
    for code, full in counties:
        city = code[:4] + "0" * 8
        add(code, full, "county", [city if city in regions else code[:2] + "0" * 10])

    # Aliases of administrative divisions.
    county_aliases = _county_aliases([r for r in regions.values() if r["level"] == "county"],
                                     require_full | set(cur["counties"]["generic_names"]),
                                     set(cur["counties"]["short_names"]))
    for r in regions.values():
        if r["level"] == "county":
            r["aliases"] = county_aliases.get(r["code"], [])
            continue
        als = [r["full_name"]]
        nm = r["name"]
        if len(nm) >= 2 and nm not in require_full and nm != r["full_name"]:
            als.append(nm)
        if r["full_name"].endswith("自治州") and nm not in require_full:
            als.append(nm + "州")  # 延边州, 恩施州, 湘西州
        r["aliases"] = als

    by_name = _name_index(regions)

    # Zones (national new areas, development zones, merged cities).
    # A zone that is also a county-level district (南沙新区 = 南沙区) is that district, as 浦东新区 is.
    county_codes = {n: r["code"] for r in regions.values() if r["level"] == "county"
                    for n in (r["full_name"], r["name"])}
    pending = []
    for z in cur["zones"]["items"]:
        code = None
        for a in [z["name"], z["full_name"], *z["aliases"]]:
            if a in district_codes:
                code = district_codes[a]
            elif code is None and a in county_codes:
                code = county_codes[a]
                extra = [x for x in (regions[code]["full_name"], regions[code]["name"]) if x not in z["aliases"]]
                z = {**z, "aliases": [*z["aliases"], *extra]}
        if code is None:
            code = f"zone:{z['name']}"
        r = add(code, z["full_name"], "zone", [], name=z["name"])
        r["aliases"] = list(dict.fromkeys([z["full_name"], z["name"], *z["aliases"]]))
        r["kind"] = z.get("kind")
        pending.append((r, z["parent"] if isinstance(z["parent"], list) else [z["parent"]]))
    by_name = _name_index(regions)
    for r, parents in pending:
        r["parents"] = [_resolve(by_name, p) for p in parents]

    for full, extra in cur["district_extra_aliases"].items():
        regions[district_codes[full]]["aliases"].extend(extra)
    for nm, extra in cur["extra_aliases"].items():
        if nm.startswith("_"):
            continue
        regions[_resolve(by_name, nm)]["aliases"].extend(extra)

    # Macro-regions: members (provinces or cities) get the macro as a parent.
    for m in cur["macros"]:
        code = f"macro:{m['name']}"
        r = add(code, m["full_name"], "macro", [], name=m["name"])
        r["aliases"] = list(dict.fromkeys([m["name"], m["full_name"], *m["aliases"]]))
        r["directional"] = bool(m.get("directional"))
        r["names_members"] = bool(m.get("names_members"))
        r["members"] = [_resolve(by_name, x) for x in m["members"]]
        for mc in r["members"]:
            regions[mc]["parents"].append(code)

    by_name = _name_index(regions)

    # Alias collisions: the higher level keeps the name (吉林 → province, not 吉林市).
    owner: dict[str, str] = {}
    for code, r in sorted(regions.items(), key=lambda kv: (LEVEL_PRIORITY[kv[1]["level"]], kv[0])):
        keep = []
        for a in dict.fromkeys(r["aliases"]):
            if a in owner and owner[a] != code:
                continue
            owner[a] = code
            keep.append(a)
        r["aliases"] = keep
    former_names = _add_former_names(regions, history)

    # Pinyin: generated names that collide (山西/陕西 → shanxi) are dropped unless curated.
    py_map: dict[str, set[str]] = defaultdict(set)
    for code, r in regions.items():
        if r["level"] in ("province", "city") or r.get("kind") == "national_new_area":
            py_map[_pinyin(r["name"])].add(code)
    curated_py: dict[str, str] = {}
    for nm, pys in cur["pinyin"].items():
        if nm.startswith("_"):
            continue
        code = _resolve(by_name, nm)
        for p in pys:
            curated_py[_ascii_key(p)] = code
    for p, codes in py_map.items():
        if len(codes) == 1 and p not in curated_py and regions[next(iter(codes))]["name"] not in require_full:
            regions[next(iter(codes))]["pinyin"].append(p)
    for p, code in curated_py.items():
        regions[code]["pinyin"].append(p)

    abbreviations = {}
    for ch, spec in cur["abbreviations"].items():
        if ch.startswith("_"):
            continue
        abbreviations[ch] = {"code": _resolve(by_name, spec["region"]), "standalone": spec["standalone"]}
    compounds = {w: [_resolve(by_name, x) for x in members]
                 for w, members in cur["compound_overrides"].items() if not w.startswith("_")}

    # Blockers and typo tables come from the names above county level: counties are matched by
    # their own context rule (bot/language/gazetteer.py) and never typo-corrected, and ~2,750 more names
    # would make jieba split common words (决定|远) and so drop the blockers the others need.
    # Retired names (汉沽区, 襄樊) stay out: they are matched exactly, never corrected, and as jieba
    # words they would split the very words that block today's names (西汉|中 vs 汉中).
    all_aliases = {a for r in regions.values() if r["level"] != "county" for a in r["aliases"]
                   if a not in former_names}
    alias_chars = {c for a in all_aliases for c in a}
    homophones = _homophones(alias_chars)
    return {
        "_generated_by": "scripts/build_gazetteer.py; do not edit, edit regions_curated.json and rebuild",
        "_sources": ["cpca 0.5.5 resources/adcodes.csv, 56_nations.csv (MIT)", "pypinyin (MIT)",
                     "jieba dict.txt (MIT)", "bot/data/regions_curated.json",
                     "bot/data/region_history.json"],
        "regions": sorted(regions.values(), key=lambda r: (LEVEL_PRIORITY[r["level"]], r["code"])),
        "abbreviations": abbreviations,
        "compound_overrides": compounds,
        "non_compounds": cur["non_compounds"]["words"],
        "query_followers": cur["query_followers"]["words"],
        "query_leaders": cur["query_leaders"]["words"],
        "directional_after": cur["directional_context"]["after"],
        "blockers": cur["blockers"]["words"],
        "auto_blockers": _auto_blockers(all_aliases),
        "homophones": homophones,
        "fuzzy_stopwords": _fuzzy_stopwords(all_aliases, homophones),
        "former_names": dict(sorted(former_names.items())),
    }


@lru_cache(maxsize=1)
def _jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's dict.txt as word → (frequency, tag), in file order: read once for blockers, typo
    stop words and county names."""
    import jieba

    out: dict[str, tuple[int, str]] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                out[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return out


def _county_aliases(counties: list[dict[str, Any]], require_full: set[str],
                    places: set[str] = frozenset()) -> dict[str, list[str]]:
    """Names a county is found by. There are ~2,750 counties, so a name counts only when it is
    safe: not a common word (see `common`), not shared by two counties (鼓楼区, 市中区: the text
    cannot tell which), and for short names at least two characters (盂县 stays whole). An
    autonomous county is also called X县 (青龙县). `places`: curated short names that count
    although jieba finds them common (融水, 宜兴)."""
    words = _jieba_words()

    def common(name: str) -> bool:
        # jieba's tags for places are noisy (张北 nr, 义乌 nz), so only a very frequent name, or a
        # frequent one tagged as an ordinary word, is taken for a common word (滨海, 白云, 解放, 平安).
        if name in places:
            return False
        freq, tag = words.get(name, (0, ""))
        return freq >= COUNTY_COMMON_FREQ or (freq >= BLOCKER_MIN_FREQ and tag not in ("ns", "nr", "nz"))

    wanted: dict[str, list[str]] = {}
    for r in counties:
        full, short = r["full_name"], r["name"]
        names = [full] if full not in require_full else []
        if len(short) >= 2 and short != full and short not in require_full:
            names.append(short)
        for suf, alt in (("自治县", "县"), ("自治旗", "旗")):
            if full.endswith(suf) and len(short) >= 2:
                names.append(short + alt)
        wanted[r["code"]] = [n for n in dict.fromkeys(names) if not common(n)]
    uses: dict[str, int] = defaultdict(int)
    for names in wanted.values():
        for n in names:
            uses[n] += 1
    return {code: [n for n in names if uses[n] == 1] for code, names in wanted.items()}


def _ascii_key(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())


def _name_index(regions: dict[str, dict]) -> dict[str, str]:
    idx: dict[str, str] = {}
    for code, r in sorted(regions.items(), key=lambda kv: (-LEVEL_PRIORITY[kv[1]["level"]], kv[0])):
        for n in (r["name"], r["full_name"], *r["aliases"]):
            idx[n] = code  # higher levels are written last and win
    return idx


def _resolve(by_name: dict[str, str], name: str) -> str:
    if name not in by_name:
        raise SystemExit(f"regions_curated.json: unknown region name {name!r}")
    return by_name[name]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed file, do not write")
    args = ap.parse_args(argv)
    data = build()
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.check:
        same = OUT.exists() and OUT.read_text("utf-8") == text
        print("gazetteer.json is up to date" if same else "gazetteer.json is stale: rebuild it")
        return 0 if same else 1
    OUT.write_text(text, "utf-8")
    levels = defaultdict(int)
    for r in data["regions"]:
        levels[r["level"]] += 1
    print(f"wrote {OUT.relative_to(ROOT)}: {dict(levels)}, {len(data['auto_blockers'])} auto blockers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
