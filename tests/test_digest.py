"""A region's brief over a span longer than a week opens as a digest: each week's top stories
(front page, then a page's lead article, then those most about the region), newest week first, with
the whole list a tap away. Built from a real 人民日报 article about 贵州 printed on ten days."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer.engine import Engine
from bot.ingest import store
from bot.ingest.pipeline import ingest
from bot.present.blocks import block_text

GUIZHOU = Path(__file__).resolve().parent / "data" / "archive_answers" / "20200227" / "20200227-07-03.txt"
# (day of February 2020, page): 01 is the front page
PRINTED = [(3, "05"), (5, "01"), (7, "05"), (11, "05"), (12, "01"), (14, "05"), (18, "05"), (20, "05"),
           (24, "05"), (25, "05"), (26, "01"), (27, "05"), (28, "05")]


@pytest.fixture(scope="module")
def eng(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    d = tmp_path_factory.mktemp("digest")
    text = GUIZHOU.read_text("utf-8")
    for n, (day, page) in enumerate(PRINTED):
        folder = d / "rmrb" / f"202002{day:02d}"
        folder.mkdir(parents=True)
        # the same report each day, told apart by its headline (identical files are one article)
        (folder / f"202002{day:02d}-{page}-01.txt").write_text(
            text.replace("确保打赢两场硬仗", f"确保打赢两场硬仗（之{n + 1}）", 1), "utf-8")
    rep = ingest(store.connect(d / "x.db"), [d / "rmrb"], paper="人民日报")
    assert not rep.failed
    return Engine.open(d / "x.db")


def test_a_month_of_a_region_opens_as_each_weeks_top_stories(eng: Engine) -> None:
    reply = eng.answer("2020年2月贵州的新闻")
    assert reply.intent == "brief" and "要闻" in reply.text and f"共{len(PRINTED)}篇" in reply.text
    weeks = [block_text(b) for b in reply.blocks if block_text(b).startswith("2020年2月")]
    assert weeks[0].startswith("2020年2月24日") and len(weeks) == 4  # newest week first, Monday to Sunday
    days = [a.issue_date for a in reply.articles]
    assert len(days) <= 3 * len(weeks) and len(days) < len(PRINTED)
    # within a week the front page comes first: 2月24日-29日 has 2月26日 on page 1, then the newest
    assert days[:3] == ["2020-02-26", "2020-02-28", "2020-02-27"]


def test_the_whole_list_is_a_tap_away(eng: Engine) -> None:
    reply = eng.answer("2020年2月贵州的新闻")
    [whole] = [a for a in reply.actions if a.label == f"全部 {len(PRINTED)} 篇"]
    listed = eng.action(whole.kind, whole.arg)
    assert listed is not None and listed.intent == "brief" and "要闻" not in listed.text
    assert f"{len(PRINTED)}篇" in listed.text
    # an article opened from the digest comes back to the digest
    first = reply.actions[0]
    assert first.kind == "article" and first.arg.endswith("|list:2020年2月贵州的新闻")
    opened = eng.action(first.kind, first.arg)
    assert opened is not None and opened.articles


def test_a_week_or_a_day_is_still_a_plain_brief(eng: Engine) -> None:
    assert "要闻" not in eng.answer("2020年2月26日贵州的新闻").text
    assert "要闻" not in eng.answer("2020年2月24日到2月29日贵州的新闻").text
