"""Build `Reply` values from corpus rows. Every figure and excerpt here is corpus text, never made up."""
from __future__ import annotations

from collections.abc import Callable

from bot.ingest.rows import ArticleRow, CorpusStats, FigureRow, ParagraphRow
from bot.present.blocks import Block, Segment

from bot.present.intent import Intent
from bot.present.render_json import figure_json
from bot.present.snippets import snippet
from bot.present.reply import (Action, ArticleRef, FigureRef, FigureSuggestion, MaybeFigure, RegionCountSuggestion,
                              Reply, Suggestion)

HELP_EXAMPLES = ["河北今天有啥新闻", "长沙研发投入强度是多少", "科创岛"]


def cn_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def text(*parts: str | Segment, kind: str = "text") -> Block:
    return Block(kind, [p if isinstance(p, Segment) else Segment(p) for p in parts if p != ""])


def bold(s: str) -> Segment:
    return Segment(s, "bold")


def byline_text(article: ArticleRow) -> str:
    """`本报记者 孙明源 华凌` style: people grouped under their role, in page order."""
    groups: list[tuple[str | None, list[str]]] = []
    for p in article.get("byline") or []:
        if groups and groups[-1][0] == p.get("role"):
            groups[-1][1].append(p["name"])
        else:
            groups.append((p.get("role"), [p["name"]]))
    return " ".join(((role + " ") if role else "") + " ".join(names) for role, names in groups)


def issue_text(paper: str | None, issue_date: str | None, page: str | None = None) -> str:
    """`人民日报 2019年2月27日 第10版`; a paper nobody named is not guessed."""
    parts = [paper or "", cn_date(issue_date), f"第{page}版" if page else ""]
    return " ".join(p for p in parts if p)


def source_text(headline: str, issue_date: str | None, byline: str | None = None,
                paper: str | None = None, page: str | None = None) -> str:
    """`来源：《headline》 · 科技日报 2025年1月17日 第5版 · 记者 俞慧友`, the one way every reply cites."""
    parts = [f"《{headline}》", issue_text(paper, issue_date, page)]
    if byline:
        parts.append(byline)
    return "来源：" + " · ".join(p for p in parts if p)


def source_line(article: ArticleRow) -> str:
    return source_text(article["headline"], article["issue_date"], byline_text(article),
                       article.get("paper"), article.get("page"))


def figure_label(fig: FigureRow) -> str:
    """`发送旅客3400万人次`, `江西发送旅客1690万人次`: what is counted, then the figure as printed."""
    metric = fig.get("metric") or ""
    region = fig.get("region") or ""
    # Name the region only when the sentence does and the metric does not already.
    prefix = region if region and region in fig["sentence"] and region not in metric else ""
    return f"{prefix}{metric}{fig['display']}"


def marked_sentence(fig: FigureRow) -> list[Segment]:
    s, a, b = fig["sentence"], fig["start"], fig["end"]
    return [Segment(s[:a]), Segment(s[a:b], "mark"), Segment(s[b:])]


def article_ref(article: ArticleRow, regions: list[str], key_figures: list[str] | None = None,
                excerpt: str = "") -> ArticleRef:
    return ArticleRef(id=article["id"], headline=article["headline"], issue_date=article["issue_date"],
                      regions=regions, paper=article.get("paper"), page=article.get("page"), summary=article.get("summary") or "", excerpt=excerpt,
                      key_figures=key_figures or [])


def figure_ref(fig: FigureRow, article: ArticleRow) -> FigureRef:
    return FigureRef(id=fig["id"], display=fig["display"], value=fig["value"], unit=fig.get("unit"),
                     sentence=fig["sentence"], article_id=article["id"], headline=article["headline"],
                     metric=fig.get("metric"), issue_date=article["issue_date"], byline=byline_text(article),
                     paper=article.get("paper"), page=article.get("page"),
                     start=fig["start"], end=fig["end"])


def figure_suggestion(ref: FigureRef) -> FigureSuggestion:
    return FigureSuggestion(kind="figure", **figure_json(ref))


