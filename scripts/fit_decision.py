"""Fit the margins of the three-outcome decision (bot/answer/decide.py; "decision" in
bot/data/rank_weights.json) on question files, with cross-validation held out by article.

    python scripts/fit_decision.py --set DB:QUESTIONS [--set …] [--folds 5] [--wrong-cost 5] [--write]

For each answerable stat question the figure search (unpruned) gives the answers ranked; a choice
of margins turns the best one into the answer or a 可能是. A wrong answer costs `--wrong-cost`
right ones (the trust issue asks at least 5). Prints, for the current margins, for each held-out
fold (margins fitted on the other folds' articles) and in-sample: right answers, wrong answers,
and right figures offered as 可能是 instead.
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answer.engine import Engine  # noqa: E402
from bot.answer.evaluate import load_questions  # noqa: E402
from bot.answer.tuning import COVERAGE_SHORTFALL, RIVAL_MARGIN, RIVAL_MARGIN_SAME_SENTENCE  # noqa: E402
from bot.answer.understand import Message, understand  # noqa: E402

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "bot" / "data" / "rank_weights.json"
GRID = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3]
SHORTFALLS = [1.0, 0.2, 0.1, 0.05]
Margins = tuple[float, float, float]  # (rival_margin_same_sentence, rival_margin, coverage_shortfall)


@dataclass
class Case:
    """One answerable question's best answer and what decides whether it is given."""

    group: str  # the article the question is about: folds never split one
    correct: bool  # the best answer prints an expected value
    gap: float  # its score above the best answer with another value (inf when none)
    same_sentence: bool  # that rival stands in the best answer's sentence
    shortfall: float  # how much more of the question's words a close answer covers


def load(db: str, questions: str) -> list[Case]:
    eng = Engine.open(db)
    cases = []
    for q in load_questions(questions):
        expect = [str(e) for e in q.get("expect") or []]
        if q["kind"] != "stat" or not expect or q.get("unanswerable"):
            continue
        found = eng._figure_search(understand(Message(str(q["q"])), date.today()), prune=False)
        if not found.good:
            continue
        top = found.good[0]
        rival = next((s for s in found.good[1:] if s.figure["value"] != top.figure["value"]), None)
        near = [s for s in found.good if top.score - s.score < max(GRID) and s.figure["value"] != top.figure["value"]]
        cases.append(Case(
            group=f"{questions}:{q.get('file') or q.get('article') or q.get('id')}",
            correct=any(e in top.figure["display"] for e in expect),
            gap=top.score - rival.score if rival else float("inf"),
            same_sentence=bool(rival and rival.figure["sentence"] == top.figure["sentence"]
                               and rival.figure["article_id"] == top.figure["article_id"]),
            shortfall=max([s.coverage - top.coverage for s in near], default=0.0)))
    return cases


def answers(c: Case, m: Margins) -> bool:
    """Whether the best is given as the answer (else a 可能是), as decide.py decides."""
    same, other, shortfall = m
    return c.gap >= (same if c.same_sentence else other) and c.shortfall <= shortfall


def tally(cases: list[Case], m: Margins) -> tuple[int, int, int]:
    """(right answers, wrong answers, right figures offered as 可能是)."""
    given = [c for c in cases if answers(c, m)]
    right = sum(c.correct for c in given)
    return right, len(given) - right, sum(c.correct for c in cases if not answers(c, m))


def fit(cases: list[Case], wrong_cost: float) -> Margins:
    def objective(m: Margins) -> float:
        right, wrong, _ = tally(cases, m)
        return right - wrong_cost * wrong
    return max(itertools.product(GRID, GRID, SHORTFALLS), key=objective)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", required=True, help="DB:QUESTIONS")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--wrong-cost", type=float, default=5.0)
    ap.add_argument("--write", action="store_true", help="write the in-sample fit to rank_weights.json")
    args = ap.parse_args()
    cases = [c for s in args.set for c in load(*s.split(":", 1))]
    fmt = "right {} · wrong {} · 可能是 right {}"
    print(f"{len(cases)} answerable questions with an answer; current margins "
          f"{(RIVAL_MARGIN_SAME_SENTENCE, RIVAL_MARGIN, COVERAGE_SHORTFALL)}: "
          + fmt.format(*tally(cases, (RIVAL_MARGIN_SAME_SENTENCE, RIVAL_MARGIN, COVERAGE_SHORTFALL))))
    groups = sorted({c.group for c in cases})
    random.Random(7).shuffle(groups)
    fold = {g: i % args.folds for i, g in enumerate(groups)}
    held = [0, 0, 0]
    for k in range(args.folds):
        m = fit([c for c in cases if fold[c.group] != k], args.wrong_cost)
        t = tally([c for c in cases if fold[c.group] == k], m)
        held = [a + b for a, b in zip(held, t)]
        print(f"fold {k}: margins {m}: " + fmt.format(*t))
    print("held out: " + fmt.format(*held))
    best = fit(cases, args.wrong_cost)
    print(f"in-sample fit {best}: " + fmt.format(*tally(cases, best)))
    if args.write:
        table = json.loads(WEIGHTS_FILE.read_text("utf-8"))
        table["decision"].update(rival_margin_same_sentence=best[0], rival_margin=best[1], coverage_shortfall=best[2])
        WEIGHTS_FILE.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
