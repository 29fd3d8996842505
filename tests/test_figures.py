"""Figure extraction: the seed page figure by figure, then hard strings."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyse.figures.clauses import clause_end, clause_start
from bot.analyse.figures.extract import ExtractedFigure, extract_figures
from bot.analyse.figures.numbers import scan_sentence
from bot.analyse.figures.periods import find_periods
from bot.analyse.figures.places import region_mentions
from bot.analyse.figures.tables import tables

# The seed page ships with the repository: the suite needs nothing outside it.
SEED = Path(__file__).resolve().parents[1] / "corpus" / "kjrb_regional_ddf3bb53.txt"

# Region names as printed on the seed page; the real gazetteer is tested elsewhere.
_NAMES = ["京津冀", "北京", "天津", "河北", "唐山高新区", "唐山", "石家庄", "四川天府新区", "天府新区", "成都市", "成都",
          "长沙", "湖南", "江西", "福建", "南昌", "福州", "厦门", "哈尔滨新区", "哈尔滨", "吕梁市", "吕梁", "山西",
          "上饶", "鹰潭", "萍乡", "抚州", "南平市"]


def _find_regions(text: str) -> list[str]:
    return [n for n in _NAMES if n in text]


def _paragraphs(text: str) -> list[list[str]]:
    """Paragraphs per article: bot.parse.page when it is there, else non-heading lines."""
    try:
        from bot.parse.page import parse_text
    except ImportError:
        return [[ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]]
    page = parse_text(text, SEED.name)
    return [([a.editor_note] if a.editor_note else []) + [p.text for p in a.paragraphs] for a in page.articles]


_MAIN = ["京津冀", "天府新区", "吕梁", "长沙", None, "哈尔滨新区"]


@pytest.fixture(scope="module")
def seed() -> list[ExtractedFigure]:
    figs: list[ExtractedFigure] = []
    for k, paras in enumerate(_paragraphs(SEED.read_text(encoding="utf-8"))):
        main = _MAIN[k] if k < len(_MAIN) else None
        got = extract_figures(paras, issue_year=2025, main_region=main, find_regions=_find_regions)
        for f in got:  # change_of indexes one call's list; shift it into the page-wide list
            if f.change_of is not None:
                f.change_of += len(figs)
        figs += got
    return figs


def _one(figs: list[ExtractedFigure], display: str, sentence_has: str | None = None) -> ExtractedFigure:
    got = [f for f in figs if f.display == display and (sentence_has is None or sentence_has in f.sentence)]
    assert len(got) == 1, f"{display}: {[(f.display, f.sentence) for f in figs if display in f.display]}"
    return got[0]


# display, value, unit, kind, qualifier, metric (None: not checked), sentence hint
REQUIRED = [
    ("80个", 80, "个", "count", None, "国家先进制造业集群", None),
    ("4个", 4, "个", "count", None, "集群", None),
    ("5个", 5, "个", "count", None, "国家先进制造业集群", None),
    ("21.95亿元", 2.195e9, "元", "money", None, "总投资", None),
    ("11个", 11, "个", "count", None, "应急项目", None),
    ("11家", 11, "家", "count", None, "企业", None),
    ("14个", 14, "个", "count", None, "安全应急产品", None),
    ("779家", 779, "家", "count", None, "国家科技型中小企业", None),
    ("1200家", 1200, "家", "count", None, "国家高新技术企业", None),
    ("35个", 35, "个", "count", None, "企业创新平台", None),
    ("1000多家", 1000, "家", "count", "多", "注册企业", None),
    ("500余项", 500, "项", "count", "余", "科技成果", None),
    ("近3万家", 30000, "家", "count", "近", "科技型中小企业", None),
    ("近3000款", 3000, "款", "count", "近", "科技服务产品", None),
    ("101家", 101, "家", "count", None, "科技服务机构", None),
    ("104项", 104, "项", "count", None, "服务事项", None),
    ("1700余项", 1700, "项", "count", "余", "产学研合作和成果转化项目", None),
    ("超14亿元", 1.4e9, "元", "money", "超", "金额", None),
    ("140余家", 140, "家", "count", "余", "孵化企业", None),
    ("30%", 30, "%", "percent", None, "技术合同成交额年均增长", None),
    ("600公斤", 600, "公斤", "weight", None, None, None),
    ("不到8个月", 8, "个月", "duration", "不到", None, None),
    ("3.3%", 3.3, "%", "percent", None, "全社会研发投入强度", None),
    ("1178家", 1178, "家", "count", None, "新增研发机构", None),
    ("第23位", 23, "位", "rank", None, "全球科研城市排名", None),
    ("第32位", 32, "位", "rank", None, "全球科技集群百强榜排名", None),
    ("7位", 7, "位", "rank", None, "全球科研城市排名上升", None),
    ("5位", 5, "位", "rank", None, "全球科技集群百强榜排名上升", None),
    ("11条", 11, "条", "count", None, "具体措施", None),
    ("40天", 40, "天", "duration", None, None, None),
    ("3400万人次", 3.4e7, "人次", "count", None, "发送旅客", None),
    ("5.8%", 5.8, "%", "percent", None, "发送旅客同比增加", None),
    ("1690万人次", 1.69e7, "人次", "count", None, "发送旅客", None),
    ("1710万人次", 1.71e7, "人次", "count", None, "发送旅客", None),
    ("5.4%", 5.4, "%", "percent", None, "发送旅客同比增长", None),
    ("6.1%", 6.1, "%", "percent", None, "发送旅客同比增长", None),
    ("约16.67%", 16.67, "%", "percent", "约", "旅客整体安检效率提升", None),
    ("最快30秒", 30, "秒", "duration", "最快", None, None),
    ("22个", 22, "个", "count", None, "车站", None),
    ("111个", 111, "个", "count", None, "高铁站", None),
    ("18个", 18, "个", "count", None, "维度", None),
    ("1288家", 1288, "家", "count", None, "企业", None),
    ("1500家以上", 1500, "家", "count", "以上", "企业", None),
    ("1%", 1, "%", "percent", None, "贷款总金额", None),
    ("最高20万元", 2e5, "元", "money", "最高", "一次性补贴", None),
    ("2000万元", 2e7, "元", "money", None, "贷款额度", None),
    ("3家", 3, "家", "count", None, "科技企业", None),
    ("66个", 66, "个", "count", None, "高能级校地协同创新项目", None),
    ("20余项", 20, "项", "count", "余", "重大成果转化项目", None),
    ("15条", 15, "条", "count", None, None, None),
    ("8大", 8, "大", "count", None, "生态圈", None),
    ("28条", 28, "条", "count", None, "产业链", None),
    ("六大", 6, "大", "count", None, "服务功能", None),
    ("4方面", 4, "方面", "count", None, None, None),
    ("三方面", 3, "方面", "count", None, None, None),
    ("超15%", 15, "%", "percent", "超", "营收年均增长", None),
]


@pytest.mark.parametrize("display,value,unit,kind,qualifier,metric,hint", REQUIRED, ids=[r[0] for r in REQUIRED])
def test_seed_required_figures(seed, display, value, unit, kind, qualifier, metric, hint):
    f = _one(seed, display, hint)
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    assert f.kind == kind
    assert f.qualifier == qualifier
    if metric is not None:
        assert f.metric == metric
    assert f.sentence[f.start:f.end] == f.display


def test_seed_range(seed):
    f = _one(seed, "300万元到500万元")
    assert (f.value, f.value_max, f.unit, f.kind) == (3e6, 5e6, "元", "money")


def test_seed_offsets_point_into_paragraphs(seed):
    pages = _paragraphs(SEED.read_text(encoding="utf-8"))
    flat = [p for paras in pages for p in paras]
    for f in seed:
        # each figure's sentence is where it says in some paragraph with that index
        assert any(len(paras) > f.paragraph and paras[f.paragraph][f.sentence_start:].startswith(f.sentence)
                   for paras in pages), f.display
    assert flat


DATES = ["2024年", "1月12日", "2025年", "2024年10月", "2022年", "2028年", "2016年", "2023年8月", "1月14日", "2月22日",
         "1月17日", "1月15日", "2024—2028年"]


def test_seed_dates_are_not_figures(seed):
    spans = [f.display for f in seed]
    for d in DATES:
        assert not any(d in s or s in d for s in spans), d
    # nothing in a year's clothing slipped through
    assert not [f for f in seed if f.unit == "年" and f.value > 1900]
    assert not [f for f in seed if f.unit in ("月", "日")]


def test_seed_idioms_and_labels_are_not_figures(seed):
    displays = {f.display for f in seed}
    for s in ("一院一基地", "一城一区三基地", "一票通行", "一系列", "一员", "一幕", "2+6", "100", "3—2—1", "一辆", "一条", "一个"):
        assert not any(s == d or d in s for d in displays if len(d) > 1 and d[0] in "一23"), s
    assert not [f for f in seed if f.display.startswith("一")]
    assert not [f for f in seed if "Type" in f.sentence[f.start - 5:f.end] or "USB" in f.display]


def test_seed_changes_are_linked(seed):
    idx = {id(f): i for i, f in enumerate(seed)}
    base = _one(seed, "3400万人次")
    chg = _one(seed, "5.8%")
    assert chg.is_change and not base.is_change
    assert chg.change_of == idx[id(base)]
    assert base.change == {"display": "5.8%", "value": 5.8, "unit": "%", "direction": "up", "basis": "同比"}

    rank, up = _one(seed, "第23位"), _one(seed, "7位")
    assert up.change_of == idx[id(rank)]
    assert rank.change["value"] == 7 and rank.change["basis"] == "较2023年" and rank.change["direction"] == "up"
    assert _one(seed, "5位").change_of == idx[id(_one(seed, "第32位"))]

    # 江西、福建两省分别…1690万人次、1710万人次,同比增长5.4%、6.1%
    jx, fj = _one(seed, "1690万人次"), _one(seed, "1710万人次")
    assert _one(seed, "5.4%").change_of == idx[id(jx)]
    assert _one(seed, "6.1%").change_of == idx[id(fj)]
    assert jx.change["value"] == 5.4 and fj.change["value"] == 6.1

    growth = _one(seed, "30%")
    assert growth.is_change and growth.change_of is None and "年均" in growth.metric


def test_seed_regions(seed):
    assert _one(seed, "1690万人次").region == "江西"
    assert _one(seed, "1710万人次").region == "福建"
    assert _one(seed, "5.4%").region == "江西"
    assert _one(seed, "6.1%").region == "福建"
    assert _one(seed, "第23位").region == "长沙"
    assert _one(seed, "3.3%").region == "长沙"  # 该市 → main region
    assert _one(seed, "779家").region == "天府新区"  # 该区 → main region
    assert _one(seed, "11个").region == "唐山高新区"
    assert _one(seed, "1288家").region == "哈尔滨新区"
    assert _one(seed, "22个").region is None  # 上饶…南平市等22个车站: a total over a list → main (none)


def test_seed_periods(seed):
    assert (_one(seed, "779家").period, _one(seed, "779家").year) == ("2024年", 2024)
    assert (_one(seed, "3.3%").period, _one(seed, "3.3%").year) == ("截至2024年底", 2024)
    assert _one(seed, "3400万人次").period == "2025年春运"
    assert _one(seed, "1690万人次").year == 2025  # the period before the ; still applies
    assert (_one(seed, "1500家以上").period, _one(seed, "1500家以上").year) == ("2026年", 2026)  # 明年
    assert _one(seed, "7位").period is None  # 较2023年 is a basis, not a period
    assert _one(seed, "21.95亿元").year == 2024


def test_seed_all_figures_have_metric(seed):
    missing = [f.display for f in seed if not f.metric]
    assert not missing


# ---------------------------------------------------------------- hard strings


def _figs(text: str, **kw) -> list[ExtractedFigure]:
    return extract_figures([text], issue_year=2025, **kw)


def _displays(text: str) -> list[str]:
    return [f.display for f in _figs(text)]


def test_chinese_numerals():
    # 两省 names the two provinces of the story, it is not a quantity anyone asks for (issue 10: 两地)
    f = _figs("全省建成三千四百万平方米厂房,出台十一条措施,两省合作。")
    assert [(x.display, x.value, x.unit, x.kind) for x in f] == [
        ("三千四百万平方米", 3.4e7, "平方米", "area"), ("十一条", 11, "条", "count")]


def test_percent_in_words_and_points():
    f = _figs("研发投入同比增长百分之十二点五,占比提高0.8个百分点。")
    assert (f[0].display, f[0].value, f[0].unit, f[0].kind, f[0].is_change) == ("百分之十二点五", 12.5, "%", "percent", True)
    assert (f[1].value, f[1].unit, f[1].kind, f[1].is_change) == (0.8, "个百分点", "percent", True)


def test_separators_and_fullwidth():
    f = _figs("共有1,200家企业,另有１２００家机构。")
    assert [(x.display, x.value) for x in f] == [("1,200家", 1200), ("１２００家", 1200)]
    assert f[1].sentence[f[1].start:f[1].end] == "１２００家"


def test_ranges():
    assert [(x.value, x.value_max, x.unit) for x in _figs("获得300万—500万元贷款。")] == [(3e6, 5e6, "元")]
    assert [(x.value, x.value_max, x.unit) for x in _figs("吸引5至10家企业。")] == [(5, 10, "家")]
    assert [(x.value, x.value_max) for x in _figs("投资3—5万元。")] == [(3e4, 5e4)]


def test_not_figures():
    assert _displays("联系电话13812345678,地址88号。") == []
    assert _displays("配有USB接口、Type-C接口,支持5G网络和A320机型。") == []
    assert _displays("《规划(2024—2028年)》提出,到2028年,1月14日至2月22日。") == []
    assert _displays("打造“从100到N”的生态和“2+6”格局,“3—2—1,点火!”") == []
    assert _displays("按照“一院一基地”模式,一票通行,一系列措施,成为一员,一城一区三基地,两岸三地。") == []
    assert _displays("根据条例第三条第5款,见本报第2版。") == []


def test_place_names_with_numerals_are_not_figures():
    assert [x.display for x in _figs("七台河市建成3座基地。", find_regions=lambda s: ["七台河"])] == ["3座"]


def test_rank_and_ordinal():
    f = _figs("该县排名第一名,较上年上升3位。", main_region="某县")
    assert (f[0].display, f[0].kind, f[0].value) == ("第一名", "rank", 1)
    assert f[1].is_change and f[1].kind == "rank" and f[1].change_of == 0 and f[0].region == "某县"


def test_qualifiers():
    got = [(x.display, x.qualifier) for x in _figs("吸引超过200家企业,逾3万人参与,投资约5亿元左右,不足10天完成,项目500项以上。")]
    assert got == [("超过200家", "超过"), ("逾3万人", "逾"), ("约5亿元左右", "约"), ("不足10天", "不足"),
                   ("500项以上", "以上")]
    # 上下 is a qualifier only at a boundary: 3家上下游企业 is not "about 3"
    assert [(x.display, x.qualifier) for x in _figs("带动3家上下游企业。")] == [("3家", None)]


def test_change_is_not_a_target():
    f = _figs("计划将数量提升到1500家,增长到2000家。")
    assert [x.is_change for x in f] == [False, False]


def test_relative_periods_resolve_with_issue_year():
    f = _figs("截至去年底,全市有企业500家;明年将达到800家。")
    assert [(x.period, x.year) for x in f] == [("截至2024年底", 2024), ("2026年", 2026)]
    assert extract_figures(["今年新增企业300家。"])[0].period == "今年"  # no issue year: printed as is


def test_respective_regions():
    text = "江西、福建两省分别发送旅客1690万人次、1710万人次,同比增长5.4%、6.1%。"
    f = _figs(text, find_regions=lambda s: [n for n in ("江西", "福建") if n in s], main_region="南昌")
    by = {x.display: x for x in f}
    assert by["1690万人次"].region == "江西" and by["1710万人次"].region == "福建"
    assert by["5.4%"].region == "江西" and by["6.1%"].region == "福建"
    assert "两省" not in by  # it restates the list


def test_elided_subject_carries_over():
    f = _figs("今年计划新增科技型企业约500家,明年达到1000家左右。")
    assert [x.metric for x in f] == ["新增科技型企业", "新增科技型企业"]


# ---------------------------------------------------------------- figures as facts, on real 人民日报 sentences

def _real(text: str, main: str | None = None, date: str = "2020-02-20") -> list[ExtractedFigure]:
    """Figures of a real paragraph, places found by the project's gazetteer as at ingest."""
    from bot.analyse.article import _figure_places

    return extract_figures(text.split("\n"), issue_date=date, main_region=main, find_regions=_figure_places)


