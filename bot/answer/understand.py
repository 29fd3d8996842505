"""Understand a message: its command or intent, the regions and dates it names, and what it asks.

长沙研发投入强度是多少 → intent figure, region 长沙, keywords [研发, 投入, 强度]; 2月16号绍兴有什么新闻 →
brief, 绍兴, that month-day; 云南派了多少医护人员支援湖北 → a figure of 云南 (湖北 is where they went);
湖北除武汉外 → 湖北, leaving 武汉 out; /brief 四川 → the command's intent (bot/answer/commands.py);
3.3% alone → which figures print that value. The slots are read one by one (_read_command,
parse_date, _read_year, _read_regions, _read_measure, _read_keywords), then the intent from them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable

from bot.answer.commands import command
from bot.answer.dates_spoken import parse_spoken
from bot.answer.question_words import figure_words, keywords, question_words
from bot.language import inputs
from bot.language.lexicon import destination_markers, followup_words, kind_cue_words, lexicon, synonyms
from bot.language.gazetteer import Region, load_gazetteer
from bot.language.segment import cut, known_word
from bot.language.text import norm, to_simplified
from bot.present.intent import Intent

_COMMAND = re.compile(r"^/([A-Za-z_]+)(?:@\w+)?(?:\s+(.*))?$", re.S)
# A message that is only a value as papers print it (3.3%, 近252亿元, 1710万人次).
# A unit or a decimal point is required: 2019 or 2019年 alone is a year, not a figure.
_BARE_VALUE = re.compile(r"^[近约超逾]?\d+(?:(?:\.\d+)?(?:%|‰|[万亿千百]{0,2}(?![年月日号])[\u4e00-\u9fff]{1,3})|\.\d+)$")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4}|\d{2})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})[日号]?")
# A whole month: 2025年1月, 19年2月, 去年12月, 今年2月.
_MONTH = re.compile(r"(?:(?<!\d)(\d{4}|\d{2})年|(今年|去年|前年))(\d{1,2})月(?![\d份]*[日号\d])")
_MD_DATE = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")
# 2019年, or 19年 (people drop the century); not a span of years (19年来, 19年间, 90年代).
_YEAR = re.compile(r"(?<![\d.])(?:(\d{4})年(?!代)|(\d{2})年(?![来间前后多以半内代]))")


@dataclass
class DateSpec:
    """What day(s) a message asks about. `latest` means the newest issue."""

    kind: str  # latest | day | monthday | range
    start: date | None = None
    end: date | None = None
    month: int | None = None
    day: int | None = None
    label: str = ""
    yearless: bool = False  # 1月1日到15日: no year said; the engine looks in the corpus' years


@dataclass
class Query:
    raw: str
    text: str  # NFKC, simplified, trimmed
    intent: Intent  # brief | figure | search | help | regions | about | article | empty | …
    command: str | None = None
    arg: str = ""
    regions: list[Region] = field(default_factory=list)
    excluded: list[Region] = field(default_factory=list)  # 除武汉外: places the question leaves out
    date: DateSpec | None = None
    rest: str = ""  # what is left once regions, dates, filler and question words are gone
    keywords: list[str] = field(default_factory=list)
    kind_hint: str | None = None
    unit_hint: str | None = None
    wants_change: bool = False
    wants_total: bool = False  # 一共派了多少: the total, not a part
    year: str | None = None
    year_words: list[str] = field(default_factory=list)  # how the year was typed (2019, 19): not a topic word
    figure_words: list[str] = field(default_factory=list)  # keywords as a figure's sentence prints them
    rel_year: int | None = None  # 明年 → +1, relative to the issue the figure stands in
    # Search only because nothing said otherwise (no 多少, no 新闻/报道): the engine may still answer
    # with a figure when the corpus has one that fits well (`广东工业机器人产量`).
    implicit: bool = False
    names_measure: bool = False  # a word ends in a measured quantity: 产量, 普及率, 收入, GDP
    counts_news: bool = False  # 湖南的新闻有几篇: how many articles (a brief, its count first)


def normalize_message(text: str) -> str:
    """NFKC (full-width → half-width), traditional → simplified, collapsed spaces.

    Latin case is kept so replies quote the user's GDP as GDP; matching lowercases where it needs to."""
    t = to_simplified(norm(text or ""))
    return re.sub(r"\s+", " ", t).strip()


