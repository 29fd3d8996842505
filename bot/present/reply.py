"""The engine's answer as a value: blocks of text, figures, articles, follow-up actions."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from bot.present.blocks import Block, blocks_text
from bot.present.intent import Intent

if TYPE_CHECKING:
    from bot.present.comparison import Comparison


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
    intent: Intent  # brief | figure | search | article | help | regions | about | unknown | …
    blocks: list[Block] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    issue_date: str | None = None
    articles: list[ArticleRef] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    comparison: "Comparison | None" = None  # a comparison's table (bot/answer/compare/comparer.py); drawn as a chart

    @property
    def text(self) -> str:
        """The reply as the console prints it (without the follow-up hints)."""
        return blocks_text(self.blocks)

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
