"""同比呢 after a figure whose article prints no such change: said plainly, with the sentence.

`发送旅客3400万人次` with no change beside it → 报道没有给出同比变化, the sentence quoted, its source;
`从13人增加到168人` asked for 同比 → 报道没有给出同比变化, 报道给出的是：从13人增加到168人.
"""
from __future__ import annotations

from bot.ingest.rows import ArticleRow, FigureRow
from bot.present.blocks import Block
from bot.present.builders import article_ref, bold, figure_label, marked_sentence, source_line, text
from bot.present.reply import Action, Reply


def no_change_reply(fig: FigureRow, art: ArticleRow, asked: str, printed: str | None) -> Reply:
    """The figure just given (`fig`) has no `asked` change (同比, 环比, or "" for any); `printed` is
    the change the report gives instead (比2015年增长20%, 从13人增加到168人), if any."""
    what = f"{asked}变化" if asked else "变化"
    blocks = [text(bold(f"报道没有给出{what}"), kind="title")]
    if printed:
        blocks.append(text(f"报道给出的是：{printed}。"))
    else:
        blocks.append(text(f"报道只给出了{figure_label(fig)}，没有给出它的{what}。"))
    blocks.append(Block("quote", marked_sentence(fig)))
    blocks.append(text(source_line(art), kind="note"))
    actions = [Action("原文", "source", str(fig["id"])), Action("查看全文", "article", art["id"])]
    return Reply(intent="context", blocks=blocks, issue_date=art["issue_date"],
                 articles=[article_ref(art, [])], actions=actions)


def itself_a_change_reply(fig: FigureRow, art: ArticleRow, printed: str) -> Reply:
    """同比呢 after a change (增长6.1%): the figure just given is that change (`printed`: 同比增长6.1%)."""
    said = f"刚才给出的{fig['display']}就是报道里的变化" + (f"：{printed}。" if printed else "。")
    blocks = [text(bold(fig["display"]), kind="title"), text(said),
              Block("quote", marked_sentence(fig)), text(source_line(art), kind="note")]
    return Reply(intent="context", blocks=blocks, issue_date=art["issue_date"],
                 articles=[article_ref(art, [])], actions=[Action("原文", "source", str(fig["id"]))])


def printed_change_reply(fig: FigureRow, art: ArticleRow, printed: str) -> Reply:
    """增长了多少 after 168人 printed as 从13人增加到168人: the change as printed (no figure of its own)."""
    blocks = [text(bold(printed), kind="title"), Block("quote", marked_sentence(fig)),
              text(source_line(art), kind="note")]
    return Reply(intent="context", blocks=blocks, issue_date=art["issue_date"],
                 articles=[article_ref(art, [])], actions=[Action("原文", "source", str(fig["id"]))])
