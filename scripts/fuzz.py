"""Fuzz the engine and both renderers with hostile input, on demand; prints what it found.

    python scripts/fuzz.py [--examples 10000] [--seed N] [--db PATH]

Messages, button data and inline queries (tests/fuzzing.py generates them and holds the checks)
go through Engine.answer / CallbackStore.decode + Engine.action / the inline cards, on the bundled
corpus in a temporary database. Prints the number of inputs, exceptions, replies that are not valid
Telegram HTML within 4096 UTF-16 units, and the slowest answer; exits 1 if anything failed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bot.answer.engine import Engine  # noqa: E402
from bot.tg.callback_store import CallbackStore  # noqa: E402
from tests.fuzzing import (  # noqa: E402
    CALLBACK_DATA,
    INLINE_QUERY,
    MESSAGE,
    Tally,
    check_callback,
    check_inline,
    check_message,
)


def _run(strategy: st.SearchStrategy[str], n: int, rng_seed: int, check: Callable[[str], None]) -> None:
    @seed(rng_seed)
    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(value=strategy)
    def run(value: str) -> None:
        check(value)  # never raises: the tally counts instead, so hypothesis neither stops nor shrinks

    run()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=10_000, help="inputs in all (default 10000)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--db", help="database to build (default: a temporary one)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        engine: Any = Engine.open(db_path=args.db or Path(tmp) / "fuzz.db", corpus=ROOT / "corpus")
        store = CallbackStore(Path(tmp) / "state.db")
        tally = Tally()
        shares = [("messages", MESSAGE, 0.6, lambda v: check_message(engine, v, tally)),
                  ("button data", CALLBACK_DATA, 0.25, lambda v: check_callback(engine, store, v, tally)),
                  ("inline queries", INLINE_QUERY, 0.15, lambda v: check_inline(engine, v, tally))]
        t0 = time.perf_counter()
        for name, strategy, share, check in shares:
            before = tally.inputs
            _run(strategy, max(1, round(args.examples * share)), args.seed, check)
            print(f"{name:<15} {tally.inputs - before:>6} inputs", flush=True)
        seconds = time.perf_counter() - t0
        # The machine is shared: time the slowest input again to tell its own cost from a stall.
        door, value = tally.slowest
        again = []
        for _ in range(3):
            started = time.perf_counter()
            if door == "callback":
                decoded = store.decode(value)
                if decoded:
                    engine.action(*decoded)
            elif value.strip():
                engine.answer(value.strip() if door == "inline" else value)
            again.append((time.perf_counter() - started) * 1000)

    print(f"inputs          {tally.inputs}")
    print(f"exceptions      {len(tally.exceptions)}")
    print(f"invalid HTML    {len(tally.invalid_html)}")
    print(f"slowest answer  {tally.slowest_ms:.1f} ms  ({tally.slowest_input}); "
          f"timed again: {min(again):.1f} ms at best of 3")
    print(f"answer times    median {tally.percentile(0.5):.1f} ms, p99 {tally.percentile(0.99):.1f} ms, "
          f"p99.9 {tally.percentile(0.999):.1f} ms")
    print(f"total time      {seconds:.1f} s")
    for line in (tally.exceptions + tally.invalid_html)[:20]:
        print("  " + line)
    return 1 if tally.exceptions or tally.invalid_html else 0


if __name__ == "__main__":
    raise SystemExit(main())
