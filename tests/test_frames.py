"""Frames: a question's period and aspect against a figure's (bot/answer/frame.py), and the three
outcomes (bot/answer/decide.py) on real 人民日报 text (excerpts in tests/data/frames)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.analyse.figures.frame import PeriodKey, figure_frame, period_key
from bot.answer.engine import Engine
from bot.answer.frame import differences, question_frame
from bot.ingest import store
from bot.ingest.pipeline import ingest
from bot.present.render_json import render_json

FRAMES = Path(__file__).resolve().parent / "data" / "frames"


def _engine(tmp: Path, only: list[str] | None = None) -> Engine:
    corpus = tmp / "rmrb"
    shutil.copytree(FRAMES, corpus)
    for day in corpus.iterdir():
        if only is not None and day.name not in only:
            shutil.rmtree(day)
    rep = ingest(store.connect(tmp / "a.db"), [corpus], paper="人民日报")
    assert not rep.failed
    return Engine.open(tmp / "a.db")


@pytest.fixture(scope="module")
def eng(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine(tmp_path_factory.mktemp("frames"))


@pytest.mark.parametrize("text,key", [
    ("今年1月", PeriodKey(month=1)),
    ("一月份", PeriodKey(month=1)),
    ("1月20日", PeriodKey(day_month=1)),
    ("前三季度", PeriodKey(span="前三季度")),
    ("1至2月", PeriodKey(span="前两月")),
    ("2018年", PeriodKey(span="全年")),
    ("截至2018年底", PeriodKey(span="全年")),
    ("春节期间", PeriodKey(festival="春节")),
    ("正月初三", PeriodKey(festival_day="初三")),
])
def test_periods_are_read_by_dimension(text: str, key: PeriodKey) -> None:
    assert period_key(text) == key


def _frame_of(sentence: str, value: str, period: str | None = None, measure: str | None = None):  # type: ignore[no-untyped-def]
    return figure_frame(sentence, sentence.index(value), period, measure, 2019)


def test_a_figures_aspect_is_read_from_the_words_before_it() -> None:
    assert _frame_of("新一年，村里计划将茶树栽种面积扩大到2000亩。", "2000").aspects == {"planned"}
    assert _frame_of("比如，一家小微企业获贷500万元。", "500").aspects == {"example"}
    assert _frame_of("今年1月，中国声谷开年看涨：新增企业18家", "18").aspects == {"new"}
    assert _frame_of("全乡贫困发生率从14.1%降至4.92%。", "14.1", measure="start").aspects == {"start"}
    assert _frame_of("如今，双石村已经栽种茶树600亩", "600").aspects == frozenset()  # 如今 is no example
    # a past state, and only the figure right after its mark
    assert _frame_of("竹在山中烂，人在家中穷，贫困发生率一度高达22%。", "22").aspects == {"start"}
    moved = "原来海拔5200米的游客大本营被撤至海拔5150米的绒布寺一带。"
    assert _frame_of(moved, "5200").aspects == {"start"} and _frame_of(moved, "5150").aspects == frozenset()
    # 到2020年 in an article of 2019 is a target; 到2018年 is what was reached
    assert _frame_of("到2020年建成50个", "50", period="到2020年").aspects == {"planned"}
    assert _frame_of("到2018年建成50个", "50", period="到2018年").aspects == frozenset()


def test_a_month_asked_differs_from_a_whole_year_printed() -> None:
    asked = question_frame("今年1月全国实际使用外资多少")
    year = _frame_of("全年高技术产业实际使用外资2660亿元，增长25.6%", "2660", period="全年")
    month = _frame_of("据商务部统计，1月全国实际使用外资841.8亿元", "841.8")
    assert [d.reason for d in differences(asked, year)] == ["报道给出的是全年的数字"]
    assert differences(asked, month) == []


def test_a_plan_answers_a_plan_or_a_plain_question_but_not_what_happened() -> None:
    plan = _frame_of("新一年，村里计划将茶树栽种面积扩大到2000亩。", "2000")
    assert differences(question_frame("双石村计划把茶树扩大到多少亩"), plan) == []
    assert differences(question_frame("南铁春运发送多少旅客"), _frame_of("南铁预计发送旅客3400万人次", "3400")) == []
    differs = differences(question_frame("双石村实际种了多少亩茶树"), plan)
    assert [d.code for d in differs] == ["planned"]


def test_the_month_asked_is_answered_not_the_year(eng: Engine) -> None:
    reply = eng.answer("今年1月全国实际使用外资多少")
    assert reply.figures[0].display == "841.8亿元"
    assert "2660亿元" not in [f.display for f in reply.figures]


def test_plan_and_fact_each_answer_their_own_question(eng: Engine) -> None:
    assert eng.answer("双石村计划把茶树扩大到多少亩").figures[0].display == "2000亩"
    done = eng.answer("双石村现在实际栽种了多少亩茶树")
    assert done.figures[0].display == "600亩"
    assert "2000亩" not in [f.display for f in done.figures]


def test_a_figure_of_another_period_is_offered_as_maybe_never_given(tmp_path: Path) -> None:
    eng = _engine(tmp_path, only=["20200229"])  # only the 2019 统计公报: 全年, no month
    reply = eng.answer("1月份高技术产业实际使用外资多少")
    assert reply.figures == []
    assert reply.text.startswith("可能是 2660亿元")
    assert "报道给出的是全年的数字" in reply.text
    out = json.loads(render_json(reply))
    assert out["figures"] == []
    assert out["suggestions"][0]["kind"] == "maybe"
    assert out["suggestions"][0]["display"] == "2660亿元"
    assert out["suggestions"][0]["reason"] == "报道给出的是全年的数字"
    assert "全年高技术产业实际使用外资2660亿元" in out["suggestions"][0]["sentence"]


NAIMAN = ("奈曼为民拥警协会是由奈曼旗爱心人士成立的公益组织，经过3年多的发展，核心会员达1万余人，"
          "成为该旗40多万群众和800多名公安干警之间的桥梁和纽带。")


def test_a_duration_an_age_or_a_rank_answers_only_when_asked(eng: Engine) -> None:
    from datetime import date

    from bot.analyse.figures.extract import extract_figures
    from bot.answer.rank import fits_ask
    from bot.answer.understand import Message, understand

    figs = {f.display: f for f in extract_figures([NAIMAN], issue_year=2019)}
    assert figs["3年"].kind == "duration" and figs["1万余人"].kind == "count"
    for question, kinds in [("奈曼为民拥警协会有多少核心会员", set()), ("奈曼为民拥警协会成立几年了", {"duration"}),
                            ("他今年多大年纪", {"age"}), ("长沙排名第几", {"rank"})]:
        ask = eng._figure_search(understand(Message(question), date(2026, 12, 8))).ask
        assert set(ask.open_kinds) == kinds, question
        row = {"kind": "duration", "unit": "年", "display": "3年"}
        assert fits_ask(ask, row) is ("duration" in kinds), question  # type: ignore[arg-type]


def test_a_section_about_another_place_answers_for_that_place(eng: Engine) -> None:
    # 岁末年初探脱贫: sections on 阿尔山 (the main region) and on 重庆巫溪县天元乡. 全乡贫困发生率从
    # 14.1%降至4.92% names no place, so it took 阿尔山; the article is about 巫溪 too, and the
    # question asks 巫溪: it answers.
    reply = eng.answer("重庆巫溪天元乡贫困发生率降到了多少")
    assert reply.figures and reply.figures[0].display == "4.92%"
    # a place the article is not about still gets nothing from it
    assert not eng.answer("重庆巫山贫困发生率降到了多少").figures


def test_ingest_stores_each_figures_frame_as_the_answer_stage_reads_it(eng: Engine) -> None:
    from bot.answer.figure_search import stored_frame

    rows = eng.corpus.rows("SELECT id FROM figures")
    figs = eng.corpus.figures_by_ids([int(r["id"]) for r in rows])
    assert len(figs) > 30
    by_display = {f["display"]: f for f in figs}
    assert by_display["2000亩"]["aspects"] == "planned"  # 村里计划将茶树栽种面积扩大到2000亩
    assert by_display["2660亿元"]["period_key"] == "span=全年"
    for fig in figs:
        year = int(eng.corpus.article_heads([fig["article_id"]])[fig["article_id"]]["issue_date"][:4])
        computed = figure_frame(fig["sentence"], fig["start"], fig.get("period"), fig.get("measure"), year,
                                fig.get("metric"))
        assert stored_frame(fig) == computed, fig["display"]
