"""Briefs: the articles of a region (or of all) in the issue(s) a message asks about.

天津有什么新闻 → 天津's newest articles, whichever issue they are in; 河北今天有啥新闻 → today's issue
(or, when there is none yet, the latest one and a note saying so); 上周四川 → the issues of last
week; 2月18日 without a year → that day's issue, else the articles reporting that day's events.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from bot.analyse.regions import MAIN_SUBJECT_WEIGHT, MIN_BRIEF_WEIGHT
from bot.answer.sources import Sources
from bot.answer.understand import DateSpec, Query
from bot.ingest.rows import ArticleRow, FigureRow
from bot.language.gazetteer import Mention, Region
from bot.language.lexicon import lexicon
from bot.present import brief_view, builders as replies, dates_said
from bot.present.blocks import Block, Segment
from bot.present.brief_view import BRIEF_PAGE_SIZE
from bot.present.builders import text
from bot.present.dates_said import span_text
from bot.present.reply import Reply

TODAY_WORDS = ("今天", "今日")
NEWEST_TRIED = 5  # a region's newest issues looked through for a story about it
_LIST_GAP = re.compile(r"\s*(?:[、，,和与及]|以及)\s*")
# (issue dates, a note for the reader, article ids limited by event date or None)
IssueChoice = tuple[list[str], str, list[str] | None]


def region_label(regions: list[Region]) -> str:
    return "、".join(r.name for r in regions) if regions else "全部地区"


def issues_for(src: Sources, q: Query, today: date) -> IssueChoice:
    """(issue dates, a note for the reader, article ids limited by event date or None)."""
    latest = src.corpus.latest_issue()
    if latest is None:
        return [], "语料库是空的。", None
    spec = q.date
    if spec is None or spec.kind == "latest":
        return _newest(src, q, spec, latest, today)
    if spec.kind in ("day", "range") and spec.start is not None and spec.end is not None:
        return _in_span(src, q, spec, (spec.start, spec.end), latest, today)
    # month-day without a year: an issue of that day, else articles reporting that day's events
    if spec.month is None or spec.day is None:
        return [latest], "", None
    return _on_monthday(src, q, spec, (spec.month, spec.day), latest)


def _newest(src: Sources, q: Query, spec: DateSpec | None, latest: str, today: date) -> IssueChoice:
    """No date, or 最新/今天: the newest issue (for a region, the newest with its articles)."""
    said_today = spec is not None and spec.label in TODAY_WORDS
    if q.regions and not said_today:
        # 天津最新消息 / 天津: the region's newest articles, whichever issue they are in.
        newest = _region_newest(src, q.regions)
        if newest:
            return [newest], "", None
    note = "" if latest == today.isoformat() or not said_today else \
        f"今天（{replies.cn_date(today.isoformat())}）还没有新一期，以下是最新一期（{replies.cn_date(latest)}）。"
    return [latest], note, None


def _region_newest(src: Sources, regions: list[Region]) -> str | None:
    """The newest issue where a region is a main subject, else (of its newest few) one with a story
    about it (about_region), else any of its."""
    codes = [r.code for r in regions]
    main = src.corpus.region_issues(codes, MAIN_SUBJECT_WEIGHT, limit=1)
    if main:
        return main[0][0]
    some = src.corpus.region_issues(codes, MIN_BRIEF_WEIGHT, limit=NEWEST_TRIED)
    about = next((d for d, _ in some if about_region(src, regions, [d])), None)
    return about or (some[0][0] if some else None)


def _in_span(src: Sources, q: Query, spec: DateSpec, days: tuple[date, date], latest: str,
             today: date) -> IssueChoice:
    """A day or a span of days (昨天, 上周, 1月1日到15日): its issues, else the latest with a note."""
    start, end = first, last = days
    issues = src.corpus.issues_between(first, last)
    if not issues and spec.yearless:
        first, last, issues = dates_said.in_corpus_years(src.corpus, first, last)
    if issues:
        return issues, dates_said.covered_note(spec.label, first, last, issues, spec.kind), None
    span = replies.cn_date(start.isoformat()) if start == end else \
        f"{replies.cn_date(start.isoformat())}至{replies.cn_date(end.isoformat())}"
    if start < end == today:
        return _recent_in_corpus(src, q, f"{spec.label}（{span}）", (end - start).days, latest)
    return [latest], f"{spec.label}（{span}）没有新一期，以下是最新一期（{replies.cn_date(latest)}）。", None


def _recent_in_corpus(src: Sources, q: Query, said: str, days: int, latest: str) -> IssueChoice:
    """最近一周 over an archive that ends earlier: as many days up to its newest issue (a region's:
    its newest issue with an article about it), said as such, rather than one issue."""
    last = date.fromisoformat((_region_newest(src, q.regions) if q.regions else None) or latest)
    first = last - timedelta(days=days)
    issues = src.corpus.issues_between(first, last)
    whose = f"有{region_label(q.regions)}报道的" if q.regions else ""
    return issues, (f"{said}没有新一期，以下是语料中{whose}最近{days + 1}天"
                    f"（{dates_said.span_text(first, last)}，共{len(issues)}期）。"), None


def _on_monthday(src: Sources, q: Query, spec: DateSpec, monthday: tuple[int, int], latest: str) -> IssueChoice:
    """2月18日 without a year: that day's issue (for a region, that day's issues of every year with
    an article about it: the year is not said), else (newest year first) the articles reporting
    that day's events, else the latest issue with a note."""
    month, day = monthday
    issues = src.corpus.issues_on_monthday(month, day)
    if len(issues) > 1 and q.regions:
        theirs = [d for d in issues if about_region(src, q.regions, [d])]
        if len(theirs) > 1:
            years = "、".join(f"{d[:4]}年" for d in sorted(theirs))
            return theirs, f"没有说年份：{years}的{spec.label}都有关于{region_label(q.regions)}的报道，一并列出。", None
        issues = theirs or issues
    if issues:
        return issues[:1], "", None
    for year in sorted({int(d[:4]) for d in src.corpus.issue_dates()}, reverse=True):
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            continue
        ids = src.corpus.articles_with_event(iso)
        if ids:
            return src.corpus.issue_dates(), f"没有{spec.label}出版的一期，以下是报道{spec.label}发生的事的文章。", ids
    return [latest], f"{spec.label}没有出版的一期，以下是最新一期（{replies.cn_date(latest)}）。", None


