"""What a figure measures: the noun phrase after it, else before it, else a fallback.

66个[高能级校地协同创新项目], [国家先进制造业集群]已达80个, 培育[国家高新技术企业]1200家; a list
before 分别 (猪肉、禽肉、鸡蛋商业库存分别为… -> 猪肉商业库存, …); when the words say nothing
(其中, 共计, 为期) the figure before it, the clause's topic or the sentence's subject ([春运]…为期40天).
"""
from __future__ import annotations

import re
from dataclasses import replace

from bot.analyse.figures.clauses import clause_end, clause_start, posseg
from bot.analyse.figures.figure import ExtractedFigure
from bot.analyse.figures.numbers import Raw
from bot.analyse.figures.tables import (AFTER_DELIMS, CLAUSE_DELIMS, CN_DIGITS, CN_NUM_CHARS, QUOTES, Tables,
                                        longest_first, starts_with, ends_with)


# POS tags (jieba) that can start or continue a noun phrase after a number.
_NOUNISH = ("n", "j", "vn", "nz", "ns", "nr", "nt", "l", "i", "eng", "b", "an", "g")


def _cn_figure_at(t: str, j: int, tb: Tables) -> bool:
    """A Chinese numeral + unit starts at j (a lone 一 does not count: 一次性, 一批)."""
    if t[j] not in CN_DIGITS:
        return False
    k = j
    while k < len(t) and t[k] in CN_NUM_CHARS:
        k += 1
    return t[j:k] != "一" and starts_with(t, k, tb.units) is not None


def metric_after(t: str, end: int, tb: Tables) -> str:
    """The noun phrase a number+unit counts: 66个[高能级校地协同创新项目], 最高20万元的[一次性补贴]."""
    chunk = _chunk_after(t, end, tb)
    if not chunk:
        return ""
    toks = posseg(chunk)
    if toks and toks[0][0] in tb.m_outcomes and (len(toks) == 1 or not toks[1][1].startswith(_NOUNISH)):
        return toks[0][0]  # 造成20人[死亡]: what happened to those counted (死亡人数 stays a noun phrase)
    words: list[str] = []
    seen_noun = False
    for i, (w, flag) in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        step = _step_after(w, flag, nxt, bool(words), seen_noun, toks[0][1], tb)
        if step == "restart":
            words, seen_noun = [], False
            continue
        if step == "skip":
            continue
        if step == "stop":
            break
        words.append(w)
        seen_noun = seen_noun or step == "noun"
        if step == "last":
            break
    if not seen_noun:
        return ""
    return "".join(words)


def _chunk_after(t: str, end: int, tb: Tables) -> str:
    """The words after a figure up to punctuation or the next number + unit (11家企业|14个…), past an
    aside and a 的, quotes dropped: 6015家“低散乱”企业 -> 低散乱企业."""
    k = end
    if t.startswith(("(", "（"), k):  # 最高300万元(人民币,下同)的综合资助: an aside
        close = min((x for x in (t.find(")", k), t.find("）", k)) if x > 0), default=-1)
        if 0 < close - k <= 12:
            k = close + 1
    if t.startswith("的", k):
        k += 1
    j = k
    # a quoted name opens the phrase: 6015家[“低散乱”企业]
    quoted = k < len(t) and t[k] in "“‘「『"
    # the phrase ends at punctuation or at the next number + unit (11家企业|14个…)
    while j < len(t) and (t[j] not in AFTER_DELIMS or (quoted and t[j] in QUOTES)) and not t[j].isdigit() \
            and not _cn_figure_at(t, j, tb):
        j += 1
    chunk = t[k:j]
    if quoted:
        chunk = "".join(c for c in chunk if c not in QUOTES)
    return chunk


def _step_after(w: str, flag: str, nxt: tuple[str, str] | None, has_words: bool, seen_noun: bool, first_flag: str,
                tb: Tables) -> str:
    """What the word w (POS flag) does to the phrase read after a figure: "restart" it, "skip" the word,
    "stop" before it, take it as its "noun" or a "modifier", or take it as the "last" word."""
    nxt_noun = nxt is not None and nxt[1].startswith(_NOUNISH) and nxt[0] not in tb.m_after_stops
    if w == "的" and has_words and first_flag in ("a", "v") and nxt is not None:
        return "restart"  # 不同额度的投资贷款, 4名下沉到社区的帮扶干部: the head comes after 的
    if not has_words and w in ("各类", "各种", "各", "多种", "不同类型"):
        return "skip"  # 450多万个[各类]医用口罩
    if w == "的" or w in tb.m_after_stops:
        return "stop"
    if w in ("以上", "以下") and seen_noun and nxt_noun:
        return "modifier"  # 2943户[规模以上工业企业]
    return _step_head(w, flag, nxt, nxt_noun, seen_noun)


