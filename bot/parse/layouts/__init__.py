"""Paper layouts: how a file's text is laid out, each a (detect, parse) pair in a module of its own.

The first layout whose `detect(src, stem)` says yes reads the file; the file's name stem (e.g.
`20190201-01-01`) helps detection. `markdown_page` (a PDF page turned to markdown: `# 主题`,
`## 副题`, bylines, 图片说明), `positional` (the crawler's three title lines), `plain_article`
(anything else, last). A new layout is one module with NAME, detect and parse, and one entry in
LAYOUTS.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from bot.parse.layouts import markdown_page, plain_article, positional
from bot.parse.reader import SourceText
from bot.parse.types import LayoutParse


class Layout(NamedTuple):
    name: str  # stored as pages.layout
    detect: Callable[[SourceText, str], bool]
    parse: Callable[[SourceText], LayoutParse]


# Tried in this order; plain_article takes whatever the others leave.
LAYOUTS: tuple[Layout, ...] = tuple(
    Layout(m.NAME, m.detect, m.parse) for m in (markdown_page, positional, plain_article))


def read_layout(src: SourceText, name: str) -> tuple[str, LayoutParse]:
    """The file's layout (detected per file) and what it reads; `name` is the file's path."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for lay in LAYOUTS:
        if lay.detect(src, stem):
            return lay.name, lay.parse(src)
    raise AssertionError("plain_article reads any text")  # pragma: no cover
