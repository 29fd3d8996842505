"""Chat lifecycle for subscriptions: reactivation, group → supergroup migration, bot removed/blocked."""
from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.ext import ChatMemberHandler, ContextTypes, MessageHandler, TypeHandler, filters

from bot.tg import services
from bot.tg.ptb import App

log = logging.getLogger(__name__)
_GONE = {ChatMember.BANNED, ChatMember.LEFT}
# Before the allow-list gatekeeper (group -1), which may stop an update.
LIFECYCLE_GROUP = -3
REACTIVATE_GROUP = -2


def _removed(update: Update) -> bool:
    change = update.my_chat_member
    return bool(change and change.new_chat_member.status in _GONE)


async def reactivate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A chat that writes to the bot again gets its pushes again."""
    chat = update.effective_chat
    svc = services.get(context)
    if chat is None or svc.subs is None or _removed(update):
        return
    if svc.subs.reactivate(chat.id, svc.clock()):
        log.info("chat %s active again", chat.id)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    svc = services.get(context)
    # Telegram tells both chats: the old group (migrate_to) and the new supergroup (migrate_from).
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    moved = svc.subs.migrate(old, new)
    if moved:
        log.info("chat %s migrated to %s: %d subscriptions moved", old, new, moved)
    if message.migrate_to_chat_id:  # once: the second notice would overwrite the moved data
        context.application.migrate_chat_data(old_chat_id=old, new_chat_id=new)


async def on_my_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Blocked by a user, or removed from a group: stop pushing at once instead of on the next 403."""
    member, chat = update.my_chat_member, update.effective_chat
    if member is not None and chat is not None and _removed(update):
        svc = services.get(context)
        svc.subs.deactivate(chat.id, member.new_chat_member.status, svc.clock())


def register(app: App) -> None:
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate), group=LIFECYCLE_GROUP)
    app.add_handler(ChatMemberHandler(on_my_member, ChatMemberHandler.MY_CHAT_MEMBER), group=LIFECYCLE_GROUP)
    app.add_handler(TypeHandler(Update, reactivate), group=REACTIVATE_GROUP)
