"""Deep links (`t.me/<bot>?start=brief-…`) and the share buttons that use them.

A start parameter allows only A–Z, a–z, 0–9, `_` and `-`, at most 64 characters, so the Chinese
argument travels base64url-encoded: `brief-5bm_5Lic` is `/brief 广东`. A question too long for that
is stored with the button data (`q-<key>`, resolved from the state database; it expires with the
buttons, and an expired one gets the welcome with a note why). `/start brief-广东` typed by hand
works too.
"""
from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import quote

from telegram import InlineKeyboardButton

from bot.language.gazetteer import load_gazetteer
from bot.present.reply import Reply
from bot.tg.callback_store import CallbackStore

MAX_PAYLOAD = 64
KINDS = ("brief", "stat", "search")
_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")
EXPIRED = "这个分享链接已失效（链接里的问题已不再保存），请直接发送问题。"


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unb64(raw: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def payload_for(kind: str, arg: str, store: CallbackStore) -> str:
    """The start parameter that asks `/kind arg` again."""
    payload = f"{kind}-{_b64(arg)}"
    if len(payload) <= MAX_PAYLOAD:
        return payload
    # Stored whatever its length: `encode` would keep a short `ask:/stat …` as it is, not a valid link.
    key = store.stored("ask", f"/{kind} {arg}")
    return "q-" + key.removeprefix("h:")


def valid_payload(payload: str) -> bool:
    """Whether Telegram accepts `payload` as a start parameter."""
    return len(payload) <= MAX_PAYLOAD and _SAFE.match(payload) is not None


def opened(payload: str, store: CallbackStore) -> tuple[str, str | None]:
    """What `/start payload` asks, and a note to put before it: a link of ours whose stored question
    has been pruned (or never was) gets the welcome with a word on why, not a silent bare /start."""
    asked = message_for(payload, store) if payload else None
    if asked is not None:
        return asked, None
    return "/start", (EXPIRED if payload.startswith("q-") else None)


def message_for(payload: str, store: CallbackStore) -> str | None:
    """The message a start parameter asks, or None when it is not one of ours."""
    kind, sep, rest = payload.partition("-")
    if not sep or not rest:
        return None
    if kind == "q" and _SAFE.match(rest):
        decoded = store.decode("h:" + rest)
        return decoded[1] if decoded and decoded[0] == "ask" else None
    if kind not in KINDS:
        return None
    text = _unb64(rest) if _SAFE.match(rest) else None
    if text is None or not text.strip() or "\x00" in text:
        text = rest  # typed by hand: /start brief-广东
    return f"/{kind} {text.strip()}"


def share_button(reply: Reply, asked: str, username: str | None, store: CallbackStore) -> InlineKeyboardButton | None:
    """A 分享 button for a brief or an answered figure: Telegram's share sheet with a deep link."""
    if not username:
        return None
    question = asked.split(None, 1)[1] if asked.startswith("/") and " " in asked else asked
    if reply.intent == "brief" and reply.articles and reply.regions:
        # The question as asked keeps its date or span (19年2月19号河北新闻); a message that does not
        # name every region shown (还有呢: a page of the last brief) shares the regions alone.
        regions = "、".join(reply.regions)
        named = not question.startswith("/") and \
            set(reply.regions) <= {r.name for r in load_gazetteer().resolve_query(question)}
        kind, arg, what = "brief", question if named else regions, f"{regions}简报"
    elif reply.intent == "figure" and reply.figures:
        if question.startswith("/"):
            return None
        kind, arg, what = "stat", question, f"{reply.figures[0].display}：{question}"
    else:
        return None
    link = f"https://t.me/{username}?start={payload_for(kind, arg, store)}"
    url = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(what, safe='')}"
    return InlineKeyboardButton("分享", url=url)
