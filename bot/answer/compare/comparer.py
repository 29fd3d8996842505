"""Compare one measure across regions or over time, from the figures the articles state.

Candidates come from full-text search over figure contexts; each is read in its sentence
(bot/answer/compare/metric.py) for its exact measure, region and date. Only figures of one measure and one
unit are compared; those of a related but different measure (复工率 vs 规模以上工业企业复工率) are
shown apart, never ranked; a region with no figure is listed as missing.
"""
from __future__ import annotations

from calendar import monthrange
from datetime import date

from bot.answer.compare.intent import CompareAsk
from bot.answer.compare.metric import NATIONAL, FigureReading, MetricReader, normalize_metric
from bot.present.comparison import CompareRow, Comparison
from bot.answer.corpus import Corpus
from bot.ingest.rows import ArticleRow, ComparedFigure, FigureRow
from bot.language.gazetteer import Gazetteer
from bot.present.builders import cn_date
from bot.language.segment import cut

# Figures dated this many days apart still describe "the same moment" of a fast-moving measure.
SAME_PERIOD_DAYS = 7
MAX_SEPARATE = 6


def _unit_family(fig: ComparedFigure) -> str:
    unit = fig.get("unit") or ""
    return unit or (fig.get("kind") or "")


class Comparer:
    def __init__(self, corpus: Corpus, gaz: Gazetteer) -> None:
        self.corpus = corpus
        self.gaz = gaz
        self.reader = MetricReader(gaz)

    # ------------------------------------------------------------------ candidates

    def _candidates(self, ask: CompareAsk) -> list[tuple[ComparedFigure, FigureReading]]:
        """Every figure that may state the measure asked, read in its sentence, article by article."""
        wanted, aids = self._sentences(ask)
        if ask.regions and NATIONAL not in [r.name for r in ask.regions]:
            wanted, aids = self._of_asked_regions(ask, wanted, aids)
        # Their articles in one query; of their figures first only the sentences, then whole rows of
        # those in a wanted sentence (a few of all an article states).
        arts = self.corpus.articles_by_ids(aids)
        figures = self.corpus.figures_by_ids_in_articles(
            [fid for fid, aid, t in self.corpus.figure_sentences_of_articles(aids) if (aid, t) in wanted])
        out: list[tuple[ComparedFigure, FigureReading]] = []
        for aid in aids:
            art = arts.get(aid)
            if art is not None:
                out += self._read_article(ask, art, figures.get(aid, []), wanted)
        return out

    def _sentences(self, ask: CompareAsk) -> tuple[set[tuple[str, str]], list[str]]:
        """(article id, sentence) of the figures the index finds for the words asked whose sentence
        may state the measure (_may_state), and their articles in the order found."""
        words = list(dict.fromkeys(w for w in cut(ask.asked) + cut(ask.metric) if len(w) > 1)) or [ask.asked]
        hits = self.corpus.fts(words, ("figure",), None, limit=2000)
        ids = list(dict.fromkeys(ref for _, _, ref, _ in hits))
        figs = self.corpus.figure_sentences(ids)  # of each hit, all that is needed: its article and sentence
        phrases = [[w for w in cut(p) if len(w) > 1] or [p] for p in (ask.asked, ask.metric)]
        holding = {t for t in {t for _, t in figs} if _may_state(phrases, t)}
        wanted = {(a, t) for a, t in figs if t in holding}
        # Articles in the order the index found them: the set's own order varies with the hash seed,
        # and with it which article wins a tie (answers would differ between restarts and replicas).
        return wanted, list(dict.fromkeys(a for a, t in figs if (a, t) in wanted))

    def _of_asked_regions(self, ask: CompareAsk, wanted: set[tuple[str, str]],
                          aids: list[str]) -> tuple[set[tuple[str, str]], list[str]]:
        """Only the asked regions' rows count (_compare): a sentence that names none of them, in an
        article whose main region is none of them (or inside one), can give none."""
        surfaces = self._surfaces([r.name for r in ask.regions])
        naming = {(aid, t) for aid, t in wanted if any(x in t for x in surfaces)}
        # Only an article with a sentence that names none of them needs its main region.
        mains = self.corpus.main_regions(list(dict.fromkeys(aid for aid, t in wanted if (aid, t) not in naming)))
        # Articles share few main regions: each is looked up in the gazetteer once.
        owning = {main for main in set(mains.values()) if self._main_is(main, ask)}
        owners = {aid for aid, main in mains.items() if main in owning}
        wanted = {(aid, t) for aid, t in wanted if aid in owners or (aid, t) in naming}
        kept = {a for a, _ in wanted}
        return wanted, [aid for aid in aids if aid in kept]

    def _read_article(self, ask: CompareAsk, art: ArticleRow, figures: list[FigureRow],
                      wanted: set[tuple[str, str]]) -> list[tuple[ComparedFigure, FigureReading]]:
        """The article's figures of a wanted sentence, each read in order, so a list (江苏、山东超过70%)
        inherits the measure named before it."""
        out: list[tuple[ComparedFigure, FigureReading]] = []
        prev: FigureReading | None = None
        prev_sentence = None
        prev_end = 0
        for row in figures:
            if (art["id"], row["sentence"]) not in wanted:
                continue
            f = _compared(row, art)
            same = prev_sentence == f["sentence"]
            reading = self.reader.read(f, prev if same else None, ask.metric, prev_end if same else 0)
            prev_end = int(f.get("end") or 0)
            prev, prev_sentence = reading, f["sentence"]
            out.append((f, reading))
        return out

    def _surfaces(self, names: list[str]) -> set[str]:
        """Every text by which the gazetteer finds a region of one of `names` in a sentence: its
        names and aliases, and the one-character abbreviations of compounds (闽赣两省, 京津冀)."""
        codes = {r.code for r in self.gaz.all_regions() if r.name in names}
        out: set[str] = set()
        for r in self.gaz.all_regions():
            if r.code in codes:
                out.update(x for x in (r.name, r.full_name, *r.aliases) if x)
        out.update(self.gaz.abbreviations_of(codes))
        return out

    def _main_is(self, main: str | None, ask: CompareAsk) -> bool:
        """Whether an article's main region may stand for an asked region (_regions_of): it is one,
        or lies in one."""
        region = self.gaz.get(main) if main else None
        if region is None:
            return False
        names = {r.name for r in ask.regions}
        return region.name in names or any(a.name in names for a in self.gaz.ancestors(region.code))

    def _match(self, ask: CompareAsk, fig: ComparedFigure, reading: FigureReading) -> str | None:
        """exact | narrower | None: whether the figure measures what was asked."""
        m = reading.metric
        if not m:
            return None
        wants_change = any(w in ask.metric for w in ("增长", "下降", "增速"))
        if bool(fig.get("is_change")) != wants_change:
            return None
        if m == ask.metric:
            return "exact"
        if ask.metric.endswith(m) and len(m) >= 2:
            prefix = ask.metric[: -len(m)]
            context = fig["sentence"] + fig.get("headline", "")
            return "exact" if all(w in context for w in cut(prefix) if len(w) > 1) else None
        if m.endswith(ask.metric):
            return "narrower"
        return None

    # ------------------------------------------------------------------ regions

    def _regions_of(self, fig: ComparedFigure, reading: FigureReading) -> list[str]:
        if reading.national:
            return [NATIONAL]
        if reading.local:
            return []
        if reading.regions:
            return [r.name for r in reading.regions]
        main = fig.get("main_region")
        if reading.scope and main:
            region = self.gaz.get(main)
            if region is not None:
                if reading.scope == "province" and region.level != "province":
                    prov = [a for a in self.gaz.ancestors(region.code) if a.level == "province"]
                    return [prov[0].name] if prov else []
                return [region.name]
        return []

    def _level_ok(self, name: str, ask: CompareAsk) -> bool:
        region = self.gaz.get(name)
        if region is None or region.level != ask.level:
            return False
        if ask.within is not None:
            return ask.within.code in {a.code for a in self.gaz.ancestors(region.code)}
        return True

    # ------------------------------------------------------------------ rows

    def _row(self, fig: ComparedFigure, reading: FigureReading, region: str, stated: float) -> CompareRow:
        """The row of a figure for one region; `stated`: its value (never None here)."""
        issue = fig["issue_date"]
        day, period = _when(reading, issue)
        display = fig["display"]
        bound = fig.get("qualifier") or next(
            (w for w in ("超过", "不到", "约", "近", "逾", "超", "以上", "左右") if w in display), None)
        value = -abs(float(stated)) if reading.negative else float(stated)
        if reading.negative and not display.startswith(("-", "−", "下降")):
            display = "下降" + display
        return CompareRow(region=region, value=value, display=display, unit=_unit_family(fig),
                          metric=reading.metric, date=day, period=period, article_id=fig["article_id"],
                          headline=fig["headline"], issue_date=issue, sentence=fig["sentence"],
                          figure_id=int(fig["id"]), bound=bound, paper=fig.get("paper"), page=fig.get("page"))

    def compare(self, ask: CompareAsk) -> Comparison:
        candidates = self._candidates(ask)
        cmp = self._compare(ask, candidates)
        if not cmp.rows and not ask.regions and ask.mode in ("ranking", "all") and ask.within is None:
            # 哪个地区投资增长最快: no province reports it; the macro-regions (东部, 中部 …) may
            for level in ("macro", "city"):
                if level != ask.level:
                    ask.level = level
                    other = self._compare(ask, candidates)
                    if other.rows:
                        return other
        return cmp

    def _compare(self, ask: CompareAsk, candidates: list[tuple[ComparedFigure, FigureReading]]) -> Comparison:
        series = ask.mode == "series"
        targets = [r.name for r in ask.regions] or ([NATIONAL] if series else [])
        groups, kinds = self._groups(ask, candidates, targets, series)
        cmp = Comparison(mode=ask.mode, metric=ask.metric, asked=ask.asked, unit="",
                         ranked=ask.mode in ("ranking", "all") or ask.rank)
        if not groups:
            cmp.missing = targets
            return cmp
        rows = self._choose(ask, cmp, groups, kinds, series)
        cmp.rows = self._order(ask, rows)
        have = {r.region for r in cmp.rows}
        cmp.missing = [t for t in targets if t not in have]
        cmp.comparable = self._comparable(cmp.rows, series)
        if not cmp.comparable:
            first, last = min(r.date for r in cmp.rows), max(r.date for r in cmp.rows)
            cmp.notes.append(f"各地数字的日期不同（{cn_date(first)}至{cn_date(last)}），不宜直接比较高低，"
                             "以下按时期分组列出，只在同一时期内比较。")
            cmp.rows = self._by_period(ask, cmp.rows)
        if series and len(cmp.rows) == 1:
            cmp.notes.append("语料中只有这一个数字，看不出变化。")
        if any(r.bound for r in cmp.rows):
            cmp.notes.append("带“超过”“约”等字样的是报道给出的大致数字。")
        cmp.chart = self._chart_kind(cmp, series)
        return cmp

    def _groups(self, ask: CompareAsk, candidates: list[tuple[ComparedFigure, FigureReading]], targets: list[str],
                series: bool) -> tuple[dict[tuple[str, str], list[CompareRow]], dict[tuple[str, str], str]]:
        """Rows of the figures that measure what was asked, by (measure, unit), each group's periods
        shared; and how each group matches the question (exact | narrower)."""
        groups: dict[tuple[str, str], list[CompareRow]] = {}
        kinds: dict[tuple[str, str], str] = {}
        for fig, reading in candidates:
            stated = fig.get("value")
            if stated is None:
                continue
            how = self._match(ask, fig, reading)
            if how is None or reading.is_from and not (series and (reading.date or reading.year)):
                continue  # 由3679亿元增长到…: a starting value counts only in a series, and only dated
            for region in self._regions_of(fig, reading):
                if targets and region not in targets:
                    continue
                if not targets and not self._level_ok(region, ask):
                    continue
                key = (reading.metric, _unit_family(fig))
                groups.setdefault(key, []).append(self._row(fig, reading, region, stated))
                kinds[key] = how
        for rows_of_key in groups.values():
            _share_periods(rows_of_key)
        return groups, kinds

    def _choose(self, ask: CompareAsk, cmp: Comparison, groups: dict[tuple[str, str], list[CompareRow]],
                kinds: dict[tuple[str, str], str], series: bool) -> list[CompareRow]:
        """The measure compared: the one most of the regions report (the one asked for exactly
        between equals), set on `cmp` with its rows returned; every other measure is listed apart."""
        def weight(key: tuple[str, str]) -> tuple[int, int, int]:
            rows = groups[key]
            return (len({r.region for r in rows}), kinds[key] == "exact", len(rows))
        ranked = sorted(groups, key=weight, reverse=True)
        chosen = ranked[0]
        cmp.metric, cmp.unit = chosen
        rows = self._pick(groups[chosen], series)
        if kinds[chosen] != "exact":
            cmp.notes.append(f"语料中没有与“{ask.asked}”口径完全相同的数字，以下按“{cmp.metric}”比较。")
        for key in ranked[1:]:
            cmp.separate.extend(self._pick(groups[key], series))
        cmp.separate = cmp.separate[:MAX_SEPARATE]
        if cmp.separate:
            cmp.notes.append("另有口径或单位不同的数字，单独列出，不参与比较。")
        return rows

    @staticmethod
    def _pick(rows: list[CompareRow], series: bool) -> list[CompareRow]:
        """One row per region (its latest), or per date for a time series; duplicates dropped."""
        # Latest first; in one sentence the later figure (从28.8%下降到7.9%: 7.9%) is the later state.
        rows = sorted(rows, key=lambda r: (r.date, r.issue_date, r.figure_id), reverse=True)
        seen: set[tuple[str, str]] = set()
        if series:  # a later report of a dated figure (超过90% 截至2月24日, again on 2月25日) is no new point
            dated = {(r.region, r.display) for r in rows if not r.period.endswith("报道")}
            rows = [r for r in rows if not (r.period.endswith("报道") and (r.region, r.display) in dated)]
        out = []
        for r in rows:
            key = (r.region, r.date) if series else (r.region, "")
            if key in seen:
                continue
            seen.add(key)
            out.append(r)
        return out

    @staticmethod
    def _order(ask: CompareAsk, rows: list[CompareRow]) -> list[CompareRow]:
        if ask.mode == "series":
            return sorted(rows, key=lambda r: r.date)
        if ask.mode == "regions" and not ask.rank:
            order = [r.name for r in ask.regions]
            return sorted(rows, key=lambda r: order.index(r.region) if r.region in order else len(order))
        rows = sorted(rows, key=lambda r: r.value, reverse=not ask.ascending)
        return rows[: ask.top_n] if ask.top_n else rows

    @staticmethod
    def _by_period(ask: CompareAsk, rows: list[CompareRow]) -> list[CompareRow]:
        """Rows in groups of one period (dates within SAME_PERIOD_DAYS of the group's first), the
        largest and latest group first; inside a group, ranked as asked or in the question's order."""
        groups: list[list[CompareRow]] = []
        for r in sorted(rows, key=lambda r: r.date):
            if groups and (date.fromisoformat(r.date) - date.fromisoformat(groups[-1][0].date)).days \
                    <= SAME_PERIOD_DAYS:
                groups[-1].append(r)
            else:
                groups.append([r])
        groups.sort(key=lambda g: (len(g), g[-1].date), reverse=True)
        out: list[CompareRow] = []
        for i, g in enumerate(groups):
            for r in Comparer._order(ask, g) if len(g) > 1 else g:
                r.group = i
                out.append(r)
        return out

    @staticmethod
    def _comparable(rows: list[CompareRow], series: bool) -> bool:
        if series or len(rows) < 2:
            return True
        days = [date.fromisoformat(r.date) for r in rows]
        return (max(days) - min(days)).days <= SAME_PERIOD_DAYS

    @staticmethod
    def _chart_kind(cmp: Comparison, series: bool) -> str | None:
        if series:
            return "line" if len(cmp.rows) >= 2 else None
        shown = cmp.rows if cmp.comparable else [r for r in cmp.rows if r.group == 0]
        return "bar" if len(shown) >= 2 else None  # periods differ: the main period's bars only


