"""Places over time (issue 21, item 4 and class 4): renamed and merged divisions, county-level
cities of after 2016, short county names, places inside proper names, a place written inside
another (杭州余杭区)."""
from __future__ import annotations

import json
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import pytest

from bot.answer.compare.intent import compare_ask
from bot.answer.engine import Engine
from bot.answer.understand import understand
from bot.ingest import store
from bot.ingest.pipeline import ingest
from bot.language.gazetteer import load_gazetteer
from bot.language.region_history import KINDS, load_region_history, parse_region_history

NOW = date(2020, 2, 20)


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.region.full_name, m.surface) for m in load_gazetteer().find_mentions(text)]


def _asked(text: str) -> list[str]:
    return [r.full_name for r in load_gazetteer().resolve_query(text)]


def test_history_file_is_typed_dated_and_sourced() -> None:
    changes = load_region_history()
    assert len(changes) >= 100
    assert all(c.kind in KINDS and 1990 <= c.year <= 2026 and c.source and c.old != c.new or c.kind == "split"
               for c in changes)
    years = [c.year for c in changes]
    assert years == sorted(years)
    by_old = {c.old: c for c in changes}
    assert (by_old["襄樊市"].new, by_old["襄樊市"].year, by_old["襄樊市"].old_names) == ("襄阳市", 2010, ("襄樊",))
    assert (by_old["宣武区"].new, by_old["崇文区"].new, by_old["宣武区"].year) == ("西城区", "东城区", 2010)
    assert (by_old["思茅市"].new, by_old["思茅市"].year) == ("普洱市", 2007)
    assert (by_old["京山县"].new, by_old["京山县"].kind, by_old["京山县"].year) == ("京山市", "county_to_city", 2018)
    assert (by_old["郫县"].new, by_old["郫县"].year) == ("郫都区", 2016)
    assert (by_old["莱芜市"].kind, by_old["莱芜市"].year) == ("merge", 2018)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_region_history({"changes": [{"old": "甲县", "new": "甲市", "level": "county", "year": 2018,
                                           "kind": "moved", "source": "x"}]})


@pytest.mark.parametrize("text, region, surface, note", [
    ("2005年襄樊市汽车产业产值", "襄阳市", "襄樊市", "襄樊市（2010年更名为襄阳市）"),
    ("，襄樊，", "襄阳市", "襄樊", "襄樊市（2010年更名为襄阳市）"),
    ("北京宣武区的胡同", "西城区", "宣武区", "宣武区（2010年并入西城区）"),
    ("云南思茅市", "普洱市", "思茅市", "思茅市（2007年更名为普洱市）"),
    ("湖北京山县", "京山市", "京山县", "京山县（2018年撤县设市为京山市）"),
    ("成都郫县的农民", "郫都区", "郫县", "郫县（2016年撤县设区为郫都区）"),
])
def test_an_old_name_in_old_text_is_todays_region_and_says_so(text: str, region: str, surface: str,
                                                              note: str) -> None:
    hits = [m for m in load_gazetteer().find_mentions(text) if m.surface == surface]
    assert [m.region.full_name for m in hits] == [region]
    assert hits[0].former is not None and hits[0].former.note() == note


def test_todays_name_is_no_former_name() -> None:
    gaz = load_gazetteer()
    for text in ("湖北襄阳", "京山市3名退役老兵", "成都市郫都区战旗村", "安徽巢湖市"):
        mentions = gaz.find_mentions(text)
        assert mentions and all(m.former is None for m in mentions), text
    assert gaz.former_name("襄阳") is None and gaz.former_name("襄樊").new == "襄阳市"  # type: ignore[union-attr]


@pytest.mark.parametrize("question, region", [
    ("襄阳有什么新闻", "襄阳市"), ("襄樊的新闻", "襄阳市"), ("郫都区", "郫都区"), ("郫县", "郫都区"),
    ("京山市有什么新闻", "京山市"), ("京山县", "京山市"), ("宣武区", "西城区"),
])
def test_a_question_finds_the_region_by_old_or_new_name(question: str, region: str) -> None:
    assert _asked(question) == [region]


@pytest.mark.parametrize("old, new", [
    ("京山县", "京山市"), ("滦县", "滦州市"), ("长垣县", "长垣市"), ("邵东县", "邵东市"), ("无为县", "无为市"),
    ("郫县", "郫都区"), ("户县", "鄠邑区"), ("新津县", "新津区"), ("梁平县", "梁平区"), ("横县", "横州市"),
])
def test_divisions_renamed_since_the_adcode_table_carry_todays_name(old: str, new: str) -> None:
    gaz = load_gazetteer()
    region = gaz.get(old)
    assert region is not None and region.full_name == new and gaz.get(new) == region


def test_merged_divisions_are_gone_and_their_name_is_the_successors() -> None:
    gaz = load_gazetteer()
    names = {r.full_name for r in gaz.all_regions()}
    assert not {"湾里区", "港闸区", "长岛县", "吉利区"} & names
    assert gaz.get("湾里区").full_name == "新建区"  # type: ignore[union-attr]
    assert gaz.get("长岛县").full_name == "蓬莱区"  # type: ignore[union-attr]


