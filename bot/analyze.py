"""What ingest derives from a parsed article: its regions, its figures and its summary."""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.figures import ExtractedFigure, extract_figures
from bot.gazetteer import Mention, load_gazetteer
from bot.models import ParsedArticle
from bot.regions import ArticleRegion, article_regions, main_region
from bot.summarize import summarize


@dataclass
class ArticleInfo:
    regions: list[ArticleRegion] = field(default_factory=list)
    main_region: str | None = None
    figures: list[ExtractedFigure] = field(default_factory=list)
    summary: str = ""


def _figure_places(text: str) -> list[Mention]:
    """Places for figure scope: named places and the cities organisations are named after."""
    return load_gazetteer().find_mentions(text, orgs=True)


def analyze_article(article: ParsedArticle, issue_date: str) -> ArticleInfo:
    """Regions (with weights and evidence), figures and an extractive summary of one article."""
    gaz = load_gazetteer()
    paragraphs = [p.text for p in article.paragraphs]
    regions = article_regions(article.headline, article.kicker, article.dateline, paragraphs, gaz)
    main = main_region(regions, gaz)
    figures = extract_figures(
        paragraphs, issue_year=int(issue_date[:4]), main_region=main.name if main else None,
        find_regions=_figure_places, issue_date=issue_date)
    if article.editor_note:
        # The editor's note states figures too (国家先进制造业集群已达80个). It speaks for the whole
        # series, so its figures get no region by default; their paragraph index is past the body.
        for f in extract_figures([article.editor_note], issue_year=int(issue_date[:4]),
                                 find_regions=_figure_places, issue_date=issue_date):
            f.paragraph = len(paragraphs)
            if f.change_of is not None:
                f.change_of += len(figures)
            figures.append(f)
    title = " ".join(x for x in (article.kicker, article.headline) if x)
    return ArticleInfo(regions=regions, main_region=main.name if main else None, figures=figures,
                       summary=summarize(title, paragraphs))
