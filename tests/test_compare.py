"""Comparisons on short excerpts of 人民日报 (February 2020) kept in tests/data/compare/."""
from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest

from bot.present.chart import chart_labels, chart_rows, draw_chart, missing_glyphs
from bot.present.comparison import CompareRow, Comparison
from bot.language.gazetteer import load_gazetteer

EXCERPTS = Path(__file__).resolve().parent / "data" / "compare"


@pytest.fixture(scope="module")
def cmp_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from bot.answer.engine import Engine

    return Engine.open(db_path=str(tmp_path_factory.mktemp("compare") / "c.db"), corpus=str(EXCERPTS))


def rows(reply: Any) -> list[tuple[str, str]]:
    assert reply.comparison is not None, reply.text
    return [(r.region, r.display) for r in reply.comparison.rows]


def test_ranking_of_one_measure_across_articles(cmp_engine: Any) -> None:
    reply = cmp_engine.answer("哪个省规上工业企业复工率最高")
    assert reply.intent == "compare"
    got = rows(reply)
    assert got[0] == ("浙江", "98.6%")
    # 江苏、山东…等地已超70%: every province of the list, the value as printed
    for region in ("江苏", "山东", "福建", "辽宁", "广东", "四川", "江西"):
        assert (region, "超70%") in got
    assert ("天津", "61.9%") in got and ("吉林", "68.3%") in got
    # 吉林's 国有企业 复工率 (67.6%) and its 复产率 measure something else: never ranked with them
    assert ("吉林", "67.6%") not in got and ("吉林", "82.7%") not in got
    cmp = reply.comparison
    assert cmp.metric == "规模以上工业企业复工率" and cmp.unit == "%" and cmp.comparable
    by_region = {r.region: r for r in cmp.rows}
    assert by_region["天津"].date == "2020-02-24" and by_region["吉林"].date == "2020-02-19"
    assert "《天津 力促全产业链协同复工复产》" in reply.text  # every row cites its article
    assert "浙江的规模以上工业企业复工率最高" in reply.text


def test_two_regions_and_a_missing_one(cmp_engine: Any) -> None:
    reply = cmp_engine.answer("/compare 浙江 天津 湖北 规上工业企业复工率")
    assert rows(reply) == [("浙江", "98.6%"), ("天津", "61.9%")]
    assert reply.comparison.missing == ["湖北"]
    assert "没有找到数字：湖北" in reply.text


def test_bare_measure_is_not_the_qualified_one(cmp_engine: Any) -> None:
    """复工率 of 国有企业 is not 规模以上工业企业复工率: shown apart, not ranked, and the reply says which
    measure it compares."""
    reply = cmp_engine.answer("吉林和天津的复工率")
    cmp = reply.comparison
    assert cmp is not None
    assert cmp.metric == "规模以上工业企业复工率"
    assert ("吉林", "68.3%") in rows(reply) and ("天津", "61.9%") in rows(reply)
    assert any(r.display == "67.6%" and r.metric == "复工率" for r in cmp.separate)
    assert "不参与比较" in reply.text and "口径" in reply.text


def test_json_has_a_comparison_block(cmp_engine: Any) -> None:
    from bot.present.render_json import reply_json

    out = reply_json(cmp_engine.answer("浙江和天津规上工业企业复工率对比"))
    block = out["comparison"]
    assert block["metric"] == "规模以上工业企业复工率"
    row = block["rows"][0]
    assert {"region", "period", "value", "unit", "source"} <= set(row)
    assert row["source"]["headline"] and row["source"]["article_id"]
    json.dumps(out, ensure_ascii=False)


def test_questions_that_are_not_comparisons_stay_as_they_were(cmp_engine: Any) -> None:
    assert cmp_engine.answer("天津有什么新闻").intent == "brief"
    assert cmp_engine.answer("天津复工率是多少").intent == "figure"
    assert cmp_engine.answer("/compare").intent == "ask_compare"


def test_nothing_comparable_is_said_so(cmp_engine: Any) -> None:
    reply = cmp_engine.answer("各省工业机器人产量排名")
    assert reply.comparison is not None and not reply.comparison.rows
    assert "没有找到" in reply.text


def _row(region: str, value: float, day: str, unit: str = "%") -> CompareRow:
    return CompareRow(region=region, value=value, display=f"{value:g}{unit}", unit=unit, metric="复工率",
                      date=day, period=day, article_id="a", headline="h", issue_date=day, sentence="s",
                      figure_id=1)


