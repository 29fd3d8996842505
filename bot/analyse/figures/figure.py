"""ExtractedFigure: one figure an article states, as the row ingest stores.

近3万家 -> value 30000, unit 家, kind count, qualifier 近; 同比增长5.8% -> is_change, measure change,
change_of the level it modifies; 从2.1万人增长到3.4万人 -> a start figure (2.1万人) and a level.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class ExtractedFigure:
    paragraph: int  # index of the paragraph in the list given
    sentence: str  # the sentence as printed (clauses split at 。!?;)
    sentence_start: int  # offset of `sentence` in its paragraph
    start: int  # offsets of `display` inside `sentence`
    end: int
    display: str  # the span as printed, with qualifier and unit: 近3万家, 第23位, 300万元到500万元
    value: float  # normalized: 3400万人次 -> 3.4e7; 3.3% -> 3.3
    value_max: float | None  # upper end of a range, else None
    unit: str  # counting unit without multiplier: 家, 元, %, 位, 人次; "" for a bare 万/亿 count
    kind: str  # count | money | percent | rank | duration | weight | length | area | ratio | other
    qualifier: str | None = None  # 近, 超, 余, 多, 约, 以上, 最高, 不到 … as printed
    change: dict[str, Any] | None = None  # {"display","value","unit","direction","basis"} of its change
    period: str | None = None  # 2024年, 截至2024年底, 2025年春运; relative words resolved: 明年 -> 2026年
    year: int | None = None  # the year `period` resolves to
    metric: str | None = None  # what is counted: 国家高新技术企业, 发送旅客同比增加
    region: str | None = None
    is_change: bool = False  # this figure is a change (同比增加5.8%, 上升7位)
    change_of: int | None = None  # index in the returned list of the figure this change modifies
    # level: a stock or flow (3400万人次, 复工率75.7%); change: how much it moved (同比增长5.8%, 上升7位);
    # share: a part of a whole (占比2.65%, 比重); start: the starting value of 从A增长到B (A; B is a level)
    measure: str = "level"
    start_of: int | None = None  # for a `start` figure: index in the returned list of the value it changed to
    # its frame (bot/analyse/figures/frame.py), as stored: period_key "month=1", aspects "planned,per_head"
    period_key: str = ""
    aspects: str = ""

