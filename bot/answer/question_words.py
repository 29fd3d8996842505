"""The words of a question, as the index and a figure's sentence know them.

jieba cuts a question into words; some must be joined again: a village's name it does not know
(大 + 荒地 + 村 → 大荒地村), a measure and its suffix (复工 + 率 → 复工率), 出口 + 规模 → 出口规模.
Others are taken apart: 春运期间 → 春运, 投了 → 投. The keywords (for the index) keep the pieces of a
name, the figure words (as a sentence prints them) keep names whole.
"""
from __future__ import annotations

import re

from bot.language.gazetteer import SETTLEMENT_SUFFIXES
from bot.language.lexicon import lexicon
from bot.language.segment import cut, known_word

NOT_IN_NAMES = set("的了是在有和与我你他她它这那么啥吗呢吧个们就都也还要会能可被把从对向给到")
_PUNCT = re.compile(r"[\s,.;:!?，。；：！？、“”‘’\"'()（）《》【】\[\]<>/\\|~`@#$%^&*_+=-]+")


def han(text: str) -> bool:
    """Whether text is all Chinese characters (a piece that can belong to a name)."""
    return bool(text) and all("\u4e00" <= c <= "\u9fff" for c in text)


def _could_be_named(piece: str) -> bool:
    """Chinese characters, none of them a function word (的, 是, 把): a piece of a name."""
    return han(piece) and not set(piece) & NOT_IN_NAMES


def _name_tail(w: str) -> bool:
    """村 alone, or the last piece of a cut name (腰站 + 子村), but not 全村/该村 (a piece jieba made
    up for an unknown name; 农村, 返乡 and 城镇 are words of its dictionary)."""
    return w in SETTLEMENT_SUFFIXES or (len(w) == 2 and w.endswith(SETTLEMENT_SUFFIXES)
                                        and not known_word(w) and w[0] not in NOT_IN_NAMES)


def _glued_head(w: str, prev: str) -> bool:
    """清明 + 村种 (锥栗): the suffix glued to the next word's first character (but 全市 + 村均 is
    per village)."""
    glue = lexicon().village_glue_blockers
    return len(w) == 2 and w.startswith(SETTLEMENT_SUFFIXES) and not known_word(w) \
        and w[1] not in glue["after"] and prev not in glue["before"]


def join_settlement_names(words: list[str]) -> list[str]:
    """大 + 荒地 + 村 → 大荒地村: a village's name is one word, and the rarest of the question (jieba
    cuts names it does not know into pieces that are common words: 荒地)."""
    out: list[str] = []
    for w in words:
        prev = out[-1] if out else ""
        if _glued_head(w, prev) and len(prev) == 2 and _could_be_named(prev):
            out.append(out.pop() + w[0])
            out.append(w[1])
        elif _name_tail(w) and len(prev) <= 3 and _could_be_named(prev):
            out.append(_whole_name(out, out.pop() + w, len(w)))
        else:
            out.append(w)
    return out


def _whole_name(out: list[str], name: str, tail: int) -> str:
    """The name with the piece before it when that piece cannot be a name of its own (大 + 荒地村,
    骆驼 + 湾村: a one-character piece is never a whole name); that piece is taken off `out`."""
    before = out[-1] if out else ""
    short = len(before) == 1 or len(name) == 2 or len(name) == 3 and tail == 2
    if short and _could_be_named(before) and len(before) + len(name) <= 5:
        return out.pop() + name
    return name


def made_of(word: str, parts: set[str]) -> bool:
    """Whether word is a run of two or more of parts (最新消息 = 最新 + 消息)."""
    ends = {0}
    for i in range(1, len(word) + 1):
        if any(j in ends and word[j:i] in parts for j in range(max(0, i - 6), i)):
            ends.add(i)
    return len(word) in ends and word not in parts and len(word) > 2


def join_scale(words: list[str]) -> list[str]:
    """出口 + 规模 → 出口规模: 规模 alone is a way of asking (多大规模), after a noun it is the measure
    the sentence prints (出口规模从0.8亿美元跃升至5.0亿美元)."""
    out: list[str] = []
    for w in words:
        if w == "规模" and out and len(out[-1]) > 1 and han(out[-1]):
            out[-1] += w
        else:
            out.append(w)
    return out


def join_measure_suffixes(words: list[str]) -> list[str]:
    """复工 + 率 → 复工率: the suffix makes the word a measured quantity and must stay on it."""
    out: list[str] = []
    for w in words:
        if w in lexicon().measure_suffixes and out and out[-1].strip() and not out[-1].isdigit():
            out[-1] += w
        else:
            out.append(w)
    return out


def drop_time_suffix(word: str) -> str:
    """春运期间 → 春运: the topic, not the span of time around it."""
    for suffix in lexicon().time_suffixes:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def question_words(rest: str, asking: set[str]) -> tuple[list[str], set[str]]:
    """(the words of what is left of a question, the words that only ask: stop words, news words,
    relative years and `asking`, with the runs of them jieba keeps as one word)."""
    lex = lexicon()
    stop = set(lex.stop_words) | set(lex.brief_cues) | set(lex.relative_years)
    cut_rest = cut(_PUNCT.sub(" ", rest))
    # 最新消息, 有啥新闻: jieba keeps some runs of stop words as one word
    stop |= {w for w in cut_rest if made_of(w, stop)}
    words = join_measure_suffixes([drop_time_suffix(w) for w in cut_rest])
    # 投了, 运了, 发了: the verb of the question in the past, not a word the article prints.
    return [w[:-1] if len(w) > 1 and w.endswith("了") else w for w in words], stop | asking


def figure_words(words: list[str], asking: set[str], year_words: list[str], known: set[str]) -> list[str]:
    """The words as a figure's sentence prints them, where 大荒地村 is one name; a single character
    only when ASCII (5G) or `known` (a word with synonyms)."""
    joined = join_settlement_names(join_scale([w for w in words if w.strip()]))
    return [w for w in joined if w not in asking and w not in year_words and _worth_a_figure(w, known)]


def _worth_a_figure(w: str, known: set[str]) -> bool:
    return len(w) > 1 or w.isascii() and w.isalnum() or w in known


def keywords(words: list[str]) -> list[str]:
    """The words to search the index for. Single characters are function words or units (把, 到,
    款, 用); they are kept only if nothing else is."""
    content = [w for w in words if len(w) > 1 or w.isascii() and w.isalnum()]
    return content or [w for w in words if not re.fullmatch(r"[几多少么吗呢啊]+", w)]
