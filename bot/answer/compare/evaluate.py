"""What is wrong with a comparison reply, measured against a question file's expected rows.

A question of kind `compare` may give: `rows` ([{"region", "value"}], value as printed, e.g. "98.6%"),
`first` (the region a ranking must put first), `missing` (regions that must be listed as missing),
`comparable` (false when the reply must refuse to rank), `metric` (a word the compared measure holds),
`none` (true when the corpus has no such figure and the reply must say so, with no rows).
"""
from __future__ import annotations

from typing import Any

from bot.present.reply import Reply


def compare_problems(question: dict[str, Any], reply: Reply) -> list[str]:
    cmp = reply.comparison
    if cmp is None:
        return [f"not answered as a comparison (intent {reply.intent})"]
    if question.get("none"):
        return [] if not cmp.rows else [f"expected no rows, got {[(r.region, r.display) for r in cmp.rows]}"]
    problems = []
    got = [(r.region, r.display) for r in cmp.rows]
    for want in question.get("rows", []):
        if not any(r.region == want["region"] and want["value"] in r.display for r in cmp.rows):
            problems.append(f"missing row {want['region']} {want['value']}")
    if question.get("first") and (not cmp.rows or cmp.rows[0].region != question["first"]):
        problems.append(f"expected {question['first']} first")
    for region in question.get("missing", []):
        if region not in cmp.missing:
            problems.append(f"{region} not listed as missing")
    if "comparable" in question and cmp.comparable != question["comparable"]:
        problems.append(f"comparable is {cmp.comparable}")
    if question.get("metric") and question["metric"] not in cmp.metric:
        problems.append(f"compared {cmp.metric}")
    if problems:
        problems.append(f"got {got[:6]}")
    return problems
