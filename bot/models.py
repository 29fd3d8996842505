"""Plain value types passed between ingest, understanding, the engine and the renderers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.compare_model import Comparison


# ---------------------------------------------------------------- parsed page


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
    layout: str = "markdown_page"  # markdown_page | positional | plain_article (see bot/layouts.py)
    # Where each inferred field came from: issue_date, page, order, paper, headline, kicker, subtitle.
    field_sources: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- engine reply


@dataclass
class Segment:
    """A run of reply text with one style; renderers map styles to markup."""

    text: str
    style: str | None = None  # None | "bold" | "mark" (the figure inside its sentence) | "italic" | "code"


@dataclass
class Block:
    """One paragraph of a reply. kind: title | text | quote | item | note."""

    kind: str
    segments: list[Segment]

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass
class Action:
    """A follow-up the user can take: a button in Telegram, a hint in the console.

    kind names what `Engine.action(kind, arg)` does: article (id, or "id|back") | apage (a page of a
    long article) | source | related | figure (back to a figure's answer) | cite | page | brief | ask |
    list (back to the list an article was opened from).
    `arg` is short (an id, a page number, a region) so kind+arg fits Telegram's 64-byte callback data.
    """

    label: str
    kind: str
    arg: str


@dataclass
class ArticleRef:
    id: str
    headline: str
    issue_date: str
    regions: list[str]
    paper: str | None = None
    page: str | None = None
    summary: str = ""
    excerpt: str = ""
    key_figures: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "headline": self.headline, "issue_date": self.issue_date,
                "regions": self.regions}


@dataclass
class FigureRef:
    id: int
    display: str
    value: float | None
    unit: str | None
    sentence: str
    article_id: str
    headline: str
    metric: str | None = None
    issue_date: str | None = None
    byline: str | None = None
    paper: str | None = None
    page: str | None = None
    start: int = 0  # offsets of `display` inside `sentence`
    end: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"display": self.display, "value": self.value, "unit": self.unit,
                "sentence": self.sentence, "article_id": self.article_id, "headline": self.headline}


@dataclass
class Reply:
    intent: str  # brief | figure | search | article | help | regions | about | unknown | error
    blocks: list[Block] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    issue_date: str | None = None
    articles: list[ArticleRef] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    comparison: "Comparison | None" = None  # a comparison's table (bot/compare.py); drawn as a chart

    @property
    def text(self) -> str:
        """The reply as the console prints it (without the follow-up hints)."""
        from bot.render_text import render_text  # the renderer imports this module

        return render_text(self, with_actions=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "intent": self.intent,
            "regions": self.regions,
            "issue_date": self.issue_date,
            "articles": [a.to_json() for a in self.articles],
            "figures": [f.to_json() for f in self.figures],
            "suggestions": self.suggestions,
            "text": self.text,
            "actions": [asdict(a) for a in self.actions],
        }
        if self.comparison is not None:
            out["comparison"] = self.comparison.to_json()
        return out
