"""Inline mode: `@bot 长沙` offers matching articles and figures, each a self-contained message."""
from __future__ import annotations

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import InlineQueryLimit, ParseMode
from telegram.ext import Application, ContextTypes, InlineQueryHandler

from bot.render_html import render_html
from bot.tg import services
from bot.tg.cards import article_card, figure_card

CACHE_SECONDS = 60
_DESC_MAX = 100
_MAX_ID = 64


def _result(result_id: str, title: str, description: str, card_html: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=result_id[:_MAX_ID],  # ASCII ids: 64 chars are 64 bytes
        title=title,
        description=description[:_DESC_MAX],
        input_message_content=InputTextMessageContent(
            card_html, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
    )


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    text = (query.query or "").strip()
    button = InlineQueryResultsButton(text="打开机器人查看更多", start_parameter="inline")
    if not text:
        await query.answer([], cache_time=CACHE_SECONDS, button=button)
        return
    reply = await services.get(context).answer(text)
    results: list[InlineQueryResultArticle] = []
    for fig in reply.figures:
        card = render_html(figure_card(fig))[0]  # a card is far below the length limit
        title = f"{fig.display} · {fig.metric}" if fig.metric else fig.display
        results.append(_result(f"f{fig.id}", title, f"{fig.sentence}（{fig.headline}）", card))
    for art in reply.articles:
        card = render_html(article_card(art))[0]
        desc = " · ".join(x for x in (art.issue_date, "、".join(art.regions), art.summary) if x)
        results.append(_result(f"a{art.id}", art.headline, desc, card))
    seen: set[str] = set()
    results = [r for r in results if not (r.id in seen or seen.add(r.id))][: InlineQueryLimit.RESULTS]
    await query.answer(results, cache_time=CACHE_SECONDS, button=button)


def register(app: Application) -> None:
    app.add_handler(InlineQueryHandler(on_inline_query))
