"""Who a message is for: in groups the bot only answers mentions and replies to itself."""
from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.constants import ChatType
from telegram.ext.filters import MessageFilter


def mentions_bot(message: Message, username: str, bot_id: int) -> bool:
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    for ent in entities:
        if ent.type == MessageEntity.MENTION:
            if message.parse_entity(ent).lstrip("@").lower() == username.lower():
                return True
        elif ent.type == MessageEntity.TEXT_MENTION and ent.user and ent.user.id == bot_id:
            return True
    # Clients always send a mention entity; the text check covers hand-made updates.
    return bool(username) and f"@{username.lower()}" in text.lower() and not entities


def replies_to_bot(message: Message, bot_id: int) -> bool:
    original = message.reply_to_message
    return bool(original and original.from_user and original.from_user.id == bot_id)


def strip_mention(text: str, username: str) -> str:
    """The question without '@botname' (anywhere, any case)."""
    if not username:
        return text.strip()
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()


class AddressedToBot(MessageFilter):
    """Private chats: every message. Groups and channels: mentions of the bot and replies to it."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return True
        bot = message.get_bot()
        return mentions_bot(message, bot.username, bot.id) or replies_to_bot(message, bot.id)


ADDRESSED_TO_BOT = AddressedToBot(name="AddressedToBot")
