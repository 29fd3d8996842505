"""Draw a comparison as a PNG: bars for regions, a line over time; Chinese labels in the shipped font."""
from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources
from pathlib import Path

from bot.compare_model import Comparison
from bot.compare_reply import scale_for

FONT_FILE = "chart-sc.otf"
WIDTH_IN, HEIGHT_IN, DPI = 7.2, 4.2, 100


def font_path() -> Path:
    return Path(str(resources.files("bot.data").joinpath("fonts").joinpath(FONT_FILE)))


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
def _font():  # noqa: ANN202 - matplotlib's FontProperties
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(font_path()))


def chart_labels(cmp: Comparison) -> list[str]:
    """Every piece of text the chart shows (for the glyph test and the drawing alike)."""
    _, unit = scale_for(cmp.rows)
    title = f"{cmp.metric}（{unit}）" if unit else cmp.metric
    labels = [title]
    if cmp.chart == "line":
        labels += [f"{int(r.date[5:7])}月{int(r.date[8:10])}日" for r in cmp.rows]
        labels.append(cmp.rows[0].region if cmp.rows else "")
    else:
        labels += [r.region for r in cmp.rows]
    return labels


def draw_chart(cmp: Comparison) -> bytes | None:
    """PNG bytes of the comparison's chart, or None when it has none (one row, no comparable values)."""
    if cmp.chart is None or len(cmp.rows) < 2:
        return None
    from matplotlib.figure import Figure  # imported late: the bot starts without paying for it

    div, unit = scale_for(cmp.rows)
    labels = [_safe(s) for s in chart_labels(cmp)]
    font = _font()
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    values = [r.value / div for r in cmp.rows]
    names = labels[1:1 + len(cmp.rows)]
    color = "#2f6db5"
    if cmp.chart == "line":
        xs = list(range(len(values)))
        ax.plot(xs, values, marker="o", color=color, linewidth=2)
        for x, v in zip(xs, values):
            ax.annotate(f"{v:g}", (x, v), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
        ax.set_xticks(xs)
        ax.set_xticklabels(names, fontproperties=font, fontsize=9, rotation=30 if len(xs) > 6 else 0)
    else:
        xs = list(range(len(values)))
        bars = ax.bar(xs, values, color=[color if cmp.comparable else "#8a8f98"] * len(values))
        for b, v, r in zip(bars, values, cmp.rows):
            mark = "+" if r.bound in ("超过", "超", "逾", "以上") else ""
            ax.annotate(f"{v:g}{mark}", (b.get_x() + b.get_width() / 2, v), textcoords="offset points",
                        xytext=(0, 3), ha="center", fontsize=8)
        ax.set_xticks(xs)
        ax.set_xticklabels(names, fontproperties=font, fontsize=10, rotation=30 if len(xs) > 8 else 0)
    ax.set_title(labels[0], fontproperties=font, fontsize=12)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.set_ylim(bottom=min(0.0, min(values) * 1.1), top=max(values) * 1.15 if max(values) > 0 else None)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()
