"""Dated history of renamed and merged divisions (bot/data/region_history.json).

The adcode table the gazetteer is built from is of about 2016; the build script renames the rows
that changed since and keeps every retired name as an alias of today's region, so an article of
2005 about 襄樊 is an article about 襄阳. This module gives the record behind such an alias: which
name the paper used, what it is called today, and since when.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

KINDS = ("rename", "merge", "split", "county_to_city", "county_to_district", "city_to_district")


@dataclass(frozen=True)
class RegionChange:
    old: str  # the retired full name: 襄樊市, 京山县, 宣武区
    new: str  # today's full name, or the division it merged into: 襄阳市, 京山市, 西城区
    level: str  # the gazetteer level of the division today (city, zone, county)
    year: int  # year of the approval (国函/民函)
    kind: str  # one of KINDS
    source: str  # the approving document or the published change list
    old_names: tuple[str, ...] = ()  # further retired names that still mean it (襄樊)

    def retired_names(self) -> tuple[str, ...]:
        """Names that, found in text, are this change's old name (the full one first)."""
        return (self.old, *self.old_names)

    def note(self) -> str:
        """How a reply says it: 襄樊市（2010年更名为襄阳市）."""
        verb = {"merge": "并入", "split": "撤销后分设", "county_to_city": "撤县设市为",
                "county_to_district": "撤县设区为", "city_to_district": "撤市设区为"}.get(self.kind, "更名为")
        return f"{self.old}（{self.year}年{verb}{self.new}）"


def _change(row: dict[str, Any]) -> RegionChange:
    kind = str(row["kind"])
    if kind not in KINDS:
        raise ValueError(f"region_history.json: unknown kind {kind!r} for {row['old']!r}")
    return RegionChange(old=str(row["old"]), new=str(row["new"]), level=str(row["level"]), year=int(row["year"]),
                        kind=kind, source=str(row["source"]),
                        old_names=tuple(str(n) for n in row.get("old_names", ())))


def parse_region_history(data: dict[str, Any]) -> tuple[RegionChange, ...]:
    """The changes of a region_history.json document, oldest first."""
    return tuple(sorted((_change(r) for r in data["changes"]), key=lambda c: (c.year, c.old)))


@lru_cache(maxsize=1)
def load_region_history() -> tuple[RegionChange, ...]:
    text = resources.files("bot.data").joinpath("region_history.json").read_text("utf-8")
    return parse_region_history(json.loads(text))


def by_retired_name(changes: tuple[RegionChange, ...]) -> dict[str, RegionChange]:
    """Retired name → its change (the latest change wins where a name retired twice)."""
    return {n: c for c in changes for n in c.retired_names()}
