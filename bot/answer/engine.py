"""The answering engine: a message (and a clock) in, a `Reply` out. Knows nothing of Telegram.

A thin front over the answer stage: `answer("天津有什么新闻")` reads the message once
(bot/answer/understand.py) and hands it to its handler (bot/answer/dispatch.py: briefs, searches,
figures, articles); `action("source", "123")` follows a reply's button (bot/answer/article.py).
The engine holds the database connection(s), one per thread, and keeps the corpus fresh.
"""
from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.analyse.regions import MIN_BRIEF_WEIGHT
from bot.answer import figure_search as figure_searches, figures, scope
from bot.answer.article import ACTIONS
from bot.answer.corpus import Corpus
from bot.answer.dispatch import dispatch
from bot.answer.figure_search import FigureSearch
from bot.answer.sources import RegionScopes, Sources
from bot.answer.understand import Message, Query, understand
from bot.ingest import store
from bot.ingest.corpus_roots import CorpusRoot, corpus_roots, record_roots
from bot.ingest.pipeline import IngestReport, ingest, is_stale
from bot.ingest.rows import CorpusStats
from bot.language import inputs
from bot.language.gazetteer import Region, load_gazetteer
from bot.ingest.paths import default_corpus, default_db
from bot.present import builders as replies
from bot.present.reply import Reply

TZ = ZoneInfo("Asia/Shanghai")
# Read by scripts/fit_weights.py, which refits the weights as the engine answers.
__all__ = ["Engine", "TZ"]
# Button kinds that ask the engine again: a region's brief, an example question, back to a list.
_ASK_AGAIN = ("brief", "ask", "list")


