"""Issue dates of pages and the event dates their articles report."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.parse.source_path import path_facts

_ISO = re.compile(r"(?<!\d)(\d{4})[-_.年/](\d{1,2})[-_.月/](\d{1,2})日?(?!\d)")
_MD = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"(?<![\d—–-])(\d{4})年")
# A date is an end or a plan, not something reported, when these stand around it.
_FUTURE_BEFORE = ("至", "到", "—", "–", "-", "截至", "将于", "计划", "预计")
_FUTURE_AFTER = ("结束", "截止", "前", "将", "起将")
_YEAR_FUTURE_BEFORE = ("到", "至", "—", "–", "-")
_YEAR_FUTURE_AFTER = ("将", "前", "要", "计划", "目标")


def parse_iso(text: str) -> date | None:
    m = _ISO.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _context(text: str, start: int, end: int, width: int = 4) -> tuple[str, str]:
    return text[max(0, start - width):start], text[end:end + width]


# Titles of documents and works (《2063年议程》, “2030年可持续发展议程”) name years that are not dates.
_TITLED = re.compile(r"《[^《》]{0,60}》|“[^“”]{0,40}”")


def infer_year(text: str, not_after: int | None = None) -> int | None:
    """The year a page was printed: the latest year it speaks of as present or past.

    Years in plans (到2028年, 2024—2028年, 2025年将) and in titles (《2063年议程》) don't count;
    截至2024年底 implies the next year; nothing later than `not_after` (the year the file was saved)."""
    titled = [(m.start(), m.end()) for m in _TITLED.finditer(text)]
    best: int | None = None
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if not 1990 <= y <= 2100 or (not_after is not None and y > not_after):
            continue
        if any(a <= m.start() < b for a, b in titled):
            continue
        before, after = _context(text, m.start(), m.end())
        after_clause = re.split(r"[。;；]", text[m.end():m.end() + 12])[0]
        planned = before.endswith(_YEAR_FUTURE_BEFORE) and not before.endswith("截至")
        if planned or after.startswith(_YEAR_FUTURE_AFTER) or \
                re.match(r"^[,，]?\s*(?:将|要|计划)", after_clause):
            continue
        if after.startswith(("底", "全年", "年底")):
            y += 1
        best = y if best is None else max(best, y)
    return best


def infer_issue_date(text: str, not_after: date | None = None) -> date | None:
    """The latest month-day the text reports as past (记者1月17日获悉, 1月15日,…举行).

    A page is never printed after its file was saved, so `not_after` bounds the guess."""
    year = infer_year(text, not_after.year if not_after else None)
    if year is None:
        return None
    latest: date | None = None
    for m in _MD.finditer(text):
        before, after = _context(text, m.start(), m.end())
        if before.endswith(_FUTURE_BEFORE) or after.startswith(_FUTURE_AFTER):
            continue
        try:
            d = date(int(m.group(1) or year), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if not_after is not None and d > not_after:
            continue
        latest = d if latest is None or d > latest else latest
    return latest


class BadDateError(ValueError):
    """A date the file states but that is no date (date: 2025-13-45)."""


def issue_date_for(meta_date: str | None, path: str, text: str,
                   file_date: str | None = None) -> tuple[str, str]:
    """Issue date and where it came from: front_matter, filename or folder (YYYYMMDD, YYYY-MM-DD,
    YYYY年M月D日), inferred from the text, else file_mtime (the day the file was saved, Beijing
    time) or unknown (today) when there is not even a file."""
    if meta_date:
        d = parse_iso(meta_date)
        if d is None:
            raise BadDateError(meta_date)
        return d.isoformat(), "front_matter"
    facts = path_facts(path) if path else None
    if facts and facts.issue_date:
        return facts.issue_date, facts.date_from or "filename"
    d = infer_issue_date(text, date.fromisoformat(file_date) if file_date else None)
    if d:
        return d.isoformat(), "inferred"
    # Nothing printed to go on: the file's own date, marked so nobody mistakes it for a printed one.
    if file_date:
        return file_date, "file_mtime"
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat(), "unknown"


def article_event_dates(text: str, issue_date: str) -> list[str]:
    """ISO dates of the month-days an article states, in the year that puts them nearest the issue."""
    issue = date.fromisoformat(issue_date)
    out: list[str] = []
    for m in _MD.finditer(text):
        try:
            if m.group(1):
                d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            else:
                d = date(issue.year, int(m.group(2)), int(m.group(3)))
                # A December event reported in a January issue happened last year.
                if d - issue > timedelta(days=183):
                    d = d.replace(year=issue.year - 1)
        except ValueError:
            continue
        if d.isoformat() not in out:
            out.append(d.isoformat())
    return out
