"""Figure search: the figures that may answer a question, scored and ranked.

长沙研发投入强度是多少 → the index's figures on 研发投入强度 (and 长沙), each scored by named features
(bot/answer/rank.py, weights in bot/data/rank_weights.json); a figure answers only when it is of
the asked region (湖北除武汉外: not 武汉's) and kind, its sentence holds the question's words and
its score clears the floor. Candidates that provably cannot reach the reply are never scored in
full (see FigureRanker).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from bot.analyse.regions import MIN_BRIEF_WEIGHT
from bot.analyse.figures.frame import FigureFrame
from bot.answer.corpus import Corpus
from bot.answer.frame import Difference, differences, question_frame
from bot.answer.rank import (NATIONAL, FigureAsk, article_fact_slack, fact_features, fits_ask, other_year,
                             score_bound, score_figure, weights)
from bot.answer.search import NARROW_MIN_ARTICLES
from bot.answer.sources import Sources
from bot.answer.tuning import CLOSEST_MARGIN, MIN_FIGURE_COVERAGE, OTHERS_MARGIN, RIVAL_MARGIN, RIVAL_MARGIN_SAME_SENTENCE
from bot.answer.understand import DateSpec, Query
from bot.ingest.rows import ArticleHead, FigureRow
from bot.language.gazetteer import SETTLEMENT_SUFFIXES, Gazetteer
from bot.language.lexicon import kind_cue_words, lexicon, synonyms

_NONE = float("-inf")
_EPS = 1e-9


class Scored(NamedTuple):
    """One scored figure; its article is its head (Corpus.article_heads), not the whole row."""

    score: float
    coverage: float
    figure: FigureRow
    head: ArticleHead


class FigureSearch(NamedTuple):
    ask: FigureAsk
    scored: list[Scored]  # every candidate scored, best first
    in_scope: list[Scored]  # those of the asked regions and of the kind asked for
    good: list[Scored]  # those that answer
    scope_ids: list[str]  # articles about the asked regions (one is enough to know there are some)
    # Those that would answer but for their frame (全年 asked, 前三季度 printed), each with why: a
    # reply may offer the best as 可能是, never give it as the answer.
    maybe: list[tuple[Scored, Difference]]


def day_asked(spec: DateSpec | None) -> tuple[int, int] | None:
    """(month, day) a question names (截至2月18日, 2月23号), with or without its year."""
    if spec is None:
        return None
    if spec.kind == "day" and spec.start:
        return spec.start.month, spec.start.day
    if spec.kind == "monthday" and spec.month and spec.day:
        return spec.month, spec.day
    return None


def figure_ask(src: Sources, q: Query) -> FigureAsk:
    """What a question asks of a figure, as plain values (its words, kind, unit, year, regions)."""
    table = synonyms()
    # The year is matched as the figure's year (year_match), not as a word of its sentence;
    # village names are whole (figure_words).
    words = q.figure_words or [w for w in q.keywords if w not in q.year_words]
    ask = FigureAsk(words=words, kind=q.kind_hint, unit=q.unit_hint, wants_change=q.wants_change,
                    wants_total=q.wants_total,
                    year=q.year, rel_year=q.rel_year, optional=kind_cue_words(),
                    synonyms={w: table[w] for w in words if w in table},
                    rarity=src.corpus.term_rarity(words),
                    names=[w for w in words if w.endswith(SETTLEMENT_SUFFIXES)],
                    day=day_asked(q.date), frame=question_frame(q.text),
                    open_kinds=frozenset(k for k, cues in lexicon().guarded_kinds.items()
                                         if any(c in q.text for c in cues)))
    if q.regions:
        ask.region_names = src.region_scope(q.regions)
        if q.excluded:  # 湖北除武汉外: 武汉 and what lies in it are not in the scope
            ask.region_names -= src.region_scope(q.excluded)
        ask.exact_regions = {r.name for r in q.regions}
        ask.enclosing = {a.name for r in q.regions for a in src.gaz.ancestors(r.code)} - set(NATIONAL)
    return ask


def figure_search(src: Sources, q: Query, prune: bool = False) -> FigureSearch:
    """(the ask, all scored candidates, those in the asked regions, those that answer, and the
    articles about the asked regions). With `prune`, candidates that provably cannot be any
    part of the reply (see FigureRanker) are left out of the lists; without, every one of the
    index's best 300 is scored (what scripts/fit_weights.py refits on)."""
    ask = figure_ask(src, q)
    region_names = [r.name for r in q.regions]
    scope_ids: list[str] = []
    if q.regions:
        scope_ids = [aid for aid, _ in src.corpus.articles_for_region([r.code for r in q.regions], None, 0.0,
                                                                       limit=1)]
    words = q.keywords + [alt for alts in ask.synonyms.values() for alt in alts] + region_names
    # Narrowing pairs two of the question's own words, never two spellings of one (全长, 长约).
    hits = src.corpus.fts(words, ("figure",), None, limit=300, narrow_to=NARROW_MIN_ARTICLES,
                          narrow_among=q.keywords + region_names)
    fig_ids = list(dict.fromkeys(ref for _, _, ref, _ in hits))
    ranker = FigureRanker(src, ask, bool(q.regions), prune)
    scored, in_scope, good = ranker.rank(fig_ids)
    return FigureSearch(ask, scored, in_scope, good, scope_ids, ranker.maybe(scored))