def _step_head(w: str, flag: str, nxt: tuple[str, str] | None, nxt_noun: bool, seen_noun: bool) -> str:
    """_step_after for a word that is neither 的 nor a stop: a noun, or a word before or inside the head."""
    if flag.startswith(_NOUNISH):
        return "noun"
    if not seen_noun:
        # modifiers before the head: 注册企业, 高能级…, 一次性补贴
        if flag.startswith(("v", "a", "b", "z")) or (flag.startswith("d") and nxt_noun):
            return "modifier"
        return "stop"
    # inside the phrase a verb, adjective or 和 only continues into another noun: 先进制造业集群
    if flag.startswith(("v", "a", "c", "b")) and nxt_noun and nxt is not None and nxt[1] != "ns":
        return "modifier"  # (but 医护人员|驰援湖北: a place after the verb is where they went)
    # a one-character nominal suffix the dictionary split off: 高铁|站
    if len(w) == 1 and flag.startswith(("v", "n", "g")) and (nxt is None or not nxt[1].startswith(_NOUNISH)):
        return "last"
    return "stop"


_LEADING_SPAN = re.compile(r"^(?:连续|近|这)?[\d一二两三四五六七八九十]+多?(?:年|个月)(?:来|以来|间)?")


def metric_before(t: str, raw: Raw, lo: int, tb: Tables, strip_words: list[str]) -> str:
    """The noun phrase before a number: [国家先进制造业集群]已达80个, 培育[国家高新技术企业]1200家."""
    end = raw.basis_start if raw.is_change and raw.basis_start is not None else raw.start
    k = end - 1
    while k >= lo and t[k] not in CLAUSE_DELIMS:
        k -= 1
    phrase = t[k + 1:end]
    for q in QUOTES:
        phrase = phrase.replace(q, "")
    phrase = _category(_strip_trailing(phrase, tb, strip_words), tb)
    phrase = _strip_leading(phrase, tb, strip_words)
    phrase = _LEADING_SPAN.sub("", phrase)  # 连续5年[超过]: how long, not what
    return _trim_words(phrase, tb)


def _strip_trailing(phrase: str, tb: Tables, strip_words: list[str]) -> str:
    """Trailing link verbs (已达, 提升到, 排在) and a period or 的 before the number: 规模从2012年的."""
    trail = longest_first(tb.m_strip_suffix + [w for w in strip_words if re.search(r"\d|年", w)] + ["的"])
    changed = True
    while changed and phrase:
        changed = False
        w = ends_with(phrase, len(phrase), trail)
        if w and len(phrase) - len(w) >= 2:
            phrase, changed = phrase[:-len(w)], True
    return phrase


def _category(phrase: str, tb: Tables) -> str:
    """What is counted, not who counts: X等[Y]; subject + modal 南铁预计[发送旅客]."""
    for w in tb.m_list_cut:
        i = phrase.rfind(w)
        if i >= 0 and phrase[i + len(w):]:
            phrase = phrase[i + len(w):]
            break
    toks = posseg(phrase) if phrase else []
    for i in range(len(toks) - 1, -1, -1):
        if toks[i][0] in tb.m_cut_after and i + 1 < len(toks):
            toks = toks[i + 1:]
            break
    return "".join(w for w, _ in toks)


def _strip_leading(phrase: str, tb: Tables, strip_words: list[str]) -> str:
    """Leading regions, pronouns, time words, prepositions: 松原和白城两地[旅游总收入]."""
    strip_all = longest_first(strip_words)
    changed = True
    while changed and phrase:
        changed = False
        w = starts_with(phrase, 0, strip_all)  # regions and periods go even if nothing is left
        if w:
            phrase, changed = phrase[len(w):], True
            continue
        c = tb.collective_re.match(phrase)
        if c or (phrase[:1] in ("、", "和", "与", "及", "的") and len(phrase) > 2):
            phrase, changed = phrase[c.end() if c else 1:], True  # 松原和白城两地[旅游总收入]
            continue
        w = starts_with(phrase, 0, tb.m_strip_prefix)
        if w and len(phrase) - len(w) >= 2:  # but 为期 stays 为期
            phrase, changed = phrase[len(w):], True
    return phrase


def _trim_words(phrase: str, tb: Tables) -> str:
    """Leading function words, a leading action verb when the rest says enough, inner adverbs."""
    toks = posseg(phrase) if phrase else []
    while toks and toks[0][1].startswith(("p", "t", "r", "d", "c", "u")) and len(toks) > 1:
        toks = toks[1:]
    # a leading action verb goes when what it acts on says enough: 培育[国家高新技术企业]; keep 发送旅客
    if (len(toks) > 1 and toks[0][1] in ("v", "vn") and toks[0][0] not in tb.m_keep_verbs
            and toks[1][1] != "v"):  # but 旅游接待总人数 keeps 旅游
        rest = "".join(w for w, _ in toks[1:])
        if len(rest) >= 4:
            toks = toks[1:]
    # adverbs of manner inside the phrase say how, not what: 上海科技馆[共]接待游客
    toks = [x for i, x in enumerate(toks) if i == 0 or x[0] not in _INNER_ADVERBS]
    return "".join(w for w, _ in toks).strip(" 、")


