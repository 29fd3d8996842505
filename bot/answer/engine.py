"""The answering engine: a message (and a clock) in, a `Reply` out. Knows nothing of Telegram."""
from __future__ import annotations

import re
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.present import article_view, brief_view, builders as replies, dates_said

from bot.language import inputs

from bot.answer import scope

from bot.ingest import store
from bot.answer.compare.dispatch import compare_dispatch  # comparisons and rankings
from bot.answer.corpus import Corpus
from bot.language.gazetteer import SETTLEMENT_SUFFIXES, Region, load_gazetteer
from bot.ingest.corpus_roots import CorpusRoot, corpus_roots, record_roots
from bot.ingest.pipeline import IngestReport, ingest, is_stale
from bot.present.blocks import Segment
from bot.present.reply import Reply
from bot.paths import default_corpus, default_db
from bot.answer.rank import (NATIONAL, FigureAsk, article_fact_slack, best_sentence, clause_around, fact_features, fits_ask, other_year, score_bound, score_features,
                      score_figure, search_features, weights, with_phrase_in_body, word_coverage)
from bot.analyse.regions import MAIN_SUBJECT_WEIGHT, MIN_BRIEF_WEIGHT
from bot.answer.understand import DateSpec, Query, understand
from bot.language.lexicon import kind_cue_words, lexicon, synonyms

TZ = ZoneInfo("Asia/Shanghai")
# Below this share of the question's words found around a figure, it is not an answer.
MIN_FIGURE_COVERAGE = 0.6
MAX_OTHER_FIGURES = 3
# A message without a question word is answered with a figure only when it fits this well.
IMPLICIT_FIGURE_COVERAGE = 0.85
TODAY_WORDS = ("今天", "今日")
# A search keeps articles scoring at least this share of the best one (more when some hold the phrase).
SEARCH_KEEP = 0.4
SEARCH_KEEP_WITH_PHRASE = 0.7
SEARCH_SHOWN = 5  # articles a search reply lists
# A query whose rarest word is over the index's row budget ranks the rows holding its two rarest
# words instead when they come from at least this many articles (Corpus.fts, narrow_to).
NARROW_MIN_ARTICLES = 5
Scored = tuple[float, float, dict[str, Any], dict[str, Any]]
# (the ask, all scored candidates, those in the asked regions, those that answer, the articles about
# the asked regions); a Scored's article is its head (Corpus.article_heads), not the whole row
FigureSearch = tuple[FigureAsk, list[Scored], list[Scored], list[Scored], list[str]]


def _day_asked(spec: DateSpec | None) -> tuple[int, int] | None:
    """(month, day) a question names (截至2月18日, 2月23号), with or without its year."""
    if spec is None:
        return None
    if spec.kind == "day" and spec.start:
        return spec.start.month, spec.start.day
    if spec.kind == "monthday" and spec.month and spec.day:
        return spec.month, spec.day
    return None


