"""The skimmable brief: one line per article (headline and the one fact that matters), grouped by
page (版) when the issue has several, each article a button that opens it.

The fact is the paper's own clause around the article's lead figure (`南铁预计发送旅客3400万人次`),
the way a journalist would put it in a digest, never a label made up from the extractor's fields;
an article without a telling figure gets the start of its lede instead.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from bot.ingest.rows import ArticleRow, FigureRow
from bot.present.dates_said import span_text
from bot.present.blocks import Block, Segment
from bot.present.reply import Action, Reply
from bot.present.builders import article_ref, cn_date, pager, short, text

BRIEF_PAGE_SIZE = 8
PRINTED_PAGE_MAX = 12  # a page (版) of up to this many articles is never cut across messages
FACT_MAX = 30  # characters of a fact line; a phone shows about 20 CJK characters a line
LEDE_MAX = 36
CLAUSE_MAX = 44  # a region's brief line: its clause whole when it fits in two phone lines
# Figures that count the parts of a plan or the dimensions of a score say little on their own.
_GENERIC_METRICS = ("方面", "维度", "时间", "金额", "典型区域", "大", "条", "项", "环节")
# Durations (为期40天), ages, ordinals (第十三届) set the scene more often than they report a result.
_SCENE_KINDS = ("duration", "age", "ordinal", "other")
_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_START = re.compile(r"^[,，;；、:：\s]+")
_CLAUSE_SEP = re.compile(r"[,，;；。！？!?]")

# An article's province names, key figure labels and fact line, asked only for the articles shown.
Details = Callable[[ArticleRow], tuple[list[str], list[str], list[Segment]]]


def _fact_from_figure(fig: FigureRow, whole: bool = False) -> list[Segment]:
    """The clause holding the figure, cut to FACT_MAX around it (`whole`: kept whole up to
    CLAUSE_MAX), the figure marked."""
    sentence, start, end = fig["sentence"], fig["start"], fig["end"]
    # Clauses end at commas and semicolons only: a list (A、B、C等4方面) stays whole.
    offset = max((m.end() for m in _CLAUSE_SEP.finditer(sentence, 0, start)), default=0)
    m = _CLAUSE_SEP.search(sentence, end)
    clause = sentence[offset:m.start() if m else len(sentence)]
    a, b = start - offset, end - offset
    lead, tail = clause[:a], clause[b:]
    room = max((CLAUSE_MAX if whole else FACT_MAX) - (b - a), 6)
    if len(lead) + len(tail) > room:
        keep_tail = min(len(tail), max(room // 3, room - len(lead)))
        keep_lead = room - keep_tail
        lead = ("…" + lead[-keep_lead + 1:]) if len(lead) > keep_lead else lead
        tail = (tail[:keep_tail - 1] + "…") if len(tail) > keep_tail else tail
    lead = _CLAUSE_START.sub("", lead)
    return [s for s in (Segment(lead), Segment(clause[a:b], "mark"), Segment(tail)) if s.text]


def _tells(fig: FigureRow, skip_units: set[str]) -> bool:
    metric = fig.get("metric") or ""
    # A result is printed in Arabic digits; 三方面, 六大, 十三届 name parts and sessions, not results.
    return (not fig.get("is_change") and bool(metric) and fig.get("kind") not in _SCENE_KINDS
            and bool(re.search(r"\d", fig["display"]))
            and fig.get("unit") not in skip_units and metric not in _GENERIC_METRICS)


def lead_fact(art: ArticleRow, figures: list[FigureRow], skip_units: set[str],
              places: frozenset[str] = frozenset()) -> list[Segment]:
    """The one fact that matters: the first telling figure of the lede (else of the article), in the
    paper's words; without one, the lede's first sentence, shortened. In a region's brief (`places`:
    the names of the region and of the places in it) a figure whose sentence names the region comes
    first, and its clause is kept whole when it fits."""
    summary = art.get("summary") or ""
    telling = [f for f in figures if _tells(f, skip_units)]
    telling.sort(key=lambda f: (not _names(f["sentence"], places), f["sentence"] not in summary, f["ordinal"]))
    if telling and (telling[0]["sentence"] in summary or len(telling) >= 2 or _names(telling[0]["sentence"], places)):
        return _fact_from_figure(telling[0], whole=bool(places))
    if places:
        line = _lede_about(summary, places)
        return [Segment(line)] if line else []
    first = _SENTENCE_END.split(summary.strip(), maxsplit=1)[0].strip() if summary else ""
    return [Segment(short(first, LEDE_MAX))] if first else []


def _names(sentence: str, places: frozenset[str]) -> bool:
    return any(p in sentence for p in places)


def _lede_about(summary: str, places: frozenset[str]) -> str:
    """The lede's first sentence that names the region (else its first), whole when it fits in
    CLAUSE_MAX, else its clauses from the one naming the region, as many as fit."""
    sentences = [x.strip() for x in _SENTENCE_END.split(summary) if x.strip()]
    if not sentences:
        return ""
    pick = next((x for x in sentences if _names(x, places)), sentences[0])
    if len(pick) <= CLAUSE_MAX:
        return pick
    clauses = re.split(r"(?<=[，,；;])", pick)
    start = next((i for i, c in enumerate(clauses) if _names(c, places)), 0)
    out = ""
    for clause in clauses[start:]:
        if len(out) + len(clause) > CLAUSE_MAX:
            break
        out += clause
    return out.rstrip("，,；;") or short(clauses[start], CLAUSE_MAX)


def _page_label(page: str | None) -> str:
    return f"第{page}版" if page else "其他"


def brief_reply(*, label: str, issue_note: str, items: list[ArticleRow], details: Details, page: int,
                page_key: str, regions: list[str], issue_date: str | None) -> Reply:
    """All of a brief's articles in `items`; `page` picks BRIEF_PAGE_SIZE of them for one message."""
    dates = sorted({a["issue_date"] for a in items} or ({issue_date} if issue_date else set()))
    # A whole issue is read as printed: by page, issues newest first. A region's brief keeps its
    # most relevant articles first and names each one's page instead.
    spread = len({(a["issue_date"], a.get("page")) for a in items}) > 1
    multi_page = spread and not regions
    if multi_page:
        items = sorted(items, key=lambda a: (_neg_date(a["issue_date"]), _page_num(a.get("page"))))
    chunks = _chunks(items, by_page=multi_page)
    pages = len(chunks)
    page = min(max(1, page), pages)
    first = sum(len(c) for c in chunks[:page - 1])
    shown = [(a, *details(a)) for a in chunks[page - 1]]
    blocks: list[Block] = [text(f"{label}简报", f" · {_when(issue_date, dates, issue_note)} · {len(items)}篇",
                                kind="title")]
    if issue_note:
        blocks.append(text(issue_note, kind="note"))
    actions: list[Action] = []
    group: tuple[str, str | None] | None = None
    for k, (art, _regs, _figs, fact) in enumerate(shown, start=first + 1):
        here = (art["issue_date"], art.get("page"))
        if multi_page and here != group:
            continued = group is None and k > 1 and _same_group(items[k - 2], art)
            blocks.append(_page_heading(art, dates, continued))
            group = here
        where = _where(art, dates) if spread and not multi_page else None
        blocks.append(_item_block(k, art, fact, where))
        # the article opens in place of the brief, its 返回列表 button brings this page back
        actions.append(Action(f"{k}. {short(art['headline'])}", "article", f"{art['id']}|page:{page_key}|{page}"))
    if pages > 1:
        blocks.append(text(f"第 {page}/{pages} 页 · 点按编号查看全文", kind="note"))
        actions += pager("page", page, pages, lambda n: f"{page_key}|{n}")
    return Reply(intent="brief", blocks=blocks, regions=regions, issue_date=issue_date,
                 articles=[article_ref(a, r, f) for a, r, f, _ in shown], actions=actions)


