"""A plain-text article, the layout of last resort: a title block of short lines (标题, 副题),
then the body, one paragraph a line. With no title line the first sentence stands in.

    湖南长沙研发投入强度达3.3%
    本报长沙2月1日电（记者…）…
"""
from __future__ import annotations

from bot.parse.article import parse_plain
from bot.parse.reader import SourceText
from bot.parse.types import LayoutParse

NAME = "plain_article"


def detect(src: SourceText, stem: str) -> bool:
    return True  # any text is read as one plain article (or as none, when it has no body)


def parse(src: SourceText) -> LayoutParse:
    plain, sources, source_line = parse_plain(src.text, src.meta)
    return LayoutParse([plain] if plain else [], [], source_line, sources)