class Engine:
    """One engine over one corpus database, shared by the bot, the console and the JSON output."""

    def __init__(self, db: Any, db_path: str | Path | None = None, corpus_dir: str | Path | None = None) -> None:
        self.db = db
        self.db_path = Path(db_path) if db_path else None
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        self._corpus = Corpus(db)
        self.roots: list[CorpusRoot] = [CorpusRoot(self.corpus_dir)] if self.corpus_dir else []
        self.gaz = load_gazetteer()
        self._shared_lock = threading.Lock()  # the opening connection, when used from other threads
        self._owner = threading.get_ident()
        self._local = threading.local()
        self._scopes: dict[frozenset[str], frozenset[str]] = {}

    @property
    def corpus(self) -> Corpus:
        """The corpus on this thread's own connection (WAL: readers in parallel, never blocked by the
        writer); the opening connection on the opening thread or without a database path."""
        if self.db_path is None or threading.get_ident() == self._owner:
            return self._corpus
        corpus = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = self._local.corpus = Corpus(store.connect(self.db_path))
        return corpus

    @property
    def _lock(self) -> Any:
        """Held while reading: shared only by threads that share a connection."""
        if self.db_path is None or threading.get_ident() == self._owner:
            return self._shared_lock
        lock = getattr(self._local, "lock", None)
        if lock is None:
            lock = self._local.lock = threading.Lock()
        return lock

    @classmethod
    def open(cls, db_path: str | Path | None = None, corpus: str | Path | None = None) -> "Engine":
        """Open the database, building or refreshing it from its corpus when missing or stale.

        A database remembers the corpus it was built from (`newsbot ingest DIR --db X`) and is
        refreshed only from that; `corpus` is used for a database that has none recorded yet."""
        path = Path(db_path or default_db())
        db = store.connect(path)
        roots = corpus_roots(db)
        if not roots:
            roots = [CorpusRoot(Path(corpus or default_corpus()))]
        engine = cls(db, path, roots[0].path)
        engine.roots = roots
        if is_stale(db, [r.path for r in roots]):
            # Another process ingesting (wait=False → busy) is not an error: its data is on its way.
            engine._ingest_roots(db)
        return engine

    def _ingest_roots(self, db: Any, prune_missing: bool = False) -> IngestReport:
        report = IngestReport()
        for root in self.roots:
            rep = ingest(db, [root.path], prune_missing=prune_missing, paper=root.paper, wait=False)
            report.results += rep.results
            report.seconds += rep.seconds
            report.busy = report.busy or rep.busy
        if not corpus_roots(db):
            record_roots(db, self.roots)
        return report

    def refresh(self, prune_missing: bool = False) -> IngestReport:
        """Ingest new and changed corpus files on a connection of its own (WAL: readers carry on).

        When another process is ingesting, returns at once with busy=True."""
        if self.db_path is None or self.corpus_dir is None:
            raise RuntimeError("engine was opened without a database path or corpus folder")
        writer = store.connect(self.db_path)
        try:
            return self._ingest_roots(writer, prune_missing)
        finally:
            writer.conn.close()

    # ------------------------------------------------------------------ pushes

    def newest_issue_for(self, region: str, after: str | None = None) -> str | None:
        """The newest issue later than `after` with at least one article for `region`, else None."""
        named = self.gaz.get(region)
        regions = self.gaz.resolve_query(region) or ([named] if named else [])
        if not regions:
            return None
        with self._lock:
            issues = self.corpus.region_issues([r.code for r in regions], MIN_BRIEF_WEIGHT, limit=1)
        newest = issues[0][0] if issues else None
        return newest if newest and (after is None or newest > after) else None

    def brief(self, region: str, issue_date: str | None = None) -> Reply:
        """The brief of `region` for one issue (the latest when None), as a push would send it."""
        arg = f"{issue_date} {region}" if issue_date else region
        return self.answer(f"/brief {arg}")

    # ------------------------------------------------------------------ entry points

    def answer(self, message: str, now: datetime | None = None) -> Reply:
        if inputs.too_long(message):  # untrusted: see bot/language/inputs.py (bounded, then made encodable)
            return replies.too_long_reply(len(message.strip()), inputs.MAX_MESSAGE_CHARS)
        message = inputs.clean(message)
        elsewhere = scope.out_of_scope(message)  # 今天天气怎么样, hello: what the bot does instead
        if elsewhere is not None:
            return elsewhere
        now = now or datetime.now(TZ)
        today = (now.astimezone(TZ) if now.tzinfo else now).date()  # a naive time is taken as Beijing's
        with self._lock:
            q = understand(message, today)
            return self._dispatch(q, today)

    def action(self, kind: str, arg: str) -> Reply | None:
        """Follow an Action from an earlier reply; None when `arg` no longer resolves (stale)."""
        kind, arg = inputs.clean(kind), inputs.clean(arg)  # button data can be forged
        with self._lock:
            if kind == "article":  # id, or "id|back" (the list it was opened from)
                article_id, _, back = arg.partition("|")
                return self._article(article_id, 1, back)
            if kind == "apage":  # "id|page|back": a page of a long article
                parts = arg.split("|", 2)
                page_no = inputs.row_id(parts[1]) if len(parts) > 1 else None
                return self._article(parts[0], page_no or 1, parts[2] if len(parts) > 2 else "")
            if kind in ("source", "related"):
                fig_id = inputs.row_id(arg)
                fig = self.corpus.figure(fig_id) if fig_id is not None else None
                if fig is None:
                    return None
                art = self.corpus.article(fig["article_id"])
                if art is None:
                    return None
                if kind == "source":
                    return replies.source_reply(fig, art, self.corpus.paragraph(fig["paragraph_id"]))
                return article_view.related_reply(fig, art, self.corpus.figures_of(art["id"]))
            if kind == "figure":  # back to a figure's answer from its source or related figures
                fig_id = inputs.row_id(arg)
                fig = self.corpus.figure(fig_id) if fig_id is not None else None
                art = self.corpus.article(fig["article_id"]) if fig else None
                return replies.figure_reply((fig, art), [], []) if fig and art else None
            if kind == "page":
                return self._page(arg)
            if kind == "cite":  # where an article comes from (它的来源 after an article)
                art = self.corpus.article(arg)
                return article_view.cite_reply(art) if art else None
        if kind in ("brief", "ask", "list"):  # list: back to a list an article was opened from
            return self.answer(f"/brief {arg}" if kind == "brief" else arg)
        return None

    def stats(self) -> dict[str, Any]:
        """Issues, pages, articles, figures and the date range of the corpus."""
        with self._lock:
            return self.corpus.stats()

    def resolve_regions(self, text: str) -> list[str]:
        """Names of the regions a piece of user text names (nicknames, pinyin and typos included)."""
        return [r.name for r in self.gaz.resolve_query(text)]

    def covered_regions(self, issue_date: str | None = None) -> list[str]:
        """Province-level names (then macro-regions) with articles in the latest issue."""
        issue = issue_date or self.corpus.latest_issue()
        rows = self.corpus.region_counts([issue] if issue else None, MIN_BRIEF_WEIGHT)
        return [name for _, name, level, _ in rows if level == "province"] + \
               [name for _, name, level, _ in rows if level == "macro"]

    # ------------------------------------------------------------------ dispatch

    def _dispatch(self, q: Query, today: date) -> Reply:
        compared = compare_dispatch(self.corpus, self.gaz, q)
        if compared is not None:
            return compared
        if q.date is not None and q.date.kind == "invalid":
            return replies.unknown_reply(f"日期无效：{q.date.label}。可以写成 2025-01-17、1月17日、昨天或上周。")
        if q.intent in ("help", "empty", "ask_region", "ask_figure", "ask_search"):
            covered = self.covered_regions()
        if q.intent == "help":
            return replies.help_reply(covered)
        if q.intent == "thanks":
            return replies.thanks_reply()
        if q.intent == "regions":
            latest = self.corpus.latest_issue()
            return replies.regions_reply(latest, self.corpus.region_counts([latest] if latest else None,
                                                                           MIN_BRIEF_WEIGHT))
        if q.intent == "about":
            return replies.about_reply(self.corpus.stats())
        if q.intent == "article":
            return self._article(q.arg) or replies.unknown_reply("找不到这篇文章，可能已从语料中移除。")
        if q.intent == "ask_region":
            return replies.ask_reply(q.intent, "请告诉我要看哪个地区的简报，例如：/brief 四川", covered)
        if q.intent == "ask_figure":
            return replies.ask_reply(q.intent, "请告诉我要查的数字，例如：/stat 长沙研发投入强度是多少", covered)
        if q.intent == "ask_search":
            return replies.ask_reply(q.intent, "请告诉我要搜索的关键词，例如：/search 科创岛", covered)
        if q.intent == "unknown":
            return replies.unknown_reply("没有这个命令。")
        if q.intent == "telegram_only":
            return replies.unknown_reply("订阅和管理命令只能在 Telegram 中使用（newsbot run）。")
        if q.intent == "empty":
            return replies.help_reply(covered)
        if q.command == "brief" and not q.regions:
            return replies.unknown_reply(f"没有认出地区「{q.arg}」。可以试试省份、城市或“京津冀”“东北”等区域名。")
        if q.intent == "brief":
            return self._brief(q, today, page=1)
        if q.intent == "figure":
            return self._figure(q)
        if q.intent == "value":
            return self._value(q)
        # No question word, but a measured thing named (广东工业机器人产量); 火神山医院 is a search.
        if q.implicit and q.names_measure:
            found = self._figure_search(q, prune=True)  # searched once, whichever reply it becomes
            if self._fits_implicitly(q, found) or q.regions:
                # A measured thing of a place asks for a figure: the best one, or (澄迈县2019年GDP)
                # a plain "none" with the closest.
                return self._figure_reply(q, found)
            # 兰考去年GDP (a county the gazetteer does not know): no figure fits; say so, then
            # offer the articles on the same words.
            articles = self._search(q)
            if articles.articles:
                articles.blocks.insert(0, replies.text(f"没有找到“{self._asked(q)}”的数字，以下是相关报道。",
                                                       kind="note"))
            return articles
        return self._search(q)

    # ------------------------------------------------------------------ briefs

    def _region_label(self, regions: list[Region]) -> str:
        return "、".join(r.name for r in regions) if regions else "全部地区"

    def _issues_for(self, q: Query, today: date) -> tuple[list[str], str, list[str] | None]:
        """(issue dates, a note for the reader, article ids limited by event date or None)."""
        latest = self.corpus.latest_issue()
        if latest is None:
            return [], "语料库是空的。", None
        spec = q.date
        if spec is None or spec.kind == "latest":
            said_today = spec is not None and spec.label in TODAY_WORDS
            if q.regions and not said_today:
                # 天津最新消息 / 天津: the region's newest articles, whichever issue they are in.
                # The newest issue where the region is a main subject, not a passing mention.
                codes = [r.code for r in q.regions]
                newest = self.corpus.region_issues(codes, MAIN_SUBJECT_WEIGHT, limit=1) or \
                    self.corpus.region_issues(codes, MIN_BRIEF_WEIGHT, limit=1)
                if newest:
                    return [newest[0][0]], "", None
            note = "" if latest == today.isoformat() or not said_today else \
                f"今天（{replies.cn_date(today.isoformat())}）还没有新一期，以下是最新一期（{replies.cn_date(latest)}）。"
            return [latest], note, None
        if spec.kind in ("day", "range") and spec.start is not None and spec.end is not None:
            start, end = spec.start, spec.end
            issues = self.corpus.issues_between(start, end)
            if not issues and spec.yearless:
                start, end, issues = dates_said.in_corpus_years(self.corpus, start, end)
            if issues:
                return issues, dates_said.covered_note(spec.label, start, end, issues, spec.kind), None
            span = replies.cn_date(spec.start.isoformat()) if spec.start == spec.end else \
                f"{replies.cn_date(spec.start.isoformat())}至{replies.cn_date(spec.end.isoformat())}"
            return [latest], f"{spec.label}（{span}）没有新一期，以下是最新一期（{replies.cn_date(latest)}）。", None
        # month-day without a year: an issue of that day, else articles reporting that day's events
        if spec.month is None or spec.day is None:
            return [latest], "", None
        issues = self.corpus.issues_on_monthday(spec.month, spec.day)
        if issues:
            return issues[:1], "", None
        for year in sorted({int(d[:4]) for d in self.corpus.issue_dates()}, reverse=True):
            try:
                iso = date(year, spec.month, spec.day).isoformat()
            except ValueError:
                continue
            ids = self.corpus.articles_with_event(iso)
            if ids:
                return self.corpus.issue_dates(), f"没有{spec.label}出版的一期，以下是报道{spec.label}发生的事的文章。", ids
        return [latest], f"{spec.label}没有出版的一期，以下是最新一期（{replies.cn_date(latest)}）。", None

    def _brief(self, q: Query, today: date, page: int) -> Reply:
        issues, note, limit_ids = self._issues_for(q, today)
        codes = [r.code for r in q.regions]
        label = self._region_label(q.regions)
        mentioned_only = False
        if codes:
            ids = [aid for aid, _ in self.corpus.articles_for_region(codes, issues, MIN_BRIEF_WEIGHT)]
            if not ids:
                # No article is about 唐山, but one may still report from it: better than "nothing".
                ids = [aid for aid, _ in self.corpus.articles_for_region(codes, issues, 0.0)]
                mentioned_only = bool(ids)
        else:
            ids = self.corpus.articles_in(issues)
        if limit_ids is not None:
            ids = [i for i in ids if i in set(limit_ids)] if codes else [i for i in limit_ids]
        issue_date = issues[0] if issues else None
        region_names = [r.name for r in q.regions]
        if not ids:
            earlier = self.corpus.region_issues(codes, MIN_BRIEF_WEIGHT, limit=1)
            elsewhere = earlier[0] if earlier else None
            return replies.no_brief_reply(label=label, issue_date=issue_date, issue_note=note,
                                          covered=self.covered_regions(issue_date), regions=region_names,
                                          elsewhere=elsewhere)
        found_arts = self.corpus.articles_by_ids(ids)
        items = [found_arts[aid] for aid in ids if aid in found_arts]
        # Everything the brief lines need, in three queries rather than three per article.
        figures = self.corpus.figures_by_articles(ids)
        provinces = self.corpus.region_names_by_ids(ids, MIN_BRIEF_WEIGHT, ("province",))

        def details(art: dict[str, Any]) -> tuple[list[str], list[str], list[Segment]]:
            return self._brief_details(art, figures.get(art["id"], []), provinces.get(art["id"], []))

        if mentioned_only:
            note = (note + " " if note else "") + f"没有以{label}为主题的文章，以下文章提到了{label}。"
        key = f"{','.join(issues[:1])}|{','.join(r.name for r in q.regions)}"
        return brief_view.brief_reply(label=label, issue_note=note, items=items, details=details,
                                      page=page, page_key=key, regions=region_names, issue_date=issue_date)

    def _brief_details(self, art: dict[str, Any], figures: list[dict[str, Any]],
                       provinces: list[str]) -> tuple[list[str], list[str], list[Segment]]:
        """An article's provinces, key figure labels and the fact its brief line gives."""
        fact = brief_view.lead_fact(art, figures, set(lexicon().label_units))
        return provinces, self._key_figures(art, figs=list(figures)), fact

    def _key_figures(self, art: dict[str, Any], n: int = 3, figs: list[dict[str, Any]] | None = None) -> list[str]:
        """Up to n figures that say most: those in the summary first, then the earliest ones."""
        skip = set(lexicon().label_units)
        figs = [f for f in (self.corpus.figures_of(art["id"]) if figs is None else figs)
                if not f.get("is_change") and f.get("metric") and f.get("unit") not in skip]
        summary = art.get("summary") or ""
        # Durations (为期40天) set the scene more often than they report a result.
        figs.sort(key=lambda f: (f["sentence"] not in summary, f.get("kind") == "duration", f["ordinal"]))
        return [replies.figure_label(f) for f in figs[:n]]

    def _page(self, arg: str) -> Reply | None:
        try:
            issue, names, page = arg.split("|")
            page_no = int(page)
        except ValueError:
            return None
        regions = [r for r in (self.gaz.get(n) for n in names.split(",") if n) if r]
        if issue not in self.corpus.issue_dates():
            return None
        q = Query(raw="", text="", intent="brief", regions=regions)
        d = date.fromisoformat(issue)
        q.date = DateSpec("day", d, d, label=issue)
        return self._brief(q, d, page=page_no)

    # ------------------------------------------------------------------ figures

    def region_scope(self, regions: list[Region]) -> set[str]:
        """Names of the asked regions and of everything under them (四川 → 成都, 天府新区 …)."""
        key = frozenset(r.code for r in regions)
        if key not in self._scopes:  # the gazetteer does not change: one walk per set of regions
            names = {r.name for r in regions}
            for r in self.gaz.all_regions():
                if key & {a.code for a in self.gaz.ancestors(r.code)}:
                    names.add(r.name)
            self._scopes[key] = frozenset(names)
        return set(self._scopes[key])

    def _figure_search(self, q: Query, prune: bool = False) -> FigureSearch:
        """(the ask, all scored candidates, those in the asked regions, those that answer, and the
        articles about the asked regions). With `prune`, candidates that provably cannot be any
        part of the reply (see _rank_figures) are left out of the lists; without, every one of the
        index's best 300 is scored (what scripts/fit_weights.py refits on)."""
        table = synonyms()
        # The year is matched as the figure's year (year_match), not as a word of its sentence;
        # village names are whole (figure_words).
        words = q.figure_words or [w for w in q.keywords if w not in q.year_words]
        ask = FigureAsk(words=words, kind=q.kind_hint, unit=q.unit_hint, wants_change=q.wants_change,
                        wants_total=q.wants_total,
                        year=q.year, rel_year=q.rel_year, optional=kind_cue_words(),
                        synonyms={w: table[w] for w in words if w in table},
                        rarity=self.corpus.term_rarity(words),
                        names=[w for w in words if w.endswith(SETTLEMENT_SUFFIXES)],
                        day=_day_asked(q.date))
        region_names = [r.name for r in q.regions]
        scope_ids: list[str] = []
        if q.regions:
            ask.region_names = self.region_scope(q.regions)
            if q.excluded:  # 湖北除武汉外: 武汉 and what lies in it are not in the scope
                ask.region_names -= self.region_scope(q.excluded)
            ask.exact_regions = set(region_names)
            ask.enclosing = {a.name for r in q.regions for a in self.gaz.ancestors(r.code)} - set(NATIONAL)
            scope_ids = [aid for aid, _ in self.corpus.articles_for_region([r.code for r in q.regions], None, 0.0,
                                                                            limit=1)]
        words = q.keywords + [alt for alts in ask.synonyms.values() for alt in alts] + region_names
        # Narrowing pairs two of the question's own words, never two spellings of one (全长, 长约).
        hits = self.corpus.fts(words, ("figure",), None, limit=300, narrow_to=NARROW_MIN_ARTICLES,
                               narrow_among=q.keywords + region_names)
        fig_ids = list(dict.fromkeys(ref for _, _, ref, _ in hits))
        scored, in_scope, good = self._rank_figures(ask, fig_ids, bool(q.regions), prune)
        return ask, scored, in_scope, good, scope_ids

    def _fits_implicitly(self, q: Query, found: FigureSearch) -> bool:
        """Whether a message with no question word (`广东工业机器人产量`) has a figure that fits it
        well enough to be the answer rather than a search."""
        good = found[3]
        if not good or good[0][1] < IMPLICIT_FIGURE_COVERAGE:
            return False
        fig = good[0][2]
        near = clause_around(fig["sentence"], fig["start"], fig["end"]) + (fig.get("metric") or "")
        # The measured thing must stand next to the figure, not merely somewhere in a long sentence;
        # whose it is (沙土村, a company) may be named anywhere in the sentence.
        measured = found[0].measured
        if not measured and q.kind_hint == "percent" and fig.get("kind") == "percent":
            return True  # 西安经开区规上工业企业复工占比: the share asked for, its words all in the sentence
        # A measured word counts in any of its spellings (人均收入 printed 人均年收入), as in ranking.
        return word_coverage(measured or found[0].words, near, near,
                             synonyms=found[0].synonyms) >= IMPLICIT_FIGURE_COVERAGE

    def _figure(self, q: Query) -> Reply:
        return self._figure_reply(q, self._figure_search(q, prune=True))

    def _figure_reply(self, q: Query, found: FigureSearch) -> Reply:
        _ask, scored, _in_scope, good, scope_ids = found
        region_names = [r.name for r in q.regions]
        if good:
            best = good[0]
            others = [s for s in good[1:] if s[0] >= best[0] - 0.25]
            shown = self._with_articles([(s[2], s[3]) for s in [best, *others[:MAX_OTHER_FIGURES]]])
            if shown:
                return replies.figure_reply(shown[0], shown[1:], region_names)
        asked = "".join(q.keywords) or q.text
        if q.regions and not scope_ids:
            reason = f"语料中没有关于{'、'.join(region_names)}的报道，因此没有“{asked}”的数字。"
        elif q.regions:
            reason = f"语料中{'、'.join(region_names)}的报道里没有“{asked}”的数字。"
        else:
            reason = f"语料中没有“{asked}”的数字。"
        # Offer what the corpus has on the same words (the region set aside), not every weak match.
        top = scored[0][0] if scored else 0.0
        closest = self._with_articles([(s[2], s[3]) for s in scored if s[1] > 0 and s[0] >= top - 0.3][:3])
        return replies.no_figure_reply(asked, closest, region_names, reason)

    def _with_articles(self, pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(figure, whole article) for (figure, article head) pairs; one whose article an ingest
        removed in between is left out."""
        arts = self.corpus.articles_by_ids([head["id"] for _, head in pairs])
        return [(fig, arts[head["id"]]) for fig, head in pairs if head["id"] in arts]

    def _value(self, q: Query) -> Reply:
        """A bare value (3.3%): the figures printed with exactly that value, newest first."""
        value = q.arg.lstrip("近约超逾")
        figs = [f for f in self.corpus.figures_with_display(value)
                if re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", f["display"])]
        if q.regions:
            scope = self.region_scope(q.regions)
            figs = [f for f in figs if f.get("region") in scope]
        arts = self.corpus.articles_by_ids([f["article_id"] for f in figs])
        pairs = sorted(((f, arts[f["article_id"]]) for f in figs if f["article_id"] in arts),
                       key=lambda p: p[1]["issue_date"], reverse=True)
        if not pairs:
            return replies.no_figure_reply(q.arg, [], [r.name for r in q.regions], f"语料中没有“{q.arg}”这个数字。")
        return replies.figure_reply(pairs[0], pairs[1:1 + MAX_OTHER_FIGURES], [r.name for r in q.regions])

    def _figure_in_scope(self, fig: dict[str, Any], art: dict[str, Any], scope: set[str],
                         exact: set[str] | None = None) -> bool:
        """A figure answers for a region only if it is that region's (or a place's inside it): its own
        region when the extractor found one, else the article's main region, else a region its
        sentence names (闽赣两省111个). 唐山's 11家 is not 北京's, 南铁's total is not 厦门's, the
        national 80个 is not 天津's."""
        region = fig.get("region") or art.get("main_region")
        if region and region in scope:
            return True
        if region and exact and self._encloses(region, exact):
            # 包头's 稀土产值 reported in an 内蒙古 sentence or article that names 包头: the province
            # was the nearest place the extractor found, the asked city is the one the text is about.
            title = (art.get("kicker") or "") + art["headline"] + (art.get("subtitle") or "")
            return any(name in fig["sentence"] or name in title for name in exact)
        if region:
            return False
        return any(m.region.name in scope for m in self.gaz.find_mentions(fig["sentence"]))

    def _encloses(self, outer: str, names: set[str]) -> bool:
        """Whether region `outer` contains one of the regions named `names`."""
        for name in names:
            r = self.gaz.get(name)
            if r is not None and outer in {a.name for a in self.gaz.ancestors(r.code)}:
                return True
        return False

    def _rank_figures(self, ask: FigureAsk, fig_ids: list[int], regions_asked: bool,
                      prune: bool) -> tuple[list[Scored], list[Scored], list[Scored]]:
        """(scored, in scope and of the kind asked, those that answer), each best first.

        Only a figure of the asked region and of the kind asked for can answer (a count of 方面 is
        no answer to 投入多少钱), so no other can stand in the way of one that does. An answer also
        needs its sentence to hold the question's words and a score above the floor fitted with the
        weights (refusing beats a wrong figure).

        With `prune`, candidates are scored in full in the order of `score_bound` (the score with
        every word found), and the rest are left once none of them can reach what a reply shows:
        a figure within 0.25 of the best answer (figure_reply's others), or, while there is no
        answer, one above the floor or within 0.3 of the best score (no_figure_reply's closest).
        What is left out scores below all of those, so the reply is the same as from all of them."""
        floor = weights().get("min_answer_score", float("-inf"))
        rows = self.corpus.figures_with_paragraphs(fig_ids)
        heads = self.corpus.article_heads([f["article_id"] for f, _ in rows])
        # 三河村 is named once, paragraphs before its figures: whether the article names it at all
        ask.name_articles = {n: self.corpus.articles_mentioning(list(heads), n) for n in ask.names}
        # An article's regions tell only about a figure of no asked region (fact_features), and its
        # count of a kind only about a figure of that kind: read for those alone, and with `prune`
        # only for the candidates reached (article_fact_slack bounds them before).
        named = {*NATIONAL, *ask.region_names}  # a set: the asked regions and all inside them
        regs: dict[str, set[str]] = {}  # an entry for every article read
        kinds: dict[str, int] = {}
        kinds_read: set[str] = set()

        def unread(fig: dict[str, Any]) -> tuple[bool, bool]:
            """Whether the figure's facts still need its article's regions, its kind count."""
            aid = fig["article_id"]
            return (bool(ask.region_names) and fig.get("region") not in named and aid not in regs,
                    bool(ask.kind) and fig.get("kind") == ask.kind and aid not in kinds_read)

        def read_articles(figs: list[dict[str, Any]]) -> None:
            """The regions and kind counts these figures' facts need, of articles not read yet."""
            needs = [(f["article_id"], unread(f)) for f in figs]
            for_regs = list(dict.fromkeys(aid for aid, (r, _) in needs if r))
            for_kind = list(dict.fromkeys(aid for aid, (_, k) in needs if k))
            regs.update(self.corpus.region_name_sets(for_regs, MIN_BRIEF_WEIGHT))
            if ask.kind and for_kind:
                kinds.update(self.corpus.kind_counts(for_kind, ask.kind))
                kinds_read.update(for_kind)

        figs = [(fig, para) for fig, para in rows if fig["article_id"] in heads]  # else removed by an ingest
        if not prune:
            read_articles([fig for fig, _ in figs])
        year = {aid: int(head["issue_date"][:4]) for aid, head in heads.items()}
        # (bound, figure, article head, facts, paragraph) in figure id order
        cands: list[tuple[float, dict[str, Any], dict[str, Any], dict[str, float], str | None]] = []
        provisional: set[int] = set()  # candidates whose facts were taken with their article unread
        for fig, para in figs:
            aid = fig["article_id"]
            facts = fact_features(ask, fig, regs.get(aid, set()), year[aid], kinds.get(aid))
            bound = score_bound(facts, fig)
            if any(unread(fig)):  # the article's facts at their best
                bound += article_fact_slack(ask, fig, facts)
                provisional.add(len(cands))
            cands.append((bound, fig, heads[aid], facts, para))
        order = sorted(range(len(cands)), key=lambda i: -cands[i][0]) if prune else range(len(cands))
        done: list[tuple[int, float, float, bool, bool]] = []  # (index, score, coverage, in scope, answers)
        top = best = other_year_best = float("-inf")
        batch = 32
        for k, i in enumerate(order):
            bound, fig, head, facts, para = cands[i]
            need = best - 0.25 if best > float("-inf") else min(floor, top - 0.3)
            if prune and bound < need - 1e-9:
                break  # sorted by bound: no later one can reach the reply either
            aid = fig["article_id"]
            if i in provisional:
                if any(unread(fig)):  # this candidate's article and the next ones', in one read
                    read_articles([cands[j][1] for j in order[k:k + batch]])
                    batch *= 2
                facts = fact_features(ask, fig, regs.get(aid, set()), year[aid], kinds.get(aid))
                if score_bound(facts, fig) < need - 1e-9:
                    continue  # its article's facts known, it cannot reach the reply (nor the best score)
            context = para or head.get("editor_note") or ""
            score, cov = score_figure(ask, fig, regs.get(aid, set()), context, facts=facts)
            ok = (not regions_asked or self._figure_in_scope(fig, head, ask.region_names, ask.exact_regions)) \
                and fits_ask(ask, fig)
            answers = ok and cov >= MIN_FIGURE_COVERAGE and score >= floor
            if answers and other_year(ask, fig):
                # Not an answer; and when it fits best, the asked year's figure is not printed:
                # a weaker figure of no year must not stand in for it (see below).
                answers = False
                other_year_best = max(other_year_best, score)
            top = max(top, score)
            if answers:
                best = max(best, score)
            done.append((i, score, cov, ok, answers))
        done.sort(key=lambda d: d[0])  # figure id order, as ties were broken before
        # Each with its article's head (article_heads); _figure_reply reads whole articles for the
        # few it shows.
        ranked = [(d, (d[1], d[2], cands[d[0]][1], cands[d[0]][2])) for d in done]
        # Best first; between equal scores the newer issue wins.
        ranked.sort(key=lambda r: (r[1][0], r[1][3]["issue_date"]), reverse=True)
        scored = [s for _, s in ranked]
        in_scope = [s for d, s in ranked if d[3]]
        # A figure of another year fitting at least as well as any answer: the year asked is not
        # printed (西藏 2018年新增造林 when only 2019's is), so no figure answers. Pruning leaves
        # such a figure unscored only below what any answer scores.
        good = [s for d, s in ranked if d[4] and d[1] > other_year_best]
        return scored, in_scope, good

    # ------------------------------------------------------------------ search

    def _search(self, q: Query) -> Reply:
        words = q.keywords or ([q.rest] if q.rest else [q.text])
        hits = self.corpus.fts(words + [r.name for r in q.regions], ("headline", "paragraph", "caption"),
                               None, limit=300, narrow_to=NARROW_MIN_ARTICLES)
        scores: dict[str, float] = {}
        weight = {"headline": 3.0, "paragraph": 1.0, "caption": 0.5}
        for aid, kind, _, bm in hits:
            scores[aid] = scores.get(aid, 0.0) + weight[kind] * -bm
        if q.regions:
            allowed = self.corpus.in_regions(list(scores), [r.code for r in q.regions], MIN_BRIEF_WEIGHT)
            scores = {a: s for a, s in scores.items() if a in allowed}
        phrase = "".join(words)
        # Ranking reads the title block (article_heads); the articles shown are read whole.
        heads = self.corpus.article_heads(list(scores))
        ranked = self._rank_articles(words, phrase, [r.name for r in q.regions], scores, heads)
        results = []
        top = [art["id"] for _, art, _ in ranked[:SEARCH_SHOWN]]
        shown = self.corpus.articles_by_ids(top)
        provinces = self.corpus.region_names_by_ids(top, MIN_BRIEF_WEIGHT, ("province",))
        paragraphs = self.corpus.paragraphs_by_ids(top)
        for aid in top:
            if aid in shown:  # else removed by an ingest in between
                results.append((shown[aid], provinces[aid], best_sentence(words, [p["text"] for p in paragraphs[aid]])))
        if not results:
            latest = self.corpus.latest_issue()
            latest_ids = self.corpus.articles_in([latest] if latest else [])
            latest_arts = self.corpus.articles_by_ids(latest_ids)
            newest = [latest_arts[a] for a in latest_ids if a in latest_arts]
            return replies.no_search_reply(self._asked(q), newest, self.covered_regions())
        return replies.search_reply(self._asked(q), results, [r.name for r in q.regions])

    def _rank_articles(self, words: list[str], phrase: str, region_names: list[str], scores: dict[str, float],
                       arts: dict[str, dict[str, Any]]) -> list[tuple[float, dict[str, Any], bool]]:
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
            ranked = self._keep_shown([(c[2] if in_body.get(c[0]["id"]) else c[1], c[0],
                                        c[3] or in_body.get(c[0]["id"], False)) for c in cands])
            unread = [c for c in unread if c[0]["id"] not in in_body]
            if not unread or self._shown_settled(ranked, unread[0][2]):
                return ranked
            ids = [c[0]["id"] for c in unread[:batch]]
            for aid, (joined, _) in self.corpus.phrase_in_articles(ids, phrase).items():
                in_body[aid] = joined
            batch *= 2

    @staticmethod
    def _keep_shown(ranked: list[tuple[float, dict[str, Any], bool]]) -> list[tuple[float, dict[str, Any], bool]]:
        """The articles a search keeps, best first (from (score, article, holds the phrase))."""
        ranked.sort(key=lambda t: -t[0])
        # Articles far below the best one share a common word with the query, not its subject;
        # where some articles hold the whole phrase, one without it must come close to the best.
        keep = SEARCH_KEEP_WITH_PHRASE if any(r[2] for r in ranked) else SEARCH_KEEP
        ranked = [r for r in ranked if r[2] or r[0] >= keep * ranked[0][0]]
        if ranked and ranked[0][0] < 0.6 and not any(r[2] for r in ranked):
            ranked = [r for r in ranked if r[0] >= 0.6]
        return ranked

    @staticmethod
    def _shown_settled(ranked: list[tuple[float, dict[str, Any], bool]], bound: float) -> bool:
        """Whether the first SEARCH_SHOWN of `ranked` (unread articles taken as not holding the
        phrase) stay the same whichever of them do, when none of them can score above `bound`: they
        could only come after the shown ones, and (when no article was found holding the phrase
        yet) the stricter keep of SEARCH_KEEP_WITH_PHRASE must not drop a shown one."""
        shown = ranked[:SEARCH_SHOWN]
        if len(shown) < SEARCH_SHOWN or shown[-1][0] <= bound + 1e-9:
            return False
        return any(r[2] for r in ranked) or all(r[0] >= SEARCH_KEEP_WITH_PHRASE * shown[0][0] for r in shown)

    @staticmethod
    def _asked(q: Query) -> str:
        """What the user asked about, as typed (without the command), for the reply's heading."""
        typed = (q.arg if q.command else q.text).strip()
        return typed if len(typed) <= 30 else typed[:29] + "…"

    # ------------------------------------------------------------------ article

    def _article(self, article_id: str, page: int = 1, back: str = "") -> Reply | None:
        art = self.corpus.article(article_id)
        if art is None:
            return None
        regions = [r["name"] for r in self.corpus.regions_of(article_id) if r["weight"] >= MIN_BRIEF_WEIGHT
                   and r["level"] in ("province", "city", "zone", "county")]
        return article_view.article_reply(art, regions, self.corpus.paragraphs(article_id),
                                          self.corpus.figures_of(article_id), self.corpus.captions(article_id),
                                          page=page, back=back)
