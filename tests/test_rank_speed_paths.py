"""The cheaper paths of figure ranking give what the general ones give (no timing here)."""
from __future__ import annotations

from typing import Any

from bot.answer.rank import WORD_FEATURES, FigureAsk, fact_features, score_bound, score_features, weights
from bot.analyse.regions import MIN_BRIEF_WEIGHT


def test_region_name_sets_are_region_names_by_ids_as_sets(engine: Any) -> None:
    corpus = engine.corpus
    ids = [r[0] for r in corpus.db.execute("SELECT id FROM articles ORDER BY id LIMIT 40")] + ["gone"]
    for weight in (0.0, MIN_BRIEF_WEIGHT):
        lists = corpus.region_names_by_ids(ids, weight)
        assert corpus.region_name_sets(ids, weight) == {a: set(names) for a, names in lists.items()}


def test_score_bound_is_the_facts_plus_every_word_feature_at_its_best(engine: Any) -> None:
    w = weights()
    ask = FigureAsk(words=["复工率"], kind="percent", region_names={"广东"}, exact_regions={"广东"})
    rows = engine.corpus.figures_by_ids([r[0] for r in engine.corpus.db.execute("SELECT id FROM figures LIMIT 30")])
    assert rows
    for fig in rows:
        facts = fact_features(ask, fig, set(), 2020, 1)
        words = [k for k in WORD_FEATURES if k != "words_metric" or fig.get("metric")]
        assert score_bound(facts, fig) == score_features(facts, w) + sum(max(0.0, w.get(k, 0.0)) for k in words)


def test_pruned_figure_search_gives_the_reply_of_scoring_every_candidate(engine: Any) -> None:
    """Pruning (bounds, articles read only for candidates reached) leaves out only what cannot
    reach a reply: the replies and the answers' order are those of every candidate scored."""
    import json
    from datetime import date
    from pathlib import Path

    from bot.answer.understand import understand

    lines = (Path(__file__).parent / "data" / "dev_questions.jsonl").read_text("utf-8").splitlines()
    asked = [json.loads(line)["q"] for line in lines if line.strip()]
    checked = 0
    for text in asked:
        q = understand(text, date(2020, 3, 1))
        if q.intent != "figure":
            continue
        full = engine._figure_search(q, prune=False)
        pruned = engine._figure_search(q, prune=True)
        assert engine._figure_reply(q, pruned).text == engine._figure_reply(q, full).text, text
        assert [s[2]["id"] for s in pruned[3][:1]] == [s[2]["id"] for s in full[3][:1]], text
        checked += 1
    assert checked >= 10


def test_sql_substr_is_sqlites_substr() -> None:
    import sqlite3

    from bot.answer.corpus import sql_substr

    conn = sqlite3.connect(":memory:")
    for text in ["", "一", "贵州给湖北运了多少吨蔬菜", "abc𝄞def", "中文abc，。"]:
        for first in range(-14, 15):
            for length in range(-14, 15):
                expected = conn.execute("SELECT substr(?, ?, ?)", [text, first, length]).fetchone()[0]
                assert sql_substr(text, first, length) == expected, (text, first, length)


def test_figure_sentences_of_articles_are_those_figures_by_articles_gives(engine: Any) -> None:
    corpus = engine.corpus
    ids = [r[0] for r in corpus.db.execute("SELECT DISTINCT article_id FROM figures ORDER BY article_id LIMIT 60")]
    whole = corpus.figures_by_articles(ids)
    slim = corpus.figure_sentences_of_articles(ids)
    assert slim == [(f["id"], aid, f["sentence"]) for aid in ids for f in whole[aid]]
    some = [fid for i, (fid, _, _) in enumerate(slim) if i % 3 == 0]
    picked = corpus.figures_by_ids_in_articles(some)
    assert picked == {aid: [f for f in whole[aid] if f["id"] in set(some)]
                      for aid in ids if any(f["id"] in set(some) for f in whole[aid])}
