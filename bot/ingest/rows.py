"""The rows the corpus reader (bot/answer/corpus.py) returns, one TypedDict per query shape.

Each has exactly the keys its query selects, typed as stored: an article of 人民日报 2020-02-20
(`ArticleRow`: headline 全国规上工业企业复工率逐步提高, main_region 全国), a figure of its sentence
(`FigureRow`: display 98.6%, value 98.6, unit %, kind percent, region 浙江, sentence
浙江规上工业企业复工率已达98.6%), a paragraph, a region tag, a caption. At run time they are the
plain dicts SQLite rows become, so every reader keeps `row["key"]`.
"""
from __future__ import annotations

from typing import TypedDict

# A figure's change, as stored in figures.change (JSON): 同比增长46% → display 46%, value 46.0,
# unit %, direction up, basis 同比; 从13人增加到155人 adds from 13人, from_value 13.0, from_period.
FigureChange = TypedDict("FigureChange", {
    "display": str, "value": float, "unit": str, "direction": str, "basis": str,
    "from": str, "from_value": float, "from_period": str | None,
}, total=False)


class BylinePerson(TypedDict):
    """One person of an article's byline, as stored in articles.byline (JSON): 本报记者 孙明源 →
    name 孙明源, role 本报记者; a name printed with no role has role None."""

    name: str
    role: str | None


class ArticleRow(TypedDict):
    """`SELECT * FROM articles`, its JSON columns (byline, sections, event_dates) read as lists."""

    id: str
    page_id: int
    ordinal: int
    issue_date: str
    paper: str | None
    page: str | None
    page_order: int | None
    headline: str
    kicker: str | None
    subtitle: str | None
    column_name: str | None
    byline: list[BylinePerson]
    byline_raw: str | None
    dateline: str | None
    editor_note: str | None
    event_dates: list[str]
    sections: list[str]
    summary: str | None
    main_region: str | None


class ArticleHead(TypedDict):
    """What ranking needs of an article (`Corpus.article_heads`): no text, no JSON columns."""

    id: str
    issue_date: str
    main_region: str | None
    kicker: str | None
    headline: str
    subtitle: str | None
    editor_note: str | None


class TitleBlock(TypedDict):
    """An article's title block (kicker, headline, subtitle): what an `ArticleRow` and an
    `ArticleHead` both hold, and all a topic search compares the question with."""

    kicker: str | None
    headline: str
    subtitle: str | None


class ParagraphRow(TypedDict):
    """One paragraph of an article (`Corpus.paragraphs`), in print order by `ordinal`."""

    id: int
    ordinal: int
    section: str | None
    text: str


class ParagraphInArticle(ParagraphRow):
    """A paragraph read by its id (`Corpus.paragraph`): with the article it belongs to."""

    article_id: str


class RegionRow(TypedDict):
    """One region an article is about (`Corpus.regions_of`): 重庆 · province · weight 1.0."""

    code: str
    name: str
    level: str
    weight: float
    direct: int
    evidence: str | None


class CaptionRow(TypedDict):
    """A photo caption of an article (`Corpus.captions`)."""

    text: str | None
    credit: str | None


class FigureRow(TypedDict):
    """One figure as FIGURE_SELECT reads it: the sentence cut from its paragraph when stored as a
    span, `change` read from JSON."""

    id: int
    article_id: str
    paragraph_id: int | None
    ordinal: int | None
    display: str
    value: float | None
    value_max: float | None
    unit: str | None
    kind: str | None
    qualifier: str | None
    change: FigureChange | None
    is_change: int | None
    change_of: int | None
    period: str | None
    metric: str | None
    region: str | None
    measure: str | None
    year: int | None
    period_key: str | None  # the figure's frame as ingest read it (bot/analyse/figures/frame.py)
    aspects: str | None
    sentence: str
    start: int
    end: int


class ComparedFigure(FigureRow):
    """A figure a comparison reads (bot/answer/compare/comparer.py): its article's date, headline,
    paper, page and main region beside it."""

    issue_date: str
    headline: str
    paper: str | None
    page: str | None
    main_region: str | None


class CorpusStats(TypedDict):
    """What `Corpus.stats` counts: 人民日报 · 120 pages · 1,000 articles, 2020-01-01 to 2020-02-29."""

    papers: str
    pages: int
    articles: int
    figures: int
    first: str | None
    last: str | None
    issues: int
