"""A refactor changes no answer: dump `newsbot ask --json` for every question file, then diff two dumps.

    python scripts/compare_answers.py dump --db .newsbot/newsbot.db --out /tmp/before.jsonl
    python scripts/compare_answers.py dump --db /tmp/rmrb.db --out /tmp/before-rmrb.jsonl
    ... change the code ...
    python scripts/compare_answers.py dump --db /tmp/rmrb.db --out /tmp/after-rmrb.jsonl
    python scripts/compare_answers.py diff /tmp/before-rmrb.jsonl /tmp/after-rmrb.jsonl

`dump` asks every question of the files named (by default every tests/data/*_questions.jsonl)
through the installed CLI, one process per database, with PYTHONHASHSEED=0 (`--seed` sets another:
two dumps with different seeds must not differ either, or an answer depends on set order), and
writes one line per question: the file, the question and the whole JSON reply. `diff` prints each
question whose reply differs and exits 1 when any does. Questions that say 今天 or 最近 depend on
the day they are asked: compare dumps made the same day.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _questions(files: list[Path]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)["q"]
                out.append((f.name, " ".join(q.split())))
    return out


def dump(db: str, files: list[Path], out: Path, seed: int = 0) -> int:
    qs = _questions(files)
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    cmd = [sys.executable, "-m", "bot", "ask", "--json", "--db", db]
    proc = subprocess.run(cmd, input="\n".join(q for _, q in qs) + "\n", capture_output=True,
                          text=True, env=env, cwd=ROOT, check=False)
    replies = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or len(replies) != len(qs):
        print(proc.stderr[-2000:], file=sys.stderr)
        print(f"{len(replies)} replies to {len(qs)} questions, exit {proc.returncode}", file=sys.stderr)
        return 2
    with out.open("w", encoding="utf-8") as fh:
        for (name, q), reply in zip(qs, replies):
            fh.write(json.dumps({"file": name, "q": q, "reply": json.loads(reply)}, ensure_ascii=False) + "\n")
    print(f"{len(qs)} answers from {len(files)} files written to {out}")
    return 0


def diff(a: Path, b: Path) -> int:
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    if len(left) != len(right):
        print(f"different question counts: {len(left)} vs {len(right)}")
        return 1
    changed = 0
    for x, y in zip(left, right):
        if x != y:
            changed += 1
            rx, ry = json.loads(x), json.loads(y)
            print(f"{rx['file']}: {rx['q']}")
            print(f"  before: {rx['reply'].get('text', '')[:160]!r}")
            print(f"  after:  {ry['reply'].get('text', '')[:160]!r}")
    print(f"{len(left)} answers compared, {changed} differ")
    return 1 if changed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--db", required=True)
    d.add_argument("--out", required=True, type=Path)
    d.add_argument("--seed", type=int, default=0, help="PYTHONHASHSEED of the answering process")
    d.add_argument("files", nargs="*", type=Path, help="question files (default tests/data/*_questions.jsonl)")
    f = sub.add_parser("diff")
    f.add_argument("before", type=Path)
    f.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        files = args.files or sorted((ROOT / "tests" / "data").glob("*_questions.jsonl"))
        return dump(args.db, files, args.out, args.seed)
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