def _by(figs: list[ExtractedFigure]) -> dict[str, ExtractedFigure]:
    return {f.display: f for f in figs}


def test_respective_list_of_things_shares_its_head():
    f = _by(_real("猪肉、禽肉、鸡蛋商业库存分别为3636吨、1978吨和1189吨，可保障1周左右供应。", "湖北"))
    assert [f[d].metric for d in ("3636吨", "1978吨", "1189吨")] == ["猪肉商业库存", "禽肉商业库存", "鸡蛋商业库存"]


def test_respective_list_of_full_phrases_and_a_pronoun_after_a_place():
    text = ("激发科技创新第一动力，推动经济高质量发展，大连2018年全市规模以上工业增加值、规模以上工业利润和工业投资"
            "分别增长15%、23%、40%，在全国副省级城市中名列前茅。")
    f = _by(_real(text, "辽宁", "2019-02-22"))
    assert [(f[d].metric, f[d].is_change, f[d].measure) for d in ("15%", "23%", "40%")] == [
        ("规模以上工业增加值增长", True, "change"), ("规模以上工业利润增长", True, "change"),
        ("工业投资增长", True, "change")]
    assert {f[d].region for d in ("15%", "23%", "40%")} == {"大连"}  # 全市 right after 大连 is 大连
    assert {f[d].year for d in ("15%", "23%", "40%")} == {2018}


