"""The full-text index of a corpus database: which documents hold the words asked, best first.

Text is indexed jieba-segmented (text_fts for headlines, paragraphs and captions, figure_fts for
figure contexts; each index row is one fts_rows row, bot/ingest/store.py). `fts(["复工率"],
("figure",))` gives (article id, kind, ref, bm25) of the figures whose context holds 复工率; a
common word (发展, 全国) is left out of a query once rarer words fill FTS_ROW_BUDGET rows;
`term_rarity` says 海雀 (a village) is rarer than 森林.
"""
from __future__ import annotations

import math
import re
from typing import Any

import sqlite_utils

from bot.ingest.store import FTS_KINDS
from bot.language.segment import fts_query_tokens

UNSEEN_RARITY = 0.3
_FTS_SAFE = re.compile(r"[^\w\u4e00-\u9fff]+")
# Index rows one query may rank (see TextIndex._selective).
FTS_ROW_BUDGET = 5000


class TextIndex:
    """Queries of the text and figure indexes, with the counts they need cached per connection."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._vocab: set[str] = set()
        self._text_rows_at: tuple[int, int] = (-1, 1)  # (max fts_rows id, text rows) when last counted
        # Index rows per (table, term), kept while the index has not grown (fts_rows ids only grow):
        # the words of questions recur (复工率, GDP), and each lookup is a seek in the index.
        self._df: dict[tuple[str, str], int] = {}
        self._df_at = -1

    def term_rarity(self, words: list[str]) -> dict[str, float]:
        """How rare each word is in the text index, 0..1 (inverse document frequency over the
        largest possible): 海雀 (a village) says more about what is asked than 森林 or 贫困."""
        if not words:
            return {}
        total = self._text_rows(self._fresh())
        top = math.log(total + 1)
        out = {}
        for w in words:
            tokens = [t for t in (fts_query_tokens(w) if len(w) > 4 else [w]) if t.strip()] or [w]
            n = min(self.doc_frequency("text_fts", _FTS_SAFE.sub("", t) or t) for t in tokens)
            if n == 0 and len(w) > 2 and tokens == [w]:
                # 大荒地村 is indexed as 大 / 荒地 / 村: as rare as its rarest piece
                pieces = [t for t in fts_query_tokens(w) if len(t) > 1] or [w]
                n = min(self.doc_frequency("text_fts", _FTS_SAFE.sub("", t) or t) for t in pieces)
            # A word the index never saw is a typo or a fragment of the question (排第), not a rare
            # name: it gets a modest weight, or it would decide every answer by its absence.
            out[w] = UNSEEN_RARITY if n == 0 else max(0.1, math.log((total + 1) / (n + 1)) / top)
        return out

    def _index_at(self) -> int:
        """The newest fts_rows id: it changes whenever an ingest adds index rows."""
        return self.db.execute("SELECT max(id) FROM fts_rows").fetchone()[0] or 0

    def _fresh(self) -> int:
        """The index version, with what was cached of an older index dropped."""
        last = self._index_at()
        if last != self._df_at or len(self._df) > 100_000:
            self._df.clear()
            self._df_at = last
        return last

    def _text_rows(self, last: int | None = None) -> int:
        """Rows of the text index, counted again only when an ingest added rows (ids only grow):
        a count over the whole table on every question would grow with the archive."""
        last = self._index_at() if last is None else last
        if self._text_rows_at[0] != last:
            n = self.db.execute("SELECT count(*) FROM fts_rows WHERE kind<>?",
                                [FTS_KINDS.index("figure")]).fetchone()[0] or 1
            self._text_rows_at = (last, n)
        return self._text_rows_at[1]

    def doc_frequency(self, table: str, term: str) -> int:
        """Index rows of `table` (text_fts or figure_fts) holding `term`: one seek in the index
        (remembered until the index grows: callers check with `_fresh()` first)."""
        key = (table, term)
        n = self._df.get(key)
        if n is None:
            vocab = f"{table}_vocab"
            if vocab not in self._vocab:  # per connection, in its temp schema: the database is not touched
                self.db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocab} USING fts5vocab(main, {table}, 'row')")
                self._vocab.add(vocab)
            row = self.db.execute(f"SELECT doc FROM temp.{vocab} WHERE term=?", [term]).fetchone()
            n = self._df[key] = int(row[0]) if row else 0
        return n

    def _selective(self, table: str, terms: list[str]) -> list[str]:
        """The rarest of `terms` (quoted) whose index rows add up to at most FTS_ROW_BUDGET; always
        the rarest one. Ranking reads every row of every term (bm25 counts them), so a common word
        (发展, 全国) would make each query as slow as the archive is large; terms found nowhere go."""
        self._fresh()
        df = {t: self.doc_frequency(table, t[1:-1]) for t in terms}
        kept: set[str] = set()
        total = 0
        for t in sorted((t for t in terms if df[t]), key=lambda t: df[t]):
            if kept and total + df[t] > FTS_ROW_BUDGET:
                break
            kept.add(t)
            total += df[t]
        return [t for t in terms if t in kept]

    def _narrowed(self, table: str, terms: list[str]) -> list[str]:
        """The two rarest of `terms` when even the rarest alone is over FTS_ROW_BUDGET, else [].
        Rows holding both are a few percent of the rarest word's (事业 and 基本: 951 of 14,885 at
        100k articles) and are the better matches; ranking them costs a fraction."""
        self._fresh()
        found = sorted((t for t in terms if self.doc_frequency(table, t[1:-1])),
                       key=lambda t: self.doc_frequency(table, t[1:-1]))
        if len(found) < 2 or self.doc_frequency(table, found[0][1:-1]) <= FTS_ROW_BUDGET:
            return []
        return found[:2]

    @staticmethod
    def _word_terms(word: str) -> list[str]:
        """The quoted index terms of one word: a short word whole, a long phrase as the index
        segmented it; FTS5 syntax (quotes, NEAR, *) never reaches MATCH."""
        toks = (_FTS_SAFE.sub("", t) for t in (fts_query_tokens(word) if len(word) > 4 else [word]))
        return [f'"{t}"' for t in toks if t]

    def fts(self, words: list[str], kinds: tuple[str, ...], article_ids: list[str] | None = None,
            limit: int = 200, narrow_to: int = 0,
            narrow_among: list[str] | None = None) -> list[tuple[str, str, int, float]]:
        """(article_id, kind, ref, bm25) for documents matching any of `words`, best first.

        With `narrow_to`, when the rarest word alone is over the row budget, the rows holding both
        of the two rarest words are ranked instead, if they come from at least `narrow_to`
        articles (else the rarest word's rows, as without); with `narrow_among`, only its words'
        terms are paired."""
        by_word = {w: self._word_terms(w) for w in words}
        terms = list(dict.fromkeys(t for w in words for t in by_word[w]))
        if article_ids is not None and not article_ids:
            return []
        table = "figure_fts" if kinds == ("figure",) else "text_fts"
        own = set(terms) if narrow_among is None else \
            {t for w in narrow_among for t in (by_word[w] if w in by_word else self._word_terms(w))}
        among = [t for t in terms if t in own]
        pair = self._narrowed(table, among) if narrow_to else []
        if pair:
            hits = self._ranked(table, " AND ".join(pair), kinds, article_ids, limit)
            if len({h[0] for h in hits}) >= narrow_to:
                return hits
        terms = self._selective(table, terms)
        if not terms:
            return []
        return self._ranked(table, " OR ".join(terms), kinds, article_ids, limit)

    def _ranked(self, table: str, match: str, kinds: tuple[str, ...], article_ids: list[str] | None,
                limit: int) -> list[tuple[str, str, int, float]]:
        # The best `limit` index rows first, then what they are (one join over at most `limit` rows).
        inner = f"SELECT rowid, bm25({table}) AS score FROM {table} WHERE {table} MATCH ?"
        params: list[Any] = [match]
        if article_ids is not None:
            inner += (f" AND rowid IN (SELECT id FROM fts_rows WHERE article_id IN "
                      f"({','.join('?' * len(article_ids))}))")
            params += article_ids
        inner += " ORDER BY score LIMIT ?"
        params.append(limit)
        rows = self.db.execute(
            f"SELECT r.article_id, r.kind, r.ref, f.score FROM ({inner}) f JOIN fts_rows r ON r.id=f.rowid "
            "ORDER BY f.score", params).fetchall()
        return [(r[0], FTS_KINDS[r[1]], int(r[2]), r[3]) for r in rows if FTS_KINDS[r[1]] in kinds]
