"""Views of one article: where it comes from (`它的来源`), and the article itself."""
from __future__ import annotations

from bot.ingest.rows import ArticleRow, CaptionRow, FigureRow, ParagraphRow
from bot.present.blocks import Block, Segment

from bot.present.reply import Action, Reply
from bot.present.builders import article_ref, bold, byline_text, figure_ref, issue_text, pager, source_line, text


def cite_reply(art: ArticleRow) -> Reply:
    """The article's source line, with a way to read it."""
    blocks = [text(bold(f"《{art['headline']}》的出处"), kind="title"), text(source_line(art))]
    return Reply(intent="cite", blocks=blocks, issue_date=art["issue_date"], articles=[article_ref(art, [])],
                 actions=[Action("查看全文", "article", art["id"])])


# ------------------------------------------------------------------ the article itself

PAGE_CHARS = 1500  # visible characters of body text a message shows; a long article is paged
SENTENCE_ENDS = "。！？；!?;\n"  # a paragraph too long for a page is cut after one of these …
MIN_PIECE = 200  # … unless that leaves less than this on the page: then wherever the page is full


def _marked(para: ParagraphRow, figures: list[FigureRow], body: str) -> list[Segment]:
    """The paragraph with each of its figures marked where it stands (offsets found, never guessed)."""
    spans: list[tuple[int, int]] = []
    for f in figures:
        if f.get("paragraph_id") != para.get("id") or f.get("is_change"):
            continue
        pos = body.find(f["sentence"])
        if pos < 0:
            continue
        a, b = pos + f["start"], pos + f["end"]
        if body[a:b] == f["display"] and all(b <= x or a >= y for x, y in spans):
            spans.append((a, b))
    out: list[Segment] = []
    last = 0
    for a, b in sorted(spans):
        out += [Segment(body[last:a]), Segment(body[a:b], "mark")]
        last = b
    out.append(Segment(body[last:]))
    return [s for s in out if s.text]


def _cut_at(text: str, room: int) -> int:
    """Where to cut `text` to fill `room` characters: after the last sentence end that leaves at
    least MIN_PIECE, else at `room` itself."""
    end = max(text.rfind(ch, 0, room) for ch in SENTENCE_ENDS) + 1
    return end if end >= min(MIN_PIECE, room) else room


def _split_long(block: Block) -> list[Block]:
    """A block longer than a page as pieces of at most PAGE_CHARS (a marked figure is never cut);
    any other block as it is. A 120,000-character paragraph becomes 80 pages, not one page sent as
    30 messages at every tap."""
    if len(block.plain) <= PAGE_CHARS:
        return [block]
    pieces: list[Block] = []
    segs: list[Segment] = []
    used = 0
    for seg in block.segments:
        rest = seg.text
        while used + len(rest) > PAGE_CHARS:
            whole = seg.style == "mark" and len(rest) <= PAGE_CHARS  # moves to the next piece whole
            cut = 0 if whole or (segs and PAGE_CHARS - used < MIN_PIECE) else _cut_at(rest, PAGE_CHARS - used)
            if cut:
                segs.append(Segment(rest[:cut], seg.style))
            pieces.append(Block(block.kind, segs))
            segs, used, rest = [], 0, rest[cut:]
        if rest:
            segs.append(Segment(rest, seg.style))
            used += len(rest)
    if segs:
        pieces.append(Block(block.kind, segs))
    return [p for p in pieces if p.segments]


def _pages(blocks: list[Block]) -> list[list[Block]]:
    pages: list[list[Block]] = [[]]
    used = 0
    for b in (piece for block in blocks for piece in _split_long(block)):
        n = len(b.plain)
        if pages[-1] and used + n > PAGE_CHARS:
            pages.append([])
            used = 0
        pages[-1].append(b)
        used += n
    # a subhead never ends a page
    for i in range(len(pages) - 1):
        if pages[i] and _is_subhead(pages[i][-1]):
            pages[i + 1].insert(0, pages[i].pop())
    return [p for p in pages if p]


def _is_subhead(block: Block) -> bool:
    return len(block.segments) == 1 and block.segments[0].style == "bold"


