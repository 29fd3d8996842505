"""Benchmark: the engine's CPU time per answer over question files, on a database you give.

    python benchmarks/bench_questions.py --db DB [--rounds 3] FILES…

Each question is answered `rounds` times after one warm-up answer; its time is the median of those
(CPU time of this process, so a shared machine's load barely moves it). Prints p50 / p90 / p99 / max
over questions, by kind (stat, brief, search). Asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.percentiles import pct  # noqa: E402
from bot.answer.engine import Engine  # noqa: E402
from bot.answer.evaluate import load_questions  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args()
    engine = Engine.open(args.db)
    times: dict[str, list[float]] = {}
    for f in args.files:
        for q in load_questions(f):
            text = str(q["q"])
            engine.answer(text)  # warm: caches of the question's words
            runs = []
            for _ in range(args.rounds):
                t0 = time.process_time()
                engine.answer(text)
                runs.append(time.process_time() - t0)
            times.setdefault(str(q["kind"]), []).append(statistics.median(runs) * 1000)
    for kind, xs in sorted(times.items()):
        print(f"{kind:7s} n={len(xs):4d}  p50 {pct(xs, 0.50):6.1f} ms  p90 {pct(xs, 0.90):6.1f} ms  "
              f"p99 {pct(xs, 0.99):6.1f} ms  max {max(xs):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
