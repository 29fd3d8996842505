"""/reload and /status, for NEWSBOT_ADMIN_IDS only; anyone else gets the unknown-command answer."""
from __future__ import annotations

import functools
import html
import time
from pathlib import Path

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.ingest.pipeline import FileResult
from bot.present.builders import cn_date
from bot.tg import services
from bot.tg.handlers.unknown import answer_unknown_command
from bot.tg.jobs import scan_and_push
from bot.tg.ptb import App, Handler
from bot.tg.sender import send_html

MAX_ERRORS_SHOWN = 5


def _uptime(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}天{hours}小时{minutes}分"
    return f"{hours}小时{minutes}分" if hours else f"{minutes}分{int(seconds % 60)}秒"


def _errors(failed: list[FileResult]) -> list[str]:
    lines = [f"• <code>{html.escape(Path(r.path).name)}</code>：{html.escape(r.error or '未知错误')}"
             for r in failed[:MAX_ERRORS_SHOWN]]
    if len(failed) > MAX_ERRORS_SHOWN:
        lines.append(f"……另有 {len(failed) - MAX_ERRORS_SHOWN} 个")
    return lines


async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    if update.effective_chat is not None:
        await send_html(context.bot, update.effective_chat.id, [text])


def admin_only(handler: Handler) -> Handler:
    """To anyone but NEWSBOT_ADMIN_IDS an admin command is an unknown command, answered the same."""
    @functools.wraps(handler)
    async def wrapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if not services.get(context).is_admin(user.id if user else None):
            await answer_unknown_command(update, context)
            return
        await handler(update, context)
    return wrapped


@admin_only
async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    result, run = await scan_and_push(context.bot, services.get(context), skip_admin=user.id if user else None)
    report = result.report
    failed = [r for r in report.results if r.status == "failed"]
    stats = await services.get(context).stats()
    lines = [f"扫描完成（{report.seconds:.1f} 秒）：新增 {report.count('new')} 个文件，更新 {report.count('replaced')} 个，"
             f"未变 {report.count('unchanged')} 个，失败 {len(failed)} 个；新入库文章 {report.articles} 篇。",
             f"最新一期：{cn_date(stats['last']) or '无'}。"]
    if run and run.due:
        lines.append(f"已推送订阅简报 {run.sent} 条" + (f"，失败 {run.failed} 条" if run.failed else "") + "。")
    if failed:
        lines.append("导入失败：")
        lines.extend(_errors(failed))
    await _send(update, context, "\n".join(lines))


@admin_only
async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services.get(context)
    stats = await svc.stats()
    subs = svc.subs.stats(svc.clock())
    watcher = svc.watcher
    last_scan = watcher.last.at.strftime("%m-%d %H:%M:%S") if watcher and watcher.last and watcher.last.at else "尚未扫描"
    failed = watcher.last_errors if watcher else []
    every = f"每 {svc.settings.scan_minutes:g} 分钟" if svc.settings.scan_minutes > 0 else "已关闭"
    lines = [
        "<b>运行状态</b>",
        f"语料：{stats['issues']} 期，{stats['articles']} 篇文章，{stats['figures']} 个数字",
        f"最新一期：{cn_date(stats['last']) or '无'}",
        f"订阅：活跃 {subs['active']} 个，停用 {subs['inactive']} 个（{subs['chats']} 个聊天）",
        f"今日已推送：{subs['pushed_today']} 条",
        f"运行时间：{_uptime(time.monotonic() - svc.started_at)}",
        f"语料扫描：{every}；上次 {last_scan}",
        "最近导入错误：" + ("无" if not failed else ""),
        *_errors(failed),
    ]
    await _send(update, context, "\n".join(lines))


def register(app: App) -> None:
    app.add_handler(CommandHandler("reload", reload))
    app.add_handler(CommandHandler("status", status))
