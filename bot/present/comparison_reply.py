"""A comparison as a `Reply`: the table in text, each row citing its article, missing regions named."""
from __future__ import annotations

from bot.present.comparison import CompareRow, Comparison
from bot.present.blocks import Block, Segment
from bot.present.reply import ArticleRef, Reply
from bot.present.builders import bold, source_text, text

_SCALES = ((1e8, "亿"), (1e4, "万"))


def scale_for(rows: list[CompareRow]) -> tuple[float, str]:
    """One divisor for every row (万 and 亿 converted), so 1690万 and 1.2亿 stand on one axis."""
    unit = rows[0].unit if rows else ""
    if unit in ("%", "‰") or not rows:
        return 1.0, unit
    top = max(abs(r.value) for r in rows)
    for div, name in _SCALES:
        if top >= div:
            return div, name + unit
    return 1.0, unit


def scaled(value: float, div: float) -> str:
    v = value / div
    return f"{v:,.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"


def mixed_scales(rows: list[CompareRow]) -> bool:
    """Rows printed in different scales (1690万人次 beside 1.2亿人次, 9692例 beside 5.6万例)."""
    return len({("亿" in r.display, "万" in r.display) for r in rows}) > 1


def _row_block(i: int | None, row: CompareRow, div: float, unit: str, show_metric: bool) -> list[Block]:
    head = f"{i}. " if i is not None else ""
    plain = div == 1.0 or row.unit == "%" or unit in row.display  # already printed in the common scale
    value = row.display if plain else f"{row.display}（{scaled(row.value, div)}{unit}）"
    metric = f" {row.metric}" if show_metric else ""
    return [Block("item", [Segment(f"{head}{row.region}{metric}："), bold(value), Segment(f"（{row.period}）")]),
            Block("note", [Segment(f"   {source_text(row.headline, row.issue_date, paper=row.paper, page=row.page)}")])]


def _span(rows: list[CompareRow]) -> str:
    """The period a group of rows stands for: 2018年, or 2020年2月19日至2020年2月24日."""
    periods = list(dict.fromkeys(r.period for r in rows))
    return periods[0] if len(periods) == 1 else f"{min(r.period for r in rows)}至{max(r.period for r in rows)}"


_MODE_WORDS = {"regions": "对比", "ranking": "排名", "all": "各地", "series": "变化"}


def comparison_reply(cmp: Comparison) -> Reply:
    """The comparison as a reply: title, notes, the lead (who is highest), the rows with their
    sources, then the regions without a figure and the measures not compared."""
    if not cmp.rows:
        return _no_rows_reply(cmp)
    blocks: list[Block] = [text(f"{cmp.metric} · {_MODE_WORDS.get(cmp.mode, '比较')}", kind="title")]
    blocks += [text(note, kind="note") for note in cmp.notes]
    lead = _lead(cmp)
    if lead is not None:
        blocks.append(lead)
    blocks += _rows_blocks(cmp)
    blocks += _missing_and_separate(cmp)
    seen = _cited(cmp.rows)
    regions = list(dict.fromkeys([r.region for r in cmp.rows] + cmp.missing))
    return Reply(intent="compare", blocks=blocks, regions=regions, articles=list(seen.values()),
                 comparison=cmp)


def _no_rows_reply(cmp: Comparison) -> Reply:
    """Nothing to compare: say so, naming the regions asked, and show the other measures found."""
    where = f"{'、'.join(cmp.missing)}的" if cmp.missing else ""
    blocks = [text(f"{cmp.asked} · 比较", kind="title"),
              text(f"语料中没有找到{where}“{cmp.asked}”的数字，无法比较。")]
    for r in cmp.separate:
        blocks.extend(_row_block(None, r, 1.0, r.unit, True))
    return Reply(intent="compare", blocks=blocks, comparison=cmp)


def _lead(cmp: Comparison) -> Block | None:
    """按报道的数字，浙江的…最高: the first of a ranking (of the main period when periods differ)."""
    first = [r for r in cmp.rows if r.group == 0]  # every row when comparable; else the main period
    if not (cmp.ranked and len(first) > 1):
        return None
    top = first[0]
    lowest = top.value < first[-1].value  # a ranking from the bottom
    where = "" if cmp.comparable else f"同一时期（{top.period}）的数字中，"
    return text(f"按报道的数字，{where}", bold(top.region),
                f"的{cmp.metric}{'最低' if lowest else '最高'}（{top.display}，{top.period}）。")


def _rows_blocks(cmp: Comparison) -> list[Block]:
    """Each row with its source, numbered within its group; a heading over each period's group
    when periods differ."""
    div, unit = scale_for(cmp.rows) if mixed_scales(cmp.rows) else (1.0, "")
    numbered = cmp.mode != "series" and (cmp.mode != "regions" or len(cmp.rows) > 1)
    blocks: list[Block] = []
    for n, row in enumerate(cmp.rows):
        if not cmp.comparable and (n == 0 or row.group != cmp.rows[n - 1].group):
            same = [r for r in cmp.rows if r.group == row.group]
            blocks.append(text(f"{_span(same)}：", kind="text"))
        rank = sum(1 for r in cmp.rows[:n + 1] if r.group == row.group)
        blocks.extend(_row_block(rank if numbered else None, row, div, unit, False))
    return blocks


def _missing_and_separate(cmp: Comparison) -> list[Block]:
    blocks: list[Block] = []
    if cmp.missing:
        blocks.append(text(f"没有找到数字：{'、'.join(cmp.missing)}（语料中没有这些地区的“{cmp.metric}”，不作推测）。",
                           kind="note"))
    if cmp.separate:
        blocks.append(text("其他口径（不参与比较）：", kind="text"))
        for r in cmp.separate:
            blocks.extend(_row_block(None, r, 1.0, r.unit, True))
    return blocks


def _cited(rows: list[CompareRow]) -> dict[str, ArticleRef]:
    """Each article the rows cite (by id), once, with the region of its first row."""
    seen: dict[str, ArticleRef] = {}
    for r in rows:
        seen.setdefault(r.article_id, ArticleRef(r.article_id, r.headline, r.issue_date, [r.region]))
    return seen
