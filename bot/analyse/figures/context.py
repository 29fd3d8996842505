"""A sentence that states figures, with what its paragraph and its article know around it.

In 江西、福建两省分别发送旅客1690万人次、1710万人次，同比增长5.4%、6.1%。 the steps that read its
figures need the sentence as printed and normalised, the places it names (江西, 福建), the periods
its paragraph names, the place it speaks for when it names none, and the figures read before it
(将这一数量提升到1500家 refers back to one of them).
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.analyse.figures.figure import ExtractedFigure
from bot.analyse.figures.periods import PeriodSpan
from bot.analyse.figures.places import PlaceSpan
from bot.analyse.figures.tables import Tables


@dataclass
class Sentence:
    paragraph: int  # index of its paragraph in the article's list
    para_norm: str  # the paragraph, NFKC per character (offsets as printed)
    start: int  # offset of the sentence in its paragraph
    text: str  # the sentence as printed
    norm: str  # the sentence normalised: para_norm[start:start + len(text)]
    mentions: list[PlaceSpan]  # the places it names, offsets in the sentence
    para_periods: list[PeriodSpan]  # the paragraph's periods, offsets in the paragraph
    region: str | None  # the place it speaks for when it names none
    tb: Tables
    earlier: list[ExtractedFigure]  # the figures of the paragraphs read before, and of this one so far

    def periods_here(self) -> list[PeriodSpan]:
        """The paragraph's periods with offsets in this sentence (negative before it)."""
        ss = self.start
        return [(a - ss, b - ss, txt, y) for a, b, txt, y in self.para_periods]

    def paragraph_figures(self) -> list[ExtractedFigure]:
        """The figures read earlier in this sentence's paragraph."""
        return [f for f in self.earlier if f.paragraph == self.paragraph]