def article_reply(art: ArticleRow, regions: list[str], paragraphs: list[ParagraphRow],
                  figures: list[FigureRow], captions: list[CaptionRow], page: int = 1,
                  back: str = "", former_names: list[str] | None = None) -> Reply:
    """Headline block, then the body as printed (subheads, figures marked in place), paged.

    `back` is the action ("kind:arg") that shows the list the reader came from; `former_names`
    the retired names the article uses, each with what it is today (襄樊市（2010年更名为襄阳市）)."""
    pages = _pages(_body(art, paragraphs, figures, captions)) or [[]]
    page = min(max(1, page), len(pages))
    head = _head(art) if page == 1 else [text(bold(art["headline"]), f"（续 {page}/{len(pages)}）", kind="title")]
    if page == 1 and former_names:
        head.append(text("文中旧称：" + "；".join(former_names), kind="note"))
    blocks = head + pages[page - 1]
    actions: list[Action] = []
    if len(pages) > 1:
        blocks.append(text(f"第 {page}/{len(pages)} 页", kind="note"))
        article_id = art["id"]
        actions += pager("apage", page, len(pages), lambda n: f"{article_id}|{n}|{back}")
    if back:
        kind, _, arg = back.partition(":")
        actions.append(Action("返回列表", kind, arg))
    if any(not f.get("is_change") for f in figures):
        first = next(f for f in figures if not f.get("is_change"))
        actions.append(Action("文中数字", "related", str(first["id"])))
    return Reply(intent="article", blocks=blocks, regions=regions, issue_date=art["issue_date"],
                 articles=[article_ref(art, regions)], actions=actions)


def _head(art: ArticleRow) -> list[Block]:
    """Kicker, headline, subtitle (——…), then `人民日报 2020年2月24日 第4版 · 栏目 · 记者`."""
    head: list[Block] = []
    kicker, subtitle, column = art.get("kicker"), art.get("subtitle"), art.get("column_name")
    if kicker:
        head.append(text(kicker))
    head.append(text(bold(art["headline"]), kind="title"))
    if subtitle:
        head.append(text(subtitle if subtitle.startswith("——") else "——" + subtitle))
    meta = [issue_text(art.get("paper"), art["issue_date"], art.get("page"))]
    if column:
        meta.append(column)
    if byline_text(art):
        meta.append(byline_text(art))
    head.append(text(" · ".join(m for m in meta if m), kind="note"))
    return head


def _body(art: ArticleRow, paragraphs: list[ParagraphRow], figures: list[FigureRow],
          captions: list[CaptionRow]) -> list[Block]:
    """编者按, the paragraphs under their subheads (the dateline before the first), then captions."""
    body: list[Block] = []
    note, dateline = art.get("editor_note"), art.get("dateline")
    if note:
        body.append(text(bold("编者按："), note, kind="quote"))
    section = None
    for k, p in enumerate(paragraphs):
        subhead = p.get("section")
        if subhead and subhead != section:
            section = subhead
            body.append(text(bold(section)))
        content = p["text"]
        segs = _marked(p, figures, content)
        if k == 0 and dateline and not content.startswith(dateline):
            segs = [Segment(dateline)] + segs
        body.append(Block("text", segs))
    for c in captions:
        body.append(text(f"【图】{c['text']}" + (f"（{c['credit']}）" if c.get("credit") else ""), kind="note"))
    return body


def related_reply(fig: FigureRow, art: ArticleRow, figures: list[FigureRow]) -> Reply:
    """The article's figures, each sentence once with all its figures marked in it."""
    blocks = [text(bold(f"《{art['headline']}》中的数字"), kind="title")]
    by_sentence: dict[str, list[FigureRow]] = {}
    for f in figures:
        by_sentence.setdefault(f["sentence"], []).append(f)
    for sentence, figs in by_sentence.items():
        spans = sorted({(f["start"], f["end"]) for f in figs if sentence[f["start"]:f["end"]] == f["display"]})
        segs: list[Segment] = []
        last = 0
        for a, b in spans:
            if a < last:
                continue
            segs += [Segment(sentence[last:a]), Segment(sentence[a:b], "mark")]
            last = b
        segs.append(Segment(sentence[last:]))
        blocks.append(Block("item", [s for s in segs if s.text]))
    blocks.append(text(source_line(art), kind="note"))
    return Reply(intent="figures", blocks=blocks, issue_date=art["issue_date"],
                 articles=[article_ref(art, [])], figures=[figure_ref(f, art) for f in figures],
                 actions=[Action("返回答案", "figure", str(fig["id"])), Action("查看全文", "article", art["id"])])
