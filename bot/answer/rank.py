"""Re-ranking: rapidfuzz text similarity plus structured signals. Pure functions over plain values.

A figure row (bot/ingest/rows.py) gets named features, each 0..1, and its score is their sum
weighted by bot/data/rank_weights.json: asked 浙江规上工业企业复工率是多少, a figure 98.6% tagged 浙江
in 浙江规上工业企业复工率已达98.6% scores on words_near (its clause holds the words asked) and
region_exact_named (its own sentence names 浙江). A topic search result gets search_* features of
its title block (全国规上工业企业复工率逐步提高).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from bot.language.text import sentences
from bot.language.lexicon import lexicon
from bot.answer.frame import QuestionFrame
from bot.answer.tuning import weights_table
from bot.ingest.rows import FigureRow, TitleBlock

NATIONAL = ("全国", "我国", "中国", "national")
_CLAUSE_SEP = re.compile(r"[,，;；。!?！？、:：]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause of `sentence` that holds the span [start, end)."""
    left = max((m.end() for m in _CLAUSE_SEP.finditer(sentence, 0, start)), default=0)
    m = _CLAUSE_SEP.search(sentence, end)
    return sentence[left:m.start() if m else len(sentence)]


def _bigram_share(word: str, text: str) -> float:
    grams = [word[i:i + 2] for i in range(len(word) - 1)]
    return sum(g in text for g in grams) / len(grams) if grams else 0.0


def word_coverage(words: list[str], near: str, wide: str, optional: frozenset[str] = frozenset(),
                  context: str = "", context_weight: float = 0.3,
                  synonyms: dict[str, list[str]] | None = None,
                  rarity: dict[str, float] | None = None) -> float:
    """Share of the query's words (by length) found near the figure, else in its sentence.

    A long word that is not there whole counts by the share of its character pairs that are (a typo,
    or 创新积分贷 against 创新积分制). `optional` words (比例, 金额: how the question asks) only count
    when present, so their absence is no penalty."""
    total = 0.0
    got = 0.0
    for word in words:
        # 规上 is printed 规模以上: a word is where any of its spellings is.
        alts = synonyms.get(word) if synonyms else None
        w = next((alt for alt in alts if alt in wide or alt in context), word) if alts else word
        # A word weighs by its length and, when known, by how rare it is: a village's name, not 发展.
        size = len(w) * (rarity.get(word, 1.0) if rarity else 1.0)
        if w in near:
            got += size
        elif w in wide:
            got += 0.6 * size
        elif w in context:
            got += context_weight * size  # the paragraph around a short sentence ("而研发它,…不到8个月")
        elif w in optional:
            continue
        elif len(w) >= 3:
            got += size * max(0.8 * _bigram_share(w, near), 0.5 * _bigram_share(w, wide))
        total += size
    return got / total if total else 0.0


@dataclass
class FigureAsk:
    """What a figure question asks, as plain values."""

    words: list[str]
    region_names: set[str] = field(default_factory=set)  # the asked regions and everything under them
    exact_regions: set[str] = field(default_factory=set)  # the asked regions themselves
    enclosing: set[str] = field(default_factory=set)  # the regions the asked ones lie in (开州: 重庆)
    optional: frozenset[str] = frozenset()  # words that say how the question asks, not what
    kind: str | None = None
    unit: str | None = None
    wants_change: bool = False
    wants_total: bool = False
    year: str | None = None
    rel_year: int | None = None  # 明年 = +1 from the figure's issue year
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # 规上 → [规模以上]
    rarity: dict[str, float] = field(default_factory=dict)  # how rare each word is in the corpus, 0..1
    names: list[str] = field(default_factory=list)  # villages and towns asked about (大湾村)
    name_articles: dict[str, set[str]] = field(default_factory=dict)  # name → the candidates' articles printing it
    day: tuple[int, int] | None = None  # (month, day) the question names: 截至2月18日
    frame: QuestionFrame | None = None  # the period and aspects asked (bot/answer/frame.py)
    # the guarded kinds (lexicon's guarded_kinds: duration, age, rank) the question asks for; a
    # figure of another guarded kind is no answer
    open_kinds: frozenset[str] = frozenset()

    @cached_property
    def measured(self) -> list[str]:
        """The words that name a measured quantity (人均收入, 复工率, 出口规模): read once per
        question, not once per candidate."""
        heads = tuple(lexicon().measure_heads)
        return [w for w in self.words if len(w) > 1 and w.endswith(heads)]


