"""Counties in the gazetteer: found where they are places, not where their characters are other words."""
from __future__ import annotations

import pytest

from bot.language.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def g():
    return load_gazetteer()


def names(mentions):
    return [m.region.name for m in mentions]


def test_counties_resolve_under_their_city(g):
    for typed, name, city in (("阿尔山自来水普及率", "阿尔山", "兴安"), ("梅县金柚产值", "梅县", "梅州"),
                              ("扎赉特旗有几台无人机", "扎赉特", "兴安"), ("青龙县", "青龙", "秦皇岛"),
                              ("溧水", "溧水", "南京")):
        [r] = g.resolve_query(typed)
        assert (r.name, r.level) == (name, "county")
        assert g.ancestors(r.code)[0].name == city


def test_one_character_names_keep_their_suffix(g):
    assert g.get("新县").name == "新县" and g.get("盂县").name == "盂县"


def test_shared_and_common_names_do_not_count(g):
    # 鼓楼区 is in four cities; 城关 and 老城区 describe part of any city; 长安 and 白云 are words.
    assert names(g.find_mentions("鼓楼区、城关镇和老城区的改造")) == []
    assert g.resolve_query("白云机场") == [] and g.resolve_query("平安建设") == []


def test_two_character_counties_need_context(g):
    assert names(g.find_mentions("基层是党和政府联系人民群众的纽带")) == []  # 和政
    assert names(g.find_mentions("写于蒙古国首都乌兰巴托")) == []  # 乌兰
    assert names(g.find_mentions("河北香河承接产业转移")) == ["河北", "香河"]
    assert names(g.find_mentions("寿光，这个春节暖暖的")) == ["寿光"]
    # named in full, the short name later in the same text counts too
    assert names(g.find_mentions("阿尔山市伊尔施镇居民说，阿尔山变了")).count("阿尔山") == 2


def test_villages_and_towns_are_not_their_county(g):
    assert "三河" not in names(g.find_mentions("三河村养殖合作社卖了2000多头仔猪"))
    assert names(g.find_mentions("闽宁镇酿酒葡萄种植面积")) == []  # a town in 宁夏, not 福建 and 宁夏
    assert names(g.find_mentions("闽宁协作持续深化")) == ["福建", "宁夏"]
    assert names(g.find_mentions("张北县村级光伏电站")) == ["张北"]


def test_a_zone_that_is_a_district_is_one_place(g):
    assert g.get("南沙区").code == g.get("南沙新区").code


def test_typo_correction_leaves_counties_alone(g):
    # ~2,850 names one keystroke from ordinary words: typos only resolve to higher levels
    assert all(m.region.level != "county" for m in g.query_mentions("哈尔宾新区有什么新闻"))


def test_a_city_inside_a_common_word_is_no_place(g):
    assert g.resolve_query("玉屏县复合肥储备量")[0].name == "玉屏"
    assert [r.name for r in g.resolve_query("玉屏县复合肥储备量")] == ["玉屏"]  # not 合肥
