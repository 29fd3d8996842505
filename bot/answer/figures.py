"""Figure answers: the best figure for a question with its source sentence, or a plain "none"
with the closest figures; a bare value (3.3%) and the figures printed with it.

长沙研发投入强度是多少 → 3.3% (its sentence and article); 澄迈县2019年GDP with no such figure →
"语料中澄迈县的报道里没有…" and what comes closest; 广东工业机器人产量 (no question word) → a figure
only when one fits it well, else a search.
"""
from __future__ import annotations

import re
from bot.answer.decide import decide
from bot.answer.figure_search import FigureSearch, Scored, figure_search
from bot.answer.rank import clause_around, word_coverage
from bot.answer.search import asked, search
from bot.answer.sources import Sources
from bot.answer.tuning import CLOSEST_MARGIN, IMPLICIT_FIGURE_COVERAGE, OTHERS_MARGIN
from bot.answer.understand import Query
from bot.ingest.rows import ArticleRow, FigureRow
from bot.present import builders as replies
from bot.present.reply import Action, Reply

MAX_OTHER_FIGURES = 3
Pair = tuple[FigureRow, ArticleRow]  # (figure, article)


def fits_implicitly(q: Query, found: FigureSearch) -> bool:
    """Whether a message with no question word (`广东工业机器人产量`) has a figure that fits it
    well enough to be the answer rather than a search."""
    good = found.good
    if not good or good[0].coverage < IMPLICIT_FIGURE_COVERAGE:
        return False
    fig = good[0].figure
    near = clause_around(fig["sentence"], fig["start"], fig["end"]) + (fig.get("metric") or "")
    # The measured thing must stand next to the figure, not merely somewhere in a long sentence;
    # whose it is (沙土村, a company) may be named anywhere in the sentence.
    measured = found.ask.measured
    if not measured and q.kind_hint == "percent" and fig.get("kind") == "percent":
        return True  # 西安经开区规上工业企业复工占比: the share asked for, its words all in the sentence
    # A measured word counts in any of its spellings (人均收入 printed 人均年收入), as in ranking.
    return word_coverage(measured or found.ask.words, near, near,
                         synonyms=found.ask.synonyms) >= IMPLICIT_FIGURE_COVERAGE


def figure(src: Sources, q: Query) -> Reply:
    return figure_reply(src, q, figure_search(src, q, prune=True))


def figure_reply(src: Sources, q: Query, found: FigureSearch) -> Reply:
    """The best answer and the others close to it; a 可能是 when the best is not clearly the one
    asked (decide.py); or why there is none, and the closest figures."""
    region_names = [r.name for r in q.regions]
    decision = decide(found)
    if decision.outcome == "answer" and decision.best is not None:
        best = decision.best
        others = [s for s in found.good[1:] if s.score >= best.score - OTHERS_MARGIN]
        shown = with_articles(src, [best, *others[:MAX_OTHER_FIGURES]])
        if shown:
            return replies.figure_reply(shown[0], shown[1:], region_names)
    if decision.outcome == "maybe" and decision.best is not None:
        shown = with_articles(src, [decision.best, *decision.rivals])
        if shown:
            return replies.maybe_figure_reply(shown[0], decision.reason, region_names, shown[1:])
    said = "".join(q.keywords) or q.text
    if q.regions and not found.scope_ids:
        reason = f"语料中没有关于{'、'.join(region_names)}的报道，因此没有“{said}”的数字。"
    elif q.regions:
        reason = f"语料中{'、'.join(region_names)}的报道里没有“{said}”的数字。"
    else:
        reason = f"语料中没有“{said}”的数字。"
    # Offer what the corpus has on the same words (the region set aside), not every weak match.
    top = found.scored[0].score if found.scored else 0.0
    closest = with_articles(src, [s for s in found.scored if s.coverage > 0 and s.score >= top - CLOSEST_MARGIN][:3])
    reply = replies.no_figure_reply(said, closest, region_names, reason)
    reply.actions += ways_on(src, q, bool(found.scope_ids))
    return reply


def ways_on(src: Sources, q: Query, region_has_news: bool) -> list[Action]:
    """Where a reader can go from a figure the corpus lacks: the asked place's brief, else that of
    the nearest place around it with news (兰考 → 河南), else the regions with news; and the latest
    issue. No reply that finds nothing is a dead end."""
    out: list[Action] = []
    for region in q.regions[:1]:
        if region_has_news:
            out.append(Action(f"{region.name}简报", "brief", region.name))
            continue
        for around in src.gaz.ancestors(region.code):
            if around.level != "macro" and src.corpus.articles_for_region([around.code], None, 0.0, limit=1):
                out.append(Action(f"{around.name}简报", "brief", around.name))
                break
        else:
            out.append(Action("有新闻的地区", "ask", "/regions"))  # nothing near it: what there is
    out.append(Action("最新一期", "ask", "/today"))
    return out


def with_articles(src: Sources, scored: list[Scored]) -> list[Pair]:
    """(figure, whole article) for scored figures (with their article heads); one whose article
    an ingest removed in between is left out."""
    arts = src.corpus.articles_by_ids([s.head["id"] for s in scored])
    return [(s.figure, arts[s.head["id"]]) for s in scored if s.head["id"] in arts]


def measure_or_search(src: Sources, q: Query) -> Reply:
    """No question word, but a measured thing named (广东工业机器人产量): a figure when one fits
    (or the place is named), else the articles on the same words."""
    found = figure_search(src, q, prune=True)  # searched once, whichever reply it becomes
    if fits_implicitly(q, found) or q.regions:
        # A measured thing of a place asks for a figure: the best one, or (澄迈县2019年GDP)
        # a plain "none" with the closest.
        return figure_reply(src, q, found)
    # 兰考去年GDP (a county the gazetteer does not know): no figure fits; say so, then
    # offer the articles on the same words.
    articles = search(src, q)
    if articles.articles:
        articles.blocks.insert(0, replies.text(f"没有找到“{asked(q)}”的数字，以下是相关报道。", kind="note"))
    return articles


def value(src: Sources, q: Query) -> Reply:
    """A bare value (3.3%): the figures printed with exactly that value, newest first."""
    printed = q.arg.lstrip("近约超逾")
    figs = [f for f in src.corpus.figures_with_display(printed)
            if re.search(rf"(?<![\d.]){re.escape(printed)}(?![\d])", f["display"])]
    if q.regions:
        scope = src.region_scope(q.regions)
        figs = [f for f in figs if f.get("region") in scope]
    arts = src.corpus.articles_by_ids([f["article_id"] for f in figs])
    pairs = sorted(((f, arts[f["article_id"]]) for f in figs if f["article_id"] in arts),
                   key=lambda p: p[1]["issue_date"], reverse=True)
    if not pairs:
        return replies.no_figure_reply(q.arg, [], [r.name for r in q.regions], f"语料中没有“{q.arg}”这个数字。")
    return replies.figure_reply(pairs[0], pairs[1:1 + MAX_OTHER_FIGURES], [r.name for r in q.regions])
