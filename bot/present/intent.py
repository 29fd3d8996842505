"""What a message asks for, and what kind of answer a reply is: one closed set of names.

The understanding stage sets a `Query.intent` (天津有什么新闻 → brief, 长沙研发投入强度是多少 →
figure, 科创岛 → search, /brief without a region → ask_region); the reply carries the intent it
answers (`Reply.intent`), plus a few that only replies have (source, cite, figures, too_long,
out_of_scope, context). It lives here, below both, so that `bot/present/reply.py` needs nothing
from the answer stage.
"""
from __future__ import annotations

from typing import Literal

Intent = Literal[
    # what a message asks (bot/answer/understand.py) and the reply that answers it
    "brief", "figure", "search", "value", "article", "compare",
    "help", "thanks", "regions", "about", "empty", "unknown", "telegram_only",
    # a command sent without its argument: the reply asks for it
    "ask_region", "ask_figure", "ask_search", "ask_compare",
    # replies only: a figure's source, an article's citation, an article's figures, a refusal,
    # a question off the bot's subject, a follow-up answered from the chat's context
    "source", "cite", "figures", "too_long", "out_of_scope", "context",
]
