"""Render a `Reply` as JSON: the machine-readable output of `newsbot ask --json`.

One line per reply, keys in a fixed order, Chinese left as it is (not \\u-escaped). For
`newsbot ask --json 西藏农村公路通车总里程` the line starts
`{"intent": "figure", "regions": ["西藏"], "issue_date": "…", "articles": [{"id": …, "headline": …}]`
and ends with the reply's plain text and its follow-up actions
(`"actions": [{"label": "原文", "kind": "source", "arg": "5927"}, …]`); a comparison
(`浙江和天津规上工业企业复工率对比`) adds a `"comparison"` block with its rows, each citing its source.

The shapes below are the format: renderers read a reply, the reply knows nothing of them.
"""
from __future__ import annotations

import json
from typing import TypedDict

from bot.present.comparison import CompareRow, Comparison
from bot.present.reply import Action, ArticleRef, FigureFields, FigureRef, Reply, Suggestion


class ArticleJSON(TypedDict):
    id: str
    headline: str
    issue_date: str
    regions: list[str]


FigureJSON = FigureFields


class SourceJSON(TypedDict):
    """Where a compared figure was printed."""

    article_id: str
    headline: str
    issue_date: str
    paper: str | None
    page: str | None
    sentence: str


class CompareRowJSON(TypedDict):
    region: str
    period: str
    date: str
    value: float
    display: str
    unit: str
    metric: str
    bound: str | None
    group: int
    source: SourceJSON


class ComparisonJSON(TypedDict):
    mode: str
    metric: str
    asked: str
    unit: str
    comparable: bool
    chart: str | None
    notes: list[str]
    rows: list[CompareRowJSON]
    missing: list[str]
    separate: list[CompareRowJSON]


class ActionJSON(TypedDict):
    label: str
    kind: str
    arg: str


class _ReplyJSONKeys(TypedDict):
    intent: str
    regions: list[str]
    issue_date: str | None
    articles: list[ArticleJSON]
    figures: list[FigureJSON]
    suggestions: list[Suggestion]
    text: str
    actions: list[ActionJSON]


class ReplyJSON(_ReplyJSONKeys, total=False):
    comparison: ComparisonJSON  # only for a comparison


def article_json(a: ArticleRef) -> ArticleJSON:
    return {"id": a.id, "headline": a.headline, "issue_date": a.issue_date, "regions": a.regions}


def figure_json(f: FigureRef) -> FigureJSON:
    return {"display": f.display, "value": f.value, "unit": f.unit,
            "sentence": f.sentence, "article_id": f.article_id, "headline": f.headline}


def row_json(r: CompareRow) -> CompareRowJSON:
    return {"region": r.region, "period": r.period, "date": r.date, "value": r.value,
            "display": r.display, "unit": r.unit, "metric": r.metric, "bound": r.bound,
            "group": r.group,
            "source": {"article_id": r.article_id, "headline": r.headline,
                       "issue_date": r.issue_date, "paper": r.paper, "page": r.page,
                       "sentence": r.sentence}}


def comparison_json(c: Comparison) -> ComparisonJSON:
    return {"mode": c.mode, "metric": c.metric, "asked": c.asked, "unit": c.unit,
            "comparable": c.comparable, "chart": c.chart, "notes": c.notes,
            "rows": [row_json(r) for r in c.rows], "missing": c.missing,
            "separate": [row_json(r) for r in c.separate]}


def action_json(a: Action) -> ActionJSON:
    return {"label": a.label, "kind": a.kind, "arg": a.arg}


def reply_json(reply: Reply) -> ReplyJSON:
    """The reply as a JSON-ready value (what `render_json` prints)."""
    out: ReplyJSON = {
        "intent": reply.intent,
        "regions": reply.regions,
        "issue_date": reply.issue_date,
        "articles": [article_json(a) for a in reply.articles],
        "figures": [figure_json(f) for f in reply.figures],
        "suggestions": reply.suggestions,
        "text": reply.text,
        "actions": [action_json(a) for a in reply.actions],
    }
    if reply.comparison is not None:
        out["comparison"] = comparison_json(reply.comparison)
    return out


def render_json(reply: Reply) -> str:
    """The reply as one line of JSON."""
    return json.dumps(reply_json(reply), ensure_ascii=False)
