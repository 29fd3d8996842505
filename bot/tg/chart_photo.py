"""Send a comparison's chart as a photo, its numbers in the caption (the sources follow as text)."""
from __future__ import annotations

import asyncio

from telegram import Bot

from bot.present.chart import draw_chart
from bot.present.comparison import Comparison
from bot.present.reply import Reply
from bot.tg.sender import with_retry

CAPTION_LIMIT = 1024


def chart_caption(cmp: Comparison) -> str:
    """`metric` then one line per row: region, value as printed, date; cut to Telegram's 1,024."""
    lines = [cmp.metric + ("" if cmp.comparable else "（日期不同，仅列出）")]
    for r in cmp.rows:
        line = f"{r.region} {r.display}（{r.period}）"
        if len("\n".join(lines + [line])) > CAPTION_LIMIT - 20:
            lines.append("……完整列表和出处见下一条消息")
            break
        lines.append(line)
    return "\n".join(lines)


async def send_chart(bot: Bot, chat_id: int, reply: Reply, thread_id: int | None = None) -> bool:
    """Send the chart of a comparison reply, if it has one; True when a photo went out."""
    if reply.comparison is None or reply.comparison.chart is None:
        return False
    png = await asyncio.to_thread(draw_chart, reply.comparison)
    if png is None:
        return False
    caption = chart_caption(reply.comparison)
    await with_retry(lambda: bot.send_photo(chat_id, photo=png, caption=caption, message_thread_id=thread_id))
    return True
