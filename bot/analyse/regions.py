"""Which regions an article is about, and how strongly.

A region named in the headline or kicker is what the article is about; the dateline places it;
body mentions add up with diminishing returns, so one passing mention stays weak. Enclosing
regions (city → province → macro-region) inherit the weight of what they contain, slightly
discounted. A macro-region whose name is built from its members (京津冀, 川渝) names them too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from bot.language.gazetteer import Gazetteer, load_gazetteer

# Regions at or above this weight put the article in that region's brief.
MIN_BRIEF_WEIGHT = 0.5
# At or above this weight the region is the article's main subject (a title mention), not a dateline.
MAIN_SUBJECT_WEIGHT = 0.9
# Inherited weight = this × the strongest contained region's weight.
INHERIT_FACTOR = 0.9
# Raw score of a headline mention, a kicker mention, a dateline mention.
_HEADLINE, _KICKER, _DATELINE = 3.0, 2.0, 1.0
# Body mentions approach this raw score: 1 mention ≈ 0.57, 3 ≈ 1.26, 6 ≈ 1.73.
_BODY_MAX, _BODY_SCALE = 2.0, 3.0
# Weights are raw / max(strongest raw, this): an article whose strongest region is a passing
# body mention does not get weight 1.0 for it. Four body mentions reach the floor.
_NORMALISE_FLOOR = 1.45
_SPECIFICITY = {"county": 4, "zone": 3, "city": 2, "province": 1, "macro": 0}
_PARTS = ("headline", "kicker", "dateline", "body")


# Where a region's mentions stand: {"headline": 1, "kicker": 0, "dateline": 0, "body": 3, "via": None};
# "via" names the region it came through (京津冀 for 河北, 长沙 for 湖南), if it was not named itself;
# "former", only where the text names it by a retired name alone, that name (下城区 for 拱墅, 襄樊 for 襄阳).
Evidence = dict[str, "int | str | None"]


@dataclass
class ArticleRegion:
    code: str
    name: str
    level: str  # province | city | zone | county | macro
    weight: float  # 0..1
    direct: bool  # named in the article (itself or through a compound such as 京津冀)
    evidence: Evidence = field(default_factory=dict)


@dataclass
class _Tally:
    """A region's mentions by part of the article, as they are counted."""

    counts: dict[str, int]  # part → mentions
    via: str | None  # the compound it was named through (京津冀), None once it is named itself
    named: bool = False  # named itself, not only through a compound
    former: str | None = None  # the retired name the text used (襄樊市), while it uses no other
    current: bool = False  # named by a name of today too

    def evidence(self) -> Evidence:
        out: Evidence = {p: self.counts[p] for p in _PARTS}
        out["via"] = self.via
        if self.former and not self.current:
            out["former"] = self.former
        return out


def _raw_score(ev: _Tally) -> float:
    c = ev.counts
    return (_HEADLINE * min(c["headline"], 1) + _KICKER * min(c["kicker"], 1)
            + _DATELINE * min(c["dateline"], 1)
            + _BODY_MAX * (1 - math.exp(-c["body"] / _BODY_SCALE)))


def _tally(g: Gazetteer, texts: list[tuple[str, str]]) -> tuple[dict[str, _Tally], dict[str, int]]:
    """Each region's mentions, and the position of its first mention (a compound's members count
    where the compound stands)."""
    evidence: dict[str, _Tally] = {}
    order: dict[str, int] = {}

    def count(code: str, part: str, via: str | None, pos: int, former: str | None = None) -> None:
        ev = evidence.setdefault(code, _Tally({p: 0 for p in _PARTS}, via))
        ev.counts[part] += 1
        if via is None:
            ev.named = True
            ev.via = None
            ev.former = ev.former or former
            ev.current = ev.current or former is None
        order.setdefault(code, pos)

    pos = 0
    for part, text in texts:
        for m in g.find_mentions(text):
            pos += 1
            count(m.region.code, part, None, pos, m.former.old if m.former else None)
            if m.region.names_members:
                for member in g.members(m.region.code):
                    count(member.code, part, m.region.name, pos)
    return evidence, order


