"""Single-article files: the crawler's positional layout and plain text with or without front matter.

Positional (the public 人民日报 crawler and its kin): line 1 引题, line 2 主题, line 3 副题, an empty
line meaning "none", then one paragraph a line. Plain text: a title block of up to three short lines
(引题 / 主题 / 副题, told apart by `——`, position and front matter), then the body.
Bodies are read line by line: bylines, datelines, captions, photo and design credits, subheads and
bare figure call-outs each get their own role; nothing is glued onto a neighbouring paragraph.
"""
from __future__ import annotations

import re

from bot.parse.types import Caption, Paragraph, ParsedArticle
from bot.parse.lines import ends_sentence, is_byline, is_credit, layout, parse_byline, split_dateline

POSITIONAL_NAME = re.compile(r"(?<!\d)(?:19|20)\d{6}[-_]\d{1,3}[-_]\d{1,3}$")
_INDENT = ("\u3000", " ", "\t", "\xa0")
# A trailing column tag, with one level of nesting: `（政策解读·电商法施行一月（上））`.
_COLUMN_TAG = re.compile(r"\s*[（(]((?:[^（）()]|[（(][^（）()]*[)）])+)[)）]\s*$")
# Parts of a series stay in the headline: `（上）`, `（二）`, `（11）`.
_SERIES_PART = re.compile(r"^(?:[上中下]|[一二三四五六七八九十]+|\d{1,2})$")
_CALLOUT = re.compile(r"^[近约超逾]?\d[\d.,，]*\s*(?:[%％‰]|[万亿千百]+)?[\w]{0,3}(?:以上|左右|多)?$")
_DESIGN_CREDIT = re.compile(r"^(?:本版)?(?:制图|版式设计|设计|图表|数据来源|资料来源)[:：]")
_CLOSING_CREDIT = re.compile(r"^[(（](?:本报记者|记者|本报特约记者|通讯员)[^)）]{1,40}[)）]$")
_PHOTO_CREDIT = re.compile(r"(?:摄|摄影报道|供图|资料图片|新华社发|人民视觉|视觉中国)$")
# Subheads run longer in one-paragraph-a-line text (`充分认识统筹推进疫情防控和经济社会发展的重要性`)
# than in hard-wrapped plain text, where a short unpunctuated line may just be a wrapped tail.
_SUBHEAD_MAX = {False: 30, True: 20}
_TITLE_MAX = 40
_SENTENCE_END = "。！？!?；;：:，,…"
_BOX_HEADS = ("核心阅读", "内容提要", "延伸阅读", "新闻回放", "记者手记", "开栏的话", "编者的话")


def _clean(line: str) -> str:
    return re.sub(r"[ \u3000\xa0]+", " ", line).strip()


def split_column(headline: str) -> tuple[str, str | None]:
    """`逆势上扬外贸稳（数字看“六稳”）` → (`逆势上扬外贸稳`, `数字看“六稳”`)."""
    m = _COLUMN_TAG.search(headline)
    if not m or m.start() == 0 or _SERIES_PART.match(m.group(1).strip()):
        return headline, None
    return headline[:m.start()].rstrip(), m.group(1).strip()


def is_positional(lines: list[str], name: str = "") -> bool:
    """The crawler layout: three positional title lines, then indented paragraphs (or nothing)."""
    if len(lines) < 3 or not lines[1].strip() or any(lines[k].startswith(_INDENT) for k in range(3)):
        return False
    body = [ln for ln in lines[3:] if ln.strip()]
    if body and sum(ln.startswith("\u3000") for ln in body) < 0.8 * len(body):
        return False
    if POSITIONAL_NAME.search(name):
        return True
    # Without the crawler's file name, only an explicit empty line 1 or three filled title lines
    # say "positional"; `主题\n副题\n\n正文` is left to the plain-text title rules.
    return bool(body) and (not lines[0].strip() or bool(lines[2].strip()))


def _is_subhead(line: str, prev_done: bool, wrapped: bool) -> bool:
    return (len(line) <= _SUBHEAD_MAX[wrapped] and prev_done and line[-1] not in _SENTENCE_END
            and not line.startswith(("——", "（", "(")) and not _CALLOUT.match(line))