_INNER_ADVERBS = {"共", "共计", "总共", "一共", "累计", "已", "已经", "还", "也", "都", "均", "再", "又", "仅", "先后", "相继"}


def _strip_lead(chunk: str, tb: Tables, strip_words: list[str]) -> str:
    """Places, periods and link words at the start of a phrase: 大连2018年全市[规模以上工业增加值…]."""
    strip_all = longest_first(strip_words + tb.region_pronouns + tb.national_words + tb.m_strip_prefix)
    changed = True
    while changed:
        changed = False
        w = starts_with(chunk, 0, strip_all)
        if w and len(chunk) > len(w):
            chunk, changed = chunk[len(w):].lstrip(",，"), True
    return chunk


def noun_list(chunk: str, tb: Tables, strip_words: list[str]) -> list[str]:
    """What each item of a list before 分别 measures. Short items share the last item's head
    (猪肉、禽肉、鸡蛋商业库存 -> 猪肉商业库存, 禽肉商业库存, 鸡蛋商业库存); full phrases stand alone
    (规模以上工业增加值、规模以上工业利润和工业投资)."""
    chunk = _strip_lead("".join(c for c in chunk if c not in QUOTES), tb, strip_words)
    for compound, members in tb.respective_compounds.items():
        if compound in chunk and "、" not in chunk:
            return [chunk.replace(compound, m, 1) for m in members]  # 城乡居民收入 -> 城镇…, 农村…
    parts = [""]
    for w, flag in posseg(chunk):  # 和/与/及 split only as words: 自来水普及率 is one item
        if w == "、" or (w in ("和", "与", "及", "以及") and flag.startswith("c")):
            parts.append("")
        else:
            parts[-1] += w
    if len(parts) < 2 or any(not p or len(p) > 16 or re.search(r"\d|[\s(（“”]", p) for p in parts):
        return []
    return _share_head(parts)


def _share_head(parts: list[str]) -> list[str]:
    """The items of a list, the last item's head given to the short ones before it: 猪肉、禽肉、
    鸡蛋商业库存 -> 猪肉商业库存, …; [] when the last item has no head to give."""
    last = parts[-1]
    if len(last) <= min(len(p) for p in parts[:-1]) + 1:
        return parts  # each item is a full phrase
    toks = posseg(last)
    if len(toks) < 2:
        return []
    item, head = toks[0][0], "".join(w for w, _ in toks[1:])
    if len(item) < min(len(p) for p in parts[:-1]) and len(toks) > 2:
        item, head = item + toks[1][0], "".join(w for w, _ in toks[2:])
    longest = min(len(p) for p in parts[:-1])
    tail = posseg(item[longest:]) if len(item) >= longest + 2 else []
    # 城镇、[农村]居民人均可支配收入: the shared head begins inside the word (拉丁美洲 stays whole)
    if len(tail) == 1 and not tail[0][1].startswith("ns"):
        item, head = item[:longest], item[longest:] + head
    return [p + head for p in parts[:-1]] + [item + head]


def junk_metric(m: str, tb: Tables) -> bool:
    if not m:
        return True
    core = m.rstrip("的").strip("、,， ")
    if core.endswith(("到", "至", "为")) and core[:-1] in tb.direction:
        return True  # 增长到, 减少为: a link verb, not a measure
    return not core or core in tb.m_junk or core in tb.direction or all(c in _FUNCTION_CHARS for c in core)


_FUNCTION_CHARS = set("的了在到至为于从由将把和及与或等内外中上下左右约近超多余其该此这那是有已共均仅也还就又并")


def _verb_after(t: str, end: int, tb: Tables) -> str:
    """The predicate after a figure when nothing names it: 24小时内[完成审批], 其中77家[已经复工]."""
    k = end
    while k < len(t) and t[k] in "内的中里":
        k += 1
    j = k
    while j < len(t) and t[j] not in AFTER_DELIMS and j - k < 10 and not t[j].isdigit():
        j += 1
    phrase = t[k:j]
    toks = posseg(phrase) if phrase else []
    while toks and toks[0][1].startswith(("p", "d", "c", "u", "r")) and len(toks) > 1:
        toks = toks[1:]
    if not toks or not any(f.startswith(("v", "n")) for _, f in toks):
        return ""
    return "".join(w for w, _ in toks)


_TOTAL_WORDS = ("共", "共计", "合计", "总计", "累计", "一共", "共有", "达", "共达")


