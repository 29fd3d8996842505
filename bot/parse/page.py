"""Turn the text of a newspaper page (PDF converted to markdown-like text) or a single-article
plain text file into structured articles.

Heading levels alone do not tell a headline from a kicker or a column name, so every heading's
role is decided by what follows it. Paragraphs cut by the two-column layout are joined again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parse.dates import BadDateError, article_event_dates, issue_date_for
from bot.parse.types import Caption, Paragraph, ParsedArticle, ParsedPage
from bot.parse.lines import (ends_sentence, is_byline, is_byline_continuation, is_credit, layout, parse_byline,
                             split_dateline)
from bot.parse.reader import IngestError, SourceText
from bot.parse.source_path import PathFacts, path_facts

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


# ------------------------------------------------------------------ line items


@dataclass
class _Item:
    kind: str  # heading | byline | caption | note | para | source
    text: str
    level: int = 0
    credit: str | None = None
    after_blank: bool = True


def _clean(line: str) -> str:
    # Markdown hard breaks ("  " at line end) and stray spaces are layout, not text.
    return line.strip().replace("\u3000", " ").strip()


def _split_caption(text: str) -> tuple[str, str | None]:
    """Split a one-line caption whose credit follows its last full stop."""
    m = re.match(r"^(.*[。.!?！？)）])\s*([^。]{2,30})$", text)
    if m and is_credit(m.group(2).strip()):
        return m.group(1).strip(), m.group(2).strip()
    return text, None


def _items(text: str) -> list[_Item]:
    lay = layout()
    lines = text.split("\n")
    items: list[_Item] = []
    blank = True
    i = 0
    while i < len(lines):
        line = _clean(lines[i])
        i += 1
        if not line:
            blank = True
            continue
        after_blank, blank = blank, False
        hm = _HEADING.match(line)
        if hm:
            items.append(_Item("heading", hm.group(2).strip(), level=len(hm.group(1)), after_blank=after_blank))
        elif line.startswith(lay.note_prefixes):
            items.append(_Item("note", line, after_blank=after_blank))
        elif line.startswith(lay.caption_prefixes):
            cap, credit = line, None
            nxt = _clean(lines[i]) if i < len(lines) else ""
            if nxt and is_credit(nxt):
                credit = nxt
                i += 1
            else:
                cap, credit = _split_caption(line)
            items.append(_Item("caption", cap, credit=credit, after_blank=after_blank))
        elif is_byline(line):
            byline = line
            # A byline that wraps continues on the very next line with more names.
            while i < len(lines) and _clean(lines[i]) and is_byline_continuation(_clean(lines[i])):
                byline += " " + _clean(lines[i])
                i += 1
            items.append(_Item("byline", byline, after_blank=after_blank))
        elif line.startswith(lay.source_prefixes):
            items.append(_Item("source", line.split(None, 1)[-1] if " " in line[:4] else line[3:].strip(),
                               after_blank=after_blank))
        else:
            items.append(_Item("para", line, after_blank=after_blank))
    return items


# ------------------------------------------------------------------ heading roles


def _next_index(items: list[_Item], i: int) -> int | None:
    """Index of the first item after i that is not a caption (captions float beside the text)."""
    return next((k for k in range(i + 1, len(items)) if items[k].kind != "caption"), None)


def _next_content(items: list[_Item], i: int) -> _Item | None:
    k = _next_index(items, i)
    return items[k] if k is not None else None


def _heading_role(items: list[_Item], i: int, article_open: bool) -> str:
    lay = layout()
    h = items[i]
    if h.text.startswith(lay.subtitle_prefixes):
        return "subtitle"
    nxt_at = _next_index(items, i)
    nxt = items[nxt_at] if nxt_at is not None else None
    if i > 0 and items[i - 1].kind == "heading" and items[i - 1].level < h.level \
            and (nxt is None or nxt.kind != "heading") and not items[i - 1].text.endswith(("——", "--")):
        # `# 主题` then `## 副题` with the body straight after: markdown levels say the lower one is
        # the subtitle, whatever its words.
        return "subtitle"
    if h.text.endswith(("——", "--")):
        return "kicker"  # a line that leads into the next one is an 引题
    if nxt is not None and nxt.kind == "heading" and not nxt.text.startswith(lay.subtitle_prefixes):
        # Heading over heading: a kicker stands over a headline of higher rank; a short
        # name over a same-rank headline is a column.
        if nxt.level < h.level:
            return "kicker"
        after = _next_content(items, nxt_at) if nxt_at is not None else None
        if nxt.level > h.level and (after is None or after.kind != "heading"):
            return "headline"  # `# 主题` over `## 副题`: the higher rank is the headline
        if len(h.text) <= lay.column_max_chars and not re.search(r"[,，:：、]", h.text):
            return "column"
        return "kicker"
    if nxt is not None and nxt.kind == "heading" and nxt.text.startswith(lay.subtitle_prefixes):
        return "headline"
    if h.level >= 3 and article_open:
        return "section"
    return "headline"


# ------------------------------------------------------------------ page assembly


def _series_key(text: str) -> str | None:
    m = re.search(r"[“\"「]([^”\"」]{2,30})[”\"」]\s*系列", text)
    return m.group(1) if m else None


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)
    return {t[k:k + 2] for k in range(len(t) - 1)}


def _place_captions(articles: list[ParsedArticle], stray: list[tuple[int, Caption]]) -> list[Caption]:
    """Attach each caption to the article it illustrates, defaulting to the one it stands in.

    Shared character pairs are weighted by rarity across the page's articles, so a name that only
    one article uses (哈尔滨新区) outweighs generic words (科技有限公司); a caption sharing nothing
    distinctive with any article belongs to the page."""
    page_captions: list[Caption] = []
    profiles = [_bigrams(a.headline + "".join(p.text for p in a.paragraphs)) for a in articles]
    for host, cap in stray:
        grams = _bigrams(cap.text)
        weight = {g: 1.0 / sum(g in prof for prof in profiles) for g in grams
                  if any(g in prof for prof in profiles)}
        scores = [sum(w for g, w in weight.items() if g in prof) / max(1, len(grams)) for prof in profiles]
        if not scores:
            page_captions.append(cap)
            continue
        best = max(range(len(scores)), key=lambda k: (scores[k], k == host))
        if scores[best] < 0.1:
            page_captions.append(cap)
        elif host >= 0 and scores[host] >= scores[best] * 0.8:
            articles[host].captions.append(cap)
        else:
            articles[best].captions.append(cap)
    return page_captions


def _parse_items(items: list[_Item]) -> tuple[list[ParsedArticle], list[tuple[int, Caption]], list[str]]:
    articles: list[ParsedArticle] = []
    captions: list[tuple[int, Caption]] = []
    notes: list[str] = []
    pending_kicker: str | None = None
    column: str | None = None
    section: str | None = None
    join_open = False  # the last body paragraph stopped mid-sentence
    for i, it in enumerate(items):
        cur = articles[-1] if articles else None
        if it.kind == "heading":
            role = _heading_role(items, i, cur is not None)
            join_open = False
            if role == "kicker":
                pending_kicker = it.text
            elif role == "column":
                column = it.text
            elif role == "subtitle" and cur is not None:
                cur.subtitle = it.text
            elif role == "section" and cur is not None:
                section = it.text
            else:  # headline (also a subtitle with no article yet)
                if it.level == 1 and pending_kicker is None:
                    # A front-page style h1 article stands outside any column box.
                    column = None
                if it.level == 1 and pending_kicker is not None:
                    column = None
                articles.append(ParsedArticle(headline=it.text, kicker=pending_kicker, column=column))
                pending_kicker, section = None, None
            continue
        if it.kind == "note":
            notes.append(it.text)
            continue
        if it.kind == "caption":
            captions.append((len(articles) - 1, Caption(text=it.text, credit=it.credit)))
            continue  # a caption does not close an open paragraph
        if cur is None:
            if it.kind == "para" and notes:
                notes[-1] += it.text  # an editor's note that wraps
            continue
        if it.kind == "byline":
            cur.byline_raw = it.text if cur.byline_raw is None else cur.byline_raw + " " + it.text
            cur.byline.extend(parse_byline(it.text))
            continue
        if it.kind == "source":
            continue
        # body paragraph
        text = it.text
        if not cur.paragraphs:
            dateline, text, people = split_dateline(text)
            if dateline:
                cur.dateline = dateline
                cur.byline.extend(p for p in people if p.name not in {q.name for q in cur.byline})
        if join_open and cur.paragraphs:
            cur.paragraphs[-1].text += text
        else:
            cur.paragraphs.append(Paragraph(text=text, section=section))
        join_open = not ends_sentence(cur.paragraphs[-1].text)
    return articles, captions, notes


def _attach_notes(articles: list[ParsedArticle], notes: list[str]) -> None:
    for note in notes:
        body = note
        for p in layout().note_prefixes:
            if body.startswith(p):
                body = body[len(p):].lstrip(" :：　")
                break
        key = _series_key(body)
        target = next((a for a in articles if key and key in ((a.subtitle or "") + a.headline)), None)
        target = target or (articles[0] if articles else None)
        if target is not None:
            target.editor_note = body


_PAPER_DATELINE = re.compile(r"^([\u4e00-\u9fff]{2,8}?(?:日报|晚报|时报|商报|青年报|经济报|科技报))讯")


def _paper_from_datelines(articles: list[ParsedArticle]) -> str | None:
    """`科技日报讯(记者…)` names the paper that printed it; `本报讯` does not."""
    for a in articles:
        m = _PAPER_DATELINE.match(a.dateline or "")
        if m:
            return m.group(1)
    return None


def _articles_of(src: SourceText, name: str) -> tuple[list[ParsedArticle], list[Caption], str | None,
                                                      str, dict[str, str]]:
    """Articles by the file's own layout (detected per file): markdown page, positional, plain."""
    from bot.parse.article import is_positional, parse_plain, parse_positional

    items = _items(src.text)
    if any(it.kind == "heading" for it in items):
        articles, stray, notes = _parse_items(items)
        page_captions = _place_captions(articles, stray)
        _attach_notes(articles, notes)
        return [a for a in articles if a.paragraphs], page_captions, None, "markdown_page", {}
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if is_positional(src.text.split("\n"), stem):
        art, sources, source_line = parse_positional(src.text)
        return [art], [], source_line, "positional", sources
    plain, sources, source_line = parse_plain(src.text, src.meta)
    return ([plain] if plain else []), [], source_line, "plain_article", sources