def maybe_suggestion(ref: FigureRef, reason: str) -> MaybeFigure:
    return MaybeFigure(kind="maybe", reason=reason, **figure_json(ref))


def pager(kind: str, page: int, pages: int, arg: Callable[[int], str]) -> list[Action]:
    """上一页 / 下一页 buttons of a paged reply: `arg(n)` is the action's argument for page n."""
    actions: list[Action] = []
    if page > 1:
        actions.append(Action("上一页", kind, arg(page - 1)))
    if page < pages:
        actions.append(Action("下一页", kind, arg(page + 1)))
    return actions


def short(s: str, n: int = 16) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


# ------------------------------------------------------------------ briefs


def no_brief_reply(*, label: str, issue_date: str | None, issue_note: str, covered: list[str],
                   regions: list[str], elsewhere: tuple[str, int] | None) -> Reply:
    blocks = [text(bold(f"{label}暂无报道"), kind="title")]
    if issue_note:
        blocks.append(text(issue_note, kind="note"))
    blocks.append(text(f"{cn_date(issue_date)}这一期没有关于{label}的文章。"))
    if elsewhere:
        blocks.append(text(f"较早的{cn_date(elsewhere[0])}一期有 {elsewhere[1]} 篇相关报道。"))
    if covered:
        blocks.append(text("这一期涉及的地区：" + "、".join(covered)))
    actions = [Action(f"{r}简报", "brief", r) for r in covered[:6]]
    return Reply(intent="brief", blocks=blocks, regions=regions, issue_date=issue_date,
                 suggestions=[{"region": r} for r in covered], actions=actions)


# ------------------------------------------------------------------ figures


def _figure_blocks(fig: FigureRow, art: ArticleRow) -> list[Block]:
    """What a figure reply shows of the figure under its title: whose and what (长沙 · 研发投入强度),
    its sentence with the figure marked, and the source line."""
    blocks = []
    what = " · ".join(x for x in (fig.get("region"), fig.get("metric")) if x)
    if what:
        blocks.append(text(what, kind="note"))
    blocks.append(Block("quote", marked_sentence(fig)))
    blocks.append(text(source_line(art), kind="note"))
    return blocks


def _figure_items(heading: Block, pairs: list[tuple[FigureRow, ArticleRow]], width: int) -> list[Block]:
    """Other figures under a heading, a line each: the figure, its sentence cut to `width`, its article."""
    if not pairs:
        return []
    return [heading] + [text(bold(f["display"]), f" — {short(f['sentence'], width)}（《{short(a['headline'])}》）",
                             kind="item") for f, a in pairs]


def _figure_actions(fig: FigureRow, art: ArticleRow) -> list[Action]:
    return [Action("原文", "source", str(fig["id"])), Action("相关数字", "related", str(fig["id"])),
            Action("查看全文", "article", art["id"])]


def figure_reply(best: tuple[FigureRow, ArticleRow], others: list[tuple[FigureRow, ArticleRow]],
                 regions: list[str]) -> Reply:
    fig, art = best
    blocks = [text(bold(fig["display"]), kind="title"), *_figure_blocks(fig, art),
              *_figure_items(text("其他相近的数字：", kind="text"), others, 40)]
    return Reply(intent="figure", blocks=blocks, regions=regions, issue_date=art["issue_date"],
                 articles=[article_ref(art, [])],
                 figures=[figure_ref(fig, art)] + [figure_ref(f, a) for f, a in others],
                 actions=_figure_actions(fig, art))


def maybe_figure_reply(maybe: tuple[FigureRow, ArticleRow], reason: str, regions: list[str],
                       rivals: list[tuple[FigureRow, ArticleRow]] | None = None) -> Reply:
    """可能是: a figure that fits the question but not surely, said plainly with why, and the figures
    it could as well be; offered, not given as the answer (`suggestions`, never `figures`)."""
    fig, art = maybe
    rivals = rivals or []
    blocks = [text("可能是 ", bold(fig["display"]), kind="title"),
              text(f"没有找到与问题完全相符的数字：{reason}，请核对原文。", kind="note"),
              *_figure_blocks(fig, art), *_figure_items(text("也可能是：", kind="text"), rivals, 48)]
    suggestions: list[Suggestion] = [maybe_suggestion(figure_ref(f, a), reason) for f, a in [maybe, *rivals]]
    return Reply(intent="figure", blocks=blocks, regions=regions, issue_date=art["issue_date"],
                 articles=[article_ref(art, [])], suggestions=suggestions, actions=_figure_actions(fig, art))


