"""Chinese word segmentation for search: one jieba tokenizer that knows region names and
sci-tech news vocabulary (bot/data/domain_terms.txt), built lazily and shared by the process.

`fts_text` is what goes into the SQLite FTS5 (unicode61) index: space-separated tokens. A region
token is followed by the region's short name and the enclosing places it spells out, so a search
for 唐山 finds 唐山市 and 唐山高新区, and a search for 哈尔滨 finds 哈尔滨新区.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import tempfile
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from bot.language.gazetteer import Gazetteer, load_gazetteer
from bot.language.text import norm
from bot.language.wordcut import FastCut

_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
_JIEBA_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")  # jieba cannot match words with punctuation
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
_NAME_FREQ = 1000  # for names jieba does not know; known names keep jieba's own frequency
_lock = threading.Lock()


def _cache_dir() -> str:
    """Where jieba keeps its parsed-dictionary cache, so later starts skip the 1 s parse."""
    base = os.environ.get("NEWSBOT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    path = Path(base) / "newsbot" if base else Path.home() / ".cache" / "newsbot"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return str(path)
    except OSError:
        return tempfile.gettempdir()


def _domain_terms() -> list[tuple[str, int | None, str | None]]:
    out = []
    text = resources.files("bot.data").joinpath("domain_terms.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        out.append((parts[0], freq, tag))
    return out


@lru_cache(maxsize=1)
def tokenizer() -> Any:  # a jieba.Tokenizer (jieba has no type information)
    """The shared jieba.Tokenizer with region names and domain terms added."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    with _lock:
        tok = jieba.Tokenizer()
        tok.tmp_dir = _cache_dir()
        tok.initialize()
        g = load_gazetteer()
        for name in _index_names(g):
            if _JIEBA_WORD.match(name) and not tok.FREQ.get(name):
                tok.add_word(name, _NAME_FREQ, "ns")
        for word, freq, tag in _domain_terms():
            tok.add_word(word, freq, tag)
    return tok


def _index_names(g: Gazetteer) -> list[str]:
    # Full names with 市/省/县 are left out so 唐山市 segments as 唐山 / 市; zones and macros keep
    # their full forms (天府新区, 哈尔滨新区, 京津冀) because those are the words people search.
    out = set()
    for r in g.all_regions():
        for a in r.aliases:
            if a == r.full_name and r.level in ("province", "city", "county") and a != r.name:
                continue
            if r.level == "county" and len(a) < 3:
                continue  # 和政 as a word would cut 党|和政|府: two-character counties keep jieba's own say
            out.add(a)
    return sorted(out)


@lru_cache(maxsize=1)
def fast_cut() -> FastCut:
    """jieba's cut and POS tagging over the shared tokenizer, token for token, at less cost."""
    return FastCut(tokenizer())


@lru_cache(maxsize=1)
def pos_tokenizer() -> Any:  # a jieba.posseg.POSTokenizer
    """jieba's POS tagger over the shared tokenizer (not a second copy of jieba's dictionary)."""
    import jieba.posseg as pseg

    return pseg.POSTokenizer(tokenizer())