def test_respective_list_of_periods():
    f = _by(_real("德联邦统计局统计，去年德国出口额为1.33万亿欧元，同比增幅仅0.8%，而2017年和2018年德国出口额增幅分别为6.2%和3.0%。"))
    assert (f["6.2%"].period, f["6.2%"].year, f["6.2%"].is_change) == ("2017年", 2017, True)
    assert (f["3.0%"].period, f["3.0%"].year) == ("2018年", 2018)


def test_respective_changes_follow_their_levels():
    text = "2018年吉林西部松原和白城两地接待游客1300万人次，旅游总收入近252亿元，两地旅游总收入同比分别增长16.9%和15.4%。"
    figs = _real(text, "吉林", "2019-02-14")
    f = _by(figs)
    assert "两地" not in f  # the two places, not a quantity
    assert (f["近252亿元"].metric, f["近252亿元"].qualifier, f["近252亿元"].year) == ("旅游总收入", "近", 2018)
    assert (f["16.9%"].region, f["15.4%"].region) == ("松原", "白城")


def test_from_a_to_b_gives_both_values_and_the_change():
    f = _real("四川军民融合产业主营业务年收入从2012年的1900亿元，增长到2018年的3400亿元。", "四川", "2019-02-25")
    a, b = f
    assert (a.display, a.measure, a.year, a.start_of) == ("1900亿元", "start", 2012, 1)
    assert (b.display, b.measure, b.year, b.is_change) == ("3400亿元", "level", 2018, False)
    assert a.metric == b.metric == "军民融合产业主营业务年收入"
    assert b.change is not None and b.change["from"] == "1900亿元" and b.change["direction"] == "up"
    assert b.change["value"] == pytest.approx(1.5e11)