def stored_frame(fig: FigureRow) -> FigureFrame:
    """The frame ingest stored with the figure (bot/analyse/figures/frame.py reads it from the text)."""
    return FigureFrame.from_stored(fig.get("period_key") or "", fig.get("aspects") or "")


def figure_in_scope(gaz: Gazetteer, fig: FigureRow, art: ArticleHead, scope: set[str],
                    exact: set[str] | None = None) -> bool:
    """A figure answers for a region only if it is that region's (or a place's inside it): its own
    region when the extractor found one, else the article's main region, else a region its
    sentence names (闽赣两省111个). 唐山's 11家 is not 北京's, 南铁's total is not 厦门's, the
    national 80个 is not 天津's."""
    region = fig.get("region") or art.get("main_region")
    if region and region in scope:
        return True
    if region and exact and encloses(gaz, region, exact):
        # 包头's 稀土产值 reported in an 内蒙古 sentence or article that names 包头: the province
        # was the nearest place the extractor found, the asked city is the one the text is about.
        title = (art.get("kicker") or "") + art["headline"] + (art.get("subtitle") or "")
        return any(name in fig["sentence"] or name in title for name in exact)
    if region:
        return False
    return any(m.region.name in scope for m in gaz.find_mentions(fig["sentence"]))


def encloses(gaz: Gazetteer, outer: str, names: set[str]) -> bool:
    """Whether region `outer` contains one of the regions named `names`."""
    for name in names:
        r = gaz.get(name)
        if r is not None and outer in {a.name for a in gaz.ancestors(r.code)}:
            return True
    return False


class ArticleFacts:
    """What the candidates' facts need of their articles, read only for those that need it: an
    article's regions tell only about a figure of no asked region (fact_features), and its count
    of a kind only about a figure of that kind."""

    def __init__(self, corpus: Corpus, ask: FigureAsk) -> None:
        self.corpus = corpus
        self.ask = ask
        self.named = {*NATIONAL, *ask.region_names}  # a set: the asked regions and all inside them
        self.regions: dict[str, set[str]] = {}  # an entry for every article read
        self.kinds: dict[str, int] = {}
        self.kinds_read: set[str] = set()

    def unread(self, fig: FigureRow) -> tuple[bool, bool]:
        """Whether the figure's facts still need its article's regions, its kind count."""
        aid = fig["article_id"]
        return (bool(self.ask.region_names) and fig.get("region") not in self.named and aid not in self.regions,
                bool(self.ask.kind) and fig.get("kind") == self.ask.kind and aid not in self.kinds_read)

    def read(self, figs: list[FigureRow]) -> None:
        """The regions and kind counts these figures' facts need, of articles not read yet."""
        needs = [(f["article_id"], self.unread(f)) for f in figs]
        for_regs = list(dict.fromkeys(aid for aid, (r, _) in needs if r))
        for_kind = list(dict.fromkeys(aid for aid, (_, k) in needs if k))
        self.regions.update(self.corpus.region_name_sets(for_regs, MIN_BRIEF_WEIGHT))
        if self.ask.kind and for_kind:
            self.kinds.update(self.corpus.kind_counts(for_kind, self.ask.kind))
            self.kinds_read.update(for_kind)

    def regions_of(self, fig: FigureRow) -> set[str]:
        return self.regions.get(fig["article_id"], set())

    def facts(self, fig: FigureRow, year: int) -> dict[str, float]:
        return fact_features(self.ask, fig, self.regions_of(fig), year, self.kinds.get(fig["article_id"]))


