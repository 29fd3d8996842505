"""The crawler's layout: three positional title lines (引题, 主题, 副题), then indented paragraphs.

    新时代新征程新伟业
    江西旅游人数达1690万人次
    （空行或副题）
    　　本报南昌2月1日电 …

Detected by the file's shape (and the crawler's file name, e.g. `20190201-01-01.txt`).
"""
from __future__ import annotations

from bot.parse.article import is_positional, parse_positional
from bot.parse.reader import SourceText
from bot.parse.types import LayoutParse

NAME = "positional"


def detect(src: SourceText, stem: str) -> bool:
    return is_positional(src.text.split("\n"), stem)


def parse(src: SourceText) -> LayoutParse:
    art, sources, source_line = parse_positional(src.text)
    return LayoutParse([art], [], source_line, sources)