def test_from_a_to_b_within_a_list():
    text = "环节由19个减少到14个，办理时间由169.5天减少到97天。"
    f = _by(_real(text, "上海", "2019-02-13"))
    assert (f["169.5天"].measure, f["97天"].measure) == ("start", "level")
    assert f["97天"].metric == f["169.5天"].metric == "办理时间"
    assert f["97天"].change["direction"] == "down" and f["14个"].change["from"] == "19个"


def test_from_a_to_b_with_its_topic_in_the_clause_before():
    f = _real("“我们企业的人员在岗率,从春节期间的55%已经提升到现在的81%。", None)
    assert [(x.display, x.measure, x.period) for x in f] == [("55%", "start", "春节期间"), ("81%", "level", "现在")]
    assert f[1].metric and "在岗率" in f[1].metric


def test_national_figures_are_not_the_articles_region():
    f = _real("财政部副部长余蔚平表示，截至2019年底，全国企业职工基本养老保险基金累计结余超过了5万亿元。", "伊犁")
    assert (f[0].display, f[0].region, f[0].year) == ("超过了5万亿元", "全国", 2019) or (
        f[0].display == "5万亿元" and f[0].region == "全国")
    g = _real("2019年，我国全年粮食总产量创历史新高，连续5年超过1.3万亿斤，粮食供给总量充裕。", "伊犁")
    assert [(x.display, x.unit, x.kind, x.region) for x in g] == [("超过1.3万亿斤", "斤", "weight", "全国")]
    assert g[0].value == pytest.approx(1.3e12) and "粮食总产量" in (g[0].metric or "")
    # 全国人大 is a body, not the country's total
    h = _real("十三届全国人大常委会第四十七次委员长会议17日上午在北京召开。", "北京")
    assert {x.region for x in h} == {"北京"}