class Message(str):
    """A message as it came in, made safe (bot/language/inputs.py: encodable, no control
    characters), that remembers how it reads (`text`: normalize_message, 黑龍江 → 黑龙江, ２０２５ →
    2025). Made once on the way in and passed on, so no stage cleans or normalises it again; a str,
    so whatever takes the message as typed still can."""

    text: str

    def __new__(cls, raw: str) -> "Message":
        cleaned = inputs.clean(raw)
        message = super().__new__(cls, cleaned)
        message.text = normalize_message(cleaned)
        return message

    @classmethod
    def read_as(cls, text: str) -> "Message":
        """A message already normalised (a follow-up's text, trimmed): read as it is."""
        message = super().__new__(cls, text)
        message.text = text
        return message

    @property
    def raw(self) -> str:
        return str(self)


def _contains_any(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def parse_date(text: str, now: date) -> tuple[DateSpec | None, str]:
    """The date a message names and the message without it."""
    lex = lexicon()
    spoken = parse_spoken(text, now)  # 三天前, 最近7天, 1月1日到15日
    if spoken is not None:
        kind = "day" if spoken.start == spoken.end else "range"
        return (DateSpec(kind, spoken.start, spoken.end, label=spoken.label, yearless=spoken.yearless),
                text.replace(spoken.matched, " "))
    m = _ISO_DATE.search(text)
    if m:
        try:
            # 20年2月18日: people write two-digit years; they mean this century.
            year = int(m.group(1)) + (2000 if len(m.group(1)) == 2 else 0)
            d = date(year, int(m.group(2)), int(m.group(3)))
            return DateSpec("day", d, d, label=d.isoformat()), text.replace(m.group(0), " ")
        except ValueError:
            # Say so rather than search for the digits: 2025-02-30 is nobody's issue.
            return DateSpec("invalid", label=m.group(0)), text.replace(m.group(0), " ")
    m = _MONTH.search(text)
    if m and 1 <= int(m.group(3)) <= 12:
        if m.group(1):
            year = int(m.group(1)) + (2000 if len(m.group(1)) == 2 else 0)
        else:
            year = now.year + lex.relative_years[m.group(2)]
        first = date(year, int(m.group(3)), 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return DateSpec("range", first, last, label=f"{year}年{first.month}月"), text.replace(m.group(0), " ")
    m = _MD_DATE.search(text)
    if m:
        mo, dy = int(m.group(1)), int(m.group(2))
        try:
            date(2024, mo, dy)  # a leap year, so 2月29日 is a real month-day
        except ValueError:
            return DateSpec("invalid", label=m.group(0)), text.replace(m.group(0), " ")
        return DateSpec("monthday", month=mo, day=dy, label=f"{mo}月{dy}日"), text.replace(m.group(0), " ")
    for word, delta in lex.week_words.items():
        if word in text:
            monday = now - timedelta(days=now.weekday()) + timedelta(weeks=delta)
            return DateSpec("range", monday, monday + timedelta(days=6), label=word), text.replace(word, " ")
    for word, days in lex.date_words.items():
        if word in text:
            if days is None or days == 0:
                return DateSpec("latest", label=word), text.replace(word, " ")
            d = now + timedelta(days=days)
            return DateSpec("day", d, d, label=word), text.replace(word, " ")
    return None, text


def _strip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out the parts of text that name regions (as typed: 冀, 哈尔宾, Beijing)."""
    chars = list(text)
    for a, b in spans:
        for i in range(max(0, a), min(len(chars), b)):
            chars[i] = " "
    return "".join(chars)


@lru_cache(maxsize=2)
def _asked_unit_re(optional: bool = False) -> re.Pattern[str]:
    """多少/几 followed by a unit from the lexicon (longest first: 万人次 before 人次, 个月 before 个)."""
    units = "|".join(re.escape(u) for u in sorted(lexicon().unit_cues, key=len, reverse=True))
    return re.compile(f"(?:多少|几)({units})" + ("?" if optional else ""))


def _drop_asked_units(text: str) -> str:
    """text without 多少/几 + unit; a unit that begins a measure (多少人口: 人口) stays as that word."""
    heads = lexicon().measure_heads

    def drop(m: re.Match[str]) -> str:
        unit = m.group(1) or ""
        after = unit + text[m.end():]
        return " " + unit if unit and any(len(h) > len(unit) and after.startswith(h) for h in heads) else " "

    return _asked_unit_re(optional=True).sub(drop, text)


def _counted_unit(text: str) -> str | None:
    """多少医护人员 → 人: the noun after 多少/几 says what is counted."""
    after = re.search(r"(?:多少|几)(?:个|位|名)?([\u4e00-\u9fff]{1,6})", text)
    unit = _unit_counting(after.group(1), str.startswith) if after else None
    if unit is None:
        # 疗休养的职工有多少: the noun is said before the question
        before = re.search(r"([\u4e00-\u9fff]{2,6})(?:有|是|达|共)?(?:多少|几)[?？]?$", text)
        unit = _unit_counting(before.group(1), str.endswith) if before else None
    return unit


def _unit_counting(phrase: str, where: Callable[[str, str], bool]) -> str | None:
    """The unit of the counted noun (lexicon's counted_nouns) `phrase` starts or ends with."""
    for unit, nouns in lexicon().counted_nouns.items():
        if any(where(phrase, n) for n in nouns):
            return str(unit)
    return None


def _kind_hint(text: str) -> str | None:
    """The kind of figure asked for; the cue that stands last wins, as the head of a Chinese noun
    phrase comes last (补贴比例 asks for a percentage, not money)."""
    best, best_end = None, -1
    lex = lexicon()
    for kind, words in [*lex.kind_cues.items(), *lex.kind_nouns.items()]:
        for w in words:
            pos = text.rfind(w)
            while pos > 0 and text[pos - 1] == "每":
                pos = text.rfind(w, 0, pos - 1)  # 水价每吨多少: per ton is the denominator, not a weight
            if pos >= 0 and pos + len(w) > best_end:
                best, best_end = kind, pos + len(w)
    return best


@lru_cache(maxsize=1)
def _excluding_re() -> re.Pattern[str]:
    marks = lexicon().excluding_marks
    before = "|".join(re.escape(m) for m in sorted(marks["before"], key=len, reverse=True))
    after = "|".join(re.escape(m) for m in sorted(marks["after"], key=len, reverse=True))
    return re.compile(f"({before})(.{{1,24}}?)({after})")


def _excluded(body: str, mentions: list[Any]) -> list[Any]:
    """The mentions between 除(了) and (以/之)外, with nothing but other places and list separators
    there: 湖北除武汉外其他市州 asks about 湖北, not 武汉. The marks must be words of their own: not
    the 除 of 消除, nor the 外 of 外来."""
    marks = lexicon().excluding_marks
    out = []
    for found in _excluding_re().finditer(body):
        opened, shut = found.start(1), found.start(3)
        if opened > 0 and known_word(body[opened - 1:found.end(1)]):
            continue  # 消除, 排除, 解除
        if found.group(3) == "外" and known_word(body[shut:shut + 2]):
            continue  # 外来, 外资
        inside = [m for m in mentions if found.start(2) <= m.start and m.end <= found.end(2)]
        gaps = _strip_spans(body[:found.end(2)], [(m.start, m.end) for m in inside])[found.start(2):]
        if inside and not gaps.strip(str(marks["separators"]) + " "):  # a str: 、和与及
            out += inside
    return out


def _most_specific(regions: list[Region]) -> list[Region]:
    """湖南长沙 and 山西吕梁市 name one place: a region inside another one named is what is meant."""
    gaz = load_gazetteer()
    inner = {a.code for r in regions for a in gaz.ancestors(r.code)}
    return [r for r in regions if r.code not in inner]


@dataclass(frozen=True)
class _Cues:
    """Which ways of asking a message uses (lowercased: GDP and gdp alike)."""

    figure: bool  # 多少, 几: a figure
    brief: bool  # 新闻, 消息: news
    search: bool  # 关于, 报道: articles on a subject

    @classmethod
    def of(cls, low: str) -> "_Cues":
        lex = lexicon()
        return cls(_contains_any(low, lex.question_figure), _contains_any(low, lex.brief_cues),
                   _contains_any(low, lex.search_cues))


def understand(message: str, now: date) -> Query:
    """Read a message (free text or a /command) into a Query: its command and argument, the dates,
    regions and measure it names, its keywords, and from those what it asks (the intent).
    A `Message` is read as its `text`; any other str is normalised first."""
    lex = lexicon()
    text = message.text if isinstance(message, Message) else normalize_message(message)
    q = Query(raw=str(message), text=text, intent="empty")
    body = _read_command(q)
    q.date, body = parse_date(body, now)
    _read_year(q, body, now)
    body, mentions, destinations = _read_regions(q, body)
    rest = _strip_spans(body, [(m.start, m.end) for m in mentions])
    low = body.lower()
    cues = _Cues.of(low)
    for w in sorted(lex.filler + lex.search_cues, key=len, reverse=True):
        rest = rest.replace(w, " ")
    # "多少家" asks for a count of 家: the unit is a hint, not a word to look for.
    rest = _drop_asked_units(rest)
    q.rel_year = next((v for w, v in lex.relative_years.items() if w in body), None)
    _read_measure(q, low, cues.figure)
    _read_keywords(q, rest, low, destinations)
    if q.command is not None:
        q.intent = _command_intent(q)
    else:
        q.counts_news = _asks_news_count(low)
        q.intent, q.implicit = _message_intent(q, low, rest.strip(), cues)
        if q.intent == "value":
            q.arg = rest.strip()  # 3.3%, 1.18亿元: which figures are these?
    return q


def _read_command(q: Query) -> str:
    """Set the /command and its argument; the text left to read (the argument, or the message)."""
    m = _COMMAND.match(q.text)
    if not m:
        return q.text
    name = m.group(1).lower()
    entry = command(name)
    # Telegram's own commands (/subscribe) are answered elsewhere: the engine says where.
    q.command = "unknown" if entry is None else "telegram" if entry.intent == "telegram_only" else name
    q.arg = (m.group(2) or "").strip()
    return q.arg


def _read_year(q: Query, body: str, now: date) -> None:
    """The year a message names (2019年, 19年), and how it was typed."""
    ym = _YEAR.search(body)
    if ym:
        typed = ym.group(1) or ym.group(2)
        century = 2000 if int(typed) <= now.year % 100 else 1900
        q.year = typed if len(typed) == 4 else str(century + int(typed))
        q.year_words = [typed]


def _read_regions(q: Query, body: str) -> tuple[str, list[Any], list[str]]:
    """Set the regions asked about and those left out; (the body, with an opening abbreviation
    read as a region taken out, the place mentions, the destinations' words as typed)."""
    gaz = load_gazetteer()
    mentions = gaz.query_mentions(body) if body else []
    # 云南派了多少医护人员支援湖北: 湖北 is where they went; the question is about 云南's figure.
    goes_to = [m for m in mentions if body[max(0, m.start - 2):m.start].endswith(destination_markers())]
    left_out = _excluded(body, mentions)
    asked = [m for m in mentions if m not in goes_to and m not in left_out] or \
        [m for m in mentions if m not in left_out]
    q.regions = _most_specific(list(dict.fromkeys(m.region for m in asked)))
    q.excluded = list(dict.fromkeys(m.region for m in left_out if m not in asked))
    opening = gaz.opening_abbreviation(body.lstrip()) if body and not mentions else None
    if opening is not None and cut(body.lstrip())[:1] == [body.lstrip()[0]]:
        # 粤医疗队一共收治了多少患者: 粤 cut as a word of its own opens the message (京剧 is one word)
        q.regions = [opening]
        body = " " + body.lstrip()[1:]
    # the destination is a word of the figure's sentence
    return body, mentions, [m.surface for m in goes_to if m not in asked]


def _read_measure(q: Query, low: str, asks_figure: bool) -> None:
    """What kind of figure is asked: a change or a level, a total, its kind and unit."""
    lex = lexicon()
    plain = low
    for w in lex.not_change_words:
        plain = plain.replace(w, " ")
    q.wants_change = asks_figure and _contains_any(plain, lex.change_cues)
    q.kind_hint = _kind_hint(low)
    q.wants_total = _contains_any(low, lex.total_cues)
    um = _asked_unit_re().search(low)
    q.unit_hint = um.group(1) if um else None
    if q.unit_hint and q.kind_hint == "money" and "元" not in q.unit_hint:
        q.kind_hint = None  # 几家企业获得投资贷款 counts firms: the unit asked for outranks a money word
    if q.wants_change and q.kind_hint == "money" and not _contains_any(low, ["钱", "元"]):
        q.kind_hint = None  # 利润增长了多少: the growth, a rate or an amount, not the profit itself


def _read_keywords(q: Query, rest: str, low: str, destinations: list[str]) -> None:
    """Content words: what the message is about once the asking is taken away (keywords for the
    index, figure_words as a figure's sentence prints them), and whether it names a measure."""
    lex = lexicon()
    words, asking = question_words(rest, set(lex.question_figure) - kind_cue_words())
    # A figure's sentence is matched by its words as printed, where 大荒地村 is one name; the index is
    # searched by its tokens (大 / 荒地 / 村), so the keywords keep the pieces.
    q.figure_words = figure_words(words, asking, q.year_words, set(synonyms())) + destinations
    words = [w for w in words if w.strip() and w not in asking]
    if q.unit_hint is None:
        q.unit_hint = _counted_unit(low) or next(
            (unit for noun, unit in lex.unit_nouns.items() if noun in low), None)
    heads = tuple(lex.measure_heads)
    # 复工占比, 贫困发生率: a share asked for is a measured thing even when its word is a stop word
    q.names_measure = any(w.endswith(heads) for w in words) or q.kind_hint == "percent"
    q.keywords = keywords(words)
    q.rest = "".join(q.keywords)


def _command_intent(q: Query) -> Intent:
    """What a /command asks: its table entry's intent, or (sent bare) the ask for its argument."""
    if q.command == "telegram":
        return "telegram_only"
    entry = command(q.command or "")
    if entry is None:
        return "unknown"
    return entry.bare if entry.bare is not None and not q.arg else entry.intent


def _small_talk(q: Query, low: str) -> Intent | None:
    """help, thanks, the list of regions, what the corpus is: asked in words, not by command."""
    lex = lexicon()
    if _contains_any(low, lex.help_cues) and not q.regions:
        return "help"
    if _contains_any(low, lex.thanks_cues) and len(q.rest) <= 4 and not q.regions:
        return "thanks"
    if _contains_any(low, lex.regions_cues):
        return "regions"
    if _contains_any(low, lex.about_cues) and not q.regions:
        return "about"
    return None


@lru_cache(maxsize=1)
def _news_count_re() -> re.Pattern[str]:
    words = followup_words()
    units = "|".join(map(re.escape, words.news_count_units))
    nouns = "|".join(map(re.escape, words.news_nouns))
    # 新闻有几篇, 有几条消息, 多少篇报道: a count next to a news noun, on either side
    return re.compile(f"(?:{nouns})[^多几]{{0,3}}(?:多少|几)(?:{units})|(?:多少|几)(?:{units})(?:[^，,。?？]{{0,8}}?)(?:{nouns})")


def _asks_news_count(low: str) -> bool:
    """湖南的新闻有几篇, 今天有几条湖南的消息: a count of articles, not a figure they print."""
    return bool(_news_count_re().search(low))


def _only_brief_words(words: list[str]) -> bool:
    """Words left that still only say "news" (地区, 方面, 一下), not a subject."""
    return all(w in lexicon().stop_words for w in words)


def _message_intent(q: Query, low: str, bare: str, cues: _Cues) -> tuple[Intent, bool]:
    """(what a free-text message asks, whether a search only because nothing said otherwise)."""
    if not q.text:
        return "empty", False
    talk = _small_talk(q, low)
    if talk is not None:
        return talk, False
    if _BARE_VALUE.match(bare):
        return "value", False  # 3.3%, 1.18亿元: which figures are these?
    if q.counts_news:
        # 湖南的新闻有几篇: the region's brief with its count; 关于疫情的报道有几篇: the search
        subject = [w for w in q.keywords if w not in followup_words().news_count_units]
        return ("brief" if _only_brief_words(subject) else "search"), False
    if cues.figure and (q.keywords or q.regions):
        return "figure", False
    if (cues.brief or cues.search) and len(q.rest) >= 2 and not _only_brief_words(q.keywords):
        return "search", False  # 关于低空经济的报道: a subject, not a region, is asked for
    if q.date is not None and not cues.brief and q.names_measure:
        return "search", True  # 绍兴2月16号规上服务业企业复工率: a figure of that day
    if cues.brief or q.date is not None:
        return "brief", False
    if q.regions and len(q.rest) <= 1:
        return "brief", False  # a bare region asks for its brief
    if q.rest:
        return "search", True
    return ("brief" if q.regions else "empty"), False
