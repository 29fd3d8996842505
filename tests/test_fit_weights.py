"""The weight fit (scripts/fit_weights.py): what it optimises and how it holds out."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("fit_weights", ROOT / "scripts" / "fit_weights.py")
assert spec and spec.loader
fit_weights = importlib.util.module_from_spec(spec)
sys.modules["fit_weights"] = fit_weights
spec.loader.exec_module(fit_weights)


def _q(qid: str, group: str, candidates: list[tuple[dict[str, float], bool]], answerable: bool = True):
    C, Q = fit_weights.Candidate, fit_weights.Question
    return Q(qid, group, answerable, False, [C(f, True, True, ok) for f, ok in candidates])


def test_fit_learns_a_signal_that_separates_right_from_wrong():
    # In every question the right figure has the metric words, the wrong one only more near-words.
    qs = [_q(f"q{i}", f"a{i}", [({"words_near": 0.9}, False), ({"words_near": 0.6, "words_metric": 1.0}, True)])
          for i in range(6)]
    start = {"words_near": 1.0, "words_metric": 0.0}
    assert fit_weights.tally(qs, start)["wrong"] == 6
    fitted = fit_weights.fit(qs, start)
    assert fitted["words_metric"] > 0.3 and fit_weights.tally(qs, fitted) == {"right": 6, "wrong": 0, "refused": 0}


def test_a_floor_turns_wrong_answers_into_refusals_when_that_pays():
    # Unanswerable questions whose best candidate scores low: refusing them is right.
    qs = [_q(f"u{i}", f"b{i}", [({"words_near": 0.5}, False)], answerable=False) for i in range(4)]
    qs += [_q("r", "c", [({"words_near": 1.0}, True)])]
    fitted = fit_weights.fit(qs, {"words_near": 1.0, "min_answer_score": -1.0})
    assert fit_weights.tally(qs, fitted) == {"right": 5, "wrong": 0, "refused": 0}


def test_folds_never_split_an_article():
    qs = [_q(f"q{i}", f"art{i % 4}", []) for i in range(12)]
    folds = fit_weights.folds(qs, 3)
    for fold in folds:
        groups = {q.group for q in fold}
        assert all(q.group not in groups for other in folds if other is not fold for q in other)
