"""Find the figures a news paragraph states: 近3万家, 21.95亿元, 第23位, 同比增加5.8% …

Pure functions over paragraph text. Tables (units, multipliers, qualifiers, change verbs, period and
region words, metric trimming words) live in bot/data/units.json.

Rules that decide what is *not* a figure (each keeps out a class of false hits, not a sentence):

- A number needs a counting unit from the table (or a 万/亿 multiplier). Bare numbers are labels,
  codes or countdowns: “2+6”, 5G, A320, “3—2—1”.
- Years (four digits + 年, and year ranges like 2024—2028年) and calendar dates (N月, N日) are dates.
- A number glued to ASCII letters, digits or code punctuation (Type-C, USB3.0, 0791-8622) is an ID;
  so is any integer part of 11+ digits (phone numbers, ID cards).
- A lone Chinese 一 + classifier is an article ("一架无人机", "一批", "一系列", "一员"), never a count,
  except in a rank (第一名). A Chinese numeral + unit directly followed by another Chinese numeral is
  a set phrase ("一城一区三基地", "两横三纵").
- Numbers inside a short quoted label (“从100到N”, “一院一基地”, ≤ 12 characters) or inside a document
  title 《…》 are names, not statements.
- Ordinals other than ranks (第3批, 第二届) are names of an instance, not quantities.
- A number that is part of a place name the region finder reports (七台河) is not a figure.
- A Chinese numeral before a place noun (两国, 三省, 京津冀三地) names a group of places; 十八大 is a congress;
  几十/数百 are vague; 5年来, 20年前, 前11个月, 连续5年 are time references; 第三条/第2版 number a text's parts;
  2020届 is a cohort; 初四 a lunar day.

What each figure is, as a fact (the fields the engine reads):

- metric: the noun phrase it measures, read after the number (66个[项目]), else before it, else from the
  list item of a 分别 (猪肉、禽肉、鸡蛋商业库存分别为… -> 猪肉商业库存, …; 城乡 -> 城镇, 农村), the figure it
  continues (1663户6184人, 共计618人, 其中…), the topic of the clause before, or the sentence's subject.
- period and year: 2024年, 前三季度, 1—4月, 2月18日, 春节期间, 去年 (resolved by the issue date).
- region (scope): the nearest place before it in its clause, else the sentence's first, else the article's;
  全国/我国 make it national (region "全国"); an organisation's place (浙江大学… -> 浙江); the Nth place of a
  分别 list; not a person's name (陈豫川).
- measure: level | change (同比增长5.8%) | share (占比, 比重) | start (A of 从A增长到B, whose B is a level
  with `change` = the move from A).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from bot.analyse.figures.clauses import nfkc_same_length
from bot.analyse.figures.context import Sentence
from bot.analyse.figures.figure import ExtractedFigure
from bot.analyse.figures.numbers import scan_sentence
from bot.analyse.figures.periods import PeriodSpan, find_periods
from bot.analyse.figures.places import region_mentions
from bot.analyse.figures.sentence import sentence_figures
from bot.analyse.figures.tables import Tables, tables
from bot.language.text import split_sentences

__all__ = ["ExtractedFigure", "extract_figures"]


def extract_figures(paragraphs: list[str], *, issue_year: int | None = None, main_region: str | None = None,
                    find_regions: Callable[[str], list[Any]] | None = None,
                    issue_date: str | None = None) -> list[ExtractedFigure]:
    """The figures stated in `paragraphs`, in reading order, with metric, period, region and changes.

    `find_regions(text)` returns the regions named in text: names as printed, or objects with
    `.start`, `.end` and `.region.name` (gazetteer mentions), which place canonical names exactly.
    `issue_date` (YYYY-MM-DD) resolves periods named without a year (1—4月, 前三季度, 春节期间).
    """
    tb = tables()
    issue_month = None
    if issue_date and re.match(r"\d{4}-\d{2}", issue_date):
        issue_year = issue_year or int(issue_date[:4])
        issue_month = int(issue_date[5:7])
    result: list[ExtractedFigure] = []
    for pi, para in enumerate(paragraphs):
        norm_para = nfkc_same_length(para)
        p = _Paragraph(pi, para, norm_para, find_periods(norm_para, tb, issue_year, issue_month))
        for ss, se in _sentence_spans(para):
            # scan first: most sentences state no figure, and only those that do need their places
            if not scan_sentence(norm_para[ss:se], tb, []):
                continue
            if p.places is None:
                p.places = [m for m in find_regions(para) if hasattr(m, "region")] if find_regions else []
            s = _sentence(p, ss, se, main_region, find_regions, tb, result)
            raws = scan_sentence(s.norm, tb, [(a, b) for a, b, _ in s.mentions if find_regions is not None])
            if raws:
                result.extend(sentence_figures(s, raws))
    return result


@dataclass
class _Paragraph:
    index: int  # in the list given
    text: str
    norm: str  # NFKC per character, offsets as in text
    periods: list[PeriodSpan]
    places: list[Any] | None = None  # its gazetteer mentions, read once a sentence needs them


def _sentence_spans(para: str) -> list[tuple[int, int]]:
    """The sentences of a paragraph as (start, end), whitespace trimmed, offsets true to the paragraph."""
    out = []
    for ss, se in split_sentences(para):
        while ss < se and para[ss].isspace():
            ss += 1
        while se > ss and para[se - 1].isspace():
            se -= 1
        if ss < se:
            out.append((ss, se))
    return out


def _sentence(p: _Paragraph, ss: int, se: int, main_region: str | None,
              find_regions: Callable[[str], list[Any]] | None, tb: Tables,
              earlier: list[ExtractedFigure]) -> Sentence:
    """The sentence p.text[ss:se] with the places it names and the place it speaks for."""
    prior = [m for m in p.places or [] if m.end <= ss]
    # A clause after ； goes on with the place of its sentence (沈阳…23.1%；…分别增长11%、14%、32%).
    here = main_region
    if prior and not any(c in "。!?！？" for c in p.norm[prior[-1].end:ss]):
        here = prior[-1].region.name
    sentence = p.text[ss:se]
    mentions = region_mentions(sentence, find_regions, tb, here, prior)
    return Sentence(paragraph=p.index, para_norm=p.norm, start=ss, text=sentence, norm=p.norm[ss:se],
                    mentions=mentions, para_periods=p.periods, region=here, tb=tb, earlier=earlier)
