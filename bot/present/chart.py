"""Draw a comparison as a PNG: bars for regions, a line over time; Chinese labels in the shipped font."""
from __future__ import annotations

import io
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from bot.present.comparison import CompareRow, Comparison
from bot.present.comparison_reply import scale_for

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

FONT_FILE = "chart-sc.otf"
WIDTH_IN, HEIGHT_IN, DPI = 7.2, 4.2, 100


def font_path() -> Path:
    return Path(str(resources.files("bot.data").joinpath(FONT_FILE)))


@lru_cache(maxsize=1)
def font_chars() -> frozenset[int]:
    """Code points the shipped font has a glyph for."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path()), lazy=True)
    return frozenset(font.getBestCmap())


def missing_glyphs(text: str) -> set[str]:
    have = font_chars()
    return {c for c in text if not c.isspace() and ord(c) not in have}


def _safe(text: str) -> str:
    """A label the font can draw: a character it lacks becomes □ rather than an invisible box."""
    have = font_chars()
    return "".join(c if c.isspace() or ord(c) in have else "□" for c in text)


@lru_cache(maxsize=1)
def _font() -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(font_path()))


def chart_file_name(cmp: Comparison) -> str:
    """A file name that says what the chart shows: 规模以上工业企业复工率-浙江-天津.png."""
    regions = list(dict.fromkeys(r.region for r in cmp.rows))[:4]
    name = "-".join([cmp.metric] + regions)
    return "".join(c for c in name if c.isalnum() or c in "-_")[:60] + ".png"


def _point_label(day: str, period: str) -> str:
    """2月6日 for a dated point; the year (2018年) for a year-long one."""
    if period.endswith("年") or "—" in period:
        return period
    return f"{int(day[5:7])}月{int(day[8:10])}日"


def chart_rows(cmp: Comparison) -> list[CompareRow]:
    """The rows a chart shows: all of them, or, when periods differ, those of the main period only
    (bars of 2018 beside a bar of 2019 would invite the comparison the reply declines)."""
    return cmp.rows if cmp.comparable else [r for r in cmp.rows if r.group == 0]


def chart_labels(cmp: Comparison) -> list[str]:
    """Every piece of text the chart shows (for the glyph test and the drawing alike)."""
    rows = chart_rows(cmp)
    _, unit = scale_for(rows)
    title = f"{cmp.metric}（{unit}）" if unit else cmp.metric
    if cmp.chart == "line" and rows:
        title = f"{rows[0].region} · {title}"
    if not cmp.comparable and rows:
        title += f" · {rows[0].period}"
    labels = [title]
    if cmp.chart == "line":
        labels += [_point_label(r.date, r.period) for r in rows]
    else:
        labels += [r.region for r in rows]
    return labels


def draw_chart(cmp: Comparison) -> bytes | None:
    """PNG bytes of the comparison's chart, or None when it has none (one row, no comparable values)."""
    rows = chart_rows(cmp)
    if cmp.chart is None or len(rows) < 2:
        return None
    from matplotlib.figure import Figure  # imported late: the bot starts without paying for it

    div, unit = scale_for(rows)
    labels = [_safe(s) for s in chart_labels(cmp)]
    font = _font()
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    values = [r.value / div for r in rows]
    names = labels[1:1 + len(rows)]
    color = "#2f6db5"
    if cmp.chart == "line":
        # Time runs to scale: two points six years apart do not stand as close as two days apart.
        first = date.fromisoformat(rows[0].date)
        xs = [(date.fromisoformat(r.date) - first).days for r in rows]
        ax.plot(xs, values, marker="o", color=color, linewidth=2, markersize=4 if len(xs) > 12 else 6)
        # Every value on a short line; on a long one the ends and the extremes, so labels stay legible.
        marked = range(len(xs)) if len(xs) <= 12 else {0, len(xs) - 1, values.index(max(values)),
                                                         values.index(min(values))}
        for i in sorted(marked):
            ax.annotate(f"{values[i]:.4g}", (xs[i], values[i]), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=8)
        step = max(1, (len(xs) + 11) // 12)  # at most 12 date labels
        ax.set_xticks(xs[::step])
        ax.set_xticklabels(names[::step], fontproperties=font, fontsize=9, rotation=30 if len(xs) > 6 else 0)
    else:
        xs = list(range(len(values)))
        bars = ax.bar(xs, values, color=color)
        for b, v, r in zip(bars, values, rows):
            mark = "+" if r.bound in ("超过", "超", "逾", "以上") else ""
            ax.annotate(f"{v:.4g}{mark}", (b.get_x() + b.get_width() / 2, v), textcoords="offset points",
                        xytext=(0, 3), ha="center", fontsize=8)
        ax.set_xticks(xs)
        ax.set_xticklabels(names, fontproperties=font, fontsize=10, rotation=30 if len(xs) > 8 else 0)
    ax.set_title(labels[0], fontproperties=font, fontsize=12)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.set_ylim(bottom=min(0.0, min(values) * 1.1), top=max(values) * 1.15 if max(values) > 0 else None)
    # Fixed margins: tight_layout would draw the figure twice to measure it.
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.2 if len(rows) > 6 else 0.12)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()
