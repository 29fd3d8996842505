"""The seed page parsed field by field, column-break repair, dates, and other inputs."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.parse.dates import article_event_dates, infer_issue_date, issue_date_for
from bot.parse.lines import parse_byline, split_dateline
from bot.parse.page import parse_source, parse_text
from bot.parse.reader import IngestError, read_source, source_from_bytes

SEED = Path(__file__).resolve().parent.parent / "corpus" / "kjrb_regional_ddf3bb53.txt"


@pytest.fixture(scope="module")
def page():
    return parse_source(read_source(SEED), SEED.name)


@pytest.fixture(scope="module")
def arts(page):
    return {a.headline[:4]: a for a in page.articles}


def test_six_articles_in_page_order(page):
    assert [a.headline for a in page.articles] == [
        "京津冀协同,打造先进制造高地",
        "四川天府新区:以“科创通+科创岛”推动科技成果转化",
        "厅地合作促进区域创新能力提升",
        "湖南出台措施 支持长沙建设全球研发中心城市",
        "南铁:科技守护春运路",
        "哈尔滨新区创新积分制政策落地",
    ]


def test_kicker_subtitle_and_column(arts):
    assert arts["厅地合作"].kicker == "山西省吕梁市与科技厅签订战略合作协议"
    assert arts["京津冀协"].subtitle == "——“国家先进制造业集群”系列报道之一"
    assert arts["京津冀协"].kicker is None
    # `## 地方动态` is a column over the h2 headlines that follow it, not a headline itself.
    assert [a.column for a in arts.values()] == [None, None, None, "地方动态", "地方动态", "地方动态"]
    assert all(a.headline != "地方动态" for a in arts.values())


def test_bylines_split_into_people_with_roles(arts):
    def people(a):
        return [(p.name, p.role) for p in a.byline]

    # The first byline wraps onto a second line; the role carries over to it.
    assert people(arts["京津冀协"]) == [("孙明源", "本报记者"), ("华凌", "本报记者"),
                                       ("陈曦", "本报记者"), ("陈汝健", "本报记者")]
    assert people(arts["四川天府"]) == [("刘侠", None), ("滕继濮", "本报记者")]
    assert people(arts["南铁:科"]) == [("魏依晨", "本报记者"), ("李翔", "通讯员")]
    assert people(arts["厅地合作"]) == [("赵向南", "记者")]


def test_datelines(arts):
    assert arts["厅地合作"].dateline == "科技日报讯(记者赵向南)"
    assert arts["湖南出台"].dateline == "科技日报讯(记者俞慧友)"
    assert arts["哈尔滨新"].dateline == "科技日报讯(记者朱虹)"
    assert arts["京津冀协"].dateline is None
    # The dateline is taken off the first paragraph; the paragraph keeps the rest.
    assert arts["厅地合作"].paragraphs[0].text.startswith("记者1月17日获悉,山西省吕梁市")


def test_editor_note_attached_to_series_article(arts):
    note = arts["京津冀协"].editor_note
    assert note.startswith("日前,工业和信息化部公布2024年国家先进制造业集群名单")
    assert note.endswith("介绍各区域培育先进制造业集群、促进制造业发展的实践与经验。")
    assert all(a.editor_note is None for k, a in arts.items() if k != "京津冀协")


def test_section_headings_with_paragraphs_in_order(arts):
    jjj = arts["京津冀协"]
    assert jjj.sections == ["发挥地域优势", "完善协同机制", "共绘发展蓝图"]
    assert [p.section for p in jjj.paragraphs[:3]] == [None, None, "发挥地域优势"]
    assert jjj.paragraphs[2].text.startswith("天津滨海—中关村科技园")
    assert arts["四川天府"].sections == ["构建科创服务体系 提升成果转化效能", "培育多元创新主体 推动科技产业融合"]
    assert arts["南铁:科"].sections == []


def test_captions_taken_out_of_body_with_credits(page, arts):
    jjj = arts["京津冀协"]
    assert [(c.text, c.credit) for c in jjj.captions] == [
        ("图为—辆小马智行自动驾驶卡车(前左)行驶在京津塘高速北京至天津段。", "新华社记者 鞠焕宗摄")]
    # The last photo shows 哈尔滨新区's production line: it illustrates the 哈尔滨新区 article.
    assert [(c.text[:10], c.credit) for c in arts["哈尔滨新"].captions] == [("图为在位于哈尔滨新区", "新华社记者 王松摄")]
    assert page.captions == []
    body = "".join(p.text for a in page.articles for p in a.paragraphs)
    assert "图为" not in body and "摄" not in body.replace("摄制", "")


@pytest.mark.parametrize("left,right", [
    ("可以为企", "提供坚实的制造保障"),
    ("在于完善地区之间协同", "机制。"),
    ("在发展应急装备产", "业方面"),
    ("采取了哪些举措加速", "推进科技创新"),
    ("清华大学与四川天府新", "区合作"),
    ("千亿级产业集群", "发展的战略定位"),
    ("包括资金、", "场地、人才"),
    ("面向成都市", "整合优质科技服务资源"),
])
def test_column_breaks_repaired(page, left, right):
    paras = [p.text for a in page.articles for p in a.paragraphs]
    assert any(left + right in p for p in paras), left + right
    assert not any(p.endswith(left) for p in paras)


def test_joined_text_keeps_every_character_and_gains_none(page):
    raw = SEED.read_text("utf-8")
    # Every body line of the page ends up in exactly one paragraph, whole and in order.
    for line in (x.strip() for x in raw.splitlines()):
        if line and not line.startswith(("#", "◎", "图为", "编者按", "陈曦")) and not line.endswith("摄"):
            hits = [p.text for a in page.articles for p in a.paragraphs
                    if line in (a.dateline or "") + p.text]
            assert len(hits) == 1, line
    total_body = sum(len(p.text) for a in page.articles for p in a.paragraphs)
    raw_body = sum(len(line.strip()) for line in raw.splitlines()
                   if line.strip() and not line.startswith("#") and not line.startswith(("◎", "图为", "编者按"))
                   and not line.strip().endswith("摄") and line.strip() != "陈曦 陈汝健")
    datelines = sum(len(a.dateline or "") for a in page.articles)
    assert total_body + datelines == raw_body


def test_issue_date_inferred_from_reported_dates(page):
    # 记者1月17日获悉 is the latest past report; 2月22日 is when 春运 will end, so it does not count.
    assert page.issue_date == "2025-01-17"
    assert page.date_source == "inferred"


def test_article_event_dates(arts):
    assert arts["京津冀协"].event_dates == ["2025-01-12"]
    assert arts["哈尔滨新"].event_dates == ["2025-01-15"]
    assert "2025-02-22" in arts["南铁:科"].event_dates


def test_date_sources_in_order_of_trust():
    text = "记者1月17日获悉,某事。"
    assert issue_date_for("2025-03-01", "2024-01-01_x.txt", text) == ("2025-03-01", "front_matter")
    assert issue_date_for(None, "2024-01-01_x.txt", text + "2024年底") == ("2024-01-01", "filename")
    assert infer_issue_date("截至2024年底,某市。记者1月17日获悉,某事。") .isoformat() == "2025-01-17"
    # Nothing printed: the day the file was saved, marked as such.
    assert issue_date_for(None, "note.txt", "没有日期的正文。", "2025-03-02") == ("2025-03-02", "file_mtime")
    # A December event in a January issue happened the year before.
    assert article_event_dates("12月30日,某会举行。", "2025-01-17") == ["2024-12-30"]


def test_byline_and_dateline_helpers():
    assert [(p.name, p.role) for p in parse_byline("◎本报记者 张三 通讯员 李四 王五")] == [
        ("张三", "本报记者"), ("李四", "通讯员"), ("王五", "通讯员")]
    d, rest, people = split_dateline("科技日报讯(记者赵向南)记者1月17日获悉,双方签约。")
    assert d == "科技日报讯(记者赵向南)" and rest.startswith("记者1月17日") and people[0].name == "赵向南"


SINGLE = """---
date: 2025-02-03
paper: 科技日报
page: 5
---
合肥量子科技产业园新增企业３０家
来源：科技日报
◎本报记者 王小明
科技日报讯（记者王小明）记者２月２日获悉，合肥量子科技产业园去年新增企业３０家。
园区负责人表示，今年将继续扩大规模。
"""


def test_single_article_plain_text_with_front_matter():
    page = parse_text(SINGLE, "note.txt")
    assert page.issue_date == "2025-02-03" and page.date_source == "front_matter"
    assert page.paper == "科技日报" and page.page == "5" and page.source == "科技日报"
    [a] = page.articles
    assert a.headline == "合肥量子科技产业园新增企业３０家"
    assert a.dateline == "科技日报讯（记者王小明）"
    assert [p.name for p in a.byline] == ["王小明"]
    assert [p.text for p in a.paragraphs] == [
        "记者２月２日获悉，合肥量子科技产业园去年新增企业３０家。", "园区负责人表示，今年将继续扩大规模。"]


def test_gbk_crlf_and_bom_inputs_decode_the_same():
    body = SINGLE.replace("\n", "\r\n")
    for data in (body.encode("gb18030"), b"\xef\xbb\xbf" + body.encode("utf-8"), body.encode("utf-8")):
        src = source_from_bytes(data)
        page = parse_source(src, "x.txt")
        assert page.articles[0].headline == "合肥量子科技产业园新增企业３０家"
        assert "\r" not in page.articles[0].paragraphs[0].text


@pytest.mark.parametrize("data,reason", [
    (b"", "文件为空"),
    (b"   \n\n", "文件为空"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "二进制"),
    (bytes([0x81, 0x30, 0xff, 0xfe, 0x80, 0x80, 0xc0]) * 50, "编码"),
    ("# 只有标题\n\n## 另一个标题\n".encode("utf-8"), "没有找到文章"),
    ("---\ndate: 2025-01-01\n---\n\n".encode("utf-8"), "没有正文"),
    ("---\ndate: 2025-13-45\n---\n标题\n正文一段。\n".encode("utf-8"), "日期无效"),
])
def test_unreadable_inputs_get_a_clear_reason(data, reason):
    with pytest.raises(IngestError, match=reason):
        parse_source(source_from_bytes(data), "bad.txt")


# ------------------------------------------------------------------ other layouts


def test_plain_text_kicker_line_above_the_headline():
    page = parse_text("---\ndate: 2024-03-02\npaper: 北京日报\n---\n"
                      "京津冀协同发展十周年\n通州城市副中心再添新地标\n\n"
                      "本报讯（记者 张晓）3月1日，城市副中心剧院正式开放。\n")
    [a] = page.articles
    assert (a.kicker, a.headline) == ("京津冀协同发展十周年", "通州城市副中心再添新地标")
    assert a.dateline == "本报讯（记者 张晓）" and a.paragraphs[0].text.startswith("3月1日")
    assert page.paper == "北京日报" and page.field_sources["paper"] == "front_matter"


def test_plain_text_dash_marks_decide_kicker_and_subtitle():
    page = parse_text("冬奥场馆赛后利用——\n“冰丝带”变身全民冰场\n——国家速滑馆开放记\n\n正文第一段写到这里。\n")
    [a] = page.articles
    assert (a.kicker, a.headline, a.subtitle) == ("冬奥场馆赛后利用——", "“冰丝带”变身全民冰场", "——国家速滑馆开放记")


def test_plain_text_short_subheads_stay_subheads():
    page = parse_text("稳岗就业有新招\n\n企业复工后，用工需求明显回升。\n灵活调整 消除顾虑\n"
                      "人社部门推出线上招聘，求职者足不出户即可面试。\n")
    [a] = page.articles
    assert [p.text for p in a.paragraphs] == ["企业复工后，用工需求明显回升。", "人社部门推出线上招聘，求职者足不出户即可面试。"]
    assert a.paragraphs[1].section == "灵活调整 消除顾虑"


def test_a_file_without_a_headline_line_takes_its_first_sentence():
    page = parse_text("新华社北京2月26日电  记者从国家发展改革委获悉，今年一季度将新开工一批重大项目。"
                      "项目涉及交通、能源和水利等领域。\n")
    [a] = page.articles
    assert a.headline == "记者从国家发展改革委获悉，今年一季度将新开工一批重大项目"
    assert a.dateline.startswith("新华社北京2月26日电")
    assert page.field_sources["headline"] == "first_sentence"


def test_markdown_headline_over_a_lower_rank_subtitle_is_not_read_upside_down():
    page = parse_text("# 绿色低碳转型提速\n\n## 多地出台新能源汽车下乡支持政策\n\n本报记者 李明\n\n"
                      "近日，多地出台政策支持新能源汽车下乡。\n\n# 数字乡村建设加快\n\n"
                      "## 千兆光网覆盖所有行政村\n\n截至去年底，全省千兆光网覆盖所有行政村。\n")
    assert [(a.headline, a.subtitle) for a in page.articles] == [
        ("绿色低碳转型提速", "多地出台新能源汽车下乡支持政策"), ("数字乡村建设加快", "千兆光网覆盖所有行政村")]


def test_a_year_inside_a_document_title_is_not_the_issue_year():
    text = "非盟《2063年议程》第二个十年实施计划启动。2月10日，峰会在亚的斯亚贝巴举行。"
    assert infer_issue_date(text + "2019年是中非合作论坛成立第19年。") == __import__("datetime").date(2019, 2, 10)
