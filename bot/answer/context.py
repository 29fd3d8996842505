"""Conversation context: what a chat talked about last, so short follow-ups carry on from it.

`那福建呢` after `南铁春运发送多少人次` asks the same thing of 福建; `同比呢` asks for the change of
the figure just given; `还有呢` turns the page of the last list; `第二篇` (or `2`) opens its second
article, and a number outside the list says so; `它的来源` cites the figure or article just shown.

The context is a small JSON-able value: the console keeps it in memory, the Telegram bot in the
state database (per chat), so it survives a restart and is seen by every replica.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.language import inputs
from bot.language.gazetteer import load_gazetteer
from bot.present.intent import Intent
from bot.present.reply import Action, Reply
from bot.present.builders import text
from bot.answer.understand import Message, normalize_message, understand
from bot.language.lexicon import lexicon

# Words a follow-up may carry besides a region (那福建呢, 福建的情况呢).
_FOLLOW_WORDS = {"那", "那么", "那边", "情况", "怎么样", "如何", "呢", "的", "又", "是", "多少", "这个", "数字"}
_CHANGE = re.compile(r"^(?:那|那么)?(同比|环比)?(?:呢|增长|增长了|增加|增加了|增幅|增速|变化|涨幅|涨了|多少|是|的|呢|了)*$")
_MORE = re.compile(r"^(?:还有呢|还有吗|还有别的吗|还有其他的吗|还有什么|更多|下一页|再来点|继续|接着说|还有)$")
_NTH = re.compile(r"^(?:看|打开|我要看|要)?(?:第([一二两三四五六七八九十\d]{1,3})(?:篇|条|个)?|([一二两三四五六七八九十\d]{1,3})(?:篇|条)|(\d{1,2}))"
                  r"(?:的全文|全文|文章)?$")
_SOURCE = re.compile(r"^(?:它|这个|这|那个|刚才那个|这篇|那篇)?的?(?:来源|出处|原文|出自哪里|哪里来的|从哪来的?)"
                     r"(?:是什么|是哪|呢|在哪|在哪里)?$")
_TRAILING = re.compile(r"[?？。!！~～\s]+$")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
MAX_LIST = 50


class Answers(Protocol):
    """What the context needs of the engine."""

    def answer(self, message: str, now: datetime | None = None) -> Reply: ...

    def action(self, kind: str, arg: str) -> Reply | None: ...


@dataclass
class ChatContext:
    kind: Intent | None = None  # the last answer's intent: figure | brief | search | article
    question: str | None = None  # the last figure or search question, as asked (without a command)
    regions: list[str] = field(default_factory=list)
    figure: int | None = None  # the figure last given
    article: str | None = None  # the article last given or opened
    items: list[list[Any]] = field(default_factory=list)  # the last list: [number, article id, label]
    next_page: str | None = None  # the `page` action of the last list's next page

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> "ChatContext":
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
            known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
            return cls(**known)
        except (ValueError, TypeError):
            return cls()  # an unreadable context is no context, not an error


def _number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    if raw == "十":
        return 10
    if len(raw) == 1 and raw in _CN_DIGITS:
        return _CN_DIGITS[raw]
    m = re.fullmatch(r"十([一二三四五六七八九])", raw)
    if m:
        return 10 + _CN_DIGITS[m.group(1)]
    m = re.fullmatch(r"([二两三四五六七八九])十([一二三四五六七八九])?", raw)
    if m:
        return _CN_DIGITS[m.group(1)] * 10 + (_CN_DIGITS[m.group(2)] if m.group(2) else 0)
    return None


def _without_regions(question: str) -> str:
    """The question with the places it names taken out (南铁春运福建发送多少人次 → 南铁春运发送多少人次)."""
    t = normalize_message(question)
    chars = list(t)
    for m in load_gazetteer().query_mentions(t):
        for i in range(m.start, min(m.end, len(chars))):
            chars[i] = ""
    return "".join(chars).strip()


def _plain(message: str) -> str:
    """The message as read, without its closing punctuation (它的来源？ → 它的来源)."""
    return _TRAILING.sub("", message.text if isinstance(message, Message) else normalize_message(message))


def rewrite(message: str, ctx: ChatContext, now: datetime) -> tuple[str, str] | None:
    """A follow-up as what it asks: ("ask", a full question), ("action", "kind:arg"), ("say", a
    sentence) or None when the message stands on its own."""
    t = _plain(message)
    if not t or t.startswith("/"):
        return None
    m = _NTH.fullmatch(t)
    if m:
        n = _number(m.group(1) or m.group(2) or m.group(3))
        return None if n is None else _nth(n, ctx)
    if _MORE.fullmatch(t):
        return _more(ctx)
    if _SOURCE.fullmatch(t):
        return _source(ctx)
    if not ctx.question or ctx.kind not in ("figure", "search"):
        return None
    return _asked_again(t, ctx.question, ctx.kind == "figure", now)


def _more(ctx: ChatContext) -> tuple[str, str] | None:
    """还有呢: the last list's next page, or the last figure's related figures."""
    if ctx.next_page:
        return "action", f"page:{ctx.next_page}"
    if ctx.kind == "figure" and ctx.figure is not None:
        return "action", f"related:{ctx.figure}"
    if ctx.items:
        return "say", "上一个列表已经全部列出了，没有更多了。"
    return None


def _source(ctx: ChatContext) -> tuple[str, str] | None:
    """它的来源: the last figure's source, else the last article's citation."""
    if ctx.kind == "figure" and ctx.figure is not None:
        return "action", f"source:{ctx.figure}"
    if ctx.article:
        return "action", f"cite:{ctx.article}"
    return None


def _asked_again(t: str, question: str, after_figure: bool, now: datetime) -> tuple[str, str] | None:
    """同比呢 after a figure: its change; 那福建呢: the last question (a figure or a search) of 福建."""
    if after_figure and _CHANGE.fullmatch(t) and ("同比" in t or "环比" in t or "增" in t or "涨" in t):
        which = "环比" if "环比" in t else "同比"
        base = understand(question, now.date())
        return "ask", "".join(r.name for r in base.regions) + "".join(base.keywords) + f"{which}增长多少"
    q = understand(Message.read_as(t), now.date())  # t is read already: not normalised again
    asks_news = any(w in t for w in lexicon().brief_cues)  # 江西有什么消息 asks for a brief
    # A bare place name asks for its brief; 那福建呢 / 福建的呢 / 福建怎么样 asks the last question of it.
    follows = t.startswith("那") or t.endswith(("呢", "怎么样", "如何", "情况"))
    if q.regions and q.date is None and follows and not asks_news and all(w in _FOLLOW_WORDS for w in q.keywords):
        # 那福建呢: the last question, asked of the new place
        return "ask", "".join(r.name for r in q.regions) + _without_regions(question)
    return None


def _nth(n: int, ctx: ChatContext) -> tuple[str, str]:
    for number, article_id, _label in ctx.items:
        if number == n:
            return "action", f"article:{article_id}"
    if not ctx.items:
        return "say", f"还没有可以选的列表。先问一个问题，例如“江西有什么消息”，再说“第{n}篇”。"
    numbers = [int(i[0]) for i in ctx.items]
    span = f"第{numbers[0]}篇" if len(numbers) == 1 else f"第{numbers[0]}至{numbers[-1]}篇"
    return "say", f"上一个列表里没有第{n}篇，只有{span}。"


def remember(ctx: ChatContext, asked: str, reply: Reply) -> None:
    """Update the context with an answer to `asked` (a question or a "/command arg" line)."""
    # "/stat 长沙…" remembers its argument; "/brief " (a link's or button's command with nothing after
    # it, or control characters turned to spaces) has none and is remembered as it came.
    parts = asked.split(None, 1)
    question = parts[1] if asked.startswith("/") and len(parts) == 2 else asked
    if reply.intent == "figure" and reply.figures:
        ctx.kind, ctx.question = "figure", question
        ctx.figure, ctx.article = reply.figures[0].id, reply.figures[0].article_id
        ctx.regions = reply.regions or ctx.regions
    elif reply.intent == "figure":
        ctx.kind, ctx.question, ctx.figure = "figure", question, None  # 那福建呢 may still find one
        ctx.regions = reply.regions or ctx.regions
    elif reply.intent in ("brief", "search") and reply.articles:
        ctx.kind = reply.intent
        ctx.question = question if reply.intent == "search" else None
        ctx.regions = reply.regions or ctx.regions
        ctx.items = list_of(reply)
        ctx.next_page = next((a.arg for a in reply.actions if a.kind == "page" and a.label == "下一页"), None)
        ctx.article = reply.articles[0].id if len(reply.articles) == 1 else ctx.article
    elif reply.intent == "article" and reply.articles:
        ctx.article = reply.articles[0].id


def list_of(reply: Reply) -> list[list[Any]]:
    """The numbered articles of a list reply, numbered as the reader sees them (`3. headline`)."""
    out: list[list[Any]] = []
    for k, a in enumerate((a for a in reply.actions if a.kind == "article"), start=1):
        m = re.match(r"(\d+)\.\s*(.*)", a.label)
        article_id = a.arg.split("|", 1)[0]  # "id|back": the list it came from
        out.append([int(m.group(1)), article_id, m.group(2)] if m else [k, article_id, a.label])
    return out[:MAX_LIST]


def respond(engine: Answers, ctx: ChatContext, message: str, now: datetime) -> Reply:
    """Answer `message` in the light of `ctx`, and update `ctx` with the answer."""
    if inputs.too_long(message):
        return engine.answer(message, now=now)  # refused unread
    # Untrusted: what is remembered must be storable. Cleaned and normalised once, here.
    message = Message(message)
    follow = rewrite(message, ctx, now)
    reply: Reply | None = None
    asked = message.raw
    if follow is not None:
        how, what = follow
        if how == "ask":
            asked = what
            reply = engine.answer(what, now=now)
        elif how == "action":
            kind, _, arg = what.partition(":")
            reply = engine.action(kind, arg)
            if reply is None:
                return _say("刚才的内容已经找不到了，请重新提问。", ctx)
            after_action(ctx, kind, reply, arg)
            return reply
        else:
            return _say(what, ctx)
    if reply is None:
        reply = engine.answer(message, now=now)
    remember(ctx, asked, reply)
    return reply


def after_action(ctx: ChatContext, kind: str, reply: Reply, arg: str = "") -> None:
    """Update the context after a button press (`kind` and `arg` are the action's)."""
    if kind == "ask":
        remember(ctx, arg, reply)  # a tapped example question
    elif kind == "page":
        # Pages of one list: 第一篇 after 还有呢 still means the list's first article.
        before = [i for i in ctx.items if i[0] not in {n for n, *_ in list_of(reply)}]
        remember(ctx, "", reply)
        ctx.items = sorted(before + ctx.items, key=lambda i: int(i[0]))[:MAX_LIST]
    elif kind == "brief" or reply.intent == "article":
        remember(ctx, "", reply)


def _say(sentence: str, ctx: ChatContext) -> Reply:
    actions = [Action(f"{n}. {label}", "article", aid) for n, aid, label in ctx.items[:10]]
    return Reply(intent="context", blocks=[text(sentence)], actions=actions)