class Engine:
    """One engine over one corpus database, shared by the bot, the console and the JSON output."""

    def __init__(self, db: Any, db_path: str | Path | None = None, corpus_dir: str | Path | None = None) -> None:
        self.db = db
        self.db_path = Path(db_path) if db_path else None
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        self._corpus = Corpus(db)
        self.roots: list[CorpusRoot] = [CorpusRoot(self.corpus_dir)] if self.corpus_dir else []
        self.gaz = load_gazetteer()
        self._shared_lock = threading.Lock()  # the opening connection, when used from other threads
        self._owner = threading.get_ident()
        self._local = threading.local()
        self._scopes = RegionScopes(self.gaz)

    @property
    def corpus(self) -> Corpus:
        """The corpus on this thread's own connection (WAL: readers in parallel, never blocked by the
        writer); the opening connection on the opening thread or without a database path."""
        if self.db_path is None or threading.get_ident() == self._owner:
            return self._corpus
        corpus = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = self._local.corpus = Corpus(store.connect(self.db_path))
        return corpus

    @property
    def _lock(self) -> Any:
        """Held while reading: shared only by threads that share a connection."""
        if self.db_path is None or threading.get_ident() == self._owner:
            return self._shared_lock
        lock = getattr(self._local, "lock", None)
        if lock is None:
            lock = self._local.lock = threading.Lock()
        return lock

    @classmethod
    def open(cls, db_path: str | Path | None = None, corpus: str | Path | None = None) -> "Engine":
        """Open the database, building or refreshing it from its corpus when missing or stale.

        A database remembers the corpus it was built from (`newsbot ingest DIR --db X`) and is
        refreshed only from that; `corpus` is used for a database that has none recorded yet."""
        path = Path(db_path or default_db())
        db = store.connect(path)
        roots = corpus_roots(db)
        if not roots:
            roots = [CorpusRoot(Path(corpus or default_corpus()))]
        engine = cls(db, path, roots[0].path)
        engine.roots = roots
        if is_stale(db, [r.path for r in roots]):
            # Another process ingesting (wait=False → busy) is not an error: its data is on its way.
            engine._ingest_roots(db)
        return engine

    def _ingest_roots(self, db: Any, prune_missing: bool = False) -> IngestReport:
        report = IngestReport()
        for root in self.roots:
            rep = ingest(db, [root.path], prune_missing=prune_missing, paper=root.paper, wait=False)
            report.results += rep.results
            report.seconds += rep.seconds
            report.busy = report.busy or rep.busy
        if not corpus_roots(db):
            record_roots(db, self.roots)
        return report

    def refresh(self, prune_missing: bool = False) -> IngestReport:
        """Ingest new and changed corpus files on a connection of its own (WAL: readers carry on).

        When another process is ingesting, returns at once with busy=True."""
        if self.db_path is None or self.corpus_dir is None:
            raise RuntimeError("engine was opened without a database path or corpus folder")
        writer = store.connect(self.db_path)
        try:
            return self._ingest_roots(writer, prune_missing)
        finally:
            writer.conn.close()

    def _sources(self) -> Sources:
        """What the answer stage reads, on this thread's connection."""
        return Sources(self.corpus, self.gaz, self._scopes)

    # ------------------------------------------------------------------ pushes

    def newest_issue_for(self, region: str, after: str | None = None) -> str | None:
        """The newest issue later than `after` with at least one article for `region`, else None."""
        named = self.gaz.get(region)
        regions = self.gaz.resolve_query(region) or ([named] if named else [])
        if not regions:
            return None
        with self._lock:
            issues = self.corpus.region_issues([r.code for r in regions], MIN_BRIEF_WEIGHT, limit=1)
        newest = issues[0][0] if issues else None
        return newest if newest and (after is None or newest > after) else None

    def brief(self, region: str, issue_date: str | None = None) -> Reply:
        """The brief of `region` for one issue (the latest when None), as a push would send it."""
        arg = f"{issue_date} {region}" if issue_date else region
        return self.answer(f"/brief {arg}")

    # ------------------------------------------------------------------ entry points

    def answer(self, message: str, now: datetime | None = None) -> Reply:
        """The reply to a message (a `Message` comes cleaned and normalised: context.respond)."""
        if inputs.too_long(message):  # untrusted: see bot/language/inputs.py (bounded, then made encodable)
            return replies.too_long_reply(len(message.strip()), inputs.MAX_MESSAGE_CHARS)
        if not isinstance(message, Message):
            message = Message(message)  # cleaned and normalised, once
        elsewhere = scope.out_of_scope(message.text)  # 今天天气怎么样, hello: what the bot does instead
        if elsewhere is not None:
            return elsewhere
        now = now or datetime.now(TZ)
        today = (now.astimezone(TZ) if now.tzinfo else now).date()  # a naive time is taken as Beijing's
        with self._lock:
            q = understand(message, today)
            return dispatch(self._sources(), q, today)

    def action(self, kind: str, arg: str) -> Reply | None:
        """Follow an Action from an earlier reply; None when `arg` no longer resolves (stale)."""
        kind, arg = inputs.clean(kind), inputs.clean(arg)  # button data can be forged
        if kind in _ASK_AGAIN:  # list: back to a list an article was opened from
            return self.answer(f"/brief {arg}" if kind == "brief" else arg)
        handler = ACTIONS.get(kind)
        if handler is None:
            return None
        with self._lock:
            return handler(self._sources(), arg)

    def stats(self) -> CorpusStats:
        """Issues, pages, articles, figures and the date range of the corpus."""
        with self._lock:
            return self.corpus.stats()

    def resolve_regions(self, text: str) -> list[str]:
        """Names of the regions a piece of user text names (nicknames, pinyin and typos included)."""
        return [r.name for r in self.gaz.resolve_query(text)]

    def covered_regions(self, issue_date: str | None = None) -> list[str]:
        """Province-level names (then macro-regions) with articles in the latest issue."""
        return self._sources().covered_regions(issue_date)

    def region_scope(self, regions: list[Region]) -> set[str]:
        """Names of the asked regions and of everything under them (四川 → 成都, 天府新区 …)."""
        return self._scopes.of(regions)

    # The figure search and its reply, as tests and scripts/fit_weights.py call them.

    def _figure_search(self, q: Query, prune: bool = False) -> FigureSearch:
        return figure_searches.figure_search(self._sources(), q, prune)

    def _figure_reply(self, q: Query, found: FigureSearch) -> Reply:
        return figures.figure_reply(self._sources(), q, found)
