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
from telegram.ext import ContextTypes, InlineQueryHandler

from bot.present.reply import Reply
from bot.present.render_html import render_html
from bot.tg import services
from bot.tg.cards import article_card, figure_card
from bot.tg.ptb import App

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


def inline_results(reply: Reply) -> list[InlineQueryResultArticle]:
    """The engine's figures and articles as inline results, each a self-contained card."""
    results: list[InlineQueryResultArticle] = []
    for fig in reply.figures:
        card = render_html(figure_card(fig))[0]  # a card is far below the length limit
        title = f"{fig.display} · {fig.metric}" if fig.metric else fig.display
        results.append(_result(f"f{fig.id}", title, f"{fig.sentence}（{fig.headline}）", card))
    for art in reply.articles:
        card = render_html(article_card(art))[0]
        desc = " · ".join(x for x in (art.issue_date, "、".join(art.regions), art.summary) if x)
        results.append(_result(f"a{art.id}", art.headline, desc, card))
    unique: dict[str, InlineQueryResultArticle] = {}
    for r in results:
        unique.setdefault(r.id, r)  # a figure or article offered twice: the first one stays
    return list(unique.values())[: InlineQueryLimit.RESULTS]


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    if query is None:
        return
    text = (query.query or "").strip()
    button = InlineQueryResultsButton(text="打开机器人查看更多", start_parameter="inline")
    # Nothing typed yet: the latest issue's headlines, each a card to send.
    reply = await services.get(context).answer(text or "/today")
    await query.answer(inline_results(reply), cache_time=CACHE_SECONDS, button=button)


def register(app: App) -> None:
    app.add_handler(InlineQueryHandler(on_inline_query))