def pos_tags(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of text, as jieba.posseg gives them."""
    return fast_cut().posseg(text, pos_tokenizer())


def cut(text: str) -> list[str]:
    """Words of text, in order (jieba precise mode with HMM for unknown words)."""
    return [w for w in _query_cut().cut(text) if w]


def known_word(word: str) -> bool:
    """Whether the dictionary `cut` uses holds `word` (农村 yes; 子村, a piece of a name, no)."""
    return bool(_query_cut().freq.get(word))


# Answering cuts a question of a few words; loading jieba's 600,000-entry dictionary for that is
# most of a cold start. The words (after the names and terms added) are kept in an SQLite file
# beside jieba's cache and looked up one fragment at a time: the same counts, so the same words.
_WORDS_FORMAT = "1"  # bump when tokenizer() changes how it adds words


def _query_cut() -> FastCut:
    if tokenizer.cache_info().currsize:  # the dictionary is in memory already (ingest)
        return fast_cut()
    disk = _disk_cut()
    if disk is not None:
        return disk
    write_word_store()  # once per dictionary: the next process starts without it
    return fast_cut()


@lru_cache(maxsize=1)
def _disk_cut() -> FastCut | None:
    path = _word_store_path()
    if not os.path.exists(path):
        return None
    try:
        words = _DiskWords(path)
    except sqlite3.Error:
        return None
    return FastCut(words)


def _word_store_path() -> str:
    """The word store of this jieba dictionary, names and terms (their versions are in its name)."""
    import hashlib
    from importlib.util import find_spec

    h = hashlib.sha256(_WORDS_FORMAT.encode())
    spec = find_spec("jieba")
    if spec and spec.origin:
        st = os.stat(os.path.join(os.path.dirname(spec.origin), "dict.txt"))
        h.update(f"{spec.origin}|{st.st_size}|{st.st_mtime_ns}|{_NAME_FREQ}".encode())
    # the words tokenizer() adds, as the gazetteer code makes them today
    h.update("\n".join(_index_names(load_gazetteer())).encode())
    h.update(resources.files("bot.data").joinpath("domain_terms.txt").read_bytes())
    return os.path.join(_cache_dir(), f"words-{h.hexdigest()[:16]}.sqlite")


def write_word_store() -> str | None:
    """Write the word store if it is missing (after an ingest, or the first question)."""
    path = _word_store_path()
    if os.path.exists(path):
        return path
    tok = tokenizer()
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        conn = sqlite3.connect(tmp)
        with conn:
            conn.execute("CREATE TABLE words(w TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
            conn.execute("CREATE TABLE total(n INTEGER NOT NULL)")
            conn.executemany("INSERT INTO words VALUES (?,?)", tok.FREQ.items())
            conn.execute("INSERT INTO total VALUES (?)", [tok.total])
        conn.close()
        os.replace(tmp, path)  # whole or not at all: a reader never sees half a store
        for old in Path(path).parent.glob("words-*.sqlite"):  # stores of earlier dictionaries
            if str(old) != path:
                with contextlib.suppress(OSError):
                    old.unlink()
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return None
    _disk_cut.cache_clear()
    return path


class _DiskWords:
    """jieba's FREQ and total, read from the word store on demand (`get` is all FastCut uses)."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._memo: dict[str, int | None] = {}
        self.FREQ = self
        self.total = int(self._conn.execute("SELECT n FROM total").fetchone()[0])

    def get(self, word: str, default: int | None = None) -> int | None:
        try:
            n = self._memo[word]
        except KeyError:
            with self._lock:
                row = self._conn.execute("SELECT n FROM words WHERE w=?", (word,)).fetchone()
            n = self._memo[word] = row[0] if row else None
            if len(self._memo) > 100_000:
                self._memo.clear()
                self._memo[word] = n
        return default if n is None else n


def _region_extras(token: str, g: Gazetteer) -> list[str]:
    r = g.get(token)
    if r is None or r.level == "macro" and token == r.name:
        return []
    extras = []
    if r.name != token:
        extras.append(r.name)
    for a in g.ancestors(r.code):
        if a.level != "macro" and a.name in token and a.name not in extras and a.name != token:
            extras.append(a.name)
    return extras


def _subwords(word: str, freq: dict[str, int]) -> list[str]:
    """Dictionary words inside a long word (研发投入强度 → 研发, 投入, 强度, 研发投入), so a search
    for a part finds the whole; like jieba's cut_for_search but for every length."""
    out = []
    n = len(word)
    for size in range(n - 1, 1, -1):
        for i in range(0, n - size + 1):
            g = word[i:i + size]
            if freq.get(g) and g not in out:
                out.append(g)
    return out


# jieba cuts each run of han characters, letters and digits on its own (`re_han_default`): a
# text's tokens are the concatenation of its runs' tokens, so runs are segmented once and cached.
_RUN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_RUN_CACHE_MAX = 200_000
_run_cache: dict[str, list[str]] = {}
_word_cache: dict[str, list[str]] = {}


def _run_tokens(run: str, g: Gazetteer, freq: dict[str, int]) -> list[str]:
    """The tokens of one run: its jieba words, each followed by its extras (memoised by word; the
    memo is emptied when full, as ingest streams new text through it)."""
    words = _word_cache
    out: list[str] = []
    for w in fast_cut().cut_block(run):  # a run is one jieba block: cut(run) gives these words
        toks = words.get(w)
        if toks is None:
            if len(words) >= _RUN_CACHE_MAX:
                words.clear()
            toks = words[w] = _word_tokens(w, g, freq)
        out.extend(toks)
    return out


def _word_tokens(w: str, g: Gazetteer, freq: dict[str, int]) -> list[str]:
    w = w.strip()
    if not w or not _WORDLIKE.search(w):
        return []
    extras = _region_extras(w, g)
    if len(w) >= 3 and _CJK_WORD.match(w):
        extras += [s for s in _subwords(w, freq) if s not in extras]
    return [w, *extras]


def fts_tokens(text: str) -> list[str]:
    """The tokens `fts_text` joins (memoised by jieba block: ingest segments each clause once)."""
    g = load_gazetteer()
    freq = tokenizer().FREQ
    runs = _run_cache
    out: list[str] = []
    for i, part in enumerate(_RUN.split(norm(text))):
        if not part:
            continue
        if i % 2 == 0:  # between runs: jieba yields punctuation and spaces one by one
            out.extend(ch for ch in part if _WORDLIKE.search(ch) and ch.strip())
            continue
        # The memo lookups inline, not through a helper and a closure per run and per word:
        # they are most of the index's cost once the words themselves are cached.
        toks = runs.get(part)
        if toks is None:
            if len(runs) >= _RUN_CACHE_MAX:
                runs.clear()
            toks = runs[part] = _run_tokens(part, g, freq)
        out.extend(toks)
    return out


def fts_text(text: str) -> str:
    """Space-joined tokens of NFKC text for an FTS5 unicode61 index; punctuation dropped.

    Each word is followed by the dictionary words inside it and, for a place, by its short
    name and the enclosing places it spells out (唐山市 → 唐山, 四川天府新区 → 天府新区 四川).
    """
    return " ".join(fts_tokens(text))


def fts_query_tokens(text: str) -> list[str]:
    """Tokens of a search phrase, segmented the same way the index was."""
    return [w for w in (t.strip() for t in cut(norm(text))) if w and _WORDLIKE.search(w)]
