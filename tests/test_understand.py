"""Reading a message: years, village names, the kind of figure asked for."""
from __future__ import annotations

from datetime import date

from bot.answer.understand import understand

TODAY = date(2026, 11, 29)


def test_two_digit_years_are_this_century_and_not_topic_words():
    q = understand("三河村养殖合作社18年卖了多少仔猪", TODAY)
    assert q.year == "2018" and "18" not in q.figure_words
    assert understand("澄迈县2019年GDP", TODAY).figure_words == ["GDP"]
    assert understand("坚守19年来的变化", TODAY).year is None  # a span of years, not a year


def test_village_names_stay_whole_for_figures_but_not_for_search():
    q = understand("大荒地村一公顷地入股分红多少钱", TODAY)
    assert q.figure_words[0] == "大荒地村"
    assert "荒地" in q.keywords  # the index holds 大 / 荒地 / 村
    assert understand("在沙土村人均年收入", TODAY).figure_words[0] == "沙土村"
    assert understand("骆驼湾村2018年人均收入达到多少", TODAY).figure_words[0] == "骆驼湾村"
    assert understand("重庆近一年返乡创业多少人", TODAY).figure_words == ["一年", "返乡", "创业"]  # 返乡 is a word


def test_kind_asked_for():
    assert understand("枞阳水价降到每吨多少", TODAY).kind_hint is None  # per ton: not a weight
    assert understand("西藏2018年GDP是多少", TODAY).kind_hint == "money"
    assert understand("广东研发经费占GDP比重是多少", TODAY).kind_hint == "percent"
    assert understand("大连规上工业利润增长了多少", TODAY).kind_hint is None  # a growth, not the profit
    assert understand("天和核心舱有多长", TODAY).kind_hint == "length"
    assert understand("黑龙江识别出多少户深度困难职工家庭", TODAY).kind_hint is None  # 深度困难: no length
    assert understand("研发那款发动机用了多长时间", TODAY).kind_hint == "duration"


def test_a_dated_measure_is_a_figure_question():
    q = understand("绍兴2月16号规上服务业企业复工率", TODAY)
    assert q.intent == "search" and q.implicit and q.date is not None
    assert understand("2月16号绍兴有什么新闻", TODAY).intent == "brief"
    # a lone province abbreviation before a date or a space is the province
    assert [r.name for r in understand("苏2月23号规上工业企业复工面", TODAY).regions] == ["江苏"]
    assert understand("京东", TODAY).regions == []


def test_an_opening_abbreviation_cut_as_its_own_word_is_the_province():
    assert [r.name for r in understand("粤医疗队一共收治了多少患者", TODAY).regions] == ["广东"]
    assert understand("京剧有多少剧目", TODAY).regions == []  # 京剧 is one word


def test_since_a_year_is_that_year_and_one_figure_shows_no_change():
    q = understand("东阳2018年以来处置不作为农村干部多少人", TODAY)
    assert q.year == "2018" and "2018" not in q.figure_words


def test_a_village_after_a_county_name_in_a_message():
    q = understand("大田洼村花卉大棚预计年产值", TODAY)
    assert q.regions == [] and q.figure_words[0] == "大田洼村"


def test_a_total_asked_for():
    assert understand("黑龍江一共派了多少醫護人員支援湖北", TODAY).wants_total
    assert not understand("云南派了多少医护人员支援湖北", TODAY).wants_total


def test_the_counted_noun_said_before_the_question():
    assert understand("杭州去恩施黔东南疗休养的職工有多少", TODAY).unit_hint == "人"
    assert understand("西安有多少", TODAY).unit_hint is None


def test_a_run_of_news_words_is_no_topic():
    q = understand("2020年2月18日内蒙古最新消息", TODAY)
    assert q.intent == "brief" and q.keywords == [] and q.date is not None


def test_places_left_out_by_chu_wai():
    def names(text: str) -> list[str]:
        return [r.name for r in understand(text, TODAY).regions]

    assert names("湖北除武汉外其他市州定点医院有几家") == ["湖北"]
    assert names("除了武汉、孝感以外湖北还有多少病例") == ["湖北"]
    assert names("除了北京之外上海有多少外资企业") == ["上海"]
    assert names("除夕夜北京有多少游客") == ["北京"]  # 除夕 leaves nothing out
    assert names("消除北京外来人口多少") == ["北京"]  # the 除 of 消除, the 外 of 外来
    q = understand("除了武汉、孝感以外湖北还有多少病例", TODAY)
    assert [r.name for r in q.excluded] == ["武汉", "孝感"] and "以外" not in q.keywords


def test_distance_and_colloquial_questions_ask_for_a_figure():
    assert understand("花土沟镇离西宁多远", TODAY).intent == "figure"
    assert "咋样" not in understand("合寨村2017年人均收入咋样", TODAY).keywords


def test_a_unit_that_begins_the_measure_keeps_the_measure():
    q = understand("上海有多少人口", TODAY)
    assert q.unit_hint == "人" and q.keywords == ["人口"]


def test_a_village_suffix_glued_to_the_next_word():
    assert understand("清明村种锥栗每亩补贴多少钱", TODAY).figure_words[0] == "清明村"
    assert "全市村" not in understand("全市村均集体收入多少", TODAY).figure_words  # 村均: per village
    assert "排第" not in understand("云南旅游投诉量在全国排第几了", TODAY).keywords


def test_commands_are_read_from_the_one_table():
    from bot.answer.commands import COMMAND_TABLE, menu, needing_argument

    assert understand("/brief", TODAY).intent == "ask_region"
    assert understand("/brief 四川", TODAY).intent == "brief"
    assert understand("/stat", TODAY).intent == "ask_figure"
    assert understand("/search 科创岛", TODAY).intent == "search"
    assert understand("/compare", TODAY).intent == "ask_compare"
    assert understand("/start hello", TODAY).intent == "help"
    assert understand("/TODAY@newsbot", TODAY).intent == "brief"
    q = understand("/subscribe 江西", TODAY)
    assert (q.command, q.intent) == ("telegram", "telegram_only")
    q = understand("/reload", TODAY)  # an admin command is nobody else's
    assert (q.command, q.intent) == ("unknown", "unknown")
    for c in COMMAND_TABLE:
        if c.intent != "telegram_only":
            assert understand(f"/{c.name} 四川", TODAY).intent == c.intent, c.name
            assert understand(f"/{c.name}", TODAY).intent == (c.bare or c.intent), c.name
    # the Telegram menu, in its order; /article is the buttons' way in, not a menu entry
    assert [name for name, _ in menu()] == ["start", "help", "today", "brief", "stat", "search", "compare",
                                            "regions", "about", "subscribe", "unsubscribe", "subscriptions"]
    assert needing_argument() == ("brief", "stat", "search", "compare")


def test_a_message_is_cleaned_and_normalised_once():
    from bot.answer.understand import Message

    m = Message("黑龍江\x00一共派了多少醫護人員")
    assert m == "黑龍江 一共派了多少醫護人員" and m.raw == str(m)  # cleaned, as typed
    assert m.text == "黑龙江 一共派了多少医护人员"  # read: simplified
    q = understand(m, TODAY)
    assert q.text == m.text and [r.name for r in q.regions] == ["黑龙江"]
    # a Message is read as its text, never normalised again
    assert understand(Message.read_as("黑龍江"), TODAY).text == "黑龍江"
