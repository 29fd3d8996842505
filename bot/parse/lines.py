"""Line-level layout rules shared by page and single-article parsing: bylines, credits, datelines,
sentence ends. Their vocabulary lives in `bot/data/layout.json`.

`◎刘侠 本报记者 滕继濮` is a byline; `（新华社发）` a credit; `科技日报讯(记者赵向南)` a dateline.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot.parse.types import Person

_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")


@dataclass
class LayoutRules:
    roles: list[str]
    markers: tuple[str, ...]
    datelines: list[re.Pattern[str]]
    note_prefixes: tuple[str, ...]
    caption_prefixes: tuple[str, ...]
    credits: list[re.Pattern[str]]
    source_prefixes: tuple[str, ...]
    subtitle_prefixes: tuple[str, ...]
    column_max_chars: int


@lru_cache(maxsize=1)
def layout() -> LayoutRules:
    raw = json.loads(resources.files("bot.data").joinpath("layout.json").read_text("utf-8"))
    return LayoutRules(
        # Longest role first so 本报记者 wins over 记者.
        roles=sorted(raw["byline_roles"], key=len, reverse=True),
        markers=tuple(raw["byline_markers"]),
        datelines=[re.compile(p) for p in raw["dateline_patterns"]],
        note_prefixes=tuple(raw["editor_note_prefixes"]),
        caption_prefixes=tuple(raw["caption_prefixes"]),
        credits=[re.compile(p) for p in raw["credit_patterns"]],
        source_prefixes=tuple(raw["source_prefixes"]),
        subtitle_prefixes=tuple(raw["subtitle_prefixes"]),
        column_max_chars=raw["column_max_chars"],
    )


def is_credit(line: str) -> bool:
    lay = layout()
    return len(line) <= 30 and any(p.search(line) for p in lay.credits)


def is_byline(line: str) -> bool:
    lay = layout()
    if line.startswith(lay.markers):
        return True
    tokens = line.split()
    return bool(tokens) and tokens[0] in lay.roles and all(
        t in lay.roles or _NAME.match(t) for t in tokens)


def is_byline_continuation(line: str) -> bool:
    tokens = line.split()
    return len(tokens) >= 1 and all(t in layout().roles or _NAME.match(t) for t in tokens) and \
        any(_NAME.match(t) for t in tokens) and len(line) <= 30


# ------------------------------------------------------------------ bylines and datelines


def parse_byline(text: str) -> list[Person]:
    """`◎刘侠 本报记者 滕继濮` → 刘侠 (no role), 滕继濮 (本报记者). A role applies to the names after it."""
    lay = layout()
    text = text.lstrip("".join(lay.markers)).strip()
    people: list[Person] = []
    role: str | None = None
    for token in text.split():
        while token:
            r = next((r for r in lay.roles if token.startswith(r)), None)
            if r:
                role, token = r, token[len(r):]
                continue
            people.append(Person(name=token, role=role))
            break
    return people


def split_dateline(paragraph: str) -> tuple[str | None, str, list[Person]]:
    """Split `科技日报讯(记者赵向南)记者1月17日获悉…` into dateline, the rest, and the people it names."""
    for rx in layout().datelines:
        m = rx.match(paragraph)
        if m:
            dateline = m.group(0).strip()
            inner = re.search(r"[(（]([^)）]*)[)）]", dateline)
            people: list[Person] = []
            if inner:
                for part in re.split(r"[\s、,，]+", inner.group(1)):
                    people.extend(parse_byline(part) if part else [])
            return dateline, paragraph[m.end():].lstrip(), people
    return None, paragraph, []


# ------------------------------------------------------------------ column-break repair


_END = "。!?！？…"
_CLOSERS = "”’」』\"')）】"


def ends_sentence(text: str) -> bool:
    """True when a paragraph ends like a finished sentence, so no column break cut it."""
    t = text.rstrip()
    if not t:
        return True
    if t[-1] in _END or t[-1] in ":：":
        return True
    # A closing quote or bracket ends the paragraph only after sentence punctuation: …点火!”
    return t[-1] in _CLOSERS and len(t) > 1 and t[-2] in _END