def parse_source(src: SourceText, name: str = "", file_date: str | None = None,
                 default_paper: tuple[str, str] | None = None) -> ParsedPage:
    """Parse a decoded corpus file into a page of articles; raises IngestError when none is found.

    `name` is the file's path (its name and folders may carry date, page and order);
    `default_paper` is (name, where it was set) for files whose front matter names none."""
    articles, page_captions, source_line, layout, sources = _articles_of(src, name)
    if not articles:
        raise IngestError("没有找到文章（需要标题和正文段落）")
    source = src.meta.get("source") or source_line
    all_text = "\n".join(a.headline + "\n" + "\n".join(p.text for p in a.paragraphs) for a in articles)
    try:
        issue_date, date_source = issue_date_for(src.meta.get("date"), name, all_text, file_date)
    except BadDateError as exc:
        raise IngestError(f"front matter 中的日期无效：{exc}（应为 YYYY-MM-DD）") from exc
    for a in articles:
        a.event_dates = article_event_dates(a.headline + "\n" + "\n".join(p.text for p in a.paragraphs),
                                            issue_date)
    facts = path_facts(name) if name else PathFacts()
    sources = {"layout": layout, "issue_date": date_source, **sources}
    page = src.meta.get("page") or facts.page
    if page:
        page = re.sub(r"^第|版$", "", str(page)).strip() or None
    sources["page"] = "front_matter" if src.meta.get("page") else ("filename" if facts.page else "unknown")
    order: int | None = None
    if (src.meta.get("order") or "").isdigit():
        order, sources["order"] = int(src.meta["order"]), "front_matter"
    elif facts.order is not None:
        order, sources["order"] = facts.order, "filename"
    else:
        sources["order"] = "position"
    for k, a in enumerate(articles):
        a.order = order + k if order is not None else k + 1
    paper = src.meta.get("paper")
    if paper:
        sources["paper"] = "front_matter"
    elif default_paper:
        paper, sources["paper"] = default_paper
    else:
        paper = _paper_from_datelines(articles)
        sources["paper"] = "dateline" if paper else "unknown"
    return ParsedPage(articles=articles, issue_date=issue_date, date_source=date_source,
                      paper=paper, page=page, source=source, captions=page_captions,
                      layout=layout, field_sources=sources)


def parse_text(text: str, name: str = "") -> ParsedPage:
    """Parse already-decoded text (front matter allowed)."""
    from bot.parse.reader import parse_front_matter

    body, meta = parse_front_matter(text.replace("\r\n", "\n").lstrip("\ufeff"))
    return parse_source(SourceText(text=body, meta=meta), name)
