"""The engine's answer as a value: blocks of text, figures, articles, follow-up actions.

Renderers (render_text, render_html, render_json) turn a `Reply` into output; it holds no format
of its own. A figure answer (长沙研发投入强度是多少) is `Reply(intent="figure", …)` whose blocks hold
the sentence with 3.3% marked, whose actions offer 原文 and 相关数字.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypedDict, Union

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


# What a reply offers instead of (or beside) an answer: regions with news, articles, close figures.
class RegionSuggestion(TypedDict):
    region: str


class RegionCountSuggestion(TypedDict):
    """A region and how many articles are about it (the /regions list)."""

    region: str
    articles: int


class ArticleSuggestion(TypedDict):
    article_id: str
    headline: str


class FigureFields(TypedDict):
    """A figure as `ask --json` shows it, under `figures` and in a figure suggestion."""

    display: str
    value: float | None
    unit: str | None
    sentence: str
    article_id: str
    headline: str


class FigureSuggestion(FigureFields):
    """A figure close to the one asked for (没有找到这个数字, but 研发经费投入 was reported)."""

    kind: Literal["figure"]


class MaybeFigure(FigureFields):
    """A figure that may be the one asked for, and what differs (可能是 3.2万户: 报道给出的是前三季度的数字).
    Never under a reply's `figures`: it is offered, not given as the answer."""

    kind: Literal["maybe"]
    reason: str


Suggestion = Union[RegionSuggestion, RegionCountSuggestion, ArticleSuggestion, FigureSuggestion, MaybeFigure]


@dataclass
class Reply:
    intent: Intent  # brief | figure | search | article | help | regions | about | unknown | …
    blocks: list[Block] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    issue_date: str | None = None
    articles: list[ArticleRef] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    comparison: "Comparison | None" = None  # a comparison's table (bot/answer/compare/comparer.py); drawn as a chart

    @property
    def text(self) -> str:
        """The reply as the console prints it (without the follow-up hints)."""
        return blocks_text(self.blocks)
