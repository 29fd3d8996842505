"""Articles and the follow-ups of a reply's buttons: open an article (a page of a long one), a
figure's source sentence, an article's other figures, back to a figure's answer, an article's
citation, the next page of a brief.

Button data is `kind:arg` (bot/present/reply.py, Action): `article:<id>|<back>`, `apage:<id>|2|`,
`source:<figure id>`, `page:2025-01-17|江西|2`. An arg that no longer resolves (an ingest removed
the row) gives None: the front-end says the content is gone.
"""
from __future__ import annotations

import json
from typing import Callable

from bot.analyse.regions import MIN_BRIEF_WEIGHT
from bot.answer.brief import brief_page
from bot.answer.change import change_of
from bot.answer.sources import Sources
from bot.ingest.rows import ArticleRow, FigureRow, RegionRow
from bot.language import inputs
from bot.language.gazetteer import load_gazetteer
from bot.present import article_view, builders as replies
from bot.present.reply import Reply

ActionHandler = Callable[[Sources, str], "Reply | None"]


def article(src: Sources, article_id: str, page: int = 1, back: str = "") -> Reply | None:
    """One article, a page at a time (`back`: the list it was opened from); None when gone."""
    art = src.corpus.article(article_id)
    if art is None:
        return None
    rows = src.corpus.regions_of(article_id)
    regions = [r["name"] for r in rows if r["weight"] >= MIN_BRIEF_WEIGHT
               and r["level"] in ("province", "city", "zone", "county")]
    return article_view.article_reply(art, regions, src.corpus.paragraphs(article_id),
                                      src.corpus.figures_of(article_id), src.corpus.captions(article_id),
                                      page=page, back=back, former_names=_former_names(rows))


def _former_names(rows: list[RegionRow]) -> list[str]:
    """The retired names the article calls its regions by, said with today's (襄樊市（2010年更名为襄阳市）)."""
    gaz = load_gazetteer()
    out: list[str] = []
    for r in rows:
        former = json.loads(r["evidence"] or "{}").get("former")
        change = gaz.former_name(former) if isinstance(former, str) else None
        if change is not None and change.note() not in out:
            out.append(change.note())
    return out


def _open(src: Sources, arg: str) -> Reply | None:
    """id, or "id|back" (the list it was opened from)."""
    article_id, _, back = arg.partition("|")
    return article(src, article_id, 1, back)


def _page_of_article(src: Sources, arg: str) -> Reply | None:
    """"id|page|back": a page of a long article."""
    parts = arg.split("|", 2)
    page_no = inputs.row_id(parts[1]) if len(parts) > 1 else None
    return article(src, parts[0], page_no or 1, parts[2] if len(parts) > 2 else "")


def _figure_and_article(src: Sources, arg: str) -> tuple[FigureRow, ArticleRow] | None:
    """The figure a button's argument names (an id, untrusted) and its article, if both exist."""
    fig_id = inputs.row_id(arg)
    fig = src.corpus.figure(fig_id) if fig_id is not None else None
    art = src.corpus.article(fig["article_id"]) if fig is not None else None
    return (fig, art) if fig is not None and art is not None else None


def _source(src: Sources, arg: str) -> Reply | None:
    """A figure's sentence in its paragraph and article."""
    found = _figure_and_article(src, arg)
    if found is None:
        return None
    fig, art = found
    # A figure stored with no paragraph (paragraph_id NULL) is quoted in its sentence alone.
    para_id = fig["paragraph_id"]
    paragraph = src.corpus.paragraph(para_id) if para_id is not None else None
    return replies.source_reply(fig, art, paragraph)


def _related(src: Sources, arg: str) -> Reply | None:
    """The other figures of a figure's article."""
    found = _figure_and_article(src, arg)
    if found is None:
        return None
    fig, art = found
    return article_view.related_reply(fig, art, src.corpus.figures_of(art["id"]))


def _figure(src: Sources, arg: str) -> Reply | None:
    """Back to a figure's answer from its source or related figures."""
    found = _figure_and_article(src, arg)
    return replies.figure_reply(found, [], []) if found is not None else None


def _cite(src: Sources, arg: str) -> Reply | None:
    """Where an article comes from (它的来源 after an article)."""
    art = src.corpus.article(arg)
    return article_view.cite_reply(art) if art else None


# The actions answered from the corpus; brief, ask and list ask the engine again (Engine.action).
# `change` is no button: the chat's 同比呢 (bot/answer/context.py).
ACTIONS: dict[str, ActionHandler] = {
    "article": _open,
    "apage": _page_of_article,
    "source": _source,
    "related": _related,
    "figure": _figure,
    "page": brief_page,
    "cite": _cite,
    "change": change_of,  # 同比呢 after a figure (bot/answer/change.py)
}