def _when(issue_date: str | None, dates: list[str], issue_note: str) -> str:
    """The issue's date, or the span of several issues (with their count unless the note says it)."""
    if len(dates) <= 1:
        return cn_date(issue_date)
    if len({d[5:] for d in dates}) == 1:  # 2月18日 of several years: each named, not a span of years
        return "、".join(cn_date(d) for d in dates)
    span = span_text(date.fromisoformat(dates[0]), date.fromisoformat(dates[-1]))
    return span + ("" if "期" in issue_note else f"（{len(dates)}期）")


def _page_heading(art: ArticleRow, dates: list[str], continued: bool) -> Block:
    """第2版, or 2025年1月17日 第2版 across issues; （续） when the page began on the message before."""
    head = _page_label(art.get("page"))
    if len(dates) > 1:
        head = f"{cn_date(art['issue_date'])} {head}"
    if continued:
        head += "（续）"
    return text(Segment(head, "bold"))


def _where(art: ArticleRow, dates: list[str]) -> str:
    """Where a region's article was printed: 第2版, or 1月17日第2版 across issues (with the year
    when they are of several: 2019年2月18日第4版)."""
    if len(dates) <= 1:
        return _page_label(art.get("page"))
    day = cn_date(art["issue_date"])
    if len({d[:4] for d in dates}) == 1:
        day = day.split("年", 1)[1]
    return day + (f"第{art['page']}版" if art.get("page") else "")


