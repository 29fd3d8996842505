"""Value types of a comparison: the rows a comparison reply shows, charts and puts in its JSON."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CompareRow:
    region: str
    value: float  # in the figure's base unit (元, 人, %), 万 and 亿 already multiplied out
    display: str  # as printed in the article: 超过90%, 1690万人次
    unit: str  # base unit: %, 元, 人次 …
    metric: str  # the metric phrase as the article states it, normalised (规上 → 规模以上)
    date: str  # ISO date the figure stands for (a date the sentence names, else the issue date)
    period: str  # how the date is shown: 截至2月19日, 2018年, 2020年2月24日报道
    article_id: str
    headline: str
    issue_date: str
    sentence: str
    figure_id: int
    bound: str | None = None  # 超过 / 约 / 近 …: the printed value is a bound or an estimate
    group: int = 0  # rows of one period share a group; only a group is ranked when periods differ
    paper: str | None = None
    page: str | None = None


@dataclass
class Comparison:
    mode: str  # regions | ranking | all | series
    metric: str  # the metric compared (as the articles name it)
    asked: str  # the metric as the question names it
    unit: str
    rows: list[CompareRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # asked regions with no figure in the corpus
    separate: list[CompareRow] = field(default_factory=list)  # other measures: shown, never ranked
    comparable: bool = True  # same metric, unit and period: safe to rank
    notes: list[str] = field(default_factory=list)
    chart: str | None = None  # bar | line | None (no chart helps)
    ranked: bool = False  # rows are ordered by value (a ranking, or 谁高 between named regions)
