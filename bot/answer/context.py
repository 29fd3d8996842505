"""Conversation context: what a chat talked about last, so short follow-ups carry on from it.

`那福建呢` after `南铁春运发送多少人次` asks the same thing of 福建; `同比呢` asks for the change printed
beside the figure just given (or says the report gives none); `还有呢` turns the page of the article
being read, else of the last list; `第二篇` (or `2`) opens the second article of the last list (a
brief, a search or a comparison's rows), and a number outside the list says so; `它的来源` cites the
figure or article just shown.

The context is a small JSON-able value: the console keeps it in memory, the Telegram bot in the
state database (per chat), so it survives a restart and is seen by every replica.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
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
_CHANGE = re.compile(r"^(?:那|那么)?(同比|环比)?(?:呢|增长|增长了|增加|增加了|增幅|增速|变化|涨幅|涨了|下降|下降了|降了|降幅"
                     r"|减少|减少了|多少|是|的|呢|了)*$")
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
    shown: Intent | None = None  # what the last reply was: "article" while an article is being read
    article_next: str | None = None  # the `apage` action of that article's next page

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
    """A follow-up as what it asks: ("ask", a full question), ("action", "kind:arg"), ("change",
    "figure id|同比") for 同比呢, ("say", a sentence) or None when the message stands on its own."""
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
    if ctx.kind == "figure" and _asks_change(t):
        return _change(t, ctx, now)
    return _asked_again(t, ctx.question, now)


def _asks_change(t: str) -> bool:
    return bool(_CHANGE.fullmatch(t)) and any(w in t for w in ("同比", "环比", "增", "涨", "降", "减", "变化"))


def _change(t: str, ctx: ChatContext, now: datetime) -> tuple[str, str]:
    """同比呢 after a figure: the change printed beside it, or that none is (bot/answer/change.py);
    after a figure question that found none, the question asked again for its change."""
    which = "环比" if "环比" in t else "同比" if "同比" in t else ""
    if ctx.figure is not None:
        return "change", f"{ctx.figure}|{which}"
    return "ask", _change_question(ctx.question or "", which, now)


def _change_question(question: str, which: str, now: datetime) -> str:
    """江西春运发送旅客多少人次 → 江西春运发送旅客同比增长多少: the change asked as a question."""
    base = understand(question, now.date())
    return "".join(r.name for r in base.regions) + "".join(base.keywords) + f"{which or '同比'}增长多少"


def _answer_change(engine: Answers, ctx: ChatContext, arg: str, now: datetime) -> Reply:
    """The change of the figure just given. When asking for it as a question gives the same figure,
    that reply (it can be shared as that question); else the change found beside the figure, as a
    follow-up of this chat (no question of its own would give it)."""
    reply = engine.action("change", arg)
    if reply is None:
        return _say("刚才的内容已经找不到了，请重新提问。", ctx)
    _shown(ctx, reply)
    if reply.intent != "figure":
        return reply  # 报道没有给出同比变化
    asked = _change_question(ctx.question or "", arg.partition("|")[2], now)
    direct = engine.answer(asked, now=now)
    if direct.figures and direct.figures[0].id == reply.figures[0].id:
        remember(ctx, asked, direct)
        return direct
    ctx.figure, ctx.article = reply.figures[0].id, reply.figures[0].article_id
    return replace(reply, intent="context")


def _more(ctx: ChatContext) -> tuple[str, str] | None:
    """还有呢: the next page of the article being read, else the last list's next page, else the
    last figure's related figures."""
    if ctx.shown == "article":
        if ctx.article_next:
            return "action", f"apage:{ctx.article_next}"
        following = [ctx.items[k + 1][0] for k, item in enumerate(ctx.items[:-1]) if item[1] == ctx.article]
        hint = f"说“第{following[0]}篇”看列表里的下一篇。" if following else ""
        return "say", "这篇文章已经全部显示了，没有下一页。" + hint
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


def _asked_again(t: str, question: str, now: datetime) -> tuple[str, str] | None:
    """那福建呢: the last question (a figure or a search) of 福建."""
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
    if ctx.next_page and n > numbers[-1]:
        return "say", f"第{n}篇还没有列出（已列出{span}），请先翻到列表的下一页。"
    return "say", f"上一个列表里没有第{n}篇，只有{span}。"


def remember(ctx: ChatContext, asked: str, reply: Reply) -> None:
    """Update the context with an answer to `asked` (a question or a "/command arg" line)."""
    # "/stat 长沙…" remembers its argument; "/brief " (a link's or button's command with nothing after
    # it, or control characters turned to spaces) has none and is remembered as it came.
    parts = asked.split(None, 1)
    question = parts[1] if asked.startswith("/") and len(parts) == 2 else asked
    _shown(ctx, reply)
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
    elif reply.intent == "compare" and reply.comparison is not None and reply.comparison.rows:
        # 第二篇 after a comparison opens the article of its second row
        ctx.kind, ctx.question, ctx.next_page = "compare", None, None
        rows = reply.comparison.rows
        ctx.items = [[n, r.article_id, f"{r.region}：{r.display}"] for n, r in enumerate(rows, start=1)][:MAX_LIST]
    elif reply.intent == "article" and reply.articles:
        ctx.article = reply.articles[0].id


def _shown(ctx: ChatContext, reply: Reply) -> None:
    """What the chat shows now: an article (and its next page), or something else."""
    ctx.shown = reply.intent
    ctx.article_next = next((a.arg for a in reply.actions if a.kind == "apage" and a.label == "下一页"), None) \
        if reply.intent == "article" else None


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
        elif how == "change":
            return _answer_change(engine, ctx, what, now)
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
    _shown(ctx, reply)
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
