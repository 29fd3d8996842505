"""Measure figure extraction on a real archive (crawler layout) against the stat questions of an eval file.

    python scripts/figure_check.py ARCHIVE EVAL.jsonl [--verbose] [--all] [--junk N]

ARCHIVE holds one folder per month (`2019-02/20190213/20190213-10-05.txt`, …); a stat question's
article is `ARCHIVE/<date[:7]>/<file>`. For every answerable stat question the script extracts the
figures of its article and reports

- found: a figure whose display contains an expected string (the qualifier as printed included);
- for the best such figure, whether its metric, period and scope look right: the metric is a
  non-junk noun phrase sharing a word with the question; a year asked (2018年, 18年, 去年) is the
  figure's year; a region asked is the figure's region (or one of its ancestors names it).

With --all it also reads every article of every month and counts figures, figures without a metric,
metrics that are junk (function words, a bare verb or qualifier), and junk figures (place nouns
restating a list, 35周 of 35周岁, dates). Time per article is measured over the extraction only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.analyse.figures.extract import ExtractedFigure, extract_figures  # noqa: E402
from bot.language.gazetteer import Gazetteer, load_gazetteer  # noqa: E402
from bot.analyse.regions import article_regions, main_region  # noqa: E402
from bot.language.text import to_simplified  # noqa: E402

_DATELINE = re.compile(r"^(?:本报|新华社)[^　 （(]{0,12}?\d{1,2}月\d{1,2}日(?:电|讯)\s*(?:[（(][^）)]{0,40}[）)])?\s*")
# Metric labels that say nothing about what is measured.
_JUNK_METRIC = re.compile(
    r"^(?:[的了在到至为于从由将把和及与或等内外中上下左右约近超多余以及其该此这那]|增长到|减少到|下降到|提高到|为期|左右|以上|以下|"
    r"同比|环比|增长|下降|减少|增加|提高|提升|达到|超过|到\d.*|.*的)$")
_YEAR_Q = re.compile(r"(\d{2,4})年")


class Article:
    def __init__(self, path: Path) -> None:
        lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        lines += ["", "", ""]
        self.kicker, self.headline, self.subtitle = (x.strip() for x in lines[:3])
        paras = [ln.strip(" \u3000\t") for ln in lines[3:]]
        paras = [p for p in paras if p]
        if paras:
            paras[0] = _DATELINE.sub("", paras[0])
        self.paragraphs = [p for p in paras if p]
        self.issue_date = f"{path.parent.name[:4]}-{path.parent.name[4:6]}-{path.parent.name[6:8]}"


def figures_of(art: Article, gaz: Gazetteer) -> tuple[list[ExtractedFigure], float]:
    regions = article_regions(art.headline, art.kicker or None, None, art.paragraphs, gaz)
    main = main_region(regions, gaz)
    t0 = time.perf_counter()
    figs = extract_figures(art.paragraphs, issue_year=int(art.issue_date[:4]), main_region=main.name if main else None,
                           find_regions=_places(gaz), **_date_kw(art.issue_date))
    return figs, time.perf_counter() - t0


def _places(gaz: Gazetteer) -> Any:
    """As at ingest: places named, and the cities organisations are named after (when supported)."""
    import inspect

    if "orgs" in inspect.signature(gaz.find_mentions).parameters:
        return lambda text: gaz.find_mentions(text, orgs=True)
    return gaz.find_mentions


def _date_kw(issue_date: str) -> dict[str, Any]:
    import inspect

    return {"issue_date": issue_date} if "issue_date" in inspect.signature(extract_figures).parameters else {}


def _facts(f: ExtractedFigure) -> tuple[Any, ...]:
    return (f.metric, f.region, f.period, f.unit, f.is_change, getattr(f, "measure", None))


def junk_metric(m: str | None) -> bool:
    return not m or bool(_JUNK_METRIC.match(m))


def junk_figure(f: ExtractedFigure) -> bool:
    after = f.sentence[f.end:f.end + 1]
    if f.unit in ("周", "年") and after == "岁":
        return True  # 35周岁以下
    if f.unit in ("地", "省", "市", "国", "区", "县") and f.display[0] in "两二三四五六七八九十":
        return True  # 两地, 三省: restating a list of places
    if re.fullmatch(r"\d{4}年", f.display) or f.unit in ("月", "日"):
        return True
    return False


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def metric_ok(f: ExtractedFigure, q: str, gaz: Gazetteer) -> bool:
    if junk_metric(f.metric):
        return False
    qs = to_simplified(q)
    for m in gaz.query_mentions(qs):
        qs = qs[:m.start] + "　" * (m.end - m.start) + qs[m.end:]
    return bool(_bigrams(f.metric or "") & _bigrams(qs)) or bool(set(f.metric or "") & set(qs) - set("多少的了是有几"))


def period_ok(f: ExtractedFigure, q: str, issue_year: int) -> bool | None:
    m = _YEAR_Q.search(q)
    want: int | None = None
    if m:
        y = int(m.group(1))
        want = y + 2000 if y < 100 else y
    elif "去年" in q:
        want = issue_year - 1
    elif "今年" in q:
        want = issue_year
    if want is None:
        return None
    return f.year == want


def scope_ok(f: ExtractedFigure, q: str, gaz: Gazetteer) -> bool | None:
    asked = gaz.resolve_query(to_simplified(q))
    if not asked:
        return None
    if f.region is None:
        return False
    got = gaz.get(f.region)
    names = {f.region} | ({a.name for a in gaz.ancestors(got.code)} if got else set())
    return any(a.name in names for a in asked)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("eval", type=Path)
    ap.add_argument("--verbose", "-v", action="store_true", help="print every question that is not all right")
    ap.add_argument("--all", action="store_true", help="also count over every article of the archive")
    ap.add_argument("--junk", type=int, default=0, help="with --all, print this many junk examples")
    args = ap.parse_args()
    gaz = load_gazetteer()
    qs = [json.loads(ln) for ln in args.eval.read_text(encoding="utf-8").splitlines() if ln.strip()]
    stat = [q for q in qs if q.get("kind") == "stat" and q.get("file") and q.get("expect")]
    found = 0
    ok: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for q in stat:
        art = Article(args.archive / q["date"][:7] / q["file"])
        figs, _ = figures_of(art, gaz)
        hits = [f for f in figs if any(e in f.display for e in q["expect"])]
        # prefer the figure whose display is the expected string exactly
        hits.sort(key=lambda f: (f.display not in q["expect"], f.is_change, not f.metric))
        if not hits:
            if args.verbose:
                print(f"MISS {q['id']} {q['q']} {q['expect']}")
            continue
        found += 1
        f = hits[0]
        # a rival: another figure of the article whose facts (metric, scope, period, unit, measure) are the same,
        # so no ranking on those fields can tell the answer from it
        facts = _facts(f)
        rivals = [g for g in figs if g is not f and _facts(g) == facts and g.value != f.value]
        checks = {"metric": metric_ok(f, q["q"], gaz), "period": period_ok(f, q["q"], int(q["date"][:4])),
                  "scope": scope_ok(f, q["q"], gaz), "distinct": not rivals,
                  "level": getattr(f, "measure", "level") != "start"}
        for k, v in checks.items():
            if v is not None:
                asked[k] += 1
                ok[k] += int(v)
        if args.verbose and not all(v is not False for v in checks.values()):
            bad = ",".join(k for k, v in checks.items() if v is False)
            print(f"BAD({bad}) {q['id']} {q['q']} -> {f.display} metric={f.metric!r} period={f.period!r} "
                  f"region={f.region!r}")
    print(f"stat questions with an expected figure: {len(stat)}")
    print(f"found (a figure's display contains the expected string): {found}/{len(stat)}")
    for k in ("metric", "period", "scope"):
        print(f"  {k} looks right: {ok[k]}/{asked[k]} (of found questions where it can be checked)")
    print(f"  distinct (no other figure of the article has the same metric, scope, period, unit and measure): "
          f"{ok['distinct']}/{asked['distinct']}")
    print(f"  not the starting value of a 从A到B: {ok['level']}/{asked['level']}")
    if args.all:
        n_art = n_fig = empty = junk_m = junk_f = 0
        secs = 0.0
        examples: list[str] = []
        jm_examples: Counter[str] = Counter()
        for month in sorted(p for p in args.archive.iterdir() if p.is_dir()):
            for path in sorted(month.glob("*/*.txt")):
                art = Article(path)
                figs, dt = figures_of(art, gaz)
                n_art += 1
                secs += dt
                n_fig += len(figs)
                for f in figs:
                    if not f.metric:
                        empty += 1
                    elif junk_metric(f.metric):
                        junk_m += 1
                        jm_examples[f.metric] += 1
                    if junk_figure(f):
                        junk_f += 1
                        if len(examples) < args.junk:
                            examples.append(f"{f.display} in …{f.sentence[max(0, f.start - 12):f.end + 6]}…")
        print(f"articles: {n_art}, figures: {n_fig}, extraction {1000 * secs / max(n_art, 1):.1f} ms/article")
        print(f"  empty metric: {empty}, junk metric: {junk_m}, junk figures: {junk_f}")
        if args.junk:
            print("  junk metrics:", ", ".join(f"{m}×{c}" for m, c in jm_examples.most_common(args.junk)))
            for e in examples:
                print("  junk figure:", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