@dataclass
class Candidate:
    """A figure to score: the most it can score (`bound`), its article's head, its fact features
    (`provisional` when taken with its article unread: at their best) and its paragraph."""

    bound: float
    fig: FigureRow
    head: ArticleHead
    facts: dict[str, float]
    paragraph: str | None
    year: int
    provisional: bool


@dataclass
class Outcome:
    """A candidate scored: whether it is in the asked scope and kind, and whether it answers."""

    index: int  # in the candidates, figure id order
    score: float
    coverage: float
    in_scope: bool
    answers: bool
    differs: list[Difference]  # would answer, but its frame is not the question's


@dataclass
class Reach:
    """The best scores so far, and so what a candidate must reach to be part of the reply: within
    OTHERS_MARGIN of the best answer (figure_reply's others) or of the rival margins (decide.py), or,
    while there is no answer, above
    the floor or within CLOSEST_MARGIN of the best score (no_figure_reply's closest)."""

    floor: float
    top: float = _NONE
    best: float = _NONE
    other_year_best: float = _NONE  # the best answer of another year than the one asked

    def need(self) -> float:
        if self.best > _NONE:
            return self.best - max(OTHERS_MARGIN, RIVAL_MARGIN, RIVAL_MARGIN_SAME_SENTENCE)
        return min(self.floor, self.top - CLOSEST_MARGIN)


