"""Corpus faults are data: every bad entry is named with its reason, never stops the files after it,
never loses a good one; two ingests at once never report false failures."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from bot.ingest import store
from bot.cli import main
from bot.ingest.pipeline import MAX_FILE_BYTES, ingest

ARCHIVE = Path(__file__).resolve().parent / "data" / "archive"
GOOD = ARCHIVE / "20200221" / "20200221-06-01.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    (d / "20200221").mkdir(parents=True)
    shutil.copy(GOOD, d / "20200221" / GOOD.name)
    return d


def results(rep) -> dict[str, tuple[str, str | None]]:
    return {Path(r.path).name: (r.status, r.error) for r in rep.results}


def test_each_bad_entry_is_named_and_the_good_file_after_it_is_kept(folder, tmp_path):
    bad_name = os.path.join(os.fsencode(folder / "20200221"), b"\xff\xfe-bad.txt")
    with open(bad_name, "wb") as fh:
        fh.write(GOOD.read_bytes())
    (folder / "0-huge.txt").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    (folder / "1-binary.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    (folder / "2-dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop").symlink_to(folder)
    (folder / "3-empty.txt").write_bytes(b"")
    (folder / "z-last.txt").write_bytes(GOOD.read_bytes().replace("吉林".encode(), "辽宁".encode()))
    rep = ingest(store.connect(tmp_path / "x.db"), [folder])
    got = results(rep)
    assert got["0-huge.txt"][0] == "failed" and "文件过大" in got["0-huge.txt"][1]
    assert got["1-binary.txt"] == ("failed", "不是文本文件（含二进制内容）")
    assert got["2-dangling.txt"] == ("failed", "链接指向的文件不存在")
    assert got["loop"][0] == "skipped" and "链接" in got["loop"][1]
    assert got["3-empty.txt"] == ("failed", "文件为空")
    undecodable = [v for k, v in got.items() if k.endswith("-bad.txt")]
    assert undecodable == [("failed", "文件名不是有效的 UTF-8 编码，请改名后再导入")]
    # The good files, before and after the bad ones, are in.
    assert got[GOOD.name][0] == "new" and got["z-last.txt"][0] == "new"
    # A second run finds the same faults and nothing new, without parsing the bad files again.
    again = results(ingest(store.connect(tmp_path / "x.db"), [folder]))
    assert again["1-binary.txt"] == got["1-binary.txt"] and again[GOOD.name][0] == "unchanged"


def test_the_cli_reports_faults_and_does_not_crash(folder, tmp_path, capsys):
    (folder / "1-binary.txt").write_bytes(b"\x00\x01" * 100)
    assert main(["ingest", str(folder), "--db", str(tmp_path / "x.db")]) == 1
    captured = capsys.readouterr()
    assert "1-binary.txt" in captured.err and "不是文本文件" in captured.err
    assert "失败 1" in captured.out


def test_duplicate_content_is_a_placement_not_a_failure(folder, tmp_path):
    shutil.copy(GOOD, folder / "20200221" / "20200221-09-02.txt")
    rep = ingest(store.connect(tmp_path / "x.db"), [folder])
    got = results(rep)
    assert got["20200221-09-02.txt"][0] == "duplicate" and GOOD.name in got["20200221-09-02.txt"][1]
    assert not rep.failed


def test_two_ingests_at_once_never_report_false_failures(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(ARCHIVE, corpus)
    db_path = tmp_path / "x.db"
    store.ensure_schema(store.connect(db_path))
    reports = []

    def run() -> None:
        reports.append(ingest(store.connect(db_path), [corpus]))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not any(r.failed for r in reports)
    # One ingest wrote the four articles' files, the other waited and found them unchanged.
    assert sorted(r.count("new") for r in reports) == [0, 4]
    assert sorted(r.count("unchanged") for r in reports) == [0, 5]  # the copy on page 7 too


# ------------------------------------------------------------------ issue 22: corpus faults


def test_a_file_rewritten_while_it_is_ingested_is_seen_changed_by_the_next_scan(folder, tmp_path, monkeypatch):
    import bot.ingest.pipeline as pipeline

    db = store.connect(tmp_path / "x.db")
    page = folder / "20200221" / GOOD.name
    real = pipeline.prepare
    rewritten: list[str] = []

    def rewrite_then_prepare(data, name, *args):  # type: ignore[no-untyped-def]
        # Read, not yet written: the file is rewritten now (same size, later mtime).
        if not rewritten:
            page.write_bytes(GOOD.read_bytes().replace("吉林".encode(), "辽宁".encode()))
            os.utime(page, (page.stat().st_atime, page.stat().st_mtime + 60))
            rewritten.append(name)
        return real(data, name, *args)

    monkeypatch.setattr(pipeline, "prepare", rewrite_then_prepare)
    assert results(ingest(db, [folder]))[GOOD.name][0] == "new"
    monkeypatch.setattr(pipeline, "prepare", real)
    # The old bytes were stored under the stat they were read with: the next scan sees the change.
    again = results(ingest(db, [folder]))
    assert again[GOOD.name][0] == "replaced"
    size, mtime = db.execute("SELECT size, mtime FROM pages").fetchone()
    assert (size, mtime) == (page.stat().st_size, page.stat().st_mtime)
    heads = " ".join(h for (h,) in db.execute("SELECT headline FROM articles"))
    assert "辽宁" in heads and "吉林" not in heads


def test_a_file_deleted_while_it_is_ingested_is_reported_gone_not_a_database_failure(folder, tmp_path, monkeypatch):
    import bot.ingest.pipeline as pipeline

    page = folder / "20200221" / GOOD.name
    real = pipeline.prepare

    def delete_then_prepare(data, name, *args):  # type: ignore[no-untyped-def]
        page.unlink(missing_ok=True)  # read, not yet written
        return real(data, name, *args)

    monkeypatch.setattr(pipeline, "prepare", delete_then_prepare)
    db = store.connect(tmp_path / "x.db")
    status, error = results(ingest(db, [folder]))[GOOD.name]
    assert status == "failed" and "写入数据库失败" not in (error or "")
    assert "不存在" in (error or "")
    assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == 0


def test_utf8_cut_off_mid_character_is_read_as_utf8(folder, tmp_path):
    from bot.parse.reader import decode

    assert decode("长沙市".encode() + "长".encode()[:2]) == ("长沙市", "utf-8")
    cut = folder / "20200221" / "20200221-07-01.txt"
    cut.write_bytes(GOOD.read_bytes().replace("吉林".encode(), "辽宁".encode()) + "长".encode()[:1])
    db = store.connect(tmp_path / "x.db")
    assert results(ingest(db, [folder]))[cut.name][0] == "new"
    assert db.execute("SELECT encoding FROM pages WHERE name=?", [cut.name]).fetchone() == ("utf-8",)
    assert "辽宁" in " ".join(h for (h,) in db.execute("SELECT headline FROM articles"))


def test_utf8_with_control_characters_says_so_not_unknown_encoding(folder, tmp_path):
    bells = folder / "bells.txt"
    bells.write_bytes(("标题\n" + "正文\x07\x1b" * 200).encode())
    status, error = results(ingest(store.connect(tmp_path / "x.db"), [folder]))["bells.txt"]
    assert status == "failed" and "无法识别文件编码" not in (error or "")
    assert "UTF-8" in (error or "") and "控制字符" in (error or "")


def test_a_folder_tree_1100_levels_deep_is_ingested_not_a_recursion_error(folder, tmp_path):
    from bot.ingest.pipeline import is_stale

    deep = folder
    for _ in range(1100):
        deep = deep / "d"
        deep.mkdir()
    (deep / "20200221-07-01.txt").write_bytes(GOOD.read_bytes().replace("吉林".encode(), "辽宁".encode()))
    db = store.connect(tmp_path / "x.db")
    try:
        got = results(ingest(db, [folder]))
        assert got[GOOD.name][0] == "new" and got["20200221-07-01.txt"][0] == "new"
        assert not is_stale(db, folder)
    finally:  # shutil.rmtree recurses too: take the tree down from the bottom
        (deep / "20200221-07-01.txt").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent
