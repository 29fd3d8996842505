"""What ingest derives from a parsed article: its regions, its figures and its summary."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.analyse.figures.extract import ExtractedFigure, extract_figures
from bot.analyse.figures.frame import figure_frame
from bot.language.gazetteer import Mention, load_gazetteer
from bot.parse.types import ParsedArticle
from bot.analyse.regions import ArticleRegion, article_regions, main_region
from bot.analyse.summarize import summarize


@dataclass
class ArticleInfo:
    regions: list[ArticleRegion] = field(default_factory=list)
    main_region: str | None = None
    figures: list[ExtractedFigure] = field(default_factory=list)
    summary: str = ""


def _figure_places(text: str) -> list[Mention]:
    """Places for figure scope: named places and the cities organisations are named after."""
    return load_gazetteer().find_mentions(text, orgs=True)


def _add_outside_body(figures: list[ExtractedFigure], texts: list[str], issue_date: str,
                      region: str | None, index: int) -> None:
    """Figures of text outside the body paragraphs, appended with a paragraph index past the body."""
    base = len(figures)
    for f in extract_figures(texts, issue_year=int(issue_date[:4]), main_region=region,
                             find_regions=_figure_places, issue_date=issue_date):
        f.paragraph = index
        if f.change_of is not None:
            f.change_of += base
        figures.append(f)


def analyze_article(article: ParsedArticle, issue_date: str) -> ArticleInfo:
    """Regions (with weights and evidence), figures and an extractive summary of one article."""
    gaz = load_gazetteer()
    paragraphs = [p.text for p in article.paragraphs]
    regions = article_regions(article.headline, article.kicker, article.dateline, paragraphs, gaz)
    main = main_region(regions, gaz)
    # A call-out (`63%` printed large) repeats a figure of the sentence after it: read that one.
    figure_text = ["" if p.role == "callout" else p.text for p in article.paragraphs]
    figures = extract_figures(
        figure_text, issue_year=int(issue_date[:4]), main_region=main.name if main else None,
        find_regions=_figure_places, issue_date=issue_date)
    if article.editor_note:
        # The editor's note states figures too (国家先进制造业集群已达80个). It speaks for the whole
        # series, so its figures get no region by default; their paragraph index is past the body.
        _add_outside_body(figures, [article.editor_note], issue_date, None, len(paragraphs))
    # A kicker often carries the headline figure (全省规模以上工业企业复工率达68.3%——), printed
    # nowhere else; it speaks for the article's region.
    titles = [t.rstrip("—-") for t in (article.kicker, article.subtitle) if t and re.search(r"\d", t)]
    if titles:
        _add_outside_body(figures, titles, issue_date, main.name if main else None, len(paragraphs))
    for f in figures:
        f.period_key, f.aspects = figure_frame(f.sentence, f.start, f.period, f.measure, int(issue_date[:4]),
                                               f.metric).stored()
    title = " ".join(x for x in (article.kicker, article.headline) if x)
    return ArticleInfo(regions=regions, main_region=main.name if main else None, figures=figures,
                       summary=summarize(title, paragraphs))