def test_share_level_and_change():
    f = _by(_real("数据显示，2018年我国数字经济规模达到31.3万亿元，占GDP比重达34.8%。"))
    assert (f["31.3万亿元"].measure, f["34.8%"].measure, f["34.8%"].region) == ("level", "share", "全国")
    g = _by(_real("截至2月19日，全省规模以上工业企业复工2009户，复工率达68.3%。", "吉林"))
    assert (g["68.3%"].measure, g["68.3%"].metric, g["68.3%"].period, g["68.3%"].year) == ("level", "复工率", "截至2月19日", 2020)


def test_elided_metric_comes_from_the_sentence_before():
    para = "截至2月19日，全省规模以上工业企业复工2009户，复工率达68.3%。其中，长春市已达75.7%。"
    f = _by(_real(para, "吉林"))
    assert (f["75.7%"].metric, f["75.7%"].region) == ("复工率", "长春")


def test_part_of_a_total_and_adjacent_counts():
    f = _by(_real("截至2019年底，黑龙江共精准识别出深度困难职工家庭1.32万户，其中5900余户通过精准施策帮扶目前已实现脱困。"))
    assert (f["5900余户"].qualifier, f["5900余户"].year) == ("余", 2019)
    assert "深度困难职工家庭" in (f["5900余户"].metric or "")
    g = _by(_real("近年来，青龙县推进易地搬迁扶贫工程，搬迁人口1663户6184人，涉及15个乡镇46个村。"))
    assert g["6184人"].metric == g["1663户"].metric == "搬迁人口"


def test_metric_after_a_quoted_name():
    f = _real("去年前三季度，湖州已完成6015家“低散乱”企业（作坊）整治，完成年度目标任务的120.3%。", "湖州", "2019-02-16")
    assert (f[0].display, f[0].metric, f[0].period, f[0].year) == ("6015家", "低散乱企业", "2018年前三季度", 2018)