class _Body:
    """Accumulates the body lines of one article, each line classified by what it is."""

    def __init__(self, art: ParsedArticle, join_wrapped: bool) -> None:
        self.art = art
        self.join_wrapped = join_wrapped  # plain text may be hard-wrapped; the crawler's never is
        self.section: str | None = None
        self.prev_done = True  # the last paragraph ended a sentence
        self.source: str | None = None

    def add(self, raw: str, next_raw: str | None) -> None:
        line = _clean(raw)
        if not line:
            if self.section in _BOX_HEADS:
                self.section = None  # an empty paragraph closes a 核心阅读 box
            return
        if self._aside(line):
            return
        if not self.art.paragraphs:
            rest = self._dateline(line)
            if rest is None:
                return
            line = rest
        if self._credit(line) or self._box_head_or_callout(line):
            return
        if next_raw is not None and _clean(next_raw) and _is_subhead(line, self.prev_done, self.join_wrapped) \
                and (not self.join_wrapped or self.art.paragraphs):
            self.section = line
            return
        self._paragraph(line)

    def _aside(self, line: str) -> bool:
        """A design credit (dropped), a caption, the source line or a byline: not body text."""
        art, lay = self.art, layout()
        if _DESIGN_CREDIT.match(line):
            return True  # page design credits (本版制图：…) say nothing about the story
        if line.startswith(lay.caption_prefixes):
            art.captions.append(Caption(text=line))
            return True
        if line.startswith(lay.source_prefixes):
            self.source = line.split(None, 1)[-1] if " " in line[:4] else line[3:].strip()
            return True
        if is_byline(line) or _CLOSING_CREDIT.match(line):
            inner = line.strip("（）()")
            art.byline_raw = inner if art.byline_raw is None else art.byline_raw + " " + inner
            art.byline.extend(p for p in parse_byline(inner) if p.name not in {q.name for q in art.byline})
            return True
        return False

    def _dateline(self, line: str) -> str | None:
        """The first paragraph without its dateline (本报北京2月1日电), None when nothing is left."""
        art = self.art
        dateline, line, people = split_dateline(line)
        if dateline:
            art.dateline = dateline
            art.byline.extend(p for p in people if p.name not in {q.name for q in art.byline})
            if not line:
                return None
        return line

    def _credit(self, line: str) -> bool:
        """A photo credit (新华社记者 鞠焕宗摄): the last caption's, else a caption of its own."""
        art = self.art
        if len(line) <= 30 and (_PHOTO_CREDIT.search(line) or is_credit(line)) and not line.endswith("。"):
            if art.captions and art.captions[-1].credit is None:
                art.captions[-1].credit = line
            else:
                art.captions.append(Caption(text="", credit=line))
            return True
        return False

    def _box_head_or_callout(self, line: str) -> bool:
        """A box heading (核心阅读) opens a section; a bare figure printed large is a call-out."""
        if line in _BOX_HEADS or line.strip("■●【】 ") in _BOX_HEADS:
            self.section, self.prev_done = line.strip("■●【】 "), True
            return True
        if _CALLOUT.match(line):
            self.art.paragraphs.append(Paragraph(text=line, section=self.section, role="callout"))
            return True
        return False

    def _paragraph(self, line: str) -> None:
        """A body line: a new paragraph, or the tail of a hard-wrapped one."""
        art = self.art
        if self.join_wrapped and not self.prev_done and art.paragraphs \
                and art.paragraphs[-1].role == "body":
            art.paragraphs[-1].text += line
        else:
            art.paragraphs.append(Paragraph(text=line, section=self.section))
        self.prev_done = ends_sentence(art.paragraphs[-1].text)


def _read_body(art: ParsedArticle, lines: list[str], join_wrapped: bool) -> str | None:
    body = _Body(art, join_wrapped)
    for k, raw in enumerate(lines):
        nxt = next((x for x in lines[k + 1:] if x.strip()), None)
        body.add(raw, nxt)
    return body.source


def parse_positional(text: str) -> tuple[ParsedArticle, dict[str, str], str | None]:
    """An article in the crawler's layout; returns it, its field sources and its source line."""
    lines = text.split("\n")
    headline, column = split_column(_clean(lines[1]))
    art = ParsedArticle(headline=headline, kicker=_clean(lines[0]) or None,
                        subtitle=_clean(lines[2]) or None, column=column)
    sources = {"headline": "line2", "kicker": "line1", "subtitle": "line3"}
    if column:
        sources["column"] = "headline_tag"
    return art, sources, _read_body(art, lines[3:], join_wrapped=False)