def test_dates_far_apart_are_not_ranked() -> None:
    from bot.answer.compare.comparer import Comparer

    near = [_row("浙江", 90, "2020-02-24"), _row("江苏", 70, "2020-02-26")]
    far = [_row("浙江", 90, "2020-02-24"), _row("江苏", 70, "2020-02-05")]
    assert Comparer._comparable(near, series=False)
    assert not Comparer._comparable(far, series=False)


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_bar_chart_is_a_small_png(cmp_engine: Any) -> None:
    # How fast it is drawn (≤ 300 ms) is measured by benchmarks/bench_compare.py, not by a timed test
    # (one failed under load on the shared CI machine).
    cmp = cmp_engine.answer("各地规上工业企业复工率").comparison
    assert cmp.chart == "bar"
    png = draw_chart(cmp)
    assert png is not None
    width, height = _png_size(png)
    assert width >= 600 and height >= 300 and len(png) <= 200 * 1024
    assert not set().union(*(missing_glyphs(s) for s in chart_labels(cmp)))


def test_line_chart_over_time() -> None:
    cmp = Comparison(mode="series", metric="新增确诊病例", asked="新增确诊病例", unit="例", chart="line",
                     rows=[_row("湖北", v, f"2020-02-{d:02d}", "例") for d, v in ((20, 631), (22, 366), (24, 398))])
    png = draw_chart(cmp)
    assert png is not None and _png_size(png)[0] >= 600
    assert not set().union(*(missing_glyphs(s) for s in chart_labels(cmp)))


def test_font_has_every_region_name_and_the_measure_words() -> None:
    names = {n for r in load_gazetteer().all_regions() for n in (r.name, r.full_name)}
    lacking = {n: missing_glyphs(n) for n in names if missing_glyphs(n)}
    assert not lacking
    data = json.loads((Path(__file__).resolve().parent.parent / "bot" / "data" / "compare.json").read_text("utf-8"))
    words = "".join(data["metric_synonyms"].values()) + "复工率复产率确诊病例发送旅客地区生产总值（）％万亿元人次"
    assert not missing_glyphs(words)


def test_font_ships_with_its_licence() -> None:
    data = Path(__file__).resolve().parent.parent / "bot" / "data"
    assert (data / "chart-sc.otf").stat().st_size < 2 * 1024 * 1024
    assert "SIL OPEN FONT LICENSE Version 1.1" in (data / "chart-sc-OFL.txt").read_text("utf-8")