def test_periods_without_a_year_resolve_by_the_issue_date():
    f = _real("据统计，2019年春节期间，全国旅游接待总人数4.15亿人次，实现旅游收入5139亿元。")
    assert [(x.period, x.year, x.region) for x in f] == [("2019年春节期间", 2019, "全国")] * 2
    g = _real("公司负责人说，前三季度，公司研发投入增长30.27%。", date="2020-02-10")
    assert (g[0].period, g[0].year) == ("前三季度", 2019)  # the quarter of a February issue is last year's
    h = _real("1—11月，全市实现营收50亿元；春节期间，共接待游客21.88万人。", date="2020-02-10")
    assert [(x.period, x.year) for x in h] == [("1—11月", 2019), ("春节期间", 2020)]


def test_qualifiers_as_printed():
    text = ("目前集聚47家龙头企业、550家合作社，带动5万农户参与金柚产业，年鲜果产值达26亿多元。"
            "截至2月20日，云南累计派出七批共1156名医护人员支援湖北省。")
    f = _by(_real(text, "梅州"))
    assert (f["26亿多元"].value, f["26亿多元"].qualifier, f["26亿多元"].metric) == (2.6e9, "多", "年鲜果产值")
    assert (f["1156名"].unit, f["1156名"].kind, f["1156名"].region) == ("名", "count", "云南")
    assert "医护人员" in (f["1156名"].metric or "")


def test_units_words_and_exclaimed_figures():
    f = _by(_real("一年半时间，巩宸宇的驻村日记写了120多篇，累计20多万字。"))
    assert (f["20多万字"].unit, f["20多万字"].value, f["20多万字"].qualifier) == ("字", 2e5, "多")
    g = _real("他说：“1.18亿元！”")
    assert [(x.display, x.value, x.kind) for x in g] == [("1.18亿元", 1.18e8, "money")]
    h = _real("这样一个小村庄，有200多家网店，一年营收竟达到3亿元！")
    assert [x.display for x in h] == ["200多家", "3亿元"]


def test_ordinals_are_their_own_kind():
    f = _by(_real("2017年，参加第44届世界技能大赛“网站设计与开发”项目，获得该项目的优胜奖。"))
    assert (f["第44届"].kind, f["第44届"].value, f["第44届"].metric) == ("ordinal", 44, "世界技能大赛")
    g = _by(_real("十三届全国人大常委会第四十七次委员长会议17日上午在北京召开。"))
    assert (g["十三届"].kind, g["第四十七次"].kind) == ("ordinal", "ordinal")
    assert _real("根据条例第三条第5款,见本报第2版。") == []


def test_junk_is_not_a_figure():
    text = ("党的十八大以来，5年来，两国元首成功实现互访；博士研究生不超过35周岁（1984年2月以后出生），"
            "现面向2020届高校毕业生招聘，方圆几十公里荒无人烟。")
    f = _real(text)
    assert [(x.display, x.kind) for x in f] == [("不超过35周岁", "age")]  # an age, never “35周”


def test_an_organisations_figures_are_in_its_city():
    from bot.analyse.article import _figure_places

    text = ("”浙江大学党委书记任少波说，疫情发生以来，浙江大学各附属医院共派出525名医护人员驰援湖北武汉、荆门等地的10余家医院，"
            "共同抵御病魔。2月18日，寒假留在学校的武汉大学临床医学院49名硕士研究生当起了志愿者。")
    f = _by(extract_figures([text], issue_date="2020-02-20", main_region="杭州", find_regions=_figure_places))
    assert (f["525名"].region, f["49名"].region) == ("浙江", "武汉")
    assert f["525名"].metric == "医护人员" and f["49名"].metric == "硕士研究生"


def test_words_that_look_like_numbers():
    text = "这是唯一一个依然开放的外国驻武汉领事馆，与武汉相邻的有110省道、7条通村公路，4个专班3个多月共审核文书。"
    f = _real(text, "武汉")
    assert [(x.display, x.unit, x.qualifier) for x in f] == [
        ("7条", "条", None), ("4个", "个", None), ("3个多月", "个月", "多")]


def test_a_persons_name_is_not_a_place():
    f = _real("——通过委托代养模式，陈豫川带动95户贫困户发展。", "巴中")
    assert [(x.display, x.region) for x in f] == [("95户", "巴中")]  # 豫川 in 陈豫川 is a given name
    g = _real("张西堡镇李庄村，天刚蒙蒙亮，石电兴就和4个菜农出发了。", "西安")
    assert [(x.display, x.region) for x in g] == [("4个", "西安")]  # 蒙蒙亮 is not 内蒙古
    h = _real("江西、福建两省分别发送旅客1690万人次、1710万人次。", "南昌")
    assert [x.region for x in h] == ["江西", "福建"]