class FigureRanker:
    """(scored, in scope and of the kind asked, those that answer), each best first.

    Only a figure of the asked region and of the kind asked for can answer (a count of 方面 is
    no answer to 投入多少钱), so no other can stand in the way of one that does. An answer also
    needs its sentence to hold the question's words and a score above the floor fitted with the
    weights (refusing beats a wrong figure).

    With `prune`, candidates are scored in full in the order of `score_bound` (the score with
    every word found), and the rest are left once none of them can reach what a reply shows
    (`Reach`). What is left out scores below all of those, so the reply is the same as from all
    of them."""

    def __init__(self, src: Sources, ask: FigureAsk, regions_asked: bool, prune: bool) -> None:
        self.src = src
        self.ask = ask
        self.regions_asked = regions_asked
        self.prune = prune
        self.articles = ArticleFacts(src.corpus, ask)
        self.reach = Reach(weights().get("min_answer_score", _NONE))
        self.differing: dict[int, Difference] = {}  # figure id → the first way its frame differs

    def rank(self, fig_ids: list[int]) -> tuple[list[Scored], list[Scored], list[Scored]]:
        cands = self._candidates(fig_ids)
        order = sorted(range(len(cands)), key=lambda i: -cands[i].bound) if self.prune else list(range(len(cands)))
        done = self._score(cands, order)
        done.sort(key=lambda d: d.index)  # figure id order, as ties were broken before
        # Each with its article's head (article_heads); the figure reply reads whole articles for
        # the few it shows.
        ranked = [(d, Scored(d.score, d.coverage, cands[d.index].fig, cands[d.index].head)) for d in done]
        # Best first; between equal scores the newer issue wins.
        ranked.sort(key=lambda r: (r[1].score, r[1].head["issue_date"]), reverse=True)
        scored = [s for _, s in ranked]
        in_scope = [s for d, s in ranked if d.in_scope]
        # A figure of another year fitting at least as well as any answer: the year asked is not
        # printed (西藏 2018年新增造林 when only 2019's is), so no figure answers. Pruning leaves
        # such a figure unscored only below what any answer scores.
        good = [s for d, s in ranked if d.answers and d.score > self.reach.other_year_best]
        return scored, in_scope, good

    def maybe(self, scored: list[Scored]) -> list[tuple[Scored, Difference]]:
        """The candidates that would answer but for their frame, best first, with why."""
        return [(s, self.differing[s.figure["id"]]) for s in scored if s.figure["id"] in self.differing]

    def _candidates(self, fig_ids: list[int]) -> list[Candidate]:
        """Every figure with its bound, in figure id order (those whose article an ingest removed left out)."""
        ask, corpus = self.ask, self.src.corpus
        rows = corpus.figures_with_paragraphs(fig_ids)
        heads = corpus.article_heads([f["article_id"] for f, _ in rows])
        # 三河村 is named once, paragraphs before its figures: whether the article names it at all
        ask.name_articles = {n: corpus.articles_mentioning(list(heads), n) for n in ask.names}
        figs = [(fig, para) for fig, para in rows if fig["article_id"] in heads]
        if not self.prune:
            self.articles.read([fig for fig, _ in figs])
        year = {aid: int(head["issue_date"][:4]) for aid, head in heads.items()}
        cands = []
        for fig, para in figs:
            aid = fig["article_id"]
            facts = self.articles.facts(fig, year[aid])
            bound = score_bound(facts, fig)
            provisional = any(self.articles.unread(fig))
            if provisional:  # the article's facts at their best
                bound += article_fact_slack(ask, fig, facts)
            cands.append(Candidate(bound, fig, heads[aid], facts, para, year[aid], provisional))
        return cands

    def _score(self, cands: list[Candidate], order: list[int]) -> list[Outcome]:
        """Score the candidates in `order` until (pruning) none left can reach the reply."""
        done: list[Outcome] = []
        batch = 32
        for k, i in enumerate(order):
            c = cands[i]
            need = self.reach.need()
            if self.prune and c.bound < need - _EPS:
                break  # sorted by bound: no later one can reach the reply either
            facts = c.facts
            if c.provisional:
                if any(self.articles.unread(c.fig)):  # this candidate's article and the next ones', in one read
                    self.articles.read([cands[j].fig for j in order[k:k + batch]])
                    batch *= 2
                facts = self.articles.facts(c.fig, c.year)
                if score_bound(facts, c.fig) < need - _EPS:
                    continue  # its article's facts known, it cannot reach the reply (nor the best score)
            done.append(self._outcome(i, c, facts))
        return done

    def _article_is_about_asked(self, fig: FigureRow) -> bool:
        """A figure whose sentence names no place took the article's main region; in an article of
        sections about several places (岁末年初探脱贫: 阿尔山…, 重庆巫溪县天元乡…) that may be another
        section's place. It is the asked place's when the article is about that place and the
        figure's section names it."""
        region = fig.get("region")
        if region and (region in fig["sentence"] or region in self.ask.enclosing or region in NATIONAL):
            return False  # its own sentence says whose it is, or it is a whole the asked place is part of
        if not (self.articles.regions_of(fig) & set(self.ask.exact_regions)) or fig.get("paragraph_id") is None:
            return False
        section = self.src.corpus.section_text(int(fig["paragraph_id"] or 0))
        return section is not None and any(m.region.name in self.ask.exact_regions
                                           for m in self.src.gaz.find_mentions(section))

    def _outcome(self, i: int, c: Candidate, facts: dict[str, float]) -> Outcome:
        """Score one candidate in full, and keep the best scores (`Reach`) up to date."""
        ask, reach = self.ask, self.reach
        context = c.paragraph or c.head.get("editor_note") or ""
        score, cov = score_figure(ask, c.fig, self.articles.regions_of(c.fig), context, facts=facts)
        ok = (not self.regions_asked
              or figure_in_scope(self.src.gaz, c.fig, c.head, ask.region_names, ask.exact_regions)
              or self._article_is_about_asked(c.fig)) and fits_ask(ask, c.fig)
        answers = ok and cov >= MIN_FIGURE_COVERAGE and score >= reach.floor
        differs: list[Difference] = []
        if answers and ask.frame is not None:
            frame = stored_frame(c.fig)
            differs = differences(ask.frame, frame)
            if differs:
                # Not an answer (so no reach.best either: pruning keeps whatever could still answer).
                answers = False
                self.differing[c.fig["id"]] = differs[0]
        if answers and other_year(ask, c.fig):
            # Not an answer; and when it fits best, the asked year's figure is not printed:
            # a weaker figure of no year must not stand in for it (see rank).
            answers = False
            reach.other_year_best = max(reach.other_year_best, score)
        reach.top = max(reach.top, score)
        if answers:
            reach.best = max(reach.best, score)
        return Outcome(i, score, cov, ok, answers, differs)