def fallback_metric(t: str, j: int, raws: list[Raw], nps: list[str], tb: Tables, strip_words: list[str],
                     earlier: list[ExtractedFigure]) -> str:
    """What a figure measures when the words before it say nothing (其中, 共计, 内, 为期, 已达)."""
    r = raws[j]
    cs = clause_start(t, r.start)
    if j > 0 and _counted_again(t[raws[j - 1].end:r.start]) and nps[j - 1]:
        return nps[j - 1]  # 1663户6184人; 派出医疗队4批,共计618人: the same thing counted again
    # the metrics of earlier figures in this unit, of the paragraph and of the sentence
    same_unit = [f.metric for f in earlier if f.unit == r.unit and f.metric and not f.is_change]
    same_unit += [nps[x] for x in range(j) if raws[x].unit == r.unit and nps[x]]
    if t[cs:r.start].startswith(("其中", "另有", "还有")) and same_unit:
        # …困难职工家庭1.32万户,其中5900余户…已实现脱困: the part that did what the clause ends with
        return same_unit[-1] + _predicate(t, r.end)
    m = _verb_after(t, r.end, tb) if not (j + 1 < len(raws) and raws[j + 1].start - r.end < 12) else ""
    if not junk_metric(m, tb):
        return m  # 在24小时内[完成审批]; 其中6人[死亡]
    topic = _topic_before(t, r, cs, tb, strip_words)
    if topic:
        return topic  # 人员在岗率,从春节期间的55%提升到…: the topic stands in the clause before
    if j > 0 and raws[j - 1].unit == r.unit and nps[j - 1]:
        return nps[j - 1]  # 约500家,明年达到1000家: the subject is carried over
    if same_unit and t[:cs].strip(" ,，") in ("其中", "同时", "此外", "另外"):
        return same_unit[-1]  # 其中,长春市已达75.7%: the rate of the sentence before
    if r.kind == "duration" or cs > 0:
        return _subject(t, tb, strip_words)  # [春运]自1月14日开始至2月22日结束,为期40天
    return ""


def _counted_again(gap: str) -> bool:
    """Nothing, or only a total word (共计, 累计), stands between two figures."""
    return gap == "" or gap.strip(" ,，") in _TOTAL_WORDS


def _topic_before(t: str, r: Raw, cs: int, tb: Tables, strip_words: list[str]) -> str:
    """The topic of the clause before the one at cs when that clause states no number, else ""."""
    if cs > 0 and t[cs - 1] in ",，:：" and not any(c.isdigit() for c in t[clause_start(t, cs - 1):cs]):
        pcs = clause_start(t, cs - 1)
        topic = _subject(t[pcs:cs - 1], tb, strip_words) or metric_before(
            t, replace(r, start=cs - 1, is_change=False), 0, tb, strip_words)
        if not junk_metric(topic, tb):
            return topic
    return ""


def _predicate(t: str, end: int) -> str:
    """The verb phrase a clause ends with: 其中5900余户通过精准施策帮扶目前已[实现脱困]."""
    toks = posseg(t[end:clause_end(t, end)])
    out: list[str] = []
    for w, f in reversed(toks):
        if not f.startswith(("v", "n")) or len(out) == 3:
            break
        out.insert(0, w)
    return "".join(out) if any(f.startswith("v") for w, f in toks if w in out) else ""


def _subject(t: str, tb: Tables, strip_words: list[str]) -> str:
    """The noun phrase a sentence opens with, regions and periods left out: 2025年[春运]自…"""
    strip_all = longest_first(w for w in strip_words if not re.search(r"\d", w))
    phrase = ""
    start = 0
    for _ in range(3):  # 2019年,[我国全年粮食总产量]创历史新高: a clause of only a period says nothing
        phrase = t[start:clause_end(t, start)]
        w = starts_with(phrase, 0, strip_all)
        while w:
            phrase = phrase[len(w):].lstrip(",，、 ")
            w = starts_with(phrase, 0, strip_all)
        phrase = re.sub(r"^(?:\d{4}年(?:\d{1,2}月)?|[今去明]年)", "", phrase)  # 2025年[春运]: the season it opens
        if phrase or clause_end(t, start) >= len(t):
            break
        start = clause_end(t, start) + 1
    words: list[str] = []
    for w, f in posseg(phrase[:16]):
        if not f.startswith(("n", "j", "l", "eng", "b", "an")) or (len(w) == 1 and not words):
            break
        words.append(w)
    return "".join(words)


def measure_of(t: str, r: Raw, metric: str | None, tb: Tables) -> str:
    if r.is_change:
        return "change"
    if r.kind == "percent":
        phrase = (metric or "") + t[clause_start(t, r.start):r.start]
        if any(w in phrase for w in tb.share_words):
            return "share"
    return "level"