def test_respectively_after_levels_in_separate_clauses():
    text = "2015年以来，我国推进化肥农药减量增效，目前三大主粮化肥利用率达到39.2%，农药利用率达到39.8%，分别提高了4个和3.2个百分点。"
    f = _by(_real(text))
    assert (f["4个"].unit, f["4个"].is_change) == ("个百分点", True) and "化肥利用率提高" in (f["4个"].metric or "")
    assert (f["3.2个百分点"].metric, f["39.8%"].region) == ("农药利用率提高", "全国")
    assert f["4个"].change_of is not None and f["3.2个百分点"].change_of == (f["4个"].change_of or 0) + 1


def test_more_change_words_and_sprint_times():
    f = _by(_real("数据显示，1月，对实体经济发放的人民币贷款增加3.57万亿元，同比多增8818亿元。"))
    assert (f["8818亿元"].is_change, f["8818亿元"].period, f["8818亿元"].year) == (True, "1月", 2020)
    g = _real("苏炳添在杜塞尔多夫站男子60米决赛中，延续了此前上佳的状态，以6秒49的成绩夺冠。")
    assert [(x.display, x.value) for x in g][-1] == ("6秒49", pytest.approx(6.49))


def test_the_country_as_a_comparison_is_not_the_scope():
    f = _real("去年，山西省全年煤层气地面抽采量占到全国90%以上。", "太原")
    assert [(x.display, x.region, x.measure, x.qualifier) for x in f] == [("90%以上", "山西", "share", "以上")]


def test_month_ranges_and_units_with_以上():
    f = _real("据统计，2018年1月至11月，西咸新区固定资产投资增长14.8%，完成一般公共预算收入48.8亿元，同口径增长51.6%。",
              "西咸新区", "2019-02-02")
    assert {(x.period, x.year) for x in f} == {("2018年1月至11月", 2018)}
    g = _real("与此同时，吉林省实行分类指导，组织各地各部门密切关注2943户规模以上工业企业、2602户限额以上商贸企业。", "吉林")
    assert [x.metric for x in g] == ["规模以上工业企业", "限额以上商贸企业"]


def test_a_word_holding_two_abbreviations_is_not_two_places():
    f = _real("制定出台新区《优化提升营商环境实施方案》，确定八大类30项任务。", "西咸新区", "2019-02-02")
    assert {x.region for x in f} == {"西咸新区"}  # 出台新区 is not 台湾 and 新疆


def test_respective_days_named_earlier_in_the_sentence():
    text = ("记者从上海科技馆获悉：2月5日至10日，上海科技馆共接待游客21.88万人，比去年同期增长35.23%。"
            "其中，大年初三、初四两天，参观客流相继创下开馆以来单日客流的新纪录：分别达到4.1万人和4.5万人。")
    f = _by(_real(text, "上海", "2019-02-11"))
    assert (f["4.1万人"].period, f["4.5万人"].period, f["4.5万人"].year) == ("大年初三", "初四", 2019)
    assert f["4.5万人"].metric == "参观客流" and f["21.88万人"].metric == "科技馆接待游客"
    assert (f["21.88万人"].period, f["35.23%"].is_change) == ("2月5日至10日", True)


def test_bare_numbers_listed_before_a_figure_share_its_unit():
    f = _real("年终盘点，我国对“一带一路”沿线国家、非洲和拉丁美洲进出口增速分别高出整体增速3.6、6.7和6个百分点。")
    assert [(x.display, x.value, x.unit, x.region) for x in f] == [
        ("3.6", 3.6, "个百分点", "全国"), ("6.7", 6.7, "个百分点", "全国"), ("6个百分点", 6, "个百分点", "全国")]
    assert [x.metric for x in f] == ["一带一路沿线国家进出口增速", "非洲进出口增速", "拉丁美洲进出口增速"]


def test_approximate_来_and_words_that_start_with_a_unit():
    f = _real("地处晋南小麦主产区，闻喜县小麦种植面积60多万亩，产量3亿来斤。", "运城", "2019-02-20")
    assert [(x.display, x.value, x.qualifier) for x in f] == [("60多万亩", 6e5, "多"), ("3亿来斤", 3e8, "来")]
    assert _real("一、二年级写硬笔字，三至六年级写毛笔字，上世纪80年代建成。") == []


# ---------------------------------------------------------------- scope from the paragraph (real gazetteer)

def _scoped(paragraph: str, main: str) -> dict[str, str | None]:
    from bot.analyse.article import _figure_places

    figs = extract_figures([paragraph], issue_year=2019, main_region=main, find_regions=_figure_places,
                           issue_date="2019-02-20")
    return {f.display: f.region for f in figs}


def test_whole_city_means_the_city_named_before():
    got = _scoped("目前，包头市稀土企业增加到134家，形成完整的产业体系。2018年，全市稀土产业实现产值138亿元，同比增长37%。",
                  "鄂尔多斯")
    assert got["138亿元"] == "包头" and got["37%"] == "包头"