def brief(src: Sources, q: Query, today: date, page: int = 1) -> Reply:
    """The brief of the asked regions (or of all) in the issue(s) asked, one page of it; over a span
    longer than a week, a region's brief opens as a digest of each week's top stories."""
    issues, note, limit_ids = issues_for(src, q, today)
    if q.regions and len(issues) >= DIGEST_MIN_ISSUES and page == 1 and limit_ids is None and not q.counts_news:
        digest = _digest(src, q, issues)
        if digest is not None:
            return digest
    return _brief_of(src, q, (issues, note, limit_ids), page)


DIGEST_MIN_ISSUES = 8  # more than a week of issues: a digest first
DIGEST_PER_WEEK = 3


def _digest(src: Sources, q: Query, issues: list[str]) -> Reply | None:
    """2020年2月湖北的新闻: each week's top stories, newest week first (None when the region's
    articles fit one page anyway)."""
    ids = about_region(src, q.regions, issues)
    if len(ids) <= BRIEF_PAGE_SIZE:
        return None
    weight = dict(src.corpus.articles_for_region([r.code for r in q.regions], issues, 0.0))
    found = src.corpus.articles_by_ids(ids)
    arts = [found[a] for a in ids if a in found]
    weeks = digest_weeks(arts, weight)
    details = _details_of(src, q, [a["id"] for _, week in weeks for a in week])
    dates = sorted(issues)
    return brief_view.digest_reply(
        label=region_label(q.regions), span=span_text(date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])),
        weeks=weeks, total=len(arts), details=details,
        page_key=f"{page_issues(issues)}|{','.join(r.name for r in q.regions)}", back=q.raw or q.text,
        regions=[r.name for r in q.regions], issue_date=dates[-1])


def digest_weeks(arts: list[ArticleRow], weight: dict[str, float]) -> list[tuple[str, list[ArticleRow]]]:
    """(2月24日至2月29日, its top stories) newest week first: front page first, then the page's lead
    article, then the articles most about the region; weeks run Monday to Sunday."""
    weeks: dict[date, list[ArticleRow]] = {}
    for art in arts:
        day = date.fromisoformat(art["issue_date"])
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(art)

    def standing(art: ArticleRow) -> tuple[float, str]:
        front = 2.0 if (art.get("page") or "").lstrip("0") == "1" else 0.0
        lead = 1.0 if art.get("page_order") == 1 else 0.0
        return front + lead + weight.get(art["id"], 0.0), art["issue_date"]

    out = []
    for monday in sorted(weeks, reverse=True):
        days = sorted(a["issue_date"] for a in weeks[monday])
        label = span_text(date.fromisoformat(days[0]), date.fromisoformat(days[-1]))
        out.append((label, sorted(weeks[monday], key=standing, reverse=True)[:DIGEST_PER_WEEK]))
    return out


