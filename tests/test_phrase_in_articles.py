"""Corpus.phrase_in_articles: a phrase across paragraphs and into the headline, as the text prints."""
from __future__ import annotations

from typing import Any


def _read_whole(db: Any, ids: list[str], phrase: str) -> dict[str, tuple[bool, bool]]:
    """The plain rule: paragraphs joined in order, then the headline; or within one paragraph."""
    out = {}
    for aid in ids:
        head = db.execute("SELECT headline FROM articles WHERE id=?", [aid]).fetchone()
        rows = db.execute("SELECT ordinal, text FROM paragraphs WHERE article_id=?", [aid]).fetchall()
        texts = [t for _, t in sorted(rows) if t is not None]
        if head is None:
            out[aid] = (False, False)
            continue
        joined = head[0] is not None and (not rows or bool(texts)) and phrase in "".join(texts) + head[0]
        out[aid] = (joined, any(phrase in t for t in texts))
    return out


def _phrases(db: Any, aid: str) -> list[str]:
    """Phrases inside one paragraph, across two or three paragraphs, and from the body into the headline."""
    texts = [t for (t,) in db.execute("SELECT text FROM paragraphs WHERE article_id=? ORDER BY ordinal", [aid])]
    head = db.execute("SELECT headline FROM articles WHERE id=?", [aid]).fetchone()[0]
    out = [texts[0][:1], texts[0][2:9]]
    for a, b in zip(texts, texts[1:]):
        out += [a[-3:] + b[:4], a[-1:] + b[:1]]
    if len(texts) >= 3:
        out.append(texts[0][-2:] + texts[1] + texts[2][:2])
    out += [texts[-1][-4:] + head[:3], head[1:4], "不在任何一篇里的话"]
    return out


def test_phrase_in_articles_is_reading_the_texts_whole(engine: Any) -> None:
    db = engine.corpus.db
    ids = [r[0] for r in db.execute(
        "SELECT article_id FROM paragraphs GROUP BY article_id HAVING count(*) >= 3 ORDER BY article_id")]
    assert len(ids) >= 3
    checked = found = 0
    for aid in ids:
        for phrase in _phrases(db, aid):
            got = engine.corpus.phrase_in_articles([*ids, "gone"], phrase)
            assert got == _read_whole(db, [*ids, "gone"], phrase), phrase
            checked += 1
            found += got[aid][0]
    assert found >= checked - len(ids)  # every phrase but the absent one is in its article
    assert engine.corpus.phrase_in_articles(ids, "") == {i: (False, False) for i in ids}
