"""The parsed page: what a file says before analysis (articles, paragraphs, captions, people)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Person:
    name: str
    role: str | None = None  # 本报记者, 通讯员, 记者 …; None for a correspondent with no role


@dataclass
class Paragraph:
    text: str  # display text, the page's own characters
    section: str | None = None  # the subhead (### heading or short unpunctuated line) it stands under
    role: str = "body"  # body | callout (a bare figure printed large before the sentence that explains it)


@dataclass
class Caption:
    text: str  # the caption proper, without the credit
    credit: str | None = None  # e.g. 新华社记者 鞠焕宗摄


@dataclass
class ParsedArticle:
    headline: str
    kicker: str | None = None
    subtitle: str | None = None
    column: str | None = None
    byline: list[Person] = field(default_factory=list)
    byline_raw: str | None = None
    dateline: str | None = None  # e.g. 科技日报讯(记者赵向南)
    editor_note: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    event_dates: list[str] = field(default_factory=list)  # ISO dates the text reports
    order: int | None = None  # position on the printed page (1 = first), when the source says

    @property
    def sections(self) -> list[str]:
        seen: list[str] = []
        for p in self.paragraphs:
            if p.section and p.section not in seen:
                seen.append(p.section)
        return seen


@dataclass
class ParsedPage:
    articles: list[ParsedArticle]
    issue_date: str  # ISO date
    date_source: str  # front_matter | filename | inferred
    paper: str | None = None
    page: str | None = None
    source: str | None = None
    captions: list[Caption] = field(default_factory=list)  # captions that belong to the page itself
    layout: str = "markdown_page"  # markdown_page | positional | plain_article (see bot/parse/layouts/)
    # Where each inferred field came from: issue_date, page, order, paper, headline, kicker, subtitle.
    field_sources: dict[str, str] = field(default_factory=dict)


@dataclass
class LayoutParse:
    """What one layout reads from a file: its articles, the captions of the page itself, the
    printed source line (来源：…) and where each title field came from (e.g. {"headline": "line2"})."""

    articles: list[ParsedArticle]
    captions: list[Caption] = field(default_factory=list)
    source_line: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
