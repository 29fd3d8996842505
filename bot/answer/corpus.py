"""Read access to the corpus tables: the queries the engine needs, returning typed rows.

Each query's rows are a TypedDict of bot/ingest/rows.py (plain dicts at run time): `article()` of
an id gives an `ArticleRow` (headline 全国规上工业企业复工率逐步提高, byline ["顾仲阳"]),
`figures_of()` its `FigureRow`s (display 98.6%, sentence 浙江规上工业企业复工率已达98.6%),
`fts(["复工率"], ("figure",))` (bot/answer/text_index.py) the index rows that hold 复工率, best first.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, cast

import sqlite_utils

from bot.analyse.regions import MAIN_SUBJECT_WEIGHT
from bot.answer.text_index import TextIndex
from bot.ingest.rows import (ArticleHead, ArticleRow, CaptionRow, CorpusStats, FigureRow, ParagraphInArticle,
                             ParagraphRow, RegionRow)

def page_order(alias: str = "") -> str:
    """ORDER BY terms for articles in print order: page by page, then their place on the page."""
    p = f"{alias}." if alias else ""
    return f"CAST({p}page AS INTEGER), {p}page_order, {p}ordinal"


# A figure's sentence is stored as a span of its paragraph (sent_start, sent_len) when it is one.
FIGURE_SELECT = (
    "SELECT f.id, f.article_id, f.paragraph_id, f.ordinal, f.display, f.value, f.value_max, f.unit, f.kind, "
    "f.qualifier, f.change, f.is_change, f.change_of, f.period, f.metric, f.region, f.measure, f.year, "
    "f.period_key, f.aspects, "
    "coalesce(f.sentence, substr(p.text, f.sent_start + 1, f.sent_len)) AS sentence, f.start, f.[end] "
    "FROM figures f LEFT JOIN paragraphs p ON p.id=f.paragraph_id")
def sql_substr(text: str, first: int, length: int) -> str:
    """SQLite's substr(text, first, length) in Python (its substrFunc, characters counted as
    SQLite counts them in text): 1-based, 0 and negative starts and negative lengths included."""
    p1, p2 = first, length
    backwards = p2 < 0
    if backwards:
        p2 = -p2
    if p1 < 0:
        p1 += len(text)
        if p1 < 0:
            p2 = max(0, p2 + p1)
            p1 = 0
    elif p1 > 0:
        p1 -= 1
    elif p2 > 0:
        p2 -= 1
    if backwards:
        p1 -= p2
        if p1 < 0:
            p2 += p1
            p1 = 0
    return text[p1:p1 + p2]


_CHUNK = 500  # ids per IN (…): well under SQLite's variable limit


def _chunks(ids: list[Any]) -> list[list[Any]]:
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


class Corpus(TextIndex):
    """A read-only view of the corpus database: its tables here, its full-text index (`fts`,
    `term_rarity`, `doc_frequency`) from TextIndex."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        super().__init__(db)

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dicts (for the CLI's listings)."""
        cur = self.db.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    # ------------------------------------------------------------ issues

    def issue_dates(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT issue_date FROM articles ORDER BY issue_date DESC").fetchall()]

    def latest_issue(self) -> str | None:
        row = self.db.execute("SELECT max(issue_date) FROM articles").fetchone()
        return row[0] if row else None

    def issues_between(self, start: date, end: date) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT issue_date FROM articles WHERE issue_date BETWEEN ? AND ? ORDER BY issue_date DESC",
            [start.isoformat(), end.isoformat()]).fetchall()]

    def issues_on_monthday(self, month: int, day: int) -> list[str]:
        suffix = f"-{month:02d}-{day:02d}"
        return [d for d in self.issue_dates() if d.endswith(suffix)]

    def articles_with_event(self, iso: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE event_dates LIKE ? ORDER BY issue_date DESC, ordinal",
            [f'%"{iso}"%']).fetchall()]

    def stats(self) -> CorpusStats:
        def one(sql: str) -> Any:
            return self.db.execute(sql).fetchone()[0]
        papers = [r[0] for r in self.db.execute(
            "SELECT paper FROM articles WHERE paper IS NOT NULL GROUP BY paper ORDER BY count(*) DESC")]
        # A printed page is one page number of one issue, however many files it came in.
        pages = one("SELECT count(*) FROM (SELECT DISTINCT issue_date, coalesce(page, page_id) FROM placements)")
        return {"papers": "、".join(papers) or "各报", "pages": pages,
                "articles": one("SELECT count(*) FROM articles"),
                "figures": one("SELECT count(*) FROM figures"),
                "first": one("SELECT min(issue_date) FROM articles"),
                "last": one("SELECT max(issue_date) FROM articles"),
                "issues": one("SELECT count(DISTINCT issue_date) FROM articles")}

    # ------------------------------------------------------------ articles

    def article(self, article_id: str) -> ArticleRow | None:
        rows = self.rows("SELECT * FROM articles WHERE id=?", [article_id])
        return self._article(rows[0]) if rows else None

    @staticmethod
    def _article(a: dict[str, Any]) -> ArticleRow:
        """An articles row with its JSON columns read, in place (the keys keep their order)."""
        a["byline"] = json.loads(a["byline"] or "[]")
        a["sections"] = json.loads(a["sections"] or "[]")
        a["event_dates"] = json.loads(a["event_dates"] or "[]")
        return cast(ArticleRow, a)

    def get_article(self, article_id: str) -> ArticleRow:
        """An article whose id was just read from the database (it must exist)."""
        art = self.article(article_id)
        if art is None:
            raise LookupError(f"article {article_id} vanished")  # deleted by an ingest in between
        return art

    def articles_by_ids(self, ids: list[str]) -> dict[str, ArticleRow]:
        """`article()` of many ids in one query; ids no longer stored are left out."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, ArticleRow] = {}
        for chunk in _chunks(ids):
            for a in self.rows(f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                out[a["id"]] = self._article(a)
        return out

    def article_heads(self, ids: list[str]) -> dict[str, ArticleHead]:
        """What ranking a figure or a search result needs of its article (date, main region, title
        block, editor's note), without the text and JSON columns `article()` reads."""
        out: dict[str, ArticleHead] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for a in self.rows("SELECT id, issue_date, main_region, kicker, headline, subtitle, editor_note "
                               f"FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                out[a["id"]] = cast(ArticleHead, a)
        return out

    def main_regions(self, ids: list[str]) -> dict[str, str | None]:
        """Each article's main region (None when it has none); ids no longer stored are left out."""
        out: dict[str, str | None] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            out.update((r[0], r[1]) for r in self.db.execute(
                f"SELECT id, main_region FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def region_names_by_ids(self, ids: list[str], min_weight: float = 0.0,
                            levels: tuple[str, ...] | None = None) -> dict[str, list[str]]:
        """Names of each article's regions (weight ≥ min_weight, of `levels`), strongest first."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, list[str]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            for aid, name, level in self.db.execute(
                    f"SELECT article_id, name, level FROM article_regions WHERE article_id IN "
                    f"({','.join('?' * len(chunk))}) AND weight>=? ORDER BY weight DESC", [*chunk, min_weight]):
                if levels is None or level in levels:
                    out[aid].append(name)
        return out

    def region_name_sets(self, ids: list[str], min_weight: float) -> dict[str, set[str]]:
        """`region_names_by_ids()` as sets, for membership tests: without the sort by weight, which
        ranking does not need."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, set[str]] = {i: set() for i in ids}
        for chunk in _chunks(ids):
            for aid, name in self.db.execute(
                    f"SELECT article_id, name FROM article_regions WHERE article_id IN "
                    f"({','.join('?' * len(chunk))}) AND weight>=?", [*chunk, min_weight]):
                out[aid].add(name)
        return out

    def leads(self, ids: list[str], chars: int = 120) -> dict[str, tuple[str, str]]:
        """Each article's (dateline, opening): the dateline, and the subtitle and opening paragraphs
        (about `chars` characters, at most three paragraphs): where a story says whom it is about."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(ids):
            for aid, subtitle, dateline, para in self.db.execute(
                    "SELECT a.id, a.subtitle, a.dateline, p.text FROM articles a LEFT JOIN paragraphs p "
                    f"ON p.article_id=a.id AND p.ordinal<3 WHERE a.id IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY a.id, p.ordinal", chunk):
                said, opening = out.get(aid, (dateline or "", subtitle or ""))
                if para and len(opening) < chars and not para.lstrip().startswith("编者按"):  # a series' note
                    opening += "\n" + para
                out[aid] = (said, opening)
        return out

    def paragraphs_by_ids(self, ids: list[str]) -> dict[str, list[ParagraphRow]]:
        """`paragraphs()` of many articles in one query."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, list[ParagraphRow]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            for p in self.rows(f"SELECT article_id, id, ordinal, section, text FROM paragraphs WHERE article_id IN "
                               f"({','.join('?' * len(chunk))}) ORDER BY article_id, ordinal", chunk):
                out[p.pop("article_id")].append(cast(ParagraphRow, p))
        return out

    def figures_by_articles(self, ids: list[str]) -> dict[str, list[FigureRow]]:
        """`figures_of()` of many articles in one query."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, list[FigureRow]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            for f in self.rows(f"{FIGURE_SELECT} WHERE f.article_id IN ({','.join('?' * len(chunk))}) "
                               "ORDER BY f.article_id, f.ordinal", chunk):
                out[f["article_id"]].append(self._figure(f))
        return out

    def figure_sentences_of_articles(self, ids: list[str]) -> list[tuple[int, str, str | None]]:
        """(figure id, article id, sentence) of every figure of these articles, by article and in
        print order: what `figures_by_articles()` gives of them, without the rest of each row. Each
        paragraph a sentence is cut from is read once (a paragraph holds several figures)."""
        out: list[tuple[int, str, str | None]] = []
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows = self.db.execute(
                "SELECT id, article_id, paragraph_id, sentence, sent_start, sent_len FROM figures "
                f"WHERE article_id IN ({','.join('?' * len(chunk))}) ORDER BY article_id, ordinal", chunk).fetchall()
            texts = self.paragraph_texts([r[2] for r in rows if r[3] is None and r[2] is not None])
            for fid, aid, pid, sentence, start, length in rows:
                if sentence is None:  # coalesce(f.sentence, substr(p.text, f.sent_start + 1, f.sent_len))
                    text = texts.get(pid)
                    if text is not None and start is not None and length is not None:
                        sentence = sql_substr(text, int(start) + 1, int(length))
                out.append((fid, aid, sentence))
        return out

    def figures_by_ids_in_articles(self, ids: list[int]) -> dict[str, list[FigureRow]]:
        """Figures by id, grouped by article and in print order (as `figures_by_articles()` lists
        them); articles in the order of their first figure among `ids`."""
        rows: list[dict[str, Any]] = []
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows += self.rows(f"{FIGURE_SELECT} WHERE f.id IN ({','.join('?' * len(chunk))})", chunk)
        # ORDER BY article_id, ordinal (a NULL ordinal first, as SQLite sorts it)
        rows.sort(key=lambda f: (f["article_id"], f["ordinal"] is not None, f["ordinal"] or 0))
        out: dict[str, list[FigureRow]] = {}
        for f in rows:
            out.setdefault(f["article_id"], []).append(self._figure(f))
        return out

    def phrase_in_articles(self, ids: list[str], phrase: str) -> dict[str, tuple[bool, bool]]:
        """Per article: whether `phrase` stands in its body (paragraphs joined, then the headline, as
        they print) or headline, and whether it stands within one paragraph. The texts are read
        once, in the order the index gives, and joined here: cheaper than a sorted join in SQL."""
        out = {i: (False, False) for i in ids}
        if not phrase:
            return out
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            heads = dict(self.db.execute(f"SELECT id, headline FROM articles WHERE id IN ({marks})", chunk).fetchall())
            paras: dict[str, list[tuple[int, str]]] = {}
            for aid, ordinal, text in self.db.execute(
                    f"SELECT article_id, ordinal, text FROM paragraphs WHERE article_id IN ({marks})", chunk):
                lst = paras.setdefault(aid, [])
                if text is not None:  # as group_concat and max(instr) skip NULLs
                    lst.append((ordinal, text))
            for aid, headline in heads.items():
                texts = [t for _, t in sorted(paras.get(aid, []), key=lambda p: p[0])]
                # NULL || anything is NULL: a NULL headline, or paragraphs all NULL, was never found
                # joined (as it always was).
                joined = headline is not None and (aid not in paras or bool(texts)) and \
                    phrase in "".join(texts) + headline
                out[aid] = (joined, any(phrase in t for t in texts))
        return out

    def in_regions(self, ids: list[str], codes: list[str], min_weight: float) -> set[str]:
        """Those of `ids` that are about any of `codes` (weight ≥ min_weight)."""
        out: set[str] = set()
        if not codes:
            return out
        for chunk in _chunks(list(dict.fromkeys(ids))):
            out.update(r[0] for r in self.db.execute(
                f"SELECT article_id FROM article_regions WHERE article_id IN ({','.join('?' * len(chunk))}) "
                f"AND code IN ({','.join('?' * len(codes))}) AND weight>=?", [*chunk, *codes, min_weight]))
        return out

    def articles_in(self, issue_dates: list[str]) -> list[str]:
        if not issue_dates:
            return []
        marks = ",".join("?" * len(issue_dates))
        return [r[0] for r in self.db.execute(
            f"SELECT id FROM articles WHERE issue_date IN ({marks}) ORDER BY issue_date DESC, {page_order()}",
            issue_dates).fetchall()]

    def articles_for_region(self, codes: list[str], issue_dates: list[str] | None,
                            min_weight: float, limit: int | None = None) -> list[tuple[str, float]]:
        """Articles about any of `codes` (weight ≥ min_weight), strongest first within an issue."""
        if not codes:
            return []
        params: list[Any] = [*codes, min_weight]
        where = ""
        if issue_dates is not None:
            if not issue_dates:
                return []
            where = f" AND r.issue_date IN ({','.join('?' * len(issue_dates))})"
            params += issue_dates
        if limit is not None:  # does the region have any articles at all (newest first)
            params.append(limit)
            return [(r[0], r[1]) for r in self.db.execute(
                f"SELECT r.article_id, r.weight FROM article_regions r WHERE r.code IN ({','.join('?' * len(codes))}) "
                f"AND r.weight>=?{where} ORDER BY r.issue_date DESC LIMIT ?", params)]
        rows = self.db.execute(
            f"SELECT a.id, max(r.weight) w FROM article_regions r JOIN articles a ON a.id=r.article_id "
            f"WHERE r.code IN ({','.join('?' * len(codes))}) AND r.weight>=?{where} "
            # Within an issue: articles whose main subject the region is (named in the title) first,
            # then those it only stands in the dateline or body of; each group in print order.
            f"GROUP BY a.id ORDER BY a.issue_date DESC, w >= {MAIN_SUBJECT_WEIGHT} DESC, {page_order('a')}",
            params).fetchall()
        return [(r[0], r[1]) for r in rows]

    def region_issues(self, codes: list[str], min_weight: float, limit: int | None = None) -> list[tuple[str, int]]:
        """(issue date, article count) of the issues with articles about any of `codes`, newest first."""
        if not codes:
            return []
        marks = ",".join("?" * len(codes))
        if limit is not None:
            # The newest issues only: per region, a walk back along its (code, issue_date) index.
            dates: set[str] = set()
            for code in codes:
                dates.update(r[0] for r in self.db.execute(
                    "SELECT DISTINCT issue_date FROM article_regions WHERE code=? AND weight>=? "
                    "ORDER BY issue_date DESC LIMIT ?", [code, min_weight, limit]))
            newest = sorted(dates, reverse=True)[:limit]
            if not newest:
                return []
            rows = self.db.execute(
                f"SELECT issue_date, count(DISTINCT article_id) FROM article_regions WHERE code IN ({marks}) "
                f"AND weight>=? AND issue_date IN ({','.join('?' * len(newest))}) GROUP BY issue_date "
                "ORDER BY issue_date DESC", [*codes, min_weight, *newest]).fetchall()
            return [(r[0], r[1]) for r in rows]
        rows = self.db.execute(
            "SELECT issue_date, count(DISTINCT article_id) FROM article_regions "
            f"WHERE code IN ({marks}) AND weight>=? "
            "GROUP BY issue_date ORDER BY issue_date DESC", [*codes, min_weight]).fetchall()
        return [(r[0], r[1]) for r in rows]

    def regions_of(self, article_id: str) -> list[RegionRow]:
        return cast(list[RegionRow], self.rows("SELECT code, name, level, weight, direct, evidence FROM article_regions "
                          "WHERE article_id=? ORDER BY weight DESC", [article_id]))

    def province_names(self, article_id: str, min_weight: float = 0.0) -> list[str]:
        """The provinces an article is about (weight ≥ min_weight), strongest first."""
        return [r["name"] for r in self.regions_of(article_id)
                if r["level"] == "province" and r["weight"] >= min_weight]

    def region_counts(self, issue_dates: list[str] | None, min_weight: float) -> list[tuple[str, str, str, int]]:
        """(code, name, level, article count) for regions with articles, most articles first."""
        params: list[Any] = [min_weight]
        where = ""
        if issue_dates:
            where = f" AND a.issue_date IN ({','.join('?' * len(issue_dates))})"
            params += issue_dates
        return [tuple(r) for r in self.db.execute(
            "SELECT r.code, r.name, r.level, count(DISTINCT r.article_id) n FROM article_regions r "
            f"JOIN articles a ON a.id=r.article_id WHERE r.weight>=?{where} "
            "GROUP BY r.code ORDER BY n DESC, r.name", params).fetchall()]

    def paragraphs(self, article_id: str) -> list[ParagraphRow]:
        return cast(list[ParagraphRow], self.rows(
            "SELECT id, ordinal, section, text FROM paragraphs WHERE article_id=? ORDER BY ordinal", [article_id]))

    def paragraph(self, paragraph_id: int) -> ParagraphInArticle | None:
        rows = self.rows("SELECT id, article_id, ordinal, section, text FROM paragraphs WHERE id=?", [paragraph_id])
        return cast(ParagraphInArticle, rows[0]) if rows else None

    def paragraph_texts(self, ids: list[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            out.update((r[0], r[1]) for r in self.db.execute(
                f"SELECT id, text FROM paragraphs WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def section_text(self, paragraph_id: int) -> str | None:
        """The subhead and paragraphs of the section a paragraph stands under (新春走基层's 场景：“茶叶扶贫”),
        None when it stands under none."""
        rows = self.db.execute(
            "SELECT p.section, p.text FROM paragraphs p JOIN paragraphs q ON q.article_id = p.article_id "
            "AND q.section = p.section WHERE q.id = ? ORDER BY p.ordinal", (paragraph_id,)).fetchall()
        if not rows or rows[0][0] is None:
            return None
        return str(rows[0][0]) + "\n" + "\n".join(str(r[1]) for r in rows)

    def articles_mentioning(self, article_ids: list[str], phrase: str) -> set[str]:
        """Which of these articles print `phrase` (a village's name) in their title block or body."""
        out: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(article_ids))):
            marks = ",".join("?" * len(chunk))
            out |= {r[0] for r in self.db.execute(
                f"SELECT DISTINCT article_id FROM paragraphs WHERE article_id IN ({marks}) AND instr(text, ?) > 0",
                [*chunk, phrase])}
            out |= {r[0] for r in self.db.execute(
                f"SELECT id FROM articles WHERE id IN ({marks}) AND instr(coalesce(kicker, '') || headline || "
                "coalesce(subtitle, ''), ?) > 0", [*chunk, phrase])}
        return out

    def captions(self, article_id: str) -> list[CaptionRow]:
        return cast(list[CaptionRow], self.rows(
            "SELECT text, credit FROM captions WHERE article_id=? ORDER BY ordinal", [article_id]))

    # ------------------------------------------------------------ figures

    def figures_of(self, article_id: str) -> list[FigureRow]:
        return [self._figure(r) for r in self.rows(
            f"{FIGURE_SELECT} WHERE f.article_id=? ORDER BY f.ordinal", [article_id])]

    def figure(self, figure_id: int) -> FigureRow | None:
        rows = self.rows(f"{FIGURE_SELECT} WHERE f.id=?", [figure_id])
        return self._figure(rows[0]) if rows else None

    def figures_by_ids(self, ids: list[int]) -> list[FigureRow]:
        if not ids:
            return []
        rows = self.rows(f"{FIGURE_SELECT} WHERE f.id IN ({','.join('?' * len(ids))}) ORDER BY f.id", ids)
        return [self._figure(r) for r in rows]

    def figures_with_paragraphs(self, ids: list[int]) -> list[tuple[FigureRow, str | None]]:
        """`figures_by_ids()` with each figure's paragraph text, in one query (the join that gives
        the sentence reads that paragraph anyway)."""
        out: list[tuple[FigureRow, str | None]] = []
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for r in self.rows(f"{FIGURE_SELECT.replace(' FROM figures f', ', p.text AS paragraph_text FROM figures f')} "
                               f"WHERE f.id IN ({','.join('?' * len(chunk))})", chunk):
                para = r.pop("paragraph_text")
                out.append((self._figure(r), para))
        out.sort(key=lambda fp: fp[0]["id"])
        return out

    def figure_sentences(self, ids: list[int]) -> list[tuple[str, str]]:
        """(article id, sentence) of figures by id, in id order: `figures_by_ids()` without the rest."""
        if not ids:
            return []
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT f.article_id, coalesce(f.sentence, substr(p.text, f.sent_start + 1, f.sent_len)) "
            f"FROM figures f LEFT JOIN paragraphs p ON p.id=f.paragraph_id WHERE f.id IN ({','.join('?' * len(ids))}) "
            "ORDER BY f.id", ids)]

    def figures_with_display(self, text: str, limit: int = 200) -> list[FigureRow]:
        """Figures whose printed form contains `text` (3.3% also finds 约3.3%)."""
        return [self._figure(r) for r in self.rows(
            f"{FIGURE_SELECT} WHERE instr(f.display, ?) > 0 LIMIT ?", [text, limit])]

    def kind_counts(self, article_ids: list[str], kind: str) -> dict[str, int]:
        """How many figures of `kind` each article states."""
        if not article_ids:
            return {}
        return {r[0]: r[1] for r in self.db.execute(
            f"SELECT article_id, count(*) FROM figures WHERE kind=? AND article_id IN "
            f"({','.join('?' * len(article_ids))}) GROUP BY article_id", [kind, *article_ids]).fetchall()}

    @staticmethod
    def _figure(row: dict[str, Any]) -> FigureRow:
        """A FIGURE_SELECT row with its change read from JSON, in place (the keys keep their order)."""
        row["change"] = json.loads(row["change"]) if row.get("change") else None
        return cast(FigureRow, row)
