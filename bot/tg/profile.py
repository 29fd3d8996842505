"""The bot's profile texts, set at start-up: what a new chat shows before anyone writes."""
from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

log = logging.getLogger(__name__)

# (language code, description (≤512), short description (≤120)); None is everyone else's.
PROFILES: list[tuple[str | None, str, str]] = [
    (None,
     "地方新闻助手：用中文问我，答案都摘自报纸原文并注明出处。\n"
     "• 看简报：“江西有什么消息”、/today\n"
     "• 查数字：“长沙研发投入强度是多少”\n"
     "• 搜主题：“科创岛”\n"
     "• 订阅：/subscribe 江西 08:00 每天推送",
     "地方新闻助手：各地简报、带出处的确切数字、主题搜索。"),
    ("en",
     "Regional news from Chinese newspapers. Ask in Chinese: a region's brief (江西有什么消息), an exact "
     "figure with the sentence it comes from (长沙研发投入强度是多少), or articles on a topic (科创岛). "
     "Every answer cites its source.",
     "Regional Chinese news: briefs, exact figures with their source, topic search."),
]


async def set_profile(bot: Bot) -> None:
    """setMyDescription / setMyShortDescription in Chinese (the default) and English."""
    for lang, description, short in PROFILES:
        try:
            await bot.set_my_description(description, language_code=lang)
            await bot.set_my_short_description(short, language_code=lang)
        except TelegramError as exc:  # a nicety, like the command menu: serving matters more
            log.warning("setting the bot's description (%s) failed: %s", lang or "default", exc)
