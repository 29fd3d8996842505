"""Benchmark: comparison answers and their charts — answer latency, chart draw time and PNG size.

Prints figures; asserts nothing (speed is measured here, never in timed tests). Needs a database
with comparable figures: the archive months (`newsbot ingest /tmp/rmrb --db X`), or the excerpts in
tests/data/compare/ (the default: built into a temporary database).

Run: .venv/bin/python benchmarks/bench_compare.py [--db PATH] [--questions FILE] [--rounds N]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.ingest import store  # noqa: E402
from bot.present.chart import draw_chart  # noqa: E402
from bot.answer.engine import Engine  # noqa: E402

EXCERPTS = ROOT / "tests" / "data" / "compare"
DEFAULT_QUESTIONS = ["各地规上工业企业复工率", "浙江和天津的规上工业企业复工率", "/compare 吉林 天津 复工率",
                     "哪个省规上工业企业复工率最高"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="database to use (default: the excerpts, ingested into a temp file)")
    ap.add_argument("--questions", help="a question file (kind: compare) to take the questions from")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if args.db:
        engine = Engine(store.connect(args.db))
    else:
        tmp = Path(tempfile.mkdtemp()) / "bench.db"
        engine = Engine.open(db_path=str(tmp), corpus=str(EXCERPTS))
    questions = DEFAULT_QUESTIONS
    if args.questions:
        questions = [json.loads(l)["q"] for l in Path(args.questions).read_text("utf-8").splitlines() if l.strip()]
    t0 = time.perf_counter()
    first = engine.answer(questions[0])
    if first.comparison is not None:
        draw_chart(first.comparison)  # matplotlib and the font load once, at the first chart
    print(f"warm-up (first answer and first chart, imports included): {(time.perf_counter() - t0) * 1000:.0f} ms")
    answer_ms: list[float] = []
    draw_ms: list[float] = []
    sizes: list[int] = []
    for q in questions:
        for _ in range(args.rounds):
            t = time.perf_counter()
            reply = engine.answer(q)
            answer_ms.append((time.perf_counter() - t) * 1000)
            if reply.comparison is None or reply.comparison.chart is None:
                continue
            t = time.perf_counter()
            png = draw_chart(reply.comparison)
            draw_ms.append((time.perf_counter() - t) * 1000)
            if png:
                sizes.append(len(png))
    def line(name: str, xs: list[float], unit: str) -> None:
        if xs:
            xs = sorted(xs)
            p95 = xs[min(len(xs) - 1, int(len(xs) * 0.95))]
            print(f"{name:<14} n={len(xs):<4} median {statistics.median(xs):8.1f} {unit}   "
                  f"p95 {p95:8.1f} {unit}   max {xs[-1]:8.1f} {unit}")
    print(f"{len(questions)} questions × {args.rounds} rounds")
    line("answer", answer_ms, "ms")
    line("chart draw", draw_ms, "ms")
    line("chart size", [s / 1024 for s in sizes], "KB")


if __name__ == "__main__":
    main()
