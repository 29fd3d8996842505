"""Benchmark: engine latency per question on the bundled corpus, against a linear-scan baseline.

Prints figures; asserts nothing (speed is measured here, never in timed tests).
Run: .venv/bin/python benchmarks/bench_engine.py [--rounds N]
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.ingest import store  # noqa: E402
from benchmarks.percentiles import pct  # noqa: E402
from bot.answer.engine import Engine  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402
from bot.language.text import sentences  # noqa: E402

EXTRA = ["河北今天有啥新闻", "/brief 四川", "长沙研发投入强度是多少", "南铁春运要送多少旅客", "科创岛", "链长制",
         "唐山高新区应急项目总投资多少钱", "哈尔滨新区明年计划纳入多少家企业", "广东研发投入强度是多少",
         "東北地區今天的簡報", "吕粱最新消息", "自动驾驶卡车", "/today", "/regions", "请问一下长沙新增研发机构多少家呢？"]


def questions() -> list[str]:
    dev = [json.loads(x)["q"] for x in (ROOT / "tests/data/dev_questions.jsonl").read_text("utf-8").splitlines() if x]
    return dev + EXTRA


def linear_scan(db, text: str) -> str:
    """The baseline: score every sentence of every paragraph against the message, keep the best."""
    best, best_score = "", -1.0
    for (para,) in db.execute("SELECT text FROM paragraphs").fetchall():
        for s in sentences(para):
            sc = fuzz.partial_ratio(text, s)
            if sc > best_score:
                best, best_score = s, sc
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--copies", type=int, default=1,
                    help="issues in the corpus: the seed page repeated under consecutive dates")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp())
    tmp = work / "bench.db"
    corpus = ROOT / "corpus"
    if args.copies > 1:
        corpus = work / "corpus"
        corpus.mkdir()
        seed = next((ROOT / "corpus").glob("*.txt")).read_text("utf-8")
        day0 = date(2025, 1, 17)
        for k in range(args.copies):
            d = (day0 - timedelta(days=k)).isoformat()
            (corpus / f"{d}_page.txt").write_text(f"---\ndate: {d}\n---\n" + seed, "utf-8")

    t0 = time.perf_counter()
    engine = Engine.open(tmp, corpus)
    cold_open = time.perf_counter() - t0
    # Ingest again into a fresh db now that jieba and the gazetteer are loaded: the page itself.
    t0 = time.perf_counter()
    ingest(store.connect(work / "again.db"), [next(corpus.glob("*.txt"))])
    warm_ingest = time.perf_counter() - t0

    qs = questions()
    for q in qs:  # warm-up
        engine.answer(q)
    per_q: dict[str, list[float]] = {q: [] for q in qs}
    base: dict[str, list[float]] = {q: [] for q in qs}
    for _ in range(args.rounds):
        for q in qs:
            t = time.perf_counter()
            engine.answer(q)
            per_q[q].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            linear_scan(engine.db, q)
            base[q].append((time.perf_counter() - t) * 1000)
    medians = [statistics.median(v) for v in per_q.values()]
    base_medians = [statistics.median(v) for v in base.values()]
    slowest_q = max(per_q, key=lambda q: statistics.median(per_q[q]))
    print(f"corpus: {engine.corpus.stats()['articles']} articles, {engine.corpus.stats()['figures']} figures; "
          f"{len(qs)} questions x {args.rounds} rounds")
    print(f"cold open (jieba + gazetteer + build db): {cold_open * 1000:.0f} ms")
    print(f"warm ingest of one page into a new db:     {warm_ingest * 1000:.0f} ms")
    print(f"engine   per-question median {statistics.median(medians):.2f} ms, "
          f"p95 {pct(medians, 0.95):.2f} ms, slowest {max(medians):.2f} ms ({slowest_q})")
    print(f"baseline linear scan over every sentence: median {statistics.median(base_medians):.2f} ms, "
          f"slowest {max(base_medians):.2f} ms")
    print(f"ratio baseline/engine (medians): {statistics.median(base_medians) / statistics.median(medians):.2f}x")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
