"""What every answer reads: the corpus (on the asking thread's connection), the gazetteer, and the
cached scopes of regions (四川 → 四川, 成都, 天府新区 …). The engine hands one `Sources` to each
handler of the answer stage (briefs, searches, figures, articles).
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.analyse.regions import MIN_BRIEF_WEIGHT
from bot.answer.corpus import Corpus
from bot.language.gazetteer import Gazetteer, Region


class RegionScopes:
    """Names of regions and of everything under them, one walk of the gazetteer per set of regions
    (the gazetteer does not change)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._scopes: dict[frozenset[str], frozenset[str]] = {}

    def of(self, regions: list[Region]) -> set[str]:
        """Names of the regions and of everything under them (四川 → 成都, 天府新区 …)."""
        key = frozenset(r.code for r in regions)
        if key not in self._scopes:
            names = {r.name for r in regions}
            for r in self.gaz.all_regions():
                if key & {a.code for a in self.gaz.ancestors(r.code)}:
                    names.add(r.name)
            self._scopes[key] = frozenset(names)
        return set(self._scopes[key])


@dataclass
class Sources:
    corpus: Corpus
    gaz: Gazetteer
    scopes: RegionScopes

    def region_scope(self, regions: list[Region]) -> set[str]:
        return self.scopes.of(regions)

    def covered_regions(self, issue_date: str | None = None) -> list[str]:
        """Province-level names (then macro-regions) with articles in the issue (the latest when None)."""
        issue = issue_date or self.corpus.latest_issue()
        rows = self.corpus.region_counts([issue] if issue else None, MIN_BRIEF_WEIGHT)
        return [name for _, name, level, _ in rows if level == "province"] + \
               [name for _, name, level, _ in rows if level == "macro"]
