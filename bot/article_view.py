"""Views of one article: where it comes from (`它的来源`), and the article itself."""
from __future__ import annotations

from typing import Any

from bot.models import Action, Reply
from bot.replies import article_ref, bold, source_line, text


def cite_reply(art: dict[str, Any]) -> Reply:
    """The article's source line, with a way to read it."""
    blocks = [text(bold(f"《{art['headline']}》的出处"), kind="title"), text(source_line(art))]
    return Reply(intent="cite", blocks=blocks, issue_date=art["issue_date"], articles=[article_ref(art, [])],
                 actions=[Action("查看全文", "article", art["id"])])
