"""Ingest into SQLite: per-file results, content hashes, replace, prune, bad files, transactions."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ingest import writer as ingest_mod
from bot.ingest import store
from bot.cli import main
from bot.ingest.pipeline import ingest, is_stale

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "kjrb_regional_ddf3bb53.txt"
SINGLE = "合肥量子产业园新增企业30家\n科技日报讯(记者王小明)记者2月2日获悉,合肥量子科技产业园去年新增企业30家。\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(SEED, d / SEED.name)
    return d


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
            for t in ("pages", "articles", "paragraphs", "captions", "figures", "article_regions", "fts_rows")}


def test_ingest_builds_everything_then_reports_unchanged(corpus, tmp_path):
    db = store.connect(tmp_path / "t.db")
    rep = ingest(db, [corpus])
    assert [(r.status, r.articles) for r in rep.results] == [("new", 6)]
    c = counts(db)
    assert c["pages"] == 1 and c["articles"] == 6 and c["captions"] == 2
    assert c["figures"] >= 45 and c["article_regions"] >= 12
    row = db.execute("SELECT issue_date, date_source FROM pages").fetchone()
    assert row == ("2025-01-17", "inferred")
    again = ingest(db, [corpus])
    assert [r.status for r in again.results] == ["unchanged"]
    assert counts(db) == c


def test_changed_file_replaces_its_articles_and_prune_removes_gone_files(corpus, tmp_path):
    db = store.connect(tmp_path / "t.db")
    ingest(db, [corpus])
    seed = corpus / SEED.name
    seed.write_text(seed.read_text("utf-8").replace("南铁:科技守护春运路", "南铁:科技护航春运路"), "utf-8")
    (corpus / "2025-02-03_single.txt").write_text(SINGLE, "utf-8")
    rep = ingest(db, [corpus])
    assert sorted(r.status for r in rep.results) == ["new", "replaced"]
    heads = [r[0] for r in db.execute("SELECT headline FROM articles ORDER BY headline").fetchall()]
    assert "南铁:科技护航春运路" in heads and "南铁:科技守护春运路" not in heads
    assert counts(db)["articles"] == 7
    assert db.execute("SELECT issue_date, date_source FROM pages WHERE name LIKE '2025-02-03%'").fetchone() == \
        ("2025-02-03", "filename")
    (corpus / "2025-02-03_single.txt").unlink()
    rep = ingest(db, [corpus], prune_missing=True)
    assert [r.status for r in rep.results] == ["unchanged", "pruned"]
    assert counts(db)["articles"] == 6
    assert db.execute("SELECT count(*) FROM fts_rows WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0] == 0
    # The contentless index still holds the replaced text's tokens; they lead to nothing.
    from bot.answer.corpus import Corpus
    assert Corpus(db).fts(["守护"], ("headline", "paragraph", "caption")) == []
    assert Corpus(db).fts(["护航"], ("headline", "paragraph", "caption"))


def test_bad_files_fail_clearly_and_the_rest_is_ingested(corpus, tmp_path, capsys):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (corpus / "headings.md").write_text("# 标题\n\n## 副标题\n", "utf-8")
    (corpus / "gbk.txt").write_bytes(SINGLE.encode("gbk"))
    code = main(["ingest", str(corpus), "--db", str(tmp_path / "t.db")])
    out, err = capsys.readouterr()
    assert code == 1  # something failed
    assert "empty.txt" in err and "文件为空" in err
    assert "photo.txt" in err and "二进制" in err
    assert "headings.md" in err and "没有找到文章" in err
    assert "失败 3" in out and "新增 2" in out
    db = store.connect(tmp_path / "t.db")
    assert counts(db)["articles"] == 7


def test_a_failure_while_writing_leaves_the_old_version(corpus, tmp_path, monkeypatch):
    db = store.connect(tmp_path / "t.db")
    ingest(db, [corpus])
    before = counts(db)
    seed = corpus / SEED.name
    seed.write_text(seed.read_text("utf-8") + "\n", "utf-8")
    import bot.analyse.article as analyze_mod  # imported by ingest where it runs (answering never loads it)

    real = analyze_mod.analyze_article
    calls = {"n": 0}

    def flaky(article, issue_date):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full")
        return real(article, issue_date)

    monkeypatch.setattr(analyze_mod, "analyze_article", flaky)
    rep = ingest(db, [corpus])
    assert rep.results[0].status == "failed" and "disk full" in rep.results[0].error
    assert counts(db) == before  # nothing half-written: the old version is intact


def test_stale_detection(corpus, tmp_path):
    db = store.connect(tmp_path / "t.db")
    assert is_stale(db, corpus)
    ingest(db, [corpus])
    assert not is_stale(db, corpus)
    (corpus / "new.txt").write_text(SINGLE, "utf-8")
    assert is_stale(db, corpus)


def test_cli_articles_figures_regions_and_ask_json(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWSBOT_CORPUS", str(corpus))
    db = str(tmp_path / "t.db")
    assert main(["articles", "--json", "--db", db]) == 0
    arts = json.loads(capsys.readouterr().out)
    assert len(arts) == 6 and arts[0]["headline"] == "京津冀协同,打造先进制造高地"
    aid = next(a["id"] for a in arts if a["headline"].startswith("湖南"))
    assert main(["figures", "--article", aid, "--json", "--db", db]) == 0
    figs = json.loads(capsys.readouterr().out)
    assert {"3.3%", "1178家", "第23位", "7位", "第32位", "5位", "11条"} <= {f["display"] for f in figs}
    assert main(["figures", "--region", "江西", "--db", db]) == 0
    assert "1690万人次" in capsys.readouterr().out
    assert main(["regions", "--db", db]) == 0
    assert "四川" in capsys.readouterr().out
    assert main(["ask", "--json", "长沙研发投入强度是多少", "--db", db]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert reply["figures"][0]["display"] == "3.3%" and reply["intent"] == "figure"


@pytest.mark.slow
def test_ask_json_reads_stdin_line_by_line(corpus, tmp_path):
    env = {"NEWSBOT_CORPUS": str(corpus), "NEWSBOT_DB": str(tmp_path / "t.db"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], input="科创岛\n\n西藏今天有什么新闻\n",
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [x["intent"] for x in lines] == ["search", "brief"]
    assert lines[1]["articles"] == [] and lines[1]["suggestions"]


def test_env_file_sets_the_database_for_every_command(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("NEWSBOT_DB", raising=False)  # restored (removed) after the test
    monkeypatch.delenv("NEWSBOT_CORPUS", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    (work / ".env").write_text(f"NEWSBOT_DB={tmp_path / 'from_env.db'}\nNEWSBOT_CORPUS={corpus}\n", "utf-8")
    monkeypatch.chdir(work)
    assert main(["ingest"]) == 0
    assert (tmp_path / "from_env.db").exists()


def test_eval_reports_a_bad_question_file(tmp_path, corpus, capsys, monkeypatch):
    monkeypatch.setenv("NEWSBOT_CORPUS", str(corpus))
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id":"a","kind":"stat","q":"长沙研发投入强度是多少","expect":["3.3%"]}\n{oops\n', "utf-8")
    assert main(["eval", str(bad), "--db", str(tmp_path / "t.db")]) == 2
    assert "第 2 行不是合法的 JSON" in capsys.readouterr().err
    assert main(["eval", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "t.db")]) == 2
    assert "无法读取" in capsys.readouterr().err


def test_a_write_failure_in_a_batch_undoes_only_that_file(tmp_path, monkeypatch):
    d = tmp_path / "many"
    d.mkdir()
    for k in range(5):
        (d / f"2025-02-0{k + 1}_single.txt").write_text(SINGLE.replace("30家", f"{30 + k}家"), "utf-8")
    real = ingest_mod._write_page

    def flaky(db, path, *args, **kw):  # type: ignore[no-untyped-def]
        page_id = real(db, path, *args, **kw)
        if path.name.startswith("2025-02-03"):
            raise RuntimeError("disk says no")  # after its rows are written: they must go
        return page_id

    monkeypatch.setattr(ingest_mod, "_write_page", flaky)
    db = store.connect(tmp_path / "t.db")
    rep = ingest(db, [d], workers=1)
    assert [r.status for r in rep.results] == ["new", "new", "failed", "new", "new"]
    assert "disk says no" in (rep.results[2].error or "")
    c = counts(db)
    assert c["pages"] == 4 and c["articles"] == 4
    assert db.execute("SELECT count(*) FROM pages WHERE name LIKE '2025-02-03%'").fetchone()[0] == 0
    monkeypatch.setattr(ingest_mod, "_write_page", real)
    again = ingest(db, [d], workers=1)
    assert sorted(r.status for r in again.results) == ["new", "unchanged", "unchanged", "unchanged", "unchanged"]


# ------------------------------------------------------------------ issue 22: prune and the remembered paper


def _two_folders(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b" / "sub"
    a.mkdir()
    b.mkdir(parents=True)
    shutil.copy(SEED, a / SEED.name)
    (b / "2025-02-03_single.txt").write_text(SINGLE, "utf-8")
    return a, b


def _paths(db) -> list[str]:
    return sorted(Path(p).name for (p,) in db.execute("SELECT path FROM pages"))


def test_prune_of_one_folder_leaves_the_pages_of_another(tmp_path):
    a, b = _two_folders(tmp_path)
    db = store.connect(tmp_path / "t.db")
    ingest(db, [a, b])
    rep = ingest(db, [a], prune_missing=True)
    assert rep.count("pruned") == 0
    assert _paths(db) == ["2025-02-03_single.txt", SEED.name]
    (b / "2025-02-03_single.txt").unlink()
    rep = ingest(db, [b.parent], prune_missing=True)  # now scanned and found absent
    assert [(Path(r.path).name, r.status) for r in rep.results] == [("2025-02-03_single.txt", "pruned")]
    assert _paths(db) == [SEED.name]


def test_prune_of_a_missing_path_removes_nothing(tmp_path, capsys):
    a, b = _two_folders(tmp_path)
    db_path = str(tmp_path / "t.db")
    main(["ingest", str(a), str(b), "--db", db_path])
    assert main(["ingest", "--prune", str(tmp_path / "missing" / "path"), "--db", db_path]) == 1
    assert "移除 0" in capsys.readouterr().out
    assert _paths(store.connect(db_path)) == ["2025-02-03_single.txt", SEED.name]


def test_prune_leaves_the_pages_of_a_folder_that_could_not_be_read(tmp_path, monkeypatch):
    import errno
    import os

    a, b = _two_folders(tmp_path)
    db = store.connect(tmp_path / "t.db")
    ingest(db, [tmp_path])
    real_open = os.open
    unreadable = str(b)

    def refuse(path, flags, *args, **kw):  # type: ignore[no-untyped-def]
        if path == unreadable:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refuse)
    rep = ingest(db, [tmp_path], prune_missing=True)
    monkeypatch.setattr(os, "open", real_open)
    failed = [r for r in rep.results if r.status == "failed"]
    assert [r.path for r in failed] == [unreadable] and "无法读取目录" in (failed[0].error or "")
    assert rep.count("pruned") == 0
    assert _paths(db) == ["2025-02-03_single.txt", SEED.name]


def test_the_paper_given_once_is_kept_when_the_folder_is_ingested_again(tmp_path):
    from bot.answer.engine import Engine
    from bot.ingest.corpus_roots import corpus_roots

    archive = Path(__file__).resolve().parent / "data" / "archive" / "20200221"
    d = tmp_path / "rmrb"
    d.mkdir()
    good = (archive / "20200221-06-01.txt").read_bytes()
    (d / "20200221-06-01.txt").write_bytes(good)
    db_path = str(tmp_path / "t.db")
    assert main(["ingest", str(d), "--db", db_path, "--paper", "人民日报"]) == 0
    (d / "20200221-07-01.txt").write_bytes(good.replace("吉林".encode(), "辽宁".encode()))
    assert main(["ingest", str(d), "--db", db_path]) == 0  # again, without --paper
    db = store.connect(db_path)
    assert [r.paper for r in corpus_roots(db)] == ["人民日报"]
    papers = dict(db.execute("SELECT name, paper FROM pages").fetchall())
    assert papers == {"20200221-06-01.txt": "人民日报", "20200221-07-01.txt": "人民日报"}
    # The bot's own rescan uses the recorded paper too.
    engine = Engine.open(db_path)
    (d / "20200221-08-01.txt").write_bytes(good.replace("吉林".encode(), "黑龙江".encode()))
    rep = engine.refresh()
    assert [r.status for r in rep.results if r.status == "new"] == ["new"]
    assert db.execute("SELECT paper FROM pages WHERE name='20200221-08-01.txt'").fetchone() == ("人民日报",)


def test_a_database_of_an_older_schema_is_rebuilt_from_its_own_corpus(tmp_path: Path) -> None:
    # A schema bump used to forget the recorded roots and rebuild the database from the default
    # (bundled) corpus: an archive's database silently became the sample page's.
    from bot.answer.engine import Engine
    from bot.ingest.corpus_roots import corpus_roots

    archive = Path(__file__).resolve().parent / "data" / "archive" / "20200221"
    d = tmp_path / "rmrb"
    d.mkdir()
    (d / "20200221-06-01.txt").write_bytes((archive / "20200221-06-01.txt").read_bytes())
    db_path = str(tmp_path / "t.db")
    assert main(["ingest", str(d), "--db", db_path, "--paper", "人民日报"]) == 0
    db = store.connect(db_path)
    before = db.execute("SELECT headline FROM articles").fetchall()
    db.execute(f"PRAGMA user_version={store.SCHEMA_VERSION - 1}")  # as an older release left it
    db.conn.close()
    engine = Engine.open(db_path)
    db = store.connect(db_path)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    assert db.execute("SELECT headline FROM articles").fetchall() == before
    assert db.execute("SELECT DISTINCT paper FROM pages").fetchall() == [("人民日报",)]
    assert [r.path for r in corpus_roots(db)] == [d.resolve()]
    assert engine.stats()["articles"] == len(before)