def _looks_like_body(line: str) -> bool:
    c = _clean(line)
    return (line.startswith(_INDENT) or len(c) > _TITLE_MAX or c[-1] in "。；;，,"
            or split_dateline(c)[0] is not None)


def _title_roles(lines: list[str], meta: dict[str, str]) -> tuple[dict[str, str | None], dict[str, str]]:
    """Kicker, headline and subtitle from a plain text's title lines and its front matter."""
    roles: dict[str, str | None] = {"kicker": None, "headline": None, "subtitle": None}
    sources: dict[str, str] = {}
    title = meta.get("title") or meta.get("headline")
    if title:
        roles["headline"], sources["headline"] = title, "front_matter"
        at = next((k for k, ln in enumerate(lines) if ln == title), None)
        if at is not None:
            if at > 0:
                roles["kicker"], sources["kicker"] = " ".join(lines[:at]), "title_block"
            if at + 1 < len(lines):
                roles["subtitle"], sources["subtitle"] = " ".join(lines[at + 1:]), "title_block"
            lines = []
    unmarked: list[str] = []
    for ln in lines:
        if ln.startswith(layout().subtitle_prefixes):
            roles["subtitle"], sources["subtitle"] = ln, "dash"
        elif ln.endswith(("——", "--")):
            roles["kicker"], sources["kicker"] = ln, "dash"
        else:
            unmarked.append(ln)
    # Unmarked lines in print order: 引题 over 主题 over 副题, the 主题 always present.
    if len(unmarked) == 1:
        roles["headline"], sources["headline"] = unmarked[0], "title_block"
    elif len(unmarked) >= 2:
        first, second = unmarked[0], unmarked[1]
        if roles["kicker"] is None:
            roles["kicker"], roles["headline"] = first, second
            sources.update(kicker="title_block", headline="title_block")
            if len(unmarked) > 2 and roles["subtitle"] is None:
                roles["subtitle"], sources["subtitle"] = " ".join(unmarked[2:]), "title_block"
        else:
            roles["headline"], sources["headline"] = first, "title_block"
            if roles["subtitle"] is None:
                roles["subtitle"], sources["subtitle"] = " ".join(unmarked[1:]), "title_block"
    for key, names in (("kicker", ("kicker", "引题")), ("subtitle", ("subtitle", "副题"))):
        for n in names:
            if meta.get(n):
                roles[key], sources[key] = meta[n], "front_matter"
    return roles, sources


def _first_sentence(text: str, limit: int = 30) -> str:
    s = re.split(r"[。！？!?；;]", split_dateline(text)[1] or text, maxsplit=1)[0]
    return s if len(s) <= limit else s[:limit - 1] + "…"


def parse_plain(text: str, meta: dict[str, str]) -> tuple[ParsedArticle | None, dict[str, str], str | None]:
    """A plain-text article: a title block of short lines, then the body, one paragraph a line."""
    lines = text.split("\n")
    start = next((k for k, ln in enumerate(lines) if ln.strip()), len(lines))
    title_lines: list[str] = []
    art = ParsedArticle(headline="")
    k = start
    lay = layout()
    while k < len(lines) and len(title_lines) < 3:
        raw = lines[k]
        c = _clean(raw)
        if not c:
            k += 1
            if title_lines:
                break  # a blank line ends the title block
            continue
        if is_byline(c) or c.startswith(lay.source_prefixes) or _looks_like_body(raw):
            break
        title_lines.append(c)
        k += 1
    # A lone short line with the body straight after it and no blank is still the title.
    roles, sources = _title_roles(title_lines, meta)
    source = _read_body(art, lines[k:], join_wrapped=True)
    if not roles["headline"]:
        if not art.paragraphs:
            return None, {}, source
        # No title line at all: the first sentence stands in, and says so in its source.
        roles["headline"], sources["headline"] = _first_sentence(art.paragraphs[0].text), "first_sentence"
    art.headline, column = split_column(roles["headline"] or "")
    art.kicker, art.subtitle, art.column = roles["kicker"], roles["subtitle"], column or meta.get("column")
    return art, sources, source