def _inherited(g: Gazetteer, weights: dict[str, float]) -> dict[str, tuple[float, str]]:
    """Enclosing regions' weight: the strongest contained region's, discounted, and its name."""
    inherited: dict[str, tuple[float, str]] = {}
    for code, w in weights.items():
        child = g.get(code)
        if child is None:  # every code here came from the gazetteer
            continue
        for anc in g.ancestors(code):
            if w * INHERIT_FACTOR > inherited.get(anc.code, (0.0, ""))[0]:
                inherited[anc.code] = (w * INHERIT_FACTOR, child.name)
    return inherited


def _evidence_of(ev: _Tally | None, inherited: bool, inh_via: str | None) -> Evidence:
    if ev is None:
        out: Evidence = {p: 0 for p in _PARTS}
        out["via"] = inh_via
        return out
    out = ev.evidence()
    if inherited and not ev.named:
        out["via"] = ev.via or inh_via
    return out


def article_regions(headline: str, kicker: str | None, dateline: str | None, paragraphs: list[str],
                    gazetteer: Gazetteer | None = None) -> list[ArticleRegion]:
    """Regions of an article, strongest first. Pass the editor's note nowhere: it describes a
    series, not this article."""
    g = gazetteer or load_gazetteer()
    texts = [("headline", headline or ""), ("kicker", kicker or ""), ("dateline", dateline or "")]
    texts += [("body", p) for p in paragraphs]
    evidence, order = _tally(g, texts)
    if not evidence:
        return []

    raw = {c: _raw_score(ev) for c, ev in evidence.items()}
    scale = max(max(raw.values()), _NORMALISE_FLOOR)
    weights = {c: min(1.0, r / scale) for c, r in raw.items()}
    inherited = _inherited(g, weights)

    out: list[ArticleRegion] = []
    for code in set(weights) | set(inherited):
        r = g.get(code)
        if r is None:
            continue
        direct_w = weights.get(code, 0.0)
        inh_w, inh_via = inherited.get(code, (0.0, None))
        ev = evidence.get(code)
        out.append(ArticleRegion(code=code, name=r.name, level=r.level,
                                 weight=round(max(direct_w, inh_w), 4), direct=ev is not None,
                                 evidence=_evidence_of(ev, inh_w > direct_w, inh_via)))
    out.sort(key=lambda a: (-a.weight, not a.direct, order.get(a.code, 1 << 30), a.code))
    return out


def main_region(regions: list[ArticleRegion], gazetteer: Gazetteer | None = None) -> ArticleRegion | None:
    """The most specific region the article is clearly about (resolves 该区/该市 in figures):
    among directly named regions at brief weight, the most specific level, then the heaviest.

    When several places tie at the top (北京, 天津, 河北 under a 京津冀 headline; 南昌 and 福州 in a
    railway story) no one of them is the article's place: their common named parent is (京津冀),
    or, with none, there is no main region."""
    strong = [r for r in regions if r.direct and r.weight >= MIN_BRIEF_WEIGHT]
    if not strong:
        return None
    best = max(strong, key=lambda r: (_SPECIFICITY.get(r.level, 0), r.weight))
    tied = [r for r in strong if r.level == best.level and math.isclose(r.weight, best.weight)]
    if len(tied) == 1:
        return best
    g = gazetteer or load_gazetteer()
    common = set.intersection(*({a.code for a in g.ancestors(r.code)} for r in tied))
    parents = [r for r in strong if r.code in common]
    return max(parents, key=lambda r: (_SPECIFICITY.get(r.level, 0), r.weight)) if parents else None


def brief_regions(regions: list[ArticleRegion]) -> list[ArticleRegion]:
    """The regions whose brief this article belongs to."""
    return [r for r in regions if r.weight >= MIN_BRIEF_WEIGHT]
