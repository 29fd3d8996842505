"""Score question files the way the trust issue counts: right, wrong figure given as the answer,
wrongly refused, and unanswerable refused, by kind and by the failure class a question names.

    python scripts/blind_report.py --db /tmp/rmrb.db tests/data/heldout5_questions.jsonl ...

A stat question is right when the first figure prints an expected value; a wrong figure is any other
figure given as the answer (for an unanswerable question: any figure); wrongly refused is no figure
where one was expected. A 可能是 (a figure offered, not given: `suggestions` of kind "maybe") is
counted apart: maybe_right when it prints an expected value, else maybe_other; for an unanswerable
question, maybe_offered. Briefs and searches are judged as `newsbot eval` judges them.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answer.engine import Engine  # noqa: E402
from bot.answer.evaluate import judge, load_questions  # noqa: E402
from bot.ingest.paths import default_corpus  # noqa: E402
from bot.present.reply import Reply  # noqa: E402


def outcome(question: dict[str, object], ok: bool, reply: Reply) -> str:
    if question["kind"] != "stat":
        return "right" if ok else "wrong"
    maybe = [str(s.get("display", "")) for s in reply.suggestions if s.get("kind") == "maybe"]
    if question.get("unanswerable") or not question.get("expect"):
        if reply.figures:
            return "unanswerable_figure"
        return "maybe_offered" if maybe else "refused_ok"
    if ok:
        return "right"
    if reply.figures:
        return "wrong_figure"
    if maybe:
        expect = [str(e) for e in question["expect"]]  # type: ignore[attr-defined]
        return "maybe_right" if any(e in maybe[0] for e in expect) else "maybe_other"
    return "refused"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args()
    engine = Engine.open(args.db, default_corpus())
    total: Counter[tuple[str, str]] = Counter()
    by_class: Counter[tuple[str, str]] = Counter()
    for f in args.files:
        counts: Counter[tuple[str, str]] = Counter()
        for q in load_questions(f):
            reply = engine.answer(str(q["q"]))
            res = judge(q, reply, engine)
            got = outcome(q, res.ok, reply)
            counts[(str(q["kind"]), got)] += 1
            if q["kind"] == "stat":
                by_class[(str(q.get("class", "?")), got)] += 1
            if got not in ("right", "refused_ok", "maybe_right"):
                print(f"  {q.get('id')} [{q['kind']}/{q.get('class', '')}] {got}: {q['q']} — {res.why}")
        total.update(counts)
        print(f"{f.name}: {_line(counts)}")
    print(f"all: {_line(total)}")
    for cls in sorted({c for c, _ in by_class}):
        row = {o: by_class[(cls, o)] for o in ("right", "wrong_figure", "maybe_right", "maybe_other", "refused",
                                               "refused_ok", "maybe_offered", "unanswerable_figure")}
        print(f"  class {cls}: " + ", ".join(f"{k} {v}" for k, v in row.items() if v))
    return 0


def _line(c: Counter[tuple[str, str]]) -> str:
    answerable = sum(c[("stat", o)] for o in ("right", "wrong_figure", "maybe_right", "maybe_other", "refused"))
    unans = sum(c[("stat", o)] for o in ("refused_ok", "maybe_offered", "unanswerable_figure"))
    parts = [f"stat {c[('stat', 'right')]}/{answerable} answerable right",
             f"{c[('stat', 'wrong_figure')]} wrong figures",
             f"可能是 {c[('stat', 'maybe_right')]} right + {c[('stat', 'maybe_other')]} other",
             f"{c[('stat', 'refused')]} wrongly refused",
             f"unanswerable: {c[('stat', 'refused_ok')]}/{unans} refused, {c[('stat', 'maybe_offered')]} 可能是, "
             f"{c[('stat', 'unanswerable_figure')]} given a figure"]
    for kind in ("brief", "search"):
        n = c[(kind, "right")] + c[(kind, "wrong")]
        if n:
            parts.append(f"{kind} {c[(kind, 'right')]}/{n}")
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