def _names_printed(ask: FigureAsk, fig: FigureRow, paragraph: str) -> list[str]:
    """The villages asked about that the figure's sentence, paragraph or article names."""
    return [n for n in ask.names if n in fig["sentence"] or n in paragraph
            or fig.get("article_id") in ask.name_articles.get(n, ())]


def _unit_classes() -> dict[str, list[str]]:
    classes: dict[str, list[str]] = lexicon().unit_classes
    return classes


def unit_fits(ask_unit: str, fig: FigureRow) -> bool:
    """Whether a figure is in the unit asked for, or one that answers for it (人 ~ 名 ~ 位)."""
    unit = fig.get("unit") or ""
    if not unit and fig.get("kind") == "count" and ask_unit in _unit_classes():
        return True  # 10.12万 (贫困人口) is a bare count: it answers 多少人 as printed
    for u in _unit_classes().get(ask_unit, [ask_unit]):
        if u in (unit, fig["display"]) or u in fig["display"] or unit.endswith(u):
            return True
    return False


def fits_ask(ask: FigureAsk, fig: FigureRow) -> bool:
    """Whether a figure is of the kind and unit the question asks for (when it says); a duration,
    an age or a rank only when the question asks for one (有多少核心会员 is not answered by 3年)."""
    if ask.unit and not unit_fits(ask.unit, fig):
        return False
    kind = fig.get("kind") or ""
    if kind in lexicon().guarded_kinds and kind not in ask.open_kinds and kind != ask.kind:
        return False
    if ask.wants_change and fig.get("is_change"):
        return True  # 营收增长多少: the growth answers, whatever word named the thing that grew
    return not ask.kind or fig.get("kind") == ask.kind


