"""/subscribe, /unsubscribe, /subscriptions and their buttons (callback data `sub:…`)."""
from __future__ import annotations

import html
import logging
import re
import unicodedata

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.present.builders import cn_date
from bot.language.inputs import row_id
from bot.state.subscriptions import DEFAULT_TIME, TIME_LIKE, Subscription, parse_time
from bot.tg import services
from bot.tg.ptb import App

log = logging.getLogger(__name__)
MAX_PER_CHAT = 30
TIME_CHOICES = ["06:00", "07:00", "07:30", "08:00", "09:00", "12:00", "18:00", "21:00"]
ALL_WORDS = {"全部", "所有", "全部地区", "all"}

USAGE = ("用法：<code>/subscribe 地区 [时间]</code>，例如 <code>/subscribe 江西</code> 或 "
         "<code>/subscribe 四川 07:30</code>（时间也可以写 7点半、20点15）。\n每天到点推送该地区最新一期的简报（北京时间，默认 "
         f"{DEFAULT_TIME}）；没有新一期的日子不打扰。")
NOT_ADMIN = "只有群管理员可以管理本群的订阅。"
NONE_YET = "本聊天还没有订阅。发送 <code>/subscribe 地区</code> 订阅，例如 <code>/subscribe 江西</code>。"


async def may_manage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Private chats: the user. Groups: their admins (anonymous admins post as the group itself)."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.warning("getChatMember in %s failed: %s", chat.id, exc)
        return False
    return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


async def _reply(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await message.reply_text(text, reply_markup=markup, do_quote=message.chat.type != ChatType.PRIVATE)


def _list_text(subs: list[Subscription], header: str | None = None) -> str:
    lines = [header] if header else []
    if not subs:
        lines.append(NONE_YET)
        return "\n".join(lines)
    lines.append("本聊天的订阅（北京时间）：")
    for s in subs:
        got = f" · 已收到 {cn_date(s.last_issue)}" if s.last_issue else ""
        lines.append(f"• {html.escape(s.region)} · 每天 {s.push_time}{got}")
    lines.append("\n点按钮修改时间或退订；也可以发送 <code>/subscribe 地区 时间</code>。")
    return "\n".join(lines)


def _list_keyboard(subs: list[Subscription]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(f"{s.region} {s.push_time} 改时间", callback_data=f"sub:time:{s.id}"),
             InlineKeyboardButton(f"退订{s.region}", callback_data=f"sub:del:{s.id}")] for s in subs]
    return InlineKeyboardMarkup(rows) if rows else None


def _unsubscribe_keyboard(subs: list[Subscription]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(f"退订{s.region}", callback_data=f"sub:del:{s.id}")] for s in subs]
    rows.append([InlineKeyboardButton("全部退订", callback_data="sub:all")])
    return InlineKeyboardMarkup(rows)


def _time_keyboard(sub: Subscription) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(("✓ " if t == sub.push_time else "") + t,
                                    callback_data=f"sub:set:{sub.id}:{t.replace(':', '')}") for t in TIME_CHOICES]
    rows = [buttons[i:i + 4] for i in range(0, len(buttons), 4)]
    rows.append([InlineKeyboardButton("返回", callback_data="sub:list")])
    return InlineKeyboardMarkup(rows)


# Region words may also be run together with punctuation: 北京、上海 or 北京,上海.
_WORD_SPLIT = re.compile(r"[\s、,;；/|]+")
_TIME_AT_END = re.compile(TIME_LIKE.pattern + "$")


def split_args(args: list[str]) -> tuple[list[str], list[str]]:
    """(region words, time-like words) of /subscribe's arguments, time-like words valid or not.

    A time may stand anywhere, and may be glued to the end of a region (江西08:00).
    """
    regions: list[str] = []
    times: list[str] = []
    text = unicodedata.normalize("NFKC", " ".join(args))
    for word in (w for w in _WORD_SPLIT.split(text) if w):
        m = _TIME_AT_END.search(word)
        if m is None:
            regions.append(word)
            continue
        if m.start() > 0:
            regions.append(word[:m.start()])
        times.append(m.group())
    return regions, times