def no_figure_reply(asked: str, closest: list[tuple[FigureRow, ArticleRow]], regions: list[str],
                    reason: str) -> Reply:
    blocks = [text(bold("没有找到这个数字"), kind="title"), text(reason),
              *_figure_items(text("语料中最接近的数字如下，仅供参考，并非你所问的内容：", kind="note"), closest, 48)]
    suggestions: list[Suggestion] = [figure_suggestion(figure_ref(f, a)) for f, a in closest]
    actions = [Action(f"{f['display']} 原文", "source", str(f["id"])) for f, _ in closest[:3]]
    return Reply(intent="figure", blocks=blocks, regions=regions, suggestions=suggestions, actions=actions)


def source_reply(fig: FigureRow, art: ArticleRow, paragraph: ParagraphRow | None) -> Reply:
    blocks = [text(bold(f"《{art['headline']}》原文摘录"), kind="title")]
    if paragraph:
        para = paragraph["text"]
        pos = para.find(fig["sentence"])
        if pos >= 0:
            a, b = pos + fig["start"], pos + fig["end"]
            blocks.append(Block("quote", [Segment(para[:a]), Segment(para[a:b], "mark"), Segment(para[b:])]))
        else:
            blocks.append(Block("quote", [Segment(para)]))
    else:
        blocks.append(Block("quote", marked_sentence(fig)))
    blocks.append(text(source_line(art), kind="note"))
    return Reply(intent="source", blocks=blocks, issue_date=art["issue_date"], articles=[article_ref(art, [])],
                 figures=[figure_ref(fig, art)],
                 actions=[Action("返回答案", "figure", str(fig["id"])), Action("相关数字", "related", str(fig["id"])),
                          Action("查看全文", "article", art["id"])])


# ------------------------------------------------------------------ search and article


def search_reply(query: str, hits: list[tuple[ArticleRow, list[str], str]], regions: list[str],
                 words: list[str] | None = None) -> Reply:
    """One line per article, like a brief: its headline, date and page, then the sentence that
    matched with the words asked marked (snippets.py); the article is a tap away."""
    blocks = [text(bold(f"「{query}」相关报道"), f"（{len(hits)} 篇）", kind="title")]
    actions = []
    for k, (art, regs, excerpt) in enumerate(hits, start=1):
        blocks.append(text(bold(f"{k}. {art['headline']}"), f" · {issue_text(art.get('paper'), art['issue_date'], art.get('page'))}", kind="item"))
        line = excerpt or art.get("summary") or ""
        if line:
            blocks.append(Block("text", snippet(line, words or [query])))
        # the article opens in place of the list, with a way back to it (a query cut short cannot be re-asked)
        back = f"|list:/search {query}" if not query.endswith("…") else ""
        actions.append(Action(f"{k}. {short(art['headline'])}", "article", art["id"] + back))
    return Reply(intent="search", blocks=blocks, regions=regions,
                 issue_date=hits[0][0]["issue_date"] if hits else None,
                 articles=[article_ref(a, r, excerpt=e) for a, r, e in hits], actions=actions)


def no_search_reply(query: str, headlines: list[ArticleRow], covered: list[str]) -> Reply:
    blocks = [text(bold(f"没有找到与「{query}」相关的报道"), kind="title")]
    if headlines:
        blocks.append(text("最新一期的文章有：", kind="note"))
        blocks.extend(text(a["headline"], kind="item") for a in headlines)
    if covered:
        blocks.append(text("可以按地区查看简报：" + "、".join(covered[:10])))
    return Reply(intent="search", blocks=blocks,
                 suggestions=[{"article_id": a["id"], "headline": a["headline"]} for a in headlines],
                 actions=[Action(short(a["headline"]), "article", a["id"]) for a in headlines[:5]])


