"""Score a question file (the format of eval/dev_questions.jsonl) against the engine.

A line is a question and what answers it: {"q": "长沙研发投入强度是多少", "kind": "stat", "expect":
["3.3%"]} passes when the first figure prints 3.3%; a brief lists its expected articles, a search
puts its expected article first, a comparison is judged by bot/answer/compare/evaluate.py.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answer.engine import Engine
from bot.present.reply import Reply


@dataclass
class EvalResult:
    id: str
    kind: str
    ok: bool
    why: str = ""


@dataclass
class EvalReport:
    results: list[EvalResult] = field(default_factory=list)

    def totals(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for r in self.results:
            p, n = out.get(r.kind, (0, 0))
            out[r.kind] = (p + r.ok, n + 1)
        return out

    @property
    def passed(self) -> int:
        return sum(r.ok for r in self.results)


def _names(reply: Reply, engine: Engine) -> list[str]:
    """Headline and kicker of each answered article, for matching the file's article keys."""
    out = []
    for a in reply.articles:
        row = engine.corpus.article(a.id)
        out.append(f"{row.get('kicker') or ''} {row['headline']}" if row else a.headline)
    return out


def judge(question: dict[str, Any], reply: Reply, engine: Engine) -> EvalResult:
    kind = question["kind"]
    qid = question.get("id", "?")
    if kind == "stat":
        return _judge_stat(question, reply, qid)
    if kind == "compare":
        return judge_compare(question, reply)
    names = _names(reply, engine)
    if kind == "brief":
        return _judge_brief(question, names, qid)
    if kind == "search":
        return _judge_search(question, names, qid)
    return EvalResult(qid, kind, False, f"unknown kind {kind}")


def _judge_stat(question: dict[str, Any], reply: Reply, qid: str) -> EvalResult:
    """The first figure must print one of the expected values; with none expected, no figure."""
    if question.get("unanswerable") or not question.get("expect"):
        # A question the corpus cannot answer passes when no figure is given and the text says so.
        ok = not reply.figures and "没有" in reply.text
        return EvalResult(qid, "stat", ok, "" if ok else f"expected no figure, got {[f.display for f in reply.figures]}")
    first = reply.figures[0].display if reply.figures else ""
    ok = any(e in first for e in question["expect"])
    return EvalResult(qid, "stat", ok, "" if ok else f"expected {question['expect']}, got {first or 'no figure'}")


def _judge_brief(question: dict[str, Any], names: list[str], qid: str) -> EvalResult:
    """Every expected article listed, no forbidden one."""
    missing = [k for k in question.get("expect_articles", []) if not any(k in n for n in names)]
    extra = [k for k in question.get("forbid_articles", []) if any(k in n for n in names)]
    ok = not missing and not extra
    return EvalResult(qid, "brief", ok, "" if ok else f"missing {missing}, forbidden {extra}")


def _judge_search(question: dict[str, Any], names: list[str], qid: str) -> EvalResult:
    """The expected article first."""
    want = question["expect_articles"][0]
    ok = bool(names) and want in names[0]
    return EvalResult(qid, "search", ok, "" if ok else f"expected {want} first, got {names[:2]}")


def judge_compare(question: dict[str, Any], reply: Reply) -> EvalResult:
    """A comparison passes when every expected row (region and value as printed) is among its rows,
    the expected leader comes first, and the expected missing regions are listed as missing."""
    from bot.answer.compare.evaluate import compare_problems  # comparisons score in a module of their own

    problems = compare_problems(question, reply)
    return EvalResult(question.get("id", "?"), "compare", not problems, "; ".join(problems))


class EvalFileError(Exception):
    """The question file cannot be read or a line is not a question; the message says where."""


def load_questions(path: str | Path) -> list[dict[str, Any]]:
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"{path}：无法读取（{exc.__class__.__name__}）") from exc
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalFileError(f"{path} 第 {n} 行不是合法的 JSON：{exc.msg}") from exc
        if not isinstance(q, dict) or not isinstance(q.get("q"), str) or q.get("kind") not in KINDS:
            raise EvalFileError(f"{path} 第 {n} 行缺少问题（q）或类型（kind：stat、brief、search、compare）")
        out.append(q)
    return out


KINDS = ("stat", "brief", "search", "compare")


def run_eval(engine: Engine, path: str | Path) -> EvalReport:
    report = EvalReport()
    for q in load_questions(path):
        report.results.append(judge(q, engine.answer(q["q"]), engine))
    return report