def test_gazetteer_json_lists_only_retired_names_as_former() -> None:
    data = json.loads(resources.files("bot.data").joinpath("gazetteer.json").read_text("utf-8"))
    current = {n for r in data["regions"] for n in (r["name"], r["full_name"])}
    assert data["former_names"] and not set(data["former_names"]) & current


@pytest.mark.parametrize("text, county", [
    ("广西融水", "融水苗族自治县"), ("湖北长阳", "长阳土家族自治县"), ("江苏宜兴", "宜兴市"),
    ("江西瑞金", "瑞金市"), ("江西井冈山", "井冈山市"), ("湖北丹江口", "丹江口市"),
])
def test_short_names_of_counties_count_after_their_province(text: str, county: str) -> None:
    assert _found(text)[-1] == (county, text[2:])
    assert _asked(text)[-1] == county


def test_a_short_county_name_alone_in_a_question_is_the_county() -> None:
    assert _asked("融水有什么新闻") == ["融水苗族自治县"]
    assert _asked("瑞金") == ["瑞金市"]


def test_common_words_among_county_names_stay_words() -> None:
    # 沿河 (along the river), 通道 (a passage) and 河口 (an estuary) are counties' short names too.
    assert _found("沿河而建的通道，河口一带") == []


@pytest.mark.parametrize("text", ["祁连山国家公园有多大", "三江源国家公园", "长白山的雪", "鄱阳湖水位",
                                  "引黄入晋工程", "澜沧江", "贺兰山东麓葡萄酒"])
def test_a_place_inside_a_proper_name_is_not_the_place(text: str) -> None:
    assert _asked(text) == [] and _found(text) == []


@pytest.mark.parametrize("text, county", [("青海祁连", "祁连县"), ("广西三江", "三江侗族自治县"),
                                          ("江西鄱阳", "鄱阳县"), ("宁夏贺兰县", "贺兰县")])
def test_the_county_itself_still_counts(text: str, county: str) -> None:
    assert _asked(text)[-1] == county


@pytest.mark.parametrize("question, region", [
    ("杭州余杭区GDP是多少", "余杭"), ("四川绵阳GDP多少", "绵阳"), ("杭州余杭区的数字经济增长多少", "余杭"),
])
def test_a_place_inside_the_place_before_it_is_one_place(question: str, region: str) -> None:
    q = understand(question, NOW)
    assert [r.name for r in q.regions] == [region]
    assert compare_ask(q) is None


@pytest.mark.parametrize("question, regions", [
    ("四川绵阳和成都GDP对比", ["绵阳", "成都"]), ("浙江江苏山东GDP", ["浙江", "江苏", "山东"]),
    ("湖北和武汉的GDP", ["湖北", "武汉"]),
])
def test_places_side_by_side_or_joined_are_still_compared(question: str, regions: list[str]) -> None:
    ask = compare_ask(understand(question, NOW))
    assert ask is not None and ask.mode == "regions" and [r.name for r in ask.regions] == regions


def _old_article(tmp_path: Path) -> Engine:
    """A made-up 2005 article that calls 襄阳 by its name of then."""
    day = tmp_path / "rmrb" / "20050315"
    day.mkdir(parents=True)
    (day / "20050315-05-01.txt").write_text(
        "\n襄樊汽车产业加快发展\n\n　　本报襄樊3月14日电　襄樊市今年新建汽车零部件项目12个，总投资30亿元。\n"
        "　　襄樊市有关负责人说，项目建成后将带动就业。\n", "utf-8")
    ingest(store.connect(tmp_path / "a.db"), [tmp_path / "rmrb"], paper="人民日报")
    return Engine.open(tmp_path / "a.db")


def test_an_article_under_an_old_name_is_found_by_todays_and_says_the_old_one(tmp_path: Path) -> None:
    engine = _old_article(tmp_path)
    brief = engine.answer("襄阳的新闻", datetime(2005, 3, 16, 9))
    assert [a.id for a in brief.articles] and "襄樊汽车产业加快发展" in brief.text
    view = engine.action("article", brief.articles[0].id)
    assert view is not None and "文中旧称：襄樊市（2010年更名为襄阳市）" in view.text
    figure = engine.answer("2005年襄阳新建汽车零部件项目总投资多少", datetime(2005, 3, 16, 9))
    assert "30亿元" in figure.text


def test_a_retired_two_character_county_name_needs_context() -> None:
    # 开县 is 开州区 since 2016, and also the middle of 召开县委, 公开县级.
    assert _found("召开县委常委会议，公开县级财政预算") == []
    assert _found("重庆开县")[-1] == ("开州区", "开县") and _asked("开县") == ["开州区"]
    assert _found("在襄樊，")[-1] == ("襄阳市", "襄樊")


def test_retired_names_block_nothing_today_s_names_need() -> None:
    # 汉沽区 (2009) must not make 西汉, 江汉 lose their blocker against 汉中.
    assert _found("西汉中期的文物，江汉中游") == []
    assert _found("天津塘沽")[-1] == ("天津滨海新区", "塘沽")
