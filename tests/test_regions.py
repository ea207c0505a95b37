"""The region a statement is about: every provincial-level division of China by its full name,
short name and cities, the well-known groupings, and the words that only look like a name."""

from __future__ import annotations

import pytest

from jjjtrack.extract import classify, extract_text, lexicon

DATE = "2025-01-10"


def regions(text: str, date: str = DATE) -> list[tuple[str, str]]:
    return [(s.text, s.region) for s in extract_text(text, date)]


def region_of_words(text: str) -> str:
    """The label the region keywords give a bare phrase, "" for none."""
    return classify.nearest_label("regions", text, 0, len(text), len(text), "")


@pytest.mark.parametrize("sentence, expected", [
    ("上海市全年新增就业60万人。", [("60万人", "Shanghai")]),
    ("广东省2025年建成5G基站10万个。", [("10万个", "Guangdong")]),
    ("吉林省今年新建农村公路2000公里。", [("2000公里", "Jilin")]),
    ("内蒙古自治区新增风电装机500万千瓦。", [("500万千瓦", "Inner Mongolia")]),
    ("新疆维吾尔自治区新增棉田100万亩。", [("100万亩", "Xinjiang")]),
    ("湖北省新建5G基站3万个，鄂东南新建产业园4个。", [("3万个", "Hubei"), ("4个", "Hubei")]),
    ("南京新建地铁线路2条。", [("2条", "Jiangsu")]),  # not Beijing for its 京
    ("鄂尔多斯新增煤化工项目4个。", [("4个", "Inner Mongolia")]),  # not Hubei for its 鄂
    ("推动沪苏浙皖共建项目30个。", [("30个", "Yangtze River Delta")]),
    ("粤港澳大湾区新增5G基站2万个。", [("2万个", "Greater Bay Area")]),
    ("推进成渝地区双城经济圈建设重大项目50个。", [("50个", "Chengdu-Chongqing")]),
])
def test_a_named_region_labels_the_statement(sentence, expected):
    assert regions(sentence) == expected


def test_the_title_gives_the_default_region():
    text = "四川省政府工作报告\n\n今年新建学校10所，新增就业岗位5万个。"
    assert regions(text) == [("10所", "Sichuan"), ("5万个", "Sichuan")]


@pytest.mark.parametrize("sentence", [
    "全年新增就业60万人。",  # 新 (Xinjiang) is not an abbreviation here
    "今年青年就业见习岗位达到5000个。",  # 青 (Qinghai)
    "宁可多建设，新建公园20个。",  # 宁 (Ningxia)
    "推动经济复苏，新增市场主体3万户。",  # 苏 (Jiangsu)
    "今年建成云计算中心3个，新建平台8个。",  # 云 (Yunnan), 台 (Taiwan)
    "各族人民隆重庆祝建党100周年，新建纪念馆3座。",  # 重庆 across two words
    "到2025年建成都市圈通勤线路5条。",  # 成都 across 建成 + 都市圈
    "推动幸福建设，新建养老机构12家。",  # 福建 across 幸福 + 建设
    "今年将矢志不渝推进改革，新增市场主体3万户。",  # 渝 inside an idiom
    "毫不犹豫推进改革，新增项目20个。",  # 豫 inside 犹豫
    "今年提高艰苦边远地区津贴，惠及职工8万人。",  # 津 inside 津贴
])
def test_ordinary_words_name_no_region(sentence):
    found = regions(sentence)
    assert found and all(region == "" for _, region in found), found


@pytest.mark.parametrize("words", [
    "新增", "创新", "青年", "宁可", "安宁", "吉祥", "复苏", "晋升", "山川", "云计算", "宝贵", "幅员辽阔",
    "甘蔗", "收藏", "冷藏", "启蒙", "桂冠", "粗鲁", "平台", "港口", "黑色", "始终不渝", "犹豫不决",
    "上海合作组织", "东京奥运会", "经济南北差距", "复合肥", "大带宽、大连接", "确保山区", "平安顺利",
])
def test_words_that_hold_a_region_character_are_no_region(words):
    assert region_of_words(words) == ""


