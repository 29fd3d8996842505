"""Topic search: the articles about what a message names (科创岛, 关于低空经济的报道), best first.

Index hits count by the field they are in (a headline more than a paragraph, weights in
bot/data/rank_weights.json), the articles are ranked by named features (rank.search_features),
and those far below the best one (sharing a common word, not the subject) are left out.
"""
from __future__ import annotations

from bot.analyse.regions import MIN_BRIEF_WEIGHT
from bot.answer.rank import best_sentence, score_features, search_features, with_phrase_in_body
from bot.answer.sources import Sources
from bot.answer.tuning import SEARCH_FIELD_WEIGHTS, SEARCH_FLOOR, SEARCH_KEEP, SEARCH_KEEP_WITH_PHRASE
from bot.answer.understand import Query
from bot.ingest.rows import ArticleHead
from bot.present import builders as replies
from bot.present.reply import Reply

SEARCH_SHOWN = 5  # articles a search reply lists
# A query whose rarest word is over the index's row budget ranks the rows holding its two rarest
# words instead when they come from at least this many articles (Corpus.fts, narrow_to).
NARROW_MIN_ARTICLES = 5
# (score, article head, holds the phrase)
Ranked = tuple[float, ArticleHead, bool]


def asked(q: Query) -> str:
    """What the user asked about, as typed (without the command), for the reply's heading."""
    typed = (q.arg if q.command else q.text).strip()
    return typed if len(typed) <= 30 else typed[:29] + "…"


def search(src: Sources, q: Query) -> Reply:
    """The articles on the message's words (in the asked regions), or the newest issue's when none."""
    words = q.keywords or ([q.rest] if q.rest else [q.text])
    hits = src.corpus.fts(words + [r.name for r in q.regions], ("headline", "paragraph", "caption"),
                          None, limit=300, narrow_to=NARROW_MIN_ARTICLES)
    scores: dict[str, float] = {}
    for aid, kind, _, bm in hits:
        scores[aid] = scores.get(aid, 0.0) + SEARCH_FIELD_WEIGHTS[kind] * -bm
    if q.regions:
        allowed = src.corpus.in_regions(list(scores), [r.code for r in q.regions], MIN_BRIEF_WEIGHT)
        scores = {a: s for a, s in scores.items() if a in allowed}
    phrase = "".join(words)
    # Ranking reads the title block (article_heads); the articles shown are read whole.
    heads = src.corpus.article_heads(list(scores))
    ranked = rank_articles(src, words, phrase, [r.name for r in q.regions], scores, heads)
    results = []
    top = [art["id"] for _, art, _ in ranked[:SEARCH_SHOWN]]
    shown = src.corpus.articles_by_ids(top)
    provinces = src.corpus.region_names_by_ids(top, MIN_BRIEF_WEIGHT, ("province",))
    paragraphs = src.corpus.paragraphs_by_ids(top)
    for aid in top:
        if aid in shown:  # else removed by an ingest in between
            results.append((shown[aid], provinces[aid], best_sentence(words, [p["text"] for p in paragraphs[aid]])))
    if not results:
        latest = src.corpus.latest_issue()
        latest_ids = src.corpus.articles_in([latest] if latest else [])
        latest_arts = src.corpus.articles_by_ids(latest_ids)
        newest = [latest_arts[a] for a in latest_ids if a in latest_arts]
        return replies.no_search_reply(asked(q), newest, src.covered_regions())
    return replies.search_reply(asked(q), results, [r.name for r in q.regions], words)


def rank_articles(src: Sources, words: list[str], phrase: str, region_names: list[str], scores: dict[str, float],
                  arts: dict[str, ArticleHead]) -> list[Ranked]:
    """(score, article, holds the phrase) of the articles a search shows, best first.

    Whether an article holds the whole phrase in its body is read from its paragraphs, the
    costliest part of a search; it is read for the articles that may still reach the first
    SEARCH_SHOWN, best possible score first, until no unread one can change them."""
    top_bm = 1 + max(scores.values(), default=0.0)
    cands = []  # (article, score without the phrase in the body, score with it, phrase in the title)
    for aid, s in scores.items():
        if aid not in arts:
            continue
        art = arts[aid]
        feats = search_features(words, phrase, region_names, s / top_bm, art, False)
        in_title = "search_phrase_in_title" in feats
        without = score_features(feats)
        with_ = without if in_title or not phrase else score_features(with_phrase_in_body(feats))
        cands.append((art, without, with_, in_title))
    unread = sorted((c for c in cands if phrase and not c[3]), key=lambda c: -c[2])
    in_body: dict[str, bool] = {}
    batch = 16
    while True:
        ranked = keep_shown([(c[2] if in_body.get(c[0]["id"]) else c[1], c[0],
                              c[3] or in_body.get(c[0]["id"], False)) for c in cands])
        unread = [c for c in unread if c[0]["id"] not in in_body]
        if not unread or shown_settled(ranked, unread[0][2]):
            return ranked
        ids = [c[0]["id"] for c in unread[:batch]]
        for aid, (joined, _) in src.corpus.phrase_in_articles(ids, phrase).items():
            in_body[aid] = joined
        batch *= 2


def keep_shown(ranked: list[Ranked]) -> list[Ranked]:
    """The articles a search keeps, best first (from (score, article, holds the phrase))."""
    ranked.sort(key=lambda t: -t[0])
    # Articles far below the best one share a common word with the query, not its subject;
    # where some articles hold the whole phrase, one without it must come close to the best.
    keep = SEARCH_KEEP_WITH_PHRASE if any(r[2] for r in ranked) else SEARCH_KEEP
    ranked = [r for r in ranked if r[2] or r[0] >= keep * ranked[0][0]]
    if ranked and ranked[0][0] < SEARCH_FLOOR and not any(r[2] for r in ranked):
        ranked = [r for r in ranked if r[0] >= SEARCH_FLOOR]
    return ranked


def shown_settled(ranked: list[Ranked], bound: float) -> bool:
    """Whether the first SEARCH_SHOWN of `ranked` (unread articles taken as not holding the
    phrase) stay the same whichever of them do, when none of them can score above `bound`: they
    could only come after the shown ones, and (when no article was found holding the phrase
    yet) the stricter keep of SEARCH_KEEP_WITH_PHRASE must not drop a shown one."""
    shown = ranked[:SEARCH_SHOWN]
    if len(shown) < SEARCH_SHOWN or shown[-1][0] <= bound + 1e-9:
        return False
    return any(r[2] for r in ranked) or all(r[0] >= SEARCH_KEEP_WITH_PHRASE * shown[0][0] for r in shown)
