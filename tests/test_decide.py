"""The three outcomes of a figure question over real 人民日报 excerpts (tests/data/archive_answers
and tests/data/frames): whatever the question, a 可能是 is never given as the answer, an answer is
never offered as a 可能是, and a 可能是 always says why."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.answer.engine import Engine
from bot.answer.evaluate import load_questions
from bot.ingest import store
from bot.ingest.pipeline import ingest
from bot.present.render_html import render_html
from bot.present.render_json import render_json

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def eng(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    d = tmp_path_factory.mktemp("decide")
    shutil.copytree(DATA / "archive_answers", d / "rmrb" / "a")
    shutil.copytree(DATA / "frames", d / "rmrb" / "b")
    rep = ingest(store.connect(d / "x.db"), [d / "rmrb"], paper="人民日报")
    assert not rep.failed
    return Engine.open(d / "x.db")


def _questions() -> list[str]:
    out = []
    for f in sorted(DATA.glob("*_questions.jsonl")):
        out += [str(q["q"]) for q in load_questions(f) if q["kind"] == "stat"]
    return out


def test_every_figure_reply_is_one_of_three_outcomes(eng: Engine) -> None:
    seen = {"answer": 0, "maybe": 0, "none": 0}
    for question in _questions():
        reply = eng.answer(question)
        if reply.intent != "figure":
            continue
        maybe = [s for s in reply.suggestions if s.get("kind") == "maybe"]
        out = json.loads(render_json(reply))
        if maybe:
            seen["maybe"] += 1
            assert out["figures"] == [], question  # offered, never given
            assert reply.text.startswith("可能是 "), question
            assert all(s.get("reason") for s in maybe), question  # and it says why
            assert maybe[0].get("display") in reply.text
            assert "可能是" in render_html(reply)[0]
        elif reply.figures:
            seen["answer"] += 1
            assert not reply.text.startswith("可能是"), question
        else:
            seen["none"] += 1
            assert "没有" in reply.text, question
    # the excerpts hold answers, 可能是 and honest refusals alike
    assert min(seen.values()) > 0, seen