def _brief_of(src: Sources, q: Query, choice: IssueChoice, page: int) -> Reply:
    """The brief of the asked regions (or of all) in the issues chosen, one page of it."""
    issues, note, limit_ids = choice
    codes = [r.code for r in q.regions]
    label = region_label(q.regions)
    mentioned_only = False
    if codes:
        ids = about_region(src, q.regions, issues)
        if not ids:
            # No article is about 唐山, but one may still report from it: better than "nothing".
            ids = [aid for aid, _ in src.corpus.articles_for_region(codes, issues, 0.0)]
            mentioned_only = bool(ids)
    else:
        ids = src.corpus.articles_in(issues)
    if limit_ids is not None:
        ids = [i for i in ids if i in set(limit_ids)] if codes else [i for i in limit_ids]
    issue_date = issues[0] if issues else None
    region_names = [r.name for r in q.regions]
    if not ids:
        earlier = src.corpus.region_issues(codes, MIN_BRIEF_WEIGHT, limit=1)
        elsewhere = earlier[0] if earlier else None
        return replies.no_brief_reply(label=label, issue_date=issue_date, issue_note=note,
                                      covered=src.covered_regions(issue_date), regions=region_names,
                                      elsewhere=elsewhere)
    found_arts = src.corpus.articles_by_ids(ids)
    items = [found_arts[aid] for aid in ids if aid in found_arts]
    details = _details_of(src, q, ids)
    if mentioned_only:
        note = (note + " " if note else "") + f"没有以{label}为主题的文章，以下文章提到了{label}。"
    key = f"{page_issues(issues)}|{','.join(r.name for r in q.regions)}"
    reply = brief_view.brief_reply(label=label, issue_note=note, items=items, details=details,
                                   page=page, page_key=key, regions=region_names, issue_date=issue_date)
    if q.counts_news:
        reply.blocks.insert(1, _count_line(src, q, issues, 0 if mentioned_only else len(items), len(items)))
    return reply


def _details_of(src: Sources, q: Query, ids: list[str]) -> brief_view.Details:
    """What a brief line needs of each of these articles, read in three queries rather than three per
    article: its provinces, key figures and the one fact shown."""
    figures = src.corpus.figures_by_articles(ids)
    provinces = src.corpus.region_names_by_ids(ids, MIN_BRIEF_WEIGHT, ("province",))
    places = frozenset(src.region_scope(q.regions)) if q.regions else frozenset()

    def details(art: ArticleRow) -> tuple[list[str], list[str], list[Segment]]:
        return brief_details(art, figures.get(art["id"], []), provinces.get(art["id"], []), places)

    return details


def about_region(src: Sources, regions: list[Region], issues: list[str]) -> list[str]:
    """The articles of `issues` about a region: its main subject (named in the headline or kicker,
    or the place the story mostly stands in), or the place its lead opens with (its dateline, or
    the first place its subtitle and opening paragraphs name: 在青海省海东市乐都区举行的灯光秀); not
    those that name it only in passing (湖南 in a story about 吉林查干湖, 贵州 in a list of provinces
    a cold wave reaches)."""
    codes = {r.code for r in regions}
    found = src.corpus.articles_for_region(list(codes), issues, 0.0)
    weak = [aid for aid, w in found if w < MAIN_SUBJECT_WEIGHT]
    leads = src.corpus.leads(weak)
    stems = _stems(frozenset(src.region_scope(regions)))
    named = {aid for aid in weak if aid in leads and _opens_with(src, leads[aid], codes, stems)}
    return [aid for aid, w in found if w >= MAIN_SUBJECT_WEIGHT or aid in named]


@lru_cache(maxsize=64)
def _stems(names: frozenset[str]) -> re.Pattern[str]:
    """The first two characters of every name in a region's scope (涪陵区 → 涪陵): a text without
    any of them names no place there, and is not scanned for places."""
    return re.compile("|".join(sorted({re.escape(n[:2]) for n in names if len(n) >= 2})) or "(?!)")


