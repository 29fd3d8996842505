"""Reading a crawler archive (real 人民日报 excerpts in tests/data/archive): dates, pages, headline
structure, title-only items, duplicates across pages, the paper, and one database per corpus."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.ingest import store
from bot.cli import main
from bot.answer.engine import Engine
from bot.ingest.pipeline import ingest
from bot.ingest.writelock import writer_lock

ARCHIVE = Path(__file__).resolve().parent / "data" / "archive"


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    d = tmp_path_factory.mktemp("arch")
    corpus = d / "rmrb"
    shutil.copytree(ARCHIVE, corpus)
    db_path = d / "a.db"
    db = store.connect(db_path)
    rep = ingest(db, [corpus], paper="人民日报")
    return corpus, db_path, rep


def _articles(db_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict]:
    assert main(["articles", "--json", "--db", str(db_path)]) == 0
    return {Path(r["path"]).name: r for r in json.loads(capsys.readouterr().out)}


def test_every_file_is_stored_or_reported_as_a_duplicate(archive_db):
    _, _, rep = archive_db
    assert {r.status for r in rep.results} == {"new", "duplicate"}
    [dup] = [r for r in rep.results if r.status == "duplicate"]
    assert dup.path.endswith("20190214-07-04.txt") and "20190214-01-01.txt" in dup.error


def test_dates_pages_and_order_come_from_the_file_name(archive_db, capsys):
    _, db_path, _ = archive_db
    arts = _articles(db_path, capsys)
    a = arts["20190227-10-01.txt"]
    assert (a["issue_date"], a["page"], a["order"], a["paper"]) == ("2019-02-27", "10", 1, "人民日报")
    assert a["field_sources"]["issue_date"] == "filename" and a["field_sources"]["page"] == "filename"
    assert a["field_sources"]["paper"] == "option"
    assert arts["20200221-06-01.txt"]["issue_date"] == "2020-02-21"


def test_headline_structure_is_positional_and_column_tags_split_off(archive_db, capsys):
    _, db_path, _ = archive_db
    arts = _articles(db_path, capsys)
    jilin = arts["20200221-06-01.txt"]
    assert jilin["kicker"] == "全省规模以上工业企业复工率达68.3%——"
    assert jilin["headline"] == "吉林 省属国企全部复工"
    robots = arts["20190227-10-01.txt"]
    assert (robots["headline"], robots["column"]) == ("机器人行业新需求迸发新活力", "经济聚焦")
    js = arts["20190214-01-01.txt"]
    assert js["headline"] == "交出一份高质量发展的答卷"
    assert js["column"] == "在习近平新时代中国特色社会主义思想指引下——新时代新作为新篇章"
    assert js["subtitle"] == "——江苏落实习近平总书记全国两会重要讲话精神纪实"


def test_an_article_on_two_pages_is_one_article_with_both_placements(archive_db, capsys):
    _, db_path, _ = archive_db
    arts = _articles(db_path, capsys)
    assert "20190214-07-04.txt" not in arts
    also = arts["20190214-01-01.txt"]["also_on"]
    assert [(x["page"], x["order"]) for x in also] == [("7", 4)]


def test_title_only_items_are_headline_only_articles(archive_db):
    _, db_path, _ = archive_db
    db = store.connect(db_path)
    row = db.execute("SELECT id, headline FROM articles WHERE headline LIKE '习近平春节前夕%'").fetchone()
    assert row and row[1] == "习近平春节前夕在北京看望慰问基层干部群众"
    assert db.execute("SELECT count(*) FROM paragraphs WHERE article_id=?", [row[0]]).fetchone()[0] == 0


def test_subheads_callouts_and_core_reading_box(archive_db):
    _, db_path, _ = archive_db
    db = store.connect(db_path)
    aid = db.execute("SELECT id FROM articles WHERE headline='机器人行业新需求迸发新活力'").fetchone()[0]
    paras = db.execute("SELECT section, role, text FROM paragraphs WHERE article_id=? ORDER BY ordinal",
                       [aid]).fetchall()
    # The summary box holds two paragraphs and is closed by the empty one after them.
    assert [p[0] for p in paras[:3]] == ["核心阅读", "核心阅读", None]
    assert any(s == "产需互促激发企业研发" for s, _, _ in paras)
    assert all(t != "产需互促激发企业研发" for _, _, t in paras)  # a subhead, not a paragraph
    js = db.execute("SELECT id FROM articles WHERE headline='交出一份高质量发展的答卷'").fetchone()[0]
    roles = db.execute("SELECT role, text FROM paragraphs WHERE article_id=? ORDER BY ordinal LIMIT 4",
                       [js]).fetchall()
    # `63%` printed large stands alone, not glued to the sentence after it.
    assert roles[0] == ("callout", "63%") and roles[1][0] == "body" and roles[1][1].startswith("江苏深入")


def test_citations_name_the_real_paper_and_page(archive_db):
    _, db_path, _ = archive_db
    eng = Engine.open(db_path)
    for question in ("江苏全社会研发投入占比是多少", "江苏 高质量发展"):
        text = eng.answer(question).text
        assert "人民日报 2019年2月14日 第1版" in text, text
        assert "科技日报" not in text


def test_no_paper_named_means_none_is_claimed(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(ARCHIVE, corpus)
    db = store.connect(tmp_path / "x.db")
    ingest(db, [corpus])
    papers = {r[0] for r in db.execute("SELECT paper FROM articles")}
    assert papers == {None}
    eng = Engine.open(tmp_path / "x.db")
    assert "科技日报" not in eng.answer("吉林复工").text


def test_folder_settings_name_the_paper(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(ARCHIVE, corpus)
    (corpus / ".newsbot.toml").write_text('paper = "人民日报"\n', encoding="utf-8")
    db = store.connect(tmp_path / "x.db")
    ingest(db, [corpus])
    assert {r[0] for r in db.execute("SELECT paper FROM articles")} == {"人民日报"}
    src = json.loads(db.execute("SELECT field_sources FROM pages LIMIT 1").fetchone()[0])
    assert src["paper"] == "folder"


def test_a_database_is_refreshed_only_from_its_own_corpus(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "c"
    shutil.copytree(ARCHIVE, corpus)
    db_path = tmp_path / "x.db"
    assert main(["ingest", str(corpus), "--db", str(db_path)]) == 0
    capsys.readouterr()
    before = store.connect(db_path).execute("SELECT count(*) FROM articles").fetchone()[0]
    # The default corpus (the bundled page) must not leak into X, stale check or not.
    assert main(["ask", "--db", str(db_path), "吉林"]) == 0
    after = store.connect(db_path).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert before == after == 4  # five files, one of them a second placement
    # A new file in X's own corpus is picked up by the next question.
    (corpus / "20200221" / "20200221-06-02.txt").write_bytes(
        "\r\n吉林长春稳岗就业\r\n\r\n　　本报长春2月20日电  长春市出台稳岗措施。\r\n".encode())
    main(["ask", "--db", str(db_path), "长春稳岗"])
    assert store.connect(db_path).execute("SELECT count(*) FROM articles").fetchone()[0] == 5


def test_one_writer_at_a_time(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(ARCHIVE, corpus)
    db_path = tmp_path / "x.db"
    db = store.connect(db_path)
    with writer_lock(db_path):
        rep = ingest(db, [corpus], wait=False)
        assert rep.busy and not rep.results
    rep = ingest(db, [corpus], wait=False)
    assert not rep.busy and rep.count("new") == 4 and rep.count("duplicate") == 1


# ------------------------------------------------------------------ answers on the archive excerpts


@pytest.fixture(scope="module")
def arch_engine(archive_db):
    return Engine.open(archive_db[1])


def test_a_measured_thing_without_a_question_word_gets_its_figure(arch_engine):
    reply = arch_engine.answer("江苏全社会研发投入占比")
    assert reply.intent == "figure" and reply.figures[0].display == "2.64%"
    # A subject without a measured quantity is still a search.
    assert arch_engine.answer("江苏 产业升级").intent == "search"


def test_the_kicker_figure_is_found(arch_engine):
    reply = arch_engine.answer("吉林规模以上工业企业复工率是多少")
    assert reply.figures and reply.figures[0].display == "68.3%"


def test_callouts_are_not_figures_of_their_own(arch_engine):
    aid = arch_engine.answer("江苏全社会研发投入占比").figures[0].article_id
    assert all(f["sentence"] != "63%" for f in arch_engine.corpus.figures_of(aid))


def test_two_digit_years_and_month_ranges(arch_engine):
    reply = arch_engine.answer("20年2月21日吉林新闻")
    assert reply.issue_date == "2020-02-21" and [a.headline for a in reply.articles] == ["吉林 省属国企全部复工"]
    month = arch_engine.answer("2019年2月江苏的新闻")
    assert [a.headline for a in month.articles] == ["交出一份高质量发展的答卷"]


def test_a_region_brief_without_a_date_is_its_newest_issue(arch_engine):
    # 2020-02-21 is the newest issue, but nothing in it is about 广东: the 2019 article is.
    reply = arch_engine.answer("广东有什么新闻")
    assert reply.issue_date == "2019-02-27"
    assert [a.headline for a in reply.articles] == ["机器人行业新需求迸发新活力"]


def test_a_region_and_date_brief_lists_main_subjects_first_then_in_page_order(tmp_path):
    # Two 北京 articles of one issue: a page-14 one about 北京 (title) and a page-1 national story
    # filed from Beijing (dateline only). The first is the brief's lead, whatever its page.
    corpus = tmp_path / "c" / "20190214"
    corpus.mkdir(parents=True)
    (corpus / "20190214-01-04.txt").write_bytes(
        "\r\n国务院印发职业教育改革实施方案\r\n\r\n　　新华社北京2月13日电  国务院日前印发方案。\r\n".encode())
    (corpus / "20190214-14-03.txt").write_bytes(
        "\r\n北京机动车排放明年起拟全面执行国六标准\r\n\r\n　　本报北京2月13日电  北京市生态环境局发布通知。\r\n".encode())
    eng = Engine.open(tmp_path / "x.db", tmp_path / "c")
    reply = eng.answer("2019年2月14日北京新闻")
    assert [a.headline for a in reply.articles][0] == "北京机动车排放明年起拟全面执行国六标准"


def test_short_forms_readers_type_match_what_papers_print(arch_engine):
    # 规上 is printed 规模以上; 复工+率 stays one word asking for a percentage.
    reply = arch_engine.answer("吉林规上工业企业复工率")
    assert reply.figures and reply.figures[0].display == "68.3%"


def test_a_measured_thing_the_corpus_does_not_state_is_said_to_be_missing(arch_engine):
    # 江苏 is covered, 出口额 is a measured thing, but no article states it: say so plainly, then
    # offer what there is.
    reply = arch_engine.answer("江苏高质量发展出口额")
    assert reply.figures == [] and "没有" in reply.text