def _when(reading: FigureReading, issue: str) -> tuple[str, str]:
    """(ISO date, period shown) of a reading: its day, the end of its months or year, else the
    day of the issue that reported it (2020年2月20日报道)."""
    if reading.date:
        return reading.date, f"{cn_date(reading.date)}"
    if reading.year and "月" in reading.year:  # 2018年1—10月
        y, last = reading.year[:4], int(reading.year.split("—")[-1].rstrip("月"))
        return f"{y}-{last:02d}-{monthrange(int(y), last)[1]:02d}", reading.year
    if reading.year:
        return f"{reading.year}-12-31", f"{reading.year}年"
    return issue, f"{cn_date(issue)}报道"


def _compared(row: FigureRow, art: ArticleRow) -> ComparedFigure:
    """A figure row with what a comparison shows of its article (date, headline, paper, page) and
    the main region it may stand for."""
    return {**row, "issue_date": art["issue_date"], "headline": art["headline"], "paper": art.get("paper"),
            "page": art.get("page"), "main_region": art.get("main_region")}


def _may_state(phrases: list[list[str]], sentence: str) -> bool:
    """Cheap test before reading a sentence: it holds the words of the measure asked, as typed or
    normalised (GDP增速 → 地区生产总值增长), all of them or all but one, its head word always."""
    text = sentence + normalize_metric(sentence)  # 生产总值 in the article is 地区生产总值
    for words in phrases:
        found = [w in text for w in words]
        if found[-1] and sum(found) >= (len(words) if len(words) <= 2 else len(words) - 1):
            return True
    return False


def _share_periods(rows: list[CompareRow]) -> None:
    """A figure with no date of its own takes the period its article gives the same measure elsewhere
    (全年东部地区生产总值…；中部地区生产总值…: both for the year)."""
    dated: dict[str, tuple[str, str]] = {}
    for r in rows:
        if not r.period.endswith("报道"):
            dated.setdefault(r.article_id, (r.date, r.period))
    for r in rows:
        if r.period.endswith("报道") and r.article_id in dated:
            r.date, r.period = dated[r.article_id]
