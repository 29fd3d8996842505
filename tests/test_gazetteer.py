"""Gazetteer: mentions in the seed page's text, query resolution, ancestry."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.language.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def g():
    return load_gazetteer()


def names(mentions):
    return [m.region.name for m in mentions]


def test_levels_and_short_names(g):
    assert g.get("河北省").name == "河北" and g.get("河北").level == "province"
    assert g.get("吕梁市").name == "吕梁" and g.get("吕梁").level == "city"
    assert g.get("内蒙古自治区").name == "内蒙古"
    assert g.get("广西壮族自治区").name == "广西"
    assert g.get("延边朝鲜族自治州").name == "延边"
    for hk in ("香港", "澳门", "台湾"):
        assert g.get(hk).level == "province"
    assert g.get("北京").code == "110000000000"
    assert g.get("长沙").parents[0] == "430000000000"
    # 吉林 the province keeps the short name; the city needs 吉林市.
    assert g.get("吉林").level == "province" and g.get("吉林市").level == "city"
    provinces = [r for r in g.all_regions() if r.level == "province"]
    assert len(provinces) == 34


def test_ancestors(g):
    assert [r.name for r in g.ancestors(g.get("湖南").code)] == ["华中", "中部"]
    assert {r.name for r in g.ancestors(g.get("河北").code)} >= {"华北", "京津冀"}
    assert {r.name for r in g.ancestors(g.get("四川").code)} >= {"西南", "西部", "成渝"}
    chain = [r.name for r in g.ancestors(g.get("天府新区").code)]
    assert chain[:2] == ["成都", "四川"]
    assert [r.name for r in g.ancestors(g.get("哈尔滨新区").code)][:3] == ["哈尔滨", "黑龙江", "东北"]
    assert "河北" in [r.name for r in g.ancestors(g.get("雄安新区").code)]
    assert "江西" in [r.name for r in g.ancestors(g.get("赣江新区").code)]
    assert "湖南" in [r.name for r in g.ancestors(g.get("湘江新区").code)]
    assert "天津" in [r.name for r in g.ancestors(g.get("滨海—中关村科技园").code)]


def test_national_new_areas_complete(g):
    zones = [r for r in g.all_regions() if r.kind == "national_new_area"]
    assert len(zones) == 19


def test_org_names_are_not_places(g):
    assert names(g.find_mentions("加快建设北京理工大学成果转化基地、西北工业大学航空动力科创区")) == []
    assert names(g.find_mentions("我们来自北京航空航天大学,在北京设研发总部")) == ["北京"]
    assert names(g.find_mentions("哈尔滨新区与中国建设银行开发了创新积分贷")) == ["哈尔滨新区"]
    assert "四川" not in names(g.find_mentions("清华四川能源互联网研究院装备数字化"))
    assert "南昌" not in names(g.find_mentions("中国铁路南昌局集团有限公司(以下简称“南铁”)"))
    # The bracketed place is where the park is; the name before it is not a mention.
    assert "深圳" not in names(g.find_mentions("发布会在深圳(哈尔滨)产业园举行"))
    assert "深圳" not in names(g.find_mentions("发布会在深圳（哈尔滨）产业园区举行"))
    assert "天津" in names(g.find_mentions("致导创新(天津)科技有限公司"))


def test_abbreviations_only_in_compounds(g):
    assert names(g.find_mentions("闽赣两省111个高铁站")) == ["福建", "江西"]
    assert names(g.find_mentions("川渝合作")) == ["成渝"]
    assert names(g.find_mentions("苏浙皖三省")) == ["江苏", "浙江", "安徽"]
    assert names(g.find_mentions("南京的新闻")) == ["南京"]  # 京 in 南京 is no mention of 北京
    assert names(g.find_mentions("四川的新闻")) == ["四川"]
    assert names(g.find_mentions("黑色金属与新材料")) == []
    assert names(g.find_mentions("沪宁高速")) == ["上海", "南京"]


def test_blockers_and_direction_words(g):
    assert names(g.find_mentions("要确保定期检修")) == []
    assert names(g.find_mentions("社会长治久安")) == []
    assert names(g.find_mentions("园区东部的厂房")) == []
    assert names(g.find_mentions("东北地区和西部大开发")) == ["东北", "西部"]
    assert names(g.find_mentions("河北区域协同")) == ["河北"]


def test_seed_mentions(g):
    text = ("当前,京津冀已形成以河北石家庄、唐山为核心区,以北京丰台、房山,天津滨海新区,"
            "河北张家口、邢台、秦皇岛为重点区的“2+6”安全应急装备产业集群发展格局。")
    assert names(g.find_mentions(text)) == ["京津冀", "河北", "石家庄", "唐山", "北京", "丰台", "房山",
                                            "滨海新区", "河北", "张家口", "邢台", "秦皇岛"]
    ms = g.find_mentions("北京经济技术开发区(北京亦庄)相关负责人分析")
    assert names(ms) == ["北京亦庄", "北京亦庄"]
    assert ms[0].surface == "北京经济技术开发区" and (ms[0].start, ms[0].end) == (0, 9)
    assert names(g.find_mentions("天津滨海—中关村科技园,园区企业")) == ["滨海—中关村科技园"]
    assert names(g.find_mentions("唐山高新区管委会副主任")) == ["唐山高新区"]


QUERIES = [
    ("河北今天有啥新闻", ["河北"]),
    ("冀", ["河北"]),
    ("冀今天有啥新闻", ["河北"]),
    ("川", ["四川"]),
    ("闽赣", ["福建", "江西"]),
    ("Beijing", ["北京"]),
    ("changsha", ["长沙"]),
    ("Harbin news", ["哈尔滨"]),
    ("shaanxi", ["陕西"]),
    ("哈尔宾新区", ["哈尔滨新区"]),
    ("吕粱最新消息", ["吕梁"]),
    ("哈爾濱新區", ["哈尔滨新区"]),
    ("东北地区今天的简报", ["东北"]),
    ("西藏今天有什么新闻", ["西藏"]),
    ("今天有什么新闻", []),
    ("长沙研发投入强度是多少", ["长沙"]),
    ("科创岛", []),
    ("链长制", []),
    ("南铁春运要送多少旅客", []),
    ("天府新区", ["天府新区"]),
    ("雄安", ["雄安新区"]),
    ("京津冀", ["京津冀"]),
]


@pytest.mark.parametrize("text,expected", QUERIES)
def test_resolve_query(g, text, expected):
    assert [r.name for r in g.resolve_query(text)] == expected


@pytest.mark.parametrize("word", ["这个", "今天", "新闻", "多少", "研发", "孵化", "大力", "背景", "城市建设",
                                  "最新消息", "有啥", "帮助", "订阅", "科技成果转化", "积分", "春运"])
def test_ordinary_words_are_not_regions(g, word):
    assert g.resolve_query(word) == []


def test_no_fuzzy_hits_in_seed_clauses(g):
    """Typo correction must not invent places in ordinary sentences."""
    import re

    text = (ROOT / "corpus" / "kjrb_regional_ddf3bb53.txt").read_text("utf-8")
    for clause in re.split(r"[,，。;；:：!?！？、\n“”]", text):
        exact = {m.region.code for m in g.find_mentions(clause)}
        got = {r.code for r in g.resolve_query(clause)}
        # A query may add standalone abbreviations, never unrelated typo matches.
        assert got <= exact | {g.get(x).code for x in ("北京", "天津", "河北")}, clause


@pytest.mark.slow
def test_gazetteer_json_is_current():
    # cpca and pypinyin come with the test extras: a missing install fails here, never skips.
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    fresh = mod.build()
    stored = json.loads((ROOT / "bot" / "data" / "gazetteer.json").read_text("utf-8"))
    assert stored == json.loads(json.dumps(fresh, ensure_ascii=False)), "run scripts/build_gazetteer.py"


# ------------------------------------------------------------------ segmentation


def test_segment_words():
    from bot.language.segment import cut, fts_text

    assert "天府新区" in fts_text("四川天府新区:以“科创通+科创岛”推动科技成果转化").split()
    assert "哈尔滨新区" in cut("哈尔滨新区创新积分制政策落地")
    assert "国家高新技术企业" in cut("培育国家高新技术企业1200家")
    assert "唐山高新区" in cut("唐山高新区管委会副主任安海涛介绍")
    # A search for 唐山 must find 唐山市 and 唐山高新区.
    assert "唐山" in fts_text("唐山市工信局").split()
    assert "唐山" in fts_text("唐山高新区在建应急项目11个").split()
    assert "哈尔滨" in fts_text("哈尔滨新区与中国建设银行").split()
    # Parts of a long domain term are searchable; punctuation is dropped.
    tokens = fts_text("该市全社会研发投入强度达3.3%。").split()
    assert {"研发投入强度", "研发投入", "强度"} <= set(tokens)
    assert "。" not in tokens and "," not in fts_text("目前,京津冀三地").split()
