"""Self-contained cards for inline results: one article or one figure, with its source."""
from __future__ import annotations

from bot.present.blocks import Block, Segment

from bot.present.reply import ArticleRef, FigureRef, Reply
from bot.present.builders import source_text
_SUMMARY_MAX = 600
_EXCERPT_MAX = 600


def _short(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _source_line(ref: ArticleRef | FigureRef, byline: str | None = None) -> Block:
    return Block("note", [Segment(source_text(ref.headline, ref.issue_date, byline, ref.paper, ref.page))])


def article_card(article: ArticleRef) -> Reply:
    blocks = [Block("title", [Segment(article.headline)])]
    if article.regions:
        blocks.append(Block("text", [Segment("地区：" + "、".join(article.regions))]))
    if article.summary:
        blocks.append(Block("text", [Segment(_short(article.summary, _SUMMARY_MAX))]))
    if article.excerpt:
        blocks.append(Block("quote", [Segment(_short(article.excerpt, _EXCERPT_MAX))]))
    for fig in article.key_figures[:5]:
        blocks.append(Block("item", [Segment(fig)]))
    blocks.append(_source_line(article))
    return Reply(intent="article", blocks=blocks, articles=[article], issue_date=article.issue_date)


def figure_card(figure: FigureRef) -> Reply:
    title = f"{figure.metric}：{figure.display}" if figure.metric else figure.display
    sentence = figure.sentence
    start, end = figure.start, figure.end
    if not (0 <= start < end <= len(sentence)) or sentence[start:end] != figure.display:
        found = sentence.find(figure.display)
        start, end = (found, found + len(figure.display)) if found >= 0 else (0, 0)
    quote = [Segment(sentence[:start]), Segment(sentence[start:end], "mark"), Segment(sentence[end:])]
    blocks = [
        Block("title", [Segment(title)]),
        Block("quote", [s for s in quote if s.text]),
        _source_line(figure, figure.byline),
    ]
    return Reply(intent="figure", blocks=blocks, figures=[figure], issue_date=figure.issue_date)