def test_a_clause_after_a_semicolon_keeps_its_sentences_place():
    got = _scoped("2018年，沈阳高端装备制造业产值占比达23.1%；机器人、航空、生物医药等战略性新兴产业产值分别增长11%、14%、32%。",
                  "辽阳")
    assert got["32%"] == "沈阳" and got["23.1%"] == "沈阳"


def test_a_city_in_brackets_does_not_own_the_province_figure():
    got = _scoped("记者从湖北省卫健委获悉：湖北省坚持中西医结合治疗患者。截至2月16日24时，全省225所定点救治医院，"
                  "中医药使用率达83.3%（武汉市80%）。", "武汉")
    assert got["83.3%"] == "湖北" and got["80%"] == "武汉"


def test_a_destination_is_not_whose_figure_it_is():
    got = _scoped("从首批医疗队出征到目前第九批医疗队驰援，贵州派往湖北支援的医务人员已达1434人。", "湖北")
    assert got["1434人"] == "贵州"


def test_ba_a_down_to_b_starts_at_a():
    from bot.analyse.article import _figure_places

    figs = extract_figures(["县里决定把水价每吨2.6元降至2.3元，每年可为农民减少水费支出600万元。"], issue_year=2019,
                           main_region="枞阳", find_regions=_figure_places)
    measures = {f.display: f.measure for f in figs}
    assert measures["2.6元"] == "start" and measures["2.3元"] == "level"


def test_from_a_gradually_up_to_b():
    figs = extract_figures(["森林覆盖率从1985年的不足5%，逐渐上升到目前的70.4%。"], issue_year=2019)
    got = {f.display: (f.measure, f.metric) for f in figs}
    assert got["不足5%"][0] == "start" and got["70.4%"] == ("level", "森林覆盖率")


def test_whole_province_is_the_articles_province_when_it_was_named():
    got = _scoped("这一模式推广至浙江全省11个地市：在宁波余姚，来自贵州望谟的岑吉锋顺利返工。"
                  "截至2月17日12时，全省合计发放“健康码”1498.9万张、绿码率94.7%。", "浙江")
    assert got["1498.9万张"] == "浙江"


def test_an_outcome_after_a_count_is_what_it_counts():
    text = ("内蒙古自治区锡林郭勒盟西乌珠穆沁旗银漫矿业公司井下运送工人的车辆发生重大安全事故，"
            "车上共50人，目前已造成20人死亡，30人受伤。")
    metrics = {f.display: f.metric for f in extract_figures([text], issue_year=2019)}
    assert metrics["20人"] == "死亡" and metrics["30人"] == "受伤"
    # a noun after the verb keeps the noun phrase
    assert {f.display: f.metric for f in extract_figures(["当日新增3例死亡病例。"], issue_year=2020)}["3例"] != "死亡"


def test_the_national_frame_of_a_rank_is_not_its_place():
    from bot.language.gazetteer import load_gazetteer

    text = "2018年初，云南省提出着力打好“三张牌”。受理旅游投诉780件，从全国第六位下降到第二十一位，旅游市场健康有序。"
    figs = {f.display: f for f in extract_figures([text], issue_year=2019, main_region="云南",
                                                  find_regions=load_gazetteer().find_mentions)}
    assert figs["第二十一位"].region == "云南" and figs["第二十一位"].metric != "全国"


# ---------------------------------------------------------------- the package's module faces


def test_scan_sentence_reads_value_unit_and_qualifier() -> None:
    t = "全省共有国家高新技术企业近3万家,排名第23位。"
    raws = scan_sentence(t, tables(), [])
    assert [(t[r.start:r.end], r.value, r.unit, r.kind, r.qualifier) for r in raws] == [
        ("近3万家", 30000.0, "家", "count", "近"), ("第23位", 23.0, "位", "rank", None)]


def test_scan_sentence_leaves_out_years_codes_and_articles() -> None:
    assert scan_sentence("2024年,5G基站建设提速,一批项目开工。", tables(), []) == []


def test_find_periods_resolves_relative_years_and_months() -> None:
    t = "去年1—4月,全市旅客发送量同比增长5.8%。"
    found = find_periods(t, tables(), 2026, 3)
    assert [(t[s:e], text, year) for s, e, text, year in found] == [("去年", "2025年", 2025), ("1—4月", "1—4月", 2025)]


def test_region_mentions_reads_national_words_but_not_bodies() -> None:
    tb = tables()
    assert region_mentions("全国粮食产量创新高", None, tb, "江西") == [(0, 2, tb.national)]
    assert region_mentions("全国人大代表", None, tb, "江西") == []


def test_clause_bounds() -> None:
    t = "克强指数为6.2%,同比增长1.3个百分点。"
    assert (clause_start(t, 12), clause_end(t, 12)) == (10, 21)
