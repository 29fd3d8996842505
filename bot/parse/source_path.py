"""What a corpus file's name and folders say: issue date, page (版) and order on the page.

Crawlers and archives put the facts in the path (`20190227/20190227-10-01.txt`: issue of
2019-02-27, page 10, first article of the page), so the path is read before the text is guessed at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

_DATES = [
    re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)"),  # 20190227
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)"),  # 2019-02-27
    re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日"),  # 2019年2月27日
]
# What follows the date in a file name: `-10-01` = page 10, article 1 of that page.
_PAGE_ORDER = re.compile(r"^[-_ ]?(\d{1,3})[-_ ](\d{1,3})(?!\d)")
_PAGE_WORD = re.compile(r"(?:第|[Pp]age[-_ ]?|[Pp])?(\d{1,3})版|第(\d{1,3})版|[Pp]age[-_ ]?(\d{1,3})(?!\d)")


@dataclass
class PathFacts:
    issue_date: str | None = None
    page: str | None = None
    order: int | None = None
    date_from: str | None = None  # filename | folder


def _find_date(text: str) -> tuple[date, int] | None:
    """The first valid date in `text` and where it ends."""
    for rx in _DATES:
        for m in rx.finditer(text):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.end()
            except ValueError:
                continue
    return None


def path_facts(path: str | PurePath) -> PathFacts:
    """Read date, page and order from a path's file name, else its folders (nearest first)."""
    p = PurePath(path)
    facts = PathFacts()
    stem = p.stem
    found = _find_date(stem)
    if found:
        facts.issue_date, facts.date_from = found[0].isoformat(), "filename"
        m = _PAGE_ORDER.match(stem[found[1]:])
        if m:
            facts.page, facts.order = str(int(m.group(1))), int(m.group(2))
    else:
        for folder in reversed(p.parts[:-1]):
            found = _find_date(folder)
            if found:
                facts.issue_date, facts.date_from = found[0].isoformat(), "folder"
                break
    if facts.page is None:
        for part in (stem, *reversed(p.parts[:-1])):
            m = _PAGE_WORD.search(part)
            if m:
                facts.page = str(int(next(g for g in m.groups() if g)))
                break
    return facts