def help_reply(covered: list[str]) -> Reply:
    blocks = [
        text(bold("地方新闻助手"), kind="title"),
        text("用中文直接问我，答案都来自报纸原文，并注明出处："),
        text("看简报：“河北今天有啥新闻”、/brief 四川、/today", kind="item"),
        text("查数字：“长沙研发投入强度是多少”、/stat 南铁春运发送旅客", kind="item"),
        text("搜主题：“科创岛”、/search 链长制", kind="item"),
        text("比数字：“江西和福建春运发送旅客”、/compare 江西 福建 发送旅客", kind="item"),
        text("订阅：/subscribe 江西 08:00 每天推送该地区的新简报，/subscriptions 管理订阅，/unsubscribe 退订",
             kind="item"),
        text("其他：/regions 地区列表，/about 语料说明", kind="item"),
    ]
    if covered:
        blocks.append(text("最新一期涉及：" + "、".join(covered[:12]), kind="note"))
    return Reply(intent="help", blocks=blocks,
                 actions=[Action(q, "ask", q) for q in HELP_EXAMPLES])


def thanks_reply() -> Reply:
    return Reply(intent="thanks", blocks=[text("不客气！还想了解什么？可以直接问，例如：")],
                 actions=[Action(q, "ask", q) for q in HELP_EXAMPLES])


def regions_reply(issue_date: str | None, rows: list[tuple[str, str, str, int]]) -> Reply:
    blocks = [text(bold("有报道的地区"), f" · {cn_date(issue_date)}", kind="title")]
    by_level: dict[str, list[str]] = {}
    for _, name, level, n in rows:
        by_level.setdefault(level, []).append(f"{name}（{n}）")
    names = {"province": "省级", "city": "城市", "zone": "新区与园区", "county": "区县", "macro": "区域"}
    for level in ("province", "city", "zone", "county", "macro"):
        if by_level.get(level):
            blocks.append(text(bold(names[level] + "："), "、".join(by_level[level])))
    provinces = [name for _, name, level, _ in rows if level == "province"]
    return Reply(intent="regions", blocks=blocks, issue_date=issue_date,
                 suggestions=[RegionCountSuggestion(region=name, articles=n) for _, name, _, n in rows],
                 actions=[Action(f"{p}简报", "brief", p) for p in provinces[:8]])


def about_reply(stats: CorpusStats) -> Reply:
    blocks = [text(bold("语料说明"), kind="title"),
              text(f"收录{stats['papers']}区域新闻 {stats['issues']} 期、{stats['pages']} 个版面、"
                   f"{stats['articles']} 篇文章、{stats['figures']} 个数字。"),
              text(f"日期范围：{cn_date(stats['first'])} 至 {cn_date(stats['last'])}。"),
              text("所有答案均摘自原文并注明出处，不做编造。", kind="note")]
    return Reply(intent="about", blocks=blocks, issue_date=stats["last"])


def ask_reply(intent: Intent, prompt: str, covered: list[str]) -> Reply:
    actions = [Action(r, "brief", r) for r in covered[:8]] if intent == "ask_region" else []
    return Reply(intent=intent, blocks=[text(prompt)], actions=actions,
                 suggestions=[{"region": r} for r in covered] if actions else [])


def unknown_reply(message: str) -> Reply:
    return Reply(intent="unknown", blocks=[text(message), text("发送 /help 查看用法。", kind="note")])


def too_long_reply(length: int, limit: int) -> Reply:
    """A polite refusal of a message longer than the engine reads."""
    return Reply(intent="too_long", blocks=[
        text(f"消息太长了（{length} 字）。请把问题控制在 {limit} 字以内，例如：“长沙研发投入强度是多少”。"),
        text("发送 /help 查看用法。", kind="note")],
        actions=[Action(q, "ask", q) for q in HELP_EXAMPLES])
