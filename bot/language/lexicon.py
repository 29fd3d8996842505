"""The typed loader of the question vocabulary in `bot/data`: one place that reads the data files
every stage shares, so no stage reaches into another for it.

`lexicon().stop_words` holds 地区, 方面, 一下 (words that still only say "news"); `synonyms()` maps
what readers type to what papers print (规上 → 规模以上); `destination_markers()` the words after a
place that make it a destination (到, 至, 开往). Each list's comment and examples are in the JSON.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


def _data(name: str) -> Any:
    return json.loads(resources.files("bot.data").joinpath(name).read_text("utf-8"))


@dataclass(frozen=True)
class Lexicon:
    """`bot/data/lexicon.json`, one field per key (the keys beginning with _ are its comments)."""

    filler: list[str]
    question_figure: list[str]
    measure_heads: list[str]
    counted_nouns: dict[str, list[str]]
    unit_classes: dict[str, list[str]]
    measure_suffixes: list[str]
    brief_cues: list[str]
    search_cues: list[str]
    help_cues: list[str]
    regions_cues: list[str]
    about_cues: list[str]
    kind_cues: dict[str, list[str]]
    unit_nouns: dict[str, str]
    total_cues: list[str]
    total_marks: list[str]
    kind_nouns: dict[str, list[str]]
    change_cues: list[str]
    unit_cues: list[str]
    date_words: dict[str, int | None]
    week_words: dict[str, int]
    stop_words: list[str]
    label_units: list[str]
    excluding_marks: dict[str, list[str] | str]
    village_glue_blockers: dict[str, list[str]]
    relative_years: dict[str, int]
    dependent_openers: list[str]
    not_change_words: list[str]
    time_suffixes: list[str]
    thanks_cues: list[str]
    guarded_kinds: dict[str, list[str]]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = _data("lexicon.json")
    return Lexicon(**{k: v for k, v in raw.items() if not k.startswith("_")})


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    """Short forms readers type → the long forms papers print (bot/data/synonyms.json)."""
    raw = _data("synonyms.json")
    return {k: list(v) for k, v in raw["synonyms"].items()}


@lru_cache(maxsize=1)
def destination_markers() -> tuple[str, ...]:
    return tuple(_data("units.json")["destination_markers"])


def kind_cue_words() -> frozenset[str]:
    return frozenset(w for ws in lexicon().kind_cues.values() for w in ws)


@dataclass(frozen=True)
class FollowUpWords:
    """`bot/data/followups.json`: what a count of news and a follow-up's 同比呢 read."""

    news_nouns: list[str]
    news_count_units: list[str]
    change_bases: dict[str, list[str]]


@lru_cache(maxsize=1)
def followup_words() -> FollowUpWords:
    raw = _data("followups.json")
    return FollowUpWords(**{k: v for k, v in raw.items() if not k.startswith("_")})