@pytest.mark.parametrize("words, label", [
    ("吉林", "Jilin"), ("广西壮族自治区", "Guangxi"), ("宁夏", "Ningxia"), ("西藏", "Tibet"), ("青海", "Qinghai"),
    ("沪", "Shanghai"), ("渝", "Chongqing"), ("粤", "Guangdong"), ("皖", "Anhui"), ("闽", "Fujian"),
    ("赣", "Jiangxi"), ("豫", "Henan"), ("鄂", "Hubei"), ("湘", "Hunan"), ("浙", "Zhejiang"), ("黔", "Guizhou"),
    ("滇", "Yunnan"), ("陕", "Shaanxi"), ("成都市", "Sichuan"), ("在成都", "Sichuan"), ("重庆", "Chongqing"),
    ("福建", "Fujian"), ("香港特别行政区", "Hong Kong"), ("澳门", "Macao"), ("台湾", "Taiwan"),
    ("长三角", "Yangtze River Delta"), ("珠三角", "Pearl River Delta"), ("东北三省", "Northeast China"),
])
def test_names_and_safe_abbreviations(words, label):
    assert region_of_words(words) == label


def test_every_provincial_level_division_has_a_label_with_its_full_and_short_name():
    table = lexicon.load("regions")["regions"]
    divisions = {
        "Beijing": ("北京市", "北京"), "Tianjin": ("天津市", "天津"), "Shanghai": ("上海市", "上海"),
        "Chongqing": ("重庆市", "重庆"), "Hebei": ("河北省", "河北"), "Shanxi": ("山西省", "山西"),
        "Inner Mongolia": ("内蒙古自治区", "内蒙古"), "Liaoning": ("辽宁省", "辽宁"), "Jilin": ("吉林省", "吉林"),
        "Heilongjiang": ("黑龙江省", "黑龙江"), "Jiangsu": ("江苏省", "江苏"), "Zhejiang": ("浙江省", "浙江"),
        "Anhui": ("安徽省", "安徽"), "Fujian": ("福建省", "福建"), "Jiangxi": ("江西省", "江西"),
        "Shandong": ("山东省", "山东"), "Henan": ("河南省", "河南"), "Hubei": ("湖北省", "湖北"),
        "Hunan": ("湖南省", "湖南"), "Guangdong": ("广东省", "广东"), "Guangxi": ("广西壮族自治区", "广西"),
        "Hainan": ("海南省", "海南"), "Sichuan": ("四川省", "四川"), "Guizhou": ("贵州省", "贵州"),
        "Yunnan": ("云南省", "云南"), "Tibet": ("西藏自治区", "西藏"), "Shaanxi": ("陕西省", "陕西"),
        "Gansu": ("甘肃省", "甘肃"), "Qinghai": ("青海省", "青海"), "Ningxia": ("宁夏回族自治区", "宁夏"),
        "Xinjiang": ("新疆维吾尔自治区", "新疆"), "Hong Kong": ("香港特别行政区", "香港"),
        "Macao": ("澳门特别行政区", "澳门"), "Taiwan": ("台湾省", "台湾"),
    }
    for label, (full, short) in divisions.items():
        assert full in table[label] and short in table[label], label


def test_lexicon_has_no_keyword_twice_and_only_safe_single_characters():
    data = lexicon.load("regions")
    words = [w for ws in data["regions"].values() for w in ws]
    assert len(words) == len(set(words))
    assert not set(words) & set(data["not_regions"]["words"])
    singles = {w for w in words if len(w) == 1}
    assert singles == set("京津冀沪渝浙皖闽赣豫鄂湘粤黔滇陕")


def test_a_malformed_not_regions_list_is_a_lexicon_error(tmp_path):
    from jjjtrack.errors import LexiconError

    good = (lexicon.LEXICON_DIR / "regions.toml").read_text(encoding="utf-8")
    path = tmp_path / "regions.toml"
    path.write_text(good.split("\n[not_regions]")[0] + '\n[not_regions]\nwords = ["幸福建", 3]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="not_regions.words"):
        lexicon.load_file(path, lexicon.SCHEMAS["regions"])


@pytest.mark.parametrize("sentence, date, expected", [
    ("今年天津港要完成集装箱吞吐量2300万标准箱。", "2024-01-10", [("2300万标准箱", "Tianjin")]),
    ("梳理58项高频事项京津冀“域内通办”。", "2023-06-01", [("58项", "Jing-Jin-Ji")]),
    ("与京冀联合开展基础研究项目12项。", "2023-06-01", [("12项", "Hebei")]),
    ("天津市政府工作报告\n\n今年新建学校10所，雄安新区建设项目5个。", "2024-01-10",
     [("10所", "Tianjin"), ("5个", "Xiong'an")]),
])
def test_jing_jin_ji_cases_still_hold(sentence, date, expected):
    assert regions(sentence, date) == expected
