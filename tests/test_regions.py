"""Article regions on the seed page's six articles."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyse.regions import MIN_BRIEF_WEIGHT, article_regions, brief_regions, main_region

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "kjrb_regional_ddf3bb53.txt"


@pytest.fixture(scope="module")
def articles():
    from bot.parse.page import parse_text

    page = parse_text(SEED.read_text("utf-8"), SEED.name)
    out = {}
    for a in page.articles:
        out[a.headline] = article_regions(a.headline, a.kicker, a.dateline, [p.text for p in a.paragraphs])
    assert len(out) == 6
    return out


def find(articles, prefix):
    return next(v for k, v in articles.items() if k.startswith(prefix))


def brief(regions):
    return {r.name for r in brief_regions(regions)}


def by_name(regions):
    return {r.name: r for r in regions}


def test_jingjinji(articles):
    rs = find(articles, "京津冀协同")
    assert {"北京", "天津", "河北", "京津冀", "华北"} <= brief(rs)
    assert not {"江苏", "广东"} & {r.name for r in rs}  # only in the editor's note
    named = by_name(rs)
    for place in ("秦皇岛", "唐山", "石家庄", "廊坊", "保定", "雄安新区", "滨海新区", "北京亦庄", "丰台",
                  "房山", "顺义", "张家口", "邢台"):
        assert named[place].direct, place
    assert named["北京"].evidence["headline"] == 1 and named["北京"].evidence["body"] > 3
    assert named["华北"].direct is False and named["华北"].evidence["via"] in {"北京", "天津", "河北"}
    assert named["廊坊"].weight < MIN_BRIEF_WEIGHT  # one passing mention


def test_tianfu(articles):
    rs = find(articles, "四川天府新区")
    assert {"四川", "成都", "天府新区"} <= brief(rs)
    names = {r.name for r in rs}
    assert not {"北京", "西北", "陕西"} & names
    assert main_region(rs).name == "天府新区"
    assert by_name(rs)["天府新区"].evidence["headline"] == 1


def test_lvliang(articles):
    rs = find(articles, "厅地合作")
    assert brief(rs) >= {"山西", "吕梁"}
    assert by_name(rs)["吕梁"].evidence["kicker"] == 1
    assert main_region(rs).name == "吕梁"
    assert {r.level for r in rs if r.direct} == {"province", "city"}


def test_changsha(articles):
    rs = find(articles, "湖南出台措施")
    assert brief(rs) >= {"湖南", "长沙", "华中", "中部"}
    assert main_region(rs).name == "长沙"
    assert rs[0].name == "长沙" and rs[0].weight == 1.0


def test_nantie(articles):
    rs = find(articles, "南铁")
    assert brief(rs) >= {"江西", "福建", "南昌", "福州", "厦门"}
    named = by_name(rs)
    for place in ("上饶", "鹰潭", "萍乡", "抚州", "南平", "景德镇"):
        assert named[place].direct and named[place].weight < MIN_BRIEF_WEIGHT
    assert named["江西"].direct and named["福建"].direct  # 江西、福建两省 and 闽赣两省


def test_harbin(articles):
    rs = find(articles, "哈尔滨新区")
    assert brief(rs) >= {"黑龙江", "哈尔滨", "哈尔滨新区"}
    names = {r.name for r in rs}
    assert not {"深圳", "北京", "中国"} & names
    assert main_region(rs).name == "哈尔滨新区"


def test_weights_normalised(articles):
    for rs in articles.values():
        assert max(r.weight for r in rs) == 1.0
        assert all(0 < r.weight <= 1 for r in rs)
        assert rs == sorted(rs, key=lambda r: -r.weight)


def test_passing_mention_is_weak():
    rs = article_regions("新型储能技术取得突破", None, None,
                         ["研究团队介绍,该技术已在多地试点。", "其中一个示范项目位于合肥。"])
    assert [r.name for r in rs if r.direct] == ["合肥"]
    assert rs[0].weight < MIN_BRIEF_WEIGHT
    assert main_region(rs) is None


def test_dateline_places_article():
    rs = article_regions("新型储能技术取得突破", None, "本报合肥1月5日电(记者张三)", ["研究团队介绍,该技术已试点。"])
    assert by_name(rs)["合肥"].evidence["dateline"] == 1
    assert by_name(rs)["安徽"].direct is False


def test_a_place_inside_a_persons_name_is_no_place():
    from bot.language.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert gaz.find_mentions("通讯员顾海东介绍，当地新建了工厂。") == []
    assert gaz.find_mentions("顾海东说，项目已开工。") == []
    assert [m.region.name for m in gaz.find_mentions("海东市的项目已开工。")] == ["海东"]
    assert [m.region.name for m in gaz.find_mentions("向武汉运送物资。")] == ["武汉"]