def bad_time_text(times: list[str]) -> str | None:
    """Why the time words cannot be used, or None when there is at most one valid time."""
    if len(times) > 1:
        return (f"一次只能设一个时间（收到：{html.escape('、'.join(times))}），"
                "例如 <code>/subscribe 江西 07:30</code>。")
    if times and parse_time(times[0]) is None:
        return f"时间无效：{html.escape(times[0])}，请用 HH:MM，例如 07:30（也可以写 7点半、20点15）。"
    return None


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    svc = services.get(context)
    words, times = split_args(context.args or [])
    problem = USAGE if not words else bad_time_text(times)
    if problem:
        await _reply(message, problem)
        return
    push_time = parse_time(times[0]) if times else None
    if not await may_manage(update, context):
        await _reply(message, NOT_ADMIN)
        return
    names, unknown = _regions_named(svc, words)
    if not names:
        await _reply(message, f"没有认出地区「{html.escape(' '.join(words))}」。可以用省份、城市或“京津冀”“东北”等区域名，"
                              "例如 <code>/subscribe 江西 08:00</code>。")
        return
    chat_id = message.chat_id
    existing = {s.region for s in svc.subs.for_chat(chat_id)}
    if len(existing | set(names)) > MAX_PER_CHAT:
        await _reply(message, f"每个聊天最多订阅 {MAX_PER_CHAT} 个地区，请先用 /unsubscribe 退订一些。")
        return
    added, changed = _subscribe_all(svc, chat_id, names, push_time)
    never = [n for n in names if svc.engine.newest_issue_for(n) is None]
    await _reply(message, _subscribed_text(added, changed, unknown, never, push_time))


def _regions_named(svc: services.Services, words: list[str]) -> tuple[list[str], list[str]]:
    """(regions found, words naming none). Word by word, so that a word naming no region is
    reported instead of silently dropped."""
    names: list[str] = []
    unknown: list[str] = []
    for word in words:
        found = svc.engine.resolve_regions(word)
        names.extend(n for n in found if n not in names)
        if not found:
            unknown.append(word)
    return names, unknown


def _subscribe_all(svc: services.Services, chat_id: int, names: list[str],
                   push_time: str | None) -> tuple[list[str], list[str]]:
    """Subscribe the chat to each region: (added, already there), each as `江西（08:00）`.

    Without a time asked for, a region already subscribed keeps its time."""
    now = svc.clock()
    added: list[str] = []
    changed: list[str] = []
    for name in names:
        current = next((s for s in svc.subs.for_chat(chat_id) if s.region == name), None)
        when = push_time or (current.push_time if current else DEFAULT_TIME)
        (added if svc.subs.subscribe(chat_id, name, when, now) else changed).append(f"{name}（{when}）")
    return added, changed


def _subscribed_text(added: list[str], changed: list[str], unknown: list[str], never: list[str],
                     push_time: str | None) -> str:
    lines = []
    if added:
        lines.append(f"已订阅：{html.escape('、'.join(added))}。每天到点推送最新一期简报（北京时间）；"
                     "没有新一期的日子不打扰。")
    if changed:
        lines.append(f"已更新：{html.escape('、'.join(changed))}。" if push_time else
                     f"已经订阅过：{html.escape('、'.join(changed))}。")
    if unknown:
        lines.append(f"没有认出地区：{html.escape('、'.join(unknown))}，这些没有订阅。")
    if never:
        lines.append(f"注意：语料中还没有关于{html.escape('、'.join(never))}的报道；订阅仍然有效，"
                     "一旦有新一期报道就会推送。")
    lines.append("查看或修改：/subscriptions")
    return "\n".join(lines)


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    svc = services.get(context)
    arg = " ".join(context.args or []).strip()
    subs = svc.subs.for_chat(message.chat_id)
    if not subs:
        await _reply(message, NONE_YET)
        return
    if not await may_manage(update, context):
        await _reply(message, NOT_ADMIN)
        return
    if not arg:
        await _reply(message, "要退订哪个地区？", _unsubscribe_keyboard(subs))
        return
    if arg.lower() in ALL_WORDS:
        removed = svc.subs.unsubscribe(message.chat_id)
    else:
        names = svc.engine.resolve_regions(arg) or [arg]
        removed = [r for n in names for r in svc.subs.unsubscribe(message.chat_id, n)]
    if not removed:
        await _reply(message, f"本聊天没有订阅「{html.escape(arg)}」。", _unsubscribe_keyboard(subs))
        return
    await _reply(message, f"已退订：{html.escape('、'.join(removed))}。")


