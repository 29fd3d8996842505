"""Messages the bot cannot answer from the papers: questions off its subject (天气, 股票) and messages
in English. Both get a short reply saying what the bot does, with example questions to tap; an
English message gets it in English.

今天天气怎么样 → off the subject (but 关于寒潮天气的报道 is a search); "what is new today" → English;
"Beijing" alone is a place name in pinyin, answered as 北京. The text comes in normalised once
(understand.Message).
"""
from __future__ import annotations

import re

from bot.language.gazetteer import load_gazetteer
from bot.present.reply import Action, Reply
from bot.present.builders import HELP_EXAMPLES, bold, text
from bot.language.lexicon import lexicon

# Things people ask a chat bot that no newspaper article answers (as the whole point of a message).
OFF_TOPIC = ("天气", "气温", "下雨吗", "下雪吗", "会下雨", "股价", "股票", "彩票", "笑话", "讲个故事", "星座",
             "几点了", "现在几点", "菜谱", "怎么做饭", "翻译一下", "帮我翻译", "写一首诗", "写首诗", "算一下")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_ENGLISH_CUES = {"hello", "hi", "hey", "what", "news", "is", "there", "today", "how", "who", "are", "you",
                 "the", "any", "show", "me", "can", "do", "please", "good", "morning", "start", "about"}
ENGLISH_EXAMPLES = [("Briefs: 江西有什么消息", "江西有什么消息"), ("Figures: 长沙研发投入强度是多少", "长沙研发投入强度是多少"),
                    ("Topics: 科创岛", "科创岛")]


def is_english(t: str) -> bool:
    """No Chinese, and English words beyond a place name in pinyin (Beijing still asks for 北京).

    `t` is the message as read (understand.normalize_message: NFKC, simplified)."""
    if _CJK.search(t) or t.startswith("/"):
        return False
    words = [w.lower() for w in _LATIN_WORD.findall(t)]
    lex = lexicon()
    if not words or any(w in t.lower() for w in lex.thanks_cues + lex.help_cues):
        return False  # thanks, help: the engine's own (Chinese) replies
    if load_gazetteer().query_mentions(t):
        return False  # Beijing news: the engine reads pinyin place names
    return len(words) >= 2 or any(w in _ENGLISH_CUES for w in words)


def is_off_topic(t: str) -> bool:
    """Off the bot's subject: names a chat-bot topic, no place, and does not ask for news on it
    (`t` normalised, as for is_english)."""
    if t.startswith("/") or not any(w in t for w in OFF_TOPIC):
        return False
    lex = lexicon()
    if any(w in t for w in lex.search_cues) or any(w in t for w in ("新闻", "报道", "消息", "文章")):
        return False  # 关于寒潮天气的报道: a topic to search
    return not load_gazetteer().query_mentions(t)


def off_topic_reply() -> Reply:
    blocks = [text("这个问题我答不了：我只回答报纸上的地方新闻。"),
              text("可以问我：某地的新闻简报、报道里的确切数字（附原句和出处）、某个主题的文章。点下面的例子试试：",
                   kind="note")]
    return Reply(intent="out_of_scope", blocks=blocks, actions=[Action(q, "ask", q) for q in HELP_EXAMPLES])


def english_reply() -> Reply:
    blocks = [text(bold("Hello! I answer questions about regional Chinese newspaper articles."), kind="title"),
              text("Ask in Chinese: a region's news brief, an exact figure with the sentence it comes from, "
                   "or articles on a topic. Every answer cites its source. Tap an example:"),
              text("/help shows the commands (the answers are in Chinese).", kind="note")]
    return Reply(intent="out_of_scope", blocks=blocks,
                 actions=[Action(label, "ask", q) for label, q in ENGLISH_EXAMPLES])


def out_of_scope(text: str) -> Reply | None:
    """The reply to a message the papers cannot answer (`text` normalised: Message.text), else None."""
    if is_english(text):
        return english_reply()
    if is_off_topic(text):
        return off_topic_reply()
    return None