def _item_block(k: int, art: ArticleRow, fact: list[Segment], where: str | None) -> Block:
    """`3. headline · where` and, on the next line, the article's one fact."""
    line: list[Segment] = [Segment(f"{k}. "), Segment(art["headline"], "bold")]
    if where is not None:
        line.append(Segment(f" · {where}"))
    if fact:
        line += [Segment("\n")] + fact
    return Block("text", line)


def _chunks(items: list[ArticleRow], *, by_page: bool) -> list[list[ArticleRow]]:
    """The brief's messages: BRIEF_PAGE_SIZE articles each; by page, whole pages (版) packed
    together where they fit, a page of up to PRINTED_PAGE_MAX articles never cut."""
    if not by_page:
        return [items[i:i + BRIEF_PAGE_SIZE] for i in range(0, len(items), BRIEF_PAGE_SIZE)] or [[]]
    groups: list[list[ArticleRow]] = []
    for a in items:
        if groups and _same_group(groups[-1][-1], a):
            groups[-1].append(a)
        else:
            groups.append([a])
    chunks: list[list[ArticleRow]] = []
    current: list[ArticleRow] = []
    for g in groups:
        if current and len(current) + len(g) > BRIEF_PAGE_SIZE:
            chunks.append(current)
            current = []
        if len(g) > PRINTED_PAGE_MAX:
            whole = [g[i:i + BRIEF_PAGE_SIZE] for i in range(0, len(g), BRIEF_PAGE_SIZE)]
            chunks += whole[:-1]
            current = whole[-1]
        else:
            current += g
    if current:
        chunks.append(current)
    return chunks or [[]]


def _same_group(a: ArticleRow, b: ArticleRow) -> bool:
    return bool(a["issue_date"] == b["issue_date"] and a.get("page") == b.get("page"))


def _page_num(page: str | None) -> tuple[int, str]:
    m = re.match(r"\d+", page or "")
    return (int(m.group(0)) if m else 10_000, page or "")


def _neg_date(iso: str) -> int:
    return -int(iso.replace("-", ""))


def digest_reply(*, label: str, span: str, weeks: list[tuple[str, list[ArticleRow]]], total: int,
                 details: Details, page_key: str, back: str, regions: list[str],
                 issue_date: str | None) -> Reply:
    """A brief over a long span as a digest: each week's top stories (front page, lead article,
    most about the region first), newest week first, with 全部 N 篇 (the whole list, by page) behind."""
    blocks: list[Block] = [text(f"{label}简报", f" · {span} · 要闻", kind="title"),
                           text(f"共{total}篇；每周列出最主要的几篇（头版、头条、以{label}为主题的优先），"
                                f"“全部 {total} 篇”按日期列出所有文章。", kind="note")]
    dates = sorted({a["issue_date"] for _, arts in weeks for a in arts})
    actions: list[Action] = []
    shown: list[tuple[ArticleRow, list[str], list[str]]] = []
    k = 0
    for week, arts in weeks:
        blocks.append(text(Segment(week, "bold")))
        for art in arts:
            k += 1
            regs, figs, fact = details(art)
            blocks.append(_item_block(k, art, fact, _where(art, dates)))
            actions.append(Action(f"{k}. {short(art['headline'])}", "article", f"{art['id']}|list:{back}"))
            shown.append((art, regs, figs))
    actions.append(Action(f"全部 {total} 篇", "page", f"{page_key}|1"))
    return Reply(intent="brief", blocks=blocks, regions=regions, issue_date=issue_date,
                 articles=[article_ref(a, r, f) for a, r, f in shown], actions=actions)