def test_cli_ask_writes_the_chart_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    monkeypatch.setenv("NEWSBOT_CORPUS", str(EXCERPTS))
    out = tmp_path / "chart.png"
    db = str(tmp_path / "cli.db")
    assert main(["ask", "--db", db, "--json", "--chart", str(out), "浙江和天津规上工业企业复工率"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [r["region"] for r in printed["comparison"]["rows"]] == ["浙江", "天津"]
    assert _png_size(out.read_bytes())[0] >= 600
    # A reply without a chart says so and exits 1, writing nothing.
    none = tmp_path / "none.png"
    assert main(["ask", "--db", db, "--chart", str(none), "天津有什么新闻"]) == 1
    assert not none.exists()


def test_chat_saves_the_chart_next_to_the_database(cmp_engine: Any, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from bot.console import chat

    monkeypatch.setattr("sys.stdin", io.StringIO("各地规上工业企业复工率\n"))
    assert chat(cmp_engine) == 0
    saved = list((cmp_engine.db_path.with_name("charts")).glob("*.png"))
    assert saved and "图表：" in capsys.readouterr().out
    assert _png_size(saved[0].read_bytes())[0] >= 600


def test_a_character_the_font_lacks_is_drawn_as_a_box() -> None:
    from bot.present.chart import _safe

    assert not missing_glyphs("□")
    assert _safe("𠀀市") == "□市"  # an Extension B character: not in GB 2312, never an invisible gap


def test_units_never_mix_and_scales_are_converted(cmp_engine: Any) -> None:
    """亿元 beside 万元 share one scale; a percentage of the same words is never ranked with money."""
    from bot.answer.compare.comparer import Comparer
    from bot.answer.compare.intent import CompareAsk
    from bot.answer.compare.metric import FigureReading
    from bot.present.comparison_reply import comparison_reply

    gaz = cmp_engine.gaz

    def candidate(i: int, region: str, display: str, value: float, unit: str) -> tuple[dict, FigureReading]:
        fig = {"id": i, "article_id": f"a{i}", "display": display, "value": value, "unit": unit,
               "kind": "percent" if unit == "%" else "money", "is_change": 0, "qualifier": None,
               "sentence": f"2019年{region}技术合同成交额{display}。", "issue_date": "2020-02-20",
               "headline": f"报道{i}"}
        return fig, FigureReading("技术合同成交额", [gaz.get(region)], False, None, None, "2019")

    candidates = [candidate(1, "北京", "5695亿元", 5.695e11, "元"), candidate(2, "吉林", "341.9亿元", 3.419e10, "元"),
                  candidate(3, "天津", "8000万元", 8e7, "元"), candidate(4, "河北", "12%", 12.0, "%")]
    ask = CompareAsk(mode="regions", metric="技术合同成交额", asked="技术合同成交额",
                     regions=[gaz.get(n) for n in ("北京", "吉林", "天津", "河北")])
    cmp = Comparer(cmp_engine.corpus, gaz)._compare(ask, candidates)
    assert cmp.unit == "元"
    assert [r.region for r in cmp.rows] == ["北京", "吉林", "天津"]
    assert [(r.region, r.display) for r in cmp.separate] == [("河北", "12%")]
    assert cmp.missing == ["河北"]
    text = comparison_reply(cmp).text
    assert "8000万元（0.8亿元）" in text and "5695亿元" in text
    assert "不参与比较" in text


def test_a_village_or_a_county_is_not_its_province(cmp_engine: Any) -> None:
    """大湾村 (安徽) 0.23% and 全县 (宁夏西吉) 0.95% are no province's 贫困发生率; 青海's is."""
    cmp = cmp_engine.answer("各省贫困发生率").comparison
    assert [(r.region, r.display) for r in cmp.rows] == [("青海", "2.5%")]


def test_a_series_from_a_from_to_pair(cmp_engine: Any) -> None:
    """从2012年的26.4%下降到2018年底的2.5%: two points, each with its own year."""
    reply = cmp_engine.answer("青海贫困发生率这几年怎么变化")
    cmp = reply.comparison
    assert [(r.display, r.period) for r in cmp.rows] == [("26.4%", "2012年"), ("2.5%", "2018年")]
    assert cmp.chart == "line" and draw_chart(cmp) is not None


def test_the_year_of_a_starting_value_is_not_the_end_values() -> None:
    from bot.answer.compare.metric import MetricReader

    sentence = "2019年全县脱贫出列18个村，减少贫困人口2.21万人，贫困发生率由2014年的34%下降到了0.95%。"
    start = sentence.index("0.95%")
    reading = MetricReader(load_gazetteer()).read(
        {"sentence": sentence, "start": start, "end": start + 5, "issue_date": "2020-02-13"}, None)
    assert reading.year == "2019" and reading.metric == "贫困发生率" and reading.local


def test_periods_that_differ_are_ranked_only_within_a_period() -> None:
    from bot.answer.compare.comparer import Comparer
    from bot.answer.compare.intent import CompareAsk
    from bot.present.comparison_reply import comparison_reply

    rows = [_row("青海", 2.5, "2018-12-31"), _row("黑龙江", 0.07, "2019-12-31"), _row("江西", 1.4, "2018-12-31")]
    for r in rows:
        r.period = r.date[:4] + "年"
    ask = CompareAsk(mode="ranking", metric="贫困发生率", asked="贫困发生率", ascending=True, rank=True)
    grouped = Comparer._by_period(ask, rows)
    assert [(r.region, r.group) for r in grouped] == [("江西", 0), ("青海", 0), ("黑龙江", 1)]
    cmp = Comparison(mode="ranking", metric="贫困发生率", asked="贫困发生率", unit="%", rows=grouped,
                     comparable=False, ranked=True, chart="bar")
    text = comparison_reply(cmp).text
    assert "同一时期（2018年）的数字中，江西的贫困发生率最低" in text
    assert text.index("2018年：") < text.index("1. 江西") < text.index("2019年：") < text.index("1. 黑龙江")
    assert [r.region for r in chart_rows(cmp)] == ["江西", "青海"]  # the chart shows one period only


def test_regions_in_one_word_with_nothing_to_compare_are_no_comparison(cmp_engine: Any) -> None:
    # 青藏 names 青海 and 西藏, but nobody asked to compare them: the message is a search
    assert cmp_engine.answer("青藏高原高寒草地植被 气候变暖").intent != "compare"
    # regions listed with 和 are compared, and told plainly when there is nothing to compare
    assert cmp_engine.answer("海南和西藏的规上工业企业复工率").intent == "compare"