def other_year(ask: FigureAsk, fig: FigureRow) -> bool:
    """A year is asked and the figure is of another one (its sentence does not name the asked year
    either): 2019年玉米产量 asked, 2018's 粮食产量 printed."""
    return bool(ask.year and fig.get("year") and str(fig["year"]) != ask.year
                and ask.year not in (fig.get("period") or "") + fig["sentence"])


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The one table of ranking weights (bot/data/rank_weights.json, refitted by scripts/fit_weights.py)."""
    return {k: float(v) for k, v in weights_table()["weights"].items()}


# The features word_features computes (name_missing's weight is negative: at its best it is absent).
WORD_FEATURES = ("words_near", "words_sentence", "words_metric", "name_missing")


def word_features(ask: FigureAsk, fig: FigureRow, paragraph: str = "",
                  skip: frozenset[str] = frozenset()) -> dict[str, float]:
    """How much of the question's words stand around the figure (each 0..1); `skip`: features not
    computed (a weight of 0 makes them no part of a score, and they cost most of it)."""
    sentence = fig["sentence"]
    metric = fig.get("metric") or ""
    f: dict[str, float] = {}
    printed = _names_printed(ask, fig, paragraph) if ask.names else []
    if len(printed) < len(ask.names):
        f["name_missing"] = 1.0  # 大湾村 asked: a figure of another village, however alike its words
    if "words_near" not in skip:
        near = clause_around(sentence, fig["start"], fig["end"]) + metric
        # The village asked about is who the figure belongs to, named wherever the article names it
        # (腰站子村…目前，村里3.5万亩土地): not a word that has to stand next to the figure.
        near += " ".join(printed)
        if fig.get("is_change"):
            # A change reads with the clause it changes: "发送旅客3400万人次,同比增加5.8%".
            near += clause_around(sentence, max(0, fig["start"] - 2), max(0, fig["start"] - 2))
        f["words_near"] = word_coverage(ask.words, near, sentence, ask.optional, paragraph,
                                        synonyms=ask.synonyms, rarity=ask.rarity)
    if "words_sentence" not in skip:
        f["words_sentence"] = word_coverage(ask.words, sentence + metric, sentence + metric, ask.optional,
                                            synonyms=ask.synonyms, rarity=ask.rarity)
    if "words_metric" not in skip:
        f["words_metric"] = word_coverage(ask.words, metric, metric, ask.optional, synonyms=ask.synonyms,
                                          rarity=ask.rarity) if metric else 0.0
    return f


def figure_features(ask: FigureAsk, fig: FigureRow, article_region_names: set[str], paragraph: str = "",
                    issue_year: int | None = None, kind_in_article: int | None = None) -> dict[str, float]:
    """Every signal about one figure row as a named feature; the score is their weighted sum."""
    f = word_features(ask, fig, paragraph)
    f.update(fact_features(ask, fig, article_region_names, issue_year, kind_in_article))
    return f


def fact_features(ask: FigureAsk, fig: FigureRow, article_region_names: set[str],
                  issue_year: int | None = None, kind_in_article: int | None = None) -> dict[str, float]:
    """The signals of `figure_features` other than the question's words: cheap (no text is searched
    but the figure's own sentence for a year), so a bound on the score comes before the words.
    Each step adds its features in turn: the score sums them in this order."""
    f = _measure_features(ask, fig)
    f.update(_kind_features(ask, fig, kind_in_article))
    f.update(_printed_features(ask, fig))
    f.update(_year_features(ask, fig, issue_year))
    f.update(_region_features(ask, fig, article_region_names))
    return f


def _measure_features(ask: FigureAsk, fig: FigureRow) -> dict[str, float]:
    """measure_match, unit_match / unit_mismatch, total_match: is it the quantity asked."""
    metric = fig.get("metric") or ""
    f: dict[str, float] = {}
    if ask.measured and metric and any(w in metric or any(a in metric for a in ask.synonyms.get(w, ()))
                                       for w in ask.measured):
        f["measure_match"] = 1.0  # 出口规模 asked, and the figure is what the sentence calls 出口规模
    if ask.unit:
        f["unit_match" if unit_fits(ask.unit, fig) else "unit_mismatch"] = 1.0
    if ask.wants_total and any(m in clause_around(fig["sentence"], fig["start"], fig["end"]) + metric
                               for m in lexicon().total_marks):
        f["total_match"] = 1.0  # 一共派了多少: 累计派出1533人, not 13名 of one team
    return f


def _kind_features(ask: FigureAsk, fig: FigureRow, kind_in_article: int | None) -> dict[str, float]:
    """kind_match / kind_mismatch, only_of_kind, and change_match / change_missing / change_unasked."""
    f: dict[str, float] = {}
    if ask.kind:
        # A question that asks how long cannot be answered with a weight, however close the words.
        f["kind_match" if fig.get("kind") == ask.kind else "kind_mismatch"] = 1.0
        if fig.get("kind") == ask.kind and kind_in_article == 1:
            f["only_of_kind"] = 1.0  # 用了多长时间: the article states one duration, and this is it
    if ask.wants_change:
        f["change_match" if fig.get("is_change") else "change_missing"] = 1.0
    elif fig.get("is_change"):
        f["change_unasked"] = 1.0
    return f


def _printed_features(ask: FigureAsk, fig: FigureRow) -> dict[str, float]:
    """value_in_question, day_match, qualifier_match, from_value: how the figure is printed."""
    f: dict[str, float] = {}
    number = _NUMBER.match(fig["display"].lstrip("近约超逾"))
    if number and number.group(0) in ask.words:
        f["value_in_question"] = 1.0  # 78家企业复工了几家: the 78 is what the asker already knows
    if ask.day and re.search(f"(?<!\\d){ask.day[0]}月{ask.day[1]}[日号]", (fig.get("period") or "") + fig["sentence"]):
        f["day_match"] = 1.0  # 截至2月18日 asked, and the figure is of that day
    qualifier = fig.get("qualifier") or ""
    if qualifier and any(qualifier in w or w in qualifier for w in ask.words if len(w) > 1):
        f["qualifier_match"] = 1.0  # 最高多少: the figure printed as 最高20万元
    if fig.get("measure") == "start":
        # 从A增长到B: A is where it started; the question almost always wants B.
        f["from_value"] = 1.0
    return f


def _year_features(ask: FigureAsk, fig: FigureRow, issue_year: int | None) -> dict[str, float]:
    """year_match / year_mismatch (明年's rel_year_match): the year asked against the figure's."""
    f: dict[str, float] = {}
    if ask.year and ask.year in (fig.get("period") or "") + fig["sentence"]:
        f["year_match"] = 1.0
    elif ask.year and fig.get("year") and str(fig["year"]) != ask.year:
        f["year_mismatch"] = 1.0  # 2024年的 asked, a 2023 figure given
    if ask.rel_year is not None and issue_year is not None:
        year = _figure_year(fig)
        if year is not None and int(year) == issue_year + ask.rel_year:
            f["rel_year_match"] = 1.0
    return f


def _figure_year(fig: FigureRow) -> int | None:
    """The figure's year, else the first 2019年 its period names."""
    year = fig.get("year")
    period = fig.get("period")
    if year is None and period:
        m = re.search(r"(\d{4})年", period)
        year = int(m.group(1)) if m else None
    return year


def _region_features(ask: FigureAsk, fig: FigureRow, article_region_names: set[str]) -> dict[str, float]:
    """regionless_unasked when no region is asked, else the one region feature that says how the
    figure's region stands to the asked ones."""
    region = fig.get("region")
    if not ask.region_names:
        # no region asked: a figure not tied to one place answers most directly
        return {} if region else {"regionless_unasked": 1.0}
    feature = _region_feature(ask, fig, region, article_region_names)
    return {feature: 1.0} if feature else {}


def _region_feature(ask: FigureAsk, fig: FigureRow, region: str | None, article_region_names: set[str]) -> str:
    """The region feature of a figure when regions are asked ("" when none applies)."""
    # A region the sentence names itself is stronger evidence than the article's main region,
    # which a figure falls back to when its sentence names none.
    explicit = bool(region and region in fig["sentence"])
    if region in NATIONAL:
        return "national_for_region"
    if region and region in ask.exact_regions:
        return "region_exact_named" if explicit else "region_exact_article"
    if region and region in ask.region_names:
        return "region_inside_named" if explicit else "region_inside_article"
    if _asked_place_named_within(ask, fig):
        # 重庆市开州区…2000亩: tagged 重庆, the sentence names the 开州 asked. Weaker evidence than a
        # figure tagged with the asked place (湖南常德…超200亿元 against 常德市…200.7亿元), as strong
        # as a named place inside it.
        return "region_inside_named"
    if region and region not in article_region_names:
        return "region_elsewhere"
    if region and article_region_names & ask.region_names:
        return "region_other_part"  # the article is about the region, this figure about another part
    if not (article_region_names & ask.region_names):
        return "article_elsewhere"
    return ""


def _asked_place_named_within(ask: FigureAsk, fig: FigureRow) -> bool:
    """The figure is tagged with a region that encloses an asked one, and its sentence names the
    asked one: the extractor took the larger place, the text is about the asked one."""
    region = fig.get("region")
    return bool(region) and region in ask.enclosing and any(n in fig["sentence"] for n in ask.exact_regions)


def article_fact_slack(ask: FigureAsk, fig: FigureRow, facts: dict[str, float]) -> float:
    """How much more `fact_features` can score for `fig` than `facts`, its features computed with
    the article's regions unknown (an empty set) and its count of the kind unknown (None): the
    features only those decide, at their best. So a bound on the score needs neither read."""
    w = weights()
    slack = 0.0
    region = fig.get("region")
    if ask.region_names and region not in NATIONAL and region not in ask.exact_regions \
            and region not in ask.region_names and not _asked_place_named_within(ask, fig):
        # With no article regions the figure got region_elsewhere (it has a region) or
        # article_elsewhere (it has none); its article's regions may make it any of these instead.
        got = "region_elsewhere" if region else "article_elsewhere"
        options = ("region_elsewhere", "region_other_part", "article_elsewhere") if region else ("article_elsewhere", "")
        slack += max(w.get(o, 0.0) for o in options) - w.get(got, 0.0)
    if ask.kind and fig.get("kind") == ask.kind:
        slack += max(0.0, w.get("only_of_kind", 0.0))  # if the article states one of the kind
    return slack


def score_features(features: dict[str, float], w: dict[str, float] | None = None) -> float:
    w = w if w is not None else weights()
    return sum(w.get(k, 0.0) * v for k, v in features.items())


def score_figure(ask: FigureAsk, fig: FigureRow, article_region_names: set[str], paragraph: str = "",
                 issue_year: int | None = None, kind_in_article: int | None = None,
                 facts: dict[str, float] | None = None) -> tuple[float, float]:
    """(score, coverage) of one figure row: score ranks, coverage (the share of the question's words
    that its sentence holds) decides whether it answers at all. `facts`: its `fact_features`, when
    already computed (for `score_bound`)."""
    w = weights()
    # The weighted sum of figure_features, in the same order; a word feature of weight 0 adds
    # exactly 0.0, so it is not computed.
    features = word_features(ask, fig, paragraph, frozenset(k for k in WORD_FEATURES if w.get(k, 0.0) == 0.0))
    features.update(facts if facts is not None else
                    fact_features(ask, fig, article_region_names, issue_year, kind_in_article))
    score = score_features(features, w)
    # Whether the sentence answers at all: every word counts fully wherever it stands in it; the
    # paragraph around it counts for less.
    whole = fig["sentence"] + (fig.get("metric") or "")
    # A village the article names paragraphs earlier (尧禄村…光鹰嘴桃一项收入) is context too.
    named = " ".join(_names_printed(ask, fig, paragraph))
    coverage = word_coverage(ask.words, whole, whole, ask.optional, paragraph + " " + named, 0.7,
                             synonyms=ask.synonyms, rarity=ask.rarity)
    return score, coverage


@lru_cache(maxsize=2)
def _word_feature_best(with_metric: bool) -> float:
    """The word features' most (each at 1 where its weight is positive): the same for every
    candidate with or without a metric, so summed once, not once per candidate."""
    w = weights()
    words = [k for k in WORD_FEATURES if k != "words_metric" or with_metric]
    return sum(max(0.0, w.get(k, 0.0)) for k in words)


def score_bound(facts: dict[str, float], fig: FigureRow) -> float:
    """The most `score_figure` can give a figure with these `fact_features`: every word feature
    (0..1) at its best. Candidates below what an answer needs are never scored in full."""
    return score_features(facts, weights()) + _word_feature_best(bool(fig.get("metric")))


def search_features(words: list[str], phrase: str, region_names: list[str], bm25_share: float,
                    article: TitleBlock, phrase_in_text: bool) -> dict[str, float]:
    """Every signal about one article for a topic search, as named features (weights: rank_weights.json).

    The title block (kicker, headline, subtitle) says what an article is about; the body may only
    mention the words. A phrase standing whole in the title outweighs the same phrase in a body
    (`phrase_in_text`: the phrase stands in the article's body or headline, checked in SQLite)."""
    title = "".join(x for x in (article.get("kicker"), article["headline"], article.get("subtitle")) if x)
    f = {"search_bm25": bm25_share, "search_title_similarity": headline_similarity(phrase, title)}
    if phrase and phrase in title:
        f["search_phrase_in_title"] = 1.0
    elif phrase and phrase_in_text:
        f["search_phrase_in_body"] = 1.0  # in the body (the headline is checked above)
    terms = words + region_names
    if terms:
        f["search_title_words"] = sum(len(w) for w in terms if w in title) / sum(len(w) for w in terms)
    return f


def with_phrase_in_body(features: dict[str, float]) -> dict[str, float]:
    """`search_features(…, phrase_in_text=True)` from the features with False of an article whose
    title does not hold the phrase (a non-empty one): the same dict, in the same order, without
    comparing the title again."""
    out = {k: features[k] for k in ("search_bm25", "search_title_similarity")}
    out["search_phrase_in_body"] = 1.0
    if "search_title_words" in features:
        out["search_title_words"] = features["search_title_words"]
    return out


def best_sentence(words: list[str], paragraphs: list[str]) -> str:
    """The sentence that holds most of the query's words (for an excerpt)."""
    best, best_score = "", -1.0
    for para in paragraphs:
        for s in sentences(para, full=True):
            sc = word_coverage(words, s, s) if words else 0.0
            if sc > best_score:
                best, best_score = s, sc
    return best


def headline_similarity(text: str, headline: str) -> float:
    """0..1 fuzzy similarity of a message to a headline (partial: the message is usually shorter)."""
    if not text:
        return 0.0
    return fuzz.partial_ratio(text, headline) / 100.0
