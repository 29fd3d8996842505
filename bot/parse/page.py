"""Turn a decoded corpus file into a page of articles, by the file's layout (bot/parse/layouts/):
a newspaper page as markdown, the crawler's positional layout, or a plain single article.

Then the page's facts, each with where it came from (`field_sources`): its issue date (front
matter, path `20190201/…` or the text), page (`第04版` → "04"), order on the page, and paper
(front matter, the folder's .newsbot.toml, or a dateline such as `科技日报讯`).
"""
from __future__ import annotations

import re

from bot.parse.dates import BadDateError, article_event_dates, issue_date_for
from bot.parse.layouts import read_layout
from bot.parse.reader import IngestError, SourceText
from bot.parse.source_path import PathFacts, path_facts
from bot.parse.types import ParsedArticle, ParsedPage

__all__ = ["parse_source", "parse_text"]

_PAPER_DATELINE = re.compile(r"^([\u4e00-\u9fff]{2,8}?(?:日报|晚报|时报|商报|青年报|经济报|科技报))讯")


def _paper_from_datelines(articles: list[ParsedArticle]) -> str | None:
    """`科技日报讯(记者…)` names the paper that printed it; `本报讯` does not."""
    for a in articles:
        m = _PAPER_DATELINE.match(a.dateline or "")
        if m:
            return m.group(1)
    return None


def _page_of(meta: dict[str, str], facts: PathFacts, sources: dict[str, str]) -> str | None:
    page = meta.get("page") or facts.page
    if page:
        page = re.sub(r"^第|版$", "", str(page)).strip() or None
    sources["page"] = "front_matter" if meta.get("page") else ("filename" if facts.page else "unknown")
    return page


def _order_of(meta: dict[str, str], facts: PathFacts, sources: dict[str, str]) -> int | None:
    """The first article's position on the printed page, when the file says."""
    if (meta.get("order") or "").isdigit():
        sources["order"] = "front_matter"
        return int(meta["order"])
    if facts.order is not None:
        sources["order"] = "filename"
        return facts.order
    sources["order"] = "position"
    return None


def _paper_of(meta: dict[str, str], default_paper: tuple[str, str] | None, articles: list[ParsedArticle],
              sources: dict[str, str]) -> str | None:
    paper = meta.get("paper")
    if paper:
        sources["paper"] = "front_matter"
    elif default_paper:
        paper, sources["paper"] = default_paper
    else:
        paper = _paper_from_datelines(articles)
        sources["paper"] = "dateline" if paper else "unknown"
    return paper


def _article_text(a: ParsedArticle) -> str:
    return a.headline + "\n" + "\n".join(p.text for p in a.paragraphs)


def parse_source(src: SourceText, name: str = "", file_date: str | None = None,
                 default_paper: tuple[str, str] | None = None) -> ParsedPage:
    """Parse a decoded corpus file into a page of articles; raises IngestError when none is found.

    `name` is the file's path (its name and folders may carry date, page and order);
    `default_paper` is (name, where it was set) for files whose front matter names none."""
    layout, read = read_layout(src, name)
    articles = read.articles
    if not articles:
        raise IngestError("没有找到文章（需要标题和正文段落）")
    source = src.meta.get("source") or read.source_line
    all_text = "\n".join(_article_text(a) for a in articles)
    try:
        issue_date, date_source = issue_date_for(src.meta.get("date"), name, all_text, file_date)
    except BadDateError as exc:
        raise IngestError(f"front matter 中的日期无效：{exc}（应为 YYYY-MM-DD）") from exc
    for a in articles:
        a.event_dates = article_event_dates(_article_text(a), issue_date)
    facts = path_facts(name) if name else PathFacts()
    sources = {"layout": layout, "issue_date": date_source, **read.sources}
    page = _page_of(src.meta, facts, sources)
    order = _order_of(src.meta, facts, sources)
    for k, a in enumerate(articles):
        a.order = order + k if order is not None else k + 1
    paper = _paper_of(src.meta, default_paper, articles, sources)
    return ParsedPage(articles=articles, issue_date=issue_date, date_source=date_source,
                      paper=paper, page=page, source=source, captions=read.captions,
                      layout=layout, field_sources=sources)


def parse_text(text: str, name: str = "") -> ParsedPage:
    """Parse already-decoded text (front matter allowed)."""
    from bot.parse.reader import parse_front_matter

    body, meta = parse_front_matter(text.replace("\r\n", "\n").lstrip("\ufeff"))
    return parse_source(SourceText(text=body, meta=meta), name)