async def subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    subs = services.get(context).subs.for_chat(message.chat_id)
    await _reply(message, _list_text(subs), _list_keyboard(subs))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    message = query.message
    svc = services.get(context)
    if not isinstance(message, Message):
        await query.answer("抱歉，这个按钮已过期，请发送 /subscriptions 查看订阅。")
        return
    if not await may_manage(update, context):
        await query.answer(NOT_ADMIN, show_alert=True)
        return
    chat_id = message.chat_id
    parts = (query.data or "").split(":")
    action = parts[1] if len(parts) > 1 else ""
    sub = None
    if action in ("time", "del", "set"):
        sub = _own_subscription(svc, parts, chat_id)
        if sub is None:  # gone, or data forged for another chat
            await query.answer("该订阅已不存在")
            await _show_list(message, svc, chat_id)
            return
    if action == "time" and sub is not None:
        await query.answer()
        await _edit(message, f"选择「{html.escape(sub.region)}」每天推送的时间（北京时间）；"
                             f"其他时间请发送 <code>/subscribe {html.escape(sub.region)} HH:MM</code>。",
                    _time_keyboard(sub))
        return
    header = _apply_button(svc, action, parts, sub, chat_id)
    await query.answer(header.replace("「", "").replace("」", "") if header else None)
    await _show_list(message, svc, chat_id, header)


def _own_subscription(svc: services.Services, parts: list[str], chat_id: int) -> Subscription | None:
    """The subscription `sub:<action>:<id>` names, if it still exists and belongs to this chat."""
    sub_id = row_id(parts[2]) if len(parts) > 2 else None  # forged data: '²', 99999999999999999999
    sub = svc.subs.get(sub_id) if sub_id is not None else None
    return sub if sub is not None and sub.chat_id == chat_id else None


def _apply_button(svc: services.Services, action: str, parts: list[str], sub: Subscription | None,
                  chat_id: int) -> str | None:
    """Do what the button says (a new time, one or all unsubscribed); what was done, as a header."""
    if action == "set" and sub is not None and len(parts) > 3 and (t := parse_time(parts[3][:2] + ":" + parts[3][2:])):
        svc.subs.set_time(sub.id, t)
        return f"已将「{html.escape(sub.region)}」的推送时间改为 {t}。"
    if action == "del" and sub is not None:
        svc.subs.remove(sub.id)
        return f"已退订「{html.escape(sub.region)}」。"
    if action == "all":
        svc.subs.unsubscribe(chat_id)
        return "已退订全部地区。"
    return None


async def _show_list(message: Message, svc: services.Services, chat_id: int, header: str | None = None) -> None:
    subs = svc.subs.for_chat(chat_id)
    await _edit(message, _list_text(subs, header), _list_keyboard(subs))


async def _edit(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


def register(app: App) -> None:
    app.add_handler(CommandHandler("subscribe", subscribe))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe))
    app.add_handler(CommandHandler("subscriptions", subscriptions))
    # Before the general button handler, which would take `sub:` for an engine action.
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^sub:"))
