"""A newspaper page (PDF converted to markdown-like text): several articles under headings.

    ## 新时代·新气象——
    # 京津冀协同,打造先进制造高地
    ### 记者 张三
    图为长沙经开区一家工厂的生产线。 新华社记者 李四摄
    本报北京2月1日电 …

Heading levels alone do not tell a headline from a kicker or a column name, so every heading's
role is decided by what follows it. Paragraphs cut by the two-column layout are joined again;
captions go to the article they illustrate, the editor's note (编者按) to the series it introduces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.parse.lines import (ends_sentence, is_byline, is_byline_continuation, is_credit, layout, parse_byline,
                             split_dateline)
from bot.parse.reader import SourceText
from bot.parse.types import Caption, LayoutParse, Paragraph, ParsedArticle

NAME = "markdown_page"

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


@lru_cache(maxsize=1)
def _items(text: str) -> tuple[_Item, ...]:
    """The text's lines as items (read once per file: detect and parse share them, neither changes them)."""
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
    return tuple(items)


# ------------------------------------------------------------------ heading roles


def _next_index(items: tuple[_Item, ...], i: int) -> int | None:
    """Index of the first item after i that is not a caption (captions float beside the text)."""
    return next((k for k in range(i + 1, len(items)) if items[k].kind != "caption"), None)


def _next_content(items: tuple[_Item, ...], i: int) -> _Item | None:
    k = _next_index(items, i)
    return items[k] if k is not None else None


def _subtitle_by_rank(items: tuple[_Item, ...], i: int, nxt: _Item | None) -> bool:
    """`# 主题` then `## 副题` with the body straight after: markdown levels say the lower one is
    the subtitle, whatever its words."""
    h, prev = items[i], items[i - 1] if i > 0 else None
    return prev is not None and prev.kind == "heading" and prev.level < h.level \
        and (nxt is None or nxt.kind != "heading") and not prev.text.endswith(("——", "--"))


def _role_over_heading(items: tuple[_Item, ...], h: _Item, nxt: _Item, nxt_at: int) -> str:
    """Heading over heading: a kicker stands over a headline of higher rank; a short name over a
    same-rank headline is a column."""
    if nxt.level < h.level:
        return "kicker"
    after = _next_content(items, nxt_at)
    if nxt.level > h.level and (after is None or after.kind != "heading"):
        return "headline"  # `# 主题` over `## 副题`: the higher rank is the headline
    if len(h.text) <= layout().column_max_chars and not re.search(r"[,，:：、]", h.text):
        return "column"
    return "kicker"


def _heading_role(items: tuple[_Item, ...], i: int, article_open: bool) -> str:
    """headline | kicker | subtitle | column | section, by the heading and what follows it."""
    subtitle_prefixes = layout().subtitle_prefixes
    h = items[i]
    if h.text.startswith(subtitle_prefixes):
        return "subtitle"
    nxt_at = _next_index(items, i)
    nxt = items[nxt_at] if nxt_at is not None else None
    if _subtitle_by_rank(items, i, nxt):
        return "subtitle"
    if h.text.endswith(("——", "--")):
        return "kicker"  # a line that leads into the next one is an 引题
    if nxt is not None and nxt_at is not None and nxt.kind == "heading":
        if nxt.text.startswith(subtitle_prefixes):
            return "headline"
        return _role_over_heading(items, h, nxt, nxt_at)
    if h.level >= 3 and article_open:
        return "section"
    return "headline"


# ------------------------------------------------------------------ page assembly


class _PageBuilder:
    """Reads the items in order into articles; captions and editor's notes are kept aside."""

    def __init__(self, items: tuple[_Item, ...]) -> None:
        self.items = items
        self.articles: list[ParsedArticle] = []
        self.captions: list[tuple[int, Caption]] = []  # (the article it stands in, else -1; caption)
        self.notes: list[str] = []
        self.pending_kicker: str | None = None
        self.column: str | None = None
        self.section: str | None = None
        self.join_open = False  # the last body paragraph stopped mid-sentence

    def build(self) -> "_PageBuilder":
        for i, it in enumerate(self.items):
            if it.kind == "heading":
                self._heading(i, it)
            elif it.kind == "note":
                self.notes.append(it.text)
            elif it.kind == "caption":
                # A caption does not close an open paragraph.
                self.captions.append((len(self.articles) - 1, Caption(text=it.text, credit=it.credit)))
            elif self.articles:
                self._content(self.articles[-1], it)
            elif it.kind == "para" and self.notes:
                self.notes[-1] += it.text  # an editor's note that wraps
        return self

    def _heading(self, i: int, it: _Item) -> None:
        cur = self.articles[-1] if self.articles else None
        role = _heading_role(self.items, i, cur is not None)
        self.join_open = False
        if role == "kicker":
            self.pending_kicker = it.text
        elif role == "column":
            self.column = it.text
        elif role == "subtitle" and cur is not None:
            cur.subtitle = it.text
        elif role == "section" and cur is not None:
            self.section = it.text
        else:  # headline (also a subtitle with no article yet)
            if it.level == 1:
                # A front-page style h1 article stands outside any column box, with a kicker or not.
                self.column = None
            self.articles.append(ParsedArticle(headline=it.text, kicker=self.pending_kicker, column=self.column))
            self.pending_kicker, self.section = None, None

    def _content(self, cur: ParsedArticle, it: _Item) -> None:
        if it.kind == "byline":
            cur.byline_raw = it.text if cur.byline_raw is None else cur.byline_raw + " " + it.text
            cur.byline.extend(parse_byline(it.text))
        elif it.kind != "source":
            self._body(cur, it.text)

    def _body(self, cur: ParsedArticle, text: str) -> None:
        if not cur.paragraphs:
            dateline, text, people = split_dateline(text)
            if dateline:
                cur.dateline = dateline
                cur.byline.extend(p for p in people if p.name not in {q.name for q in cur.byline})
        if self.join_open and cur.paragraphs:
            cur.paragraphs[-1].text += text
        else:
            cur.paragraphs.append(Paragraph(text=text, section=self.section))
        self.join_open = not ends_sentence(cur.paragraphs[-1].text)


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


# ------------------------------------------------------------------ the layout


def detect(src: SourceText, stem: str) -> bool:
    """A page with at least one markdown heading."""
    return any(it.kind == "heading" for it in _items(src.text))


def parse(src: SourceText) -> LayoutParse:
    page = _PageBuilder(_items(src.text)).build()
    page_captions = _place_captions(page.articles, page.captions)
    _attach_notes(page.articles, page.notes)
    return LayoutParse([a for a in page.articles if a.paragraphs], page_captions, None, {})