def _opens_with(src: Sources, lead: tuple[str, str], codes: set[str], stems: re.Pattern[str]) -> bool:
    """The dateline's place, or the first place of the opening (unless it heads a list of places:
    内蒙古、辽宁、山西等地均出现降雪), is one of the regions or inside one."""
    dateline, opening = lead
    if not stems.search(dateline + opening):
        return False
    places = src.gaz.find_mentions(dateline)
    found = src.gaz.find_mentions(opening)
    if found and not _heads_a_list(opening, found):
        places.append(found[0])
    return any(m.region.code in codes or any(a.code in codes for a in src.gaz.ancestors(m.region.code))
               for m in places)


def _heads_a_list(text: str, mentions: list[Mention]) -> bool:
    """The first place is the first of three or more places listed (、 和 与 及 between them)."""
    listed = 1
    for before, after in zip(mentions, mentions[1:]):
        if not _LIST_GAP.fullmatch(text[before.end:after.start]):
            break
        listed += 1
    return listed >= 3


def _count_line(src: Sources, q: Query, issues: list[str], about: int, mentioning: int) -> Block:
    """湖南的新闻有几篇: the count in the issues the brief shows, and without a date the corpus' total."""
    label = region_label(q.regions)
    dates = sorted(issues)
    where = replies.cn_date(dates[0]) + "这一期" if len(dates) == 1 else \
        dates_said.span_text(date.fromisoformat(dates[0]), date.fromisoformat(dates[-1]))
    subject = f"关于{label}的报道" if q.regions else "报道"
    said = f"{where}有{about}篇{subject}" if about else f"{where}没有{subject}"
    if not about and mentioning:
        said += f"，有{mentioning}篇提到了{label}"
    every = src.corpus.issue_dates()
    if q.date is None and q.regions and len(every) > len(dates):
        total = sum(n for _, n in src.corpus.region_issues([r.code for r in q.regions], MIN_BRIEF_WEIGHT))
        span = dates_said.span_text(date.fromisoformat(min(every)), date.fromisoformat(max(every)))
        said += f"；整个语料（{span}）中与{label}有关的报道共有{total}篇"
    return text(said + "。")


def brief_details(art: ArticleRow, figures: list[FigureRow], provinces: list[str],
                  places: frozenset[str] = frozenset()) -> tuple[list[str], list[str], list[Segment]]:
    """An article's provinces, key figure labels and the fact its brief line gives (in a region's
    brief, `places`: a clause about the region)."""
    fact = brief_view.lead_fact(art, figures, set(lexicon().label_units), places)
    return provinces, key_figures(art, list(figures)), fact


def key_figures(art: ArticleRow, figs: list[FigureRow], n: int = 3) -> list[str]:
    """Up to n figures that say most: those in the summary first, then the earliest ones."""
    skip = set(lexicon().label_units)
    figs = [f for f in figs if not f.get("is_change") and f.get("metric") and f.get("unit") not in skip]
    summary = art.get("summary") or ""
    # Durations (为期40天) set the scene more often than they report a result.
    figs.sort(key=lambda f: (f["sentence"] not in summary, f.get("kind") == "duration", f["ordinal"]))
    return [replies.figure_label(f) for f in figs[:n]]


def page_issues(issues: list[str]) -> str:
    """The issues of a brief as its `page` action names them: one date, a few (2019-02-18,2020-02-18),
    or the first and last of a span (2020-02-22~2020-02-28)."""
    dates = sorted(issues)
    if len(dates) <= 3:
        return ",".join(dates)
    return f"{dates[0]}~{dates[-1]}"


def brief_page(src: Sources, arg: str) -> Reply | None:
    """A page of a brief (the `page` action: "issues|region names|page", issues as page_issues
    writes them); None when stale."""
    try:
        said, names, page = arg.split("|")
        page_no = int(page)
        first, _, last = said.partition("~")
        issues = src.corpus.issues_between(date.fromisoformat(first), date.fromisoformat(last)) if last \
            else said.split(",")
    except ValueError:
        return None
    regions = [r for r in (src.gaz.get(n) for n in names.split(",") if n) if r]
    known = set(src.corpus.issue_dates())
    if not issues or any(d not in known for d in issues):
        return None
    q = Query(raw="", text="", intent="brief", regions=regions)
    return _brief_of(src, q, (sorted(issues, reverse=True), "", None), page_no)
