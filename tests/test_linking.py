"""Outcome linking: each target with a deadline met, missed or silent, by the later documents.

The documents are our own, written the way work reports and bulletins say these things.
"""

from __future__ import annotations

import json

import pytest

from conftest import SEEDS, write_doc
from jjjtrack.linking import MAX_LINKS, Evidence, Target, features, match, meets, unit_scale

PLAN = """某省2023年政府工作报告
发布日期：2023年3月5日

今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业60万人以上，城镇调查失业率控制在5.5%以内，居民消费价格涨幅3%左右，一般公共预算收入增长5%。
"""
REVIEW = """某省2024年政府工作报告
发布日期：2024年1月20日

过去一年，地区生产总值增长5.2%，城镇新增就业65.3万人，城镇调查失业率5.1%，居民消费价格上涨3.2%。一般公共预算收入增长目标未能实现。
"""
# what each plan target became, by the rules of ../shared/gold/LINKS.md
EXPECTED = {"6%": "missed", "60万人": "met", "5.5%": "met", "3%": "missed", "5%": "missed"}


@pytest.fixture
def chain(jjj, tmp_path):
    jjj("ingest", str(write_doc(tmp_path, "plan.txt", PLAN)))
    jjj("ingest", str(write_doc(tmp_path, "review.txt", REVIEW)))
    return jjj


def links_of(jjj, *options) -> list[dict]:
    out = jjj("links", "--format", "jsonl", *options).stdout
    return [json.loads(line) for line in out.splitlines()]


def verdicts(jjj, *options) -> dict[str, str]:
    return {link["target"]["text"]: link["verdict"] for link in links_of(jjj, *options)}


def status_of(jjj, text: str, doc: str = "plan.txt", as_of: str | None = None) -> str:
    rows = jjj.json("list", "--doc", doc, *(["--as-of", as_of] if as_of else []))
    [row] = [row for row in rows if row["text"] == text]
    return row["status"]


# -- the example -------------------------------------------------------------------


def test_a_later_bulletin_meets_the_target_it_reports_and_the_rest_fall_silent(seeded, tmp_path):
    bulletin = "天津市交通运输工作通报\n发布日期：2024年1月10日\n\n2023年，天津已实现4条高铁通北京，津兴城际铁路开通运营。\n"
    seeded("ingest", str(write_doc(tmp_path, "bulletin.txt", bulletin)))
    [link] = links_of(seeded)
    assert (link["target"]["text"], link["evidence"]["doc"], link["evidence"]["text"], link["verdict"]) == (
        "4条", "bulletin.txt", "4条", "met")
    target = seeded.json("show", str(link["target"]["id"]))
    assert "实现4条高铁通北京" in target["sentence"] and target["deadline"] == "2023-12-31"
    assert target["status"] == "done"
    [automatic] = [u for u in target["updates"] if u["link_id"] == link["id"]]
    assert automatic["as_of"] == "2024-01-10" and automatic["source"].startswith("bulletin.txt:")
    # the other target of that sentence, 1 line to Xiong'an, is not reported: silent
    silent = seeded.json("list", "--status", "silent")
    assert "1条" in {row["text"] for row in silent} and link["target"]["id"] not in {row["id"] for row in silent}
    counts = seeded.json("report")["counts"]
    assert counts["silent"] == len(silent) and counts["overdue"] == counts["silent"] + counts["missed"]


# -- verdicts ------------------------------------------------------------------------------


def test_each_target_gets_the_verdict_its_direction_gives(chain):
    assert verdicts(chain) == EXPECTED
    assert {text: status_of(chain, text) for text in EXPECTED} == {
        text: {"met": "done", "missed": "missed"}[verdict] for text, verdict in EXPECTED.items()}
    # the budget revenue verdict names its indicator and holds no figure: the evidence is the words
    [revenue] = [link for link in links_of(chain) if link["target"]["text"] == "5%"]
    assert revenue["evidence"]["id"] is None and "未能实现" in revenue["evidence"]["text"]


@pytest.mark.parametrize("direction, result, value, met", [
    ("at_least", 60, 60, True), ("at_least", 59.9, 60, False),
    ("at_most", 5.5, 5.5, True), ("at_most", 5.6, 5.5, False),
    ("about_at_least", 5.7, 6, True), ("about_at_least", 5.69, 6, False),   # 左右: 5 % of the value
    ("about_at_most", 3.15, 3, True), ("about_at_most", 3.2, 3, False),
    ("exact", 4, 4, True), ("exact", 3, 4, False),
])
def test_the_direction_table(direction, result, value, met):
    assert meets(direction, result, value) is met


@pytest.mark.parametrize("sentence, number, comparator, direction", [
    ("今年地区生产总值增长6%左右。", "6%", "about", "about_at_least"),
    ("城镇新增就业60万人以上。", "60万人", "at_least", "at_least"),
    ("城镇调查失业率控制在5.5%以内。", "5.5%", "at_most", "at_most"),
    ("居民消费价格涨幅3%左右。", "3%", "about", "about_at_most"),  # a ceiling by its indicator, about by 左右
    ("财政赤字率拟按3%安排。", "3%", "exact", "at_most"),
    ("粮食产量保持在1.3万亿斤以上。", "1.3万亿斤", "at_least", "at_least"),
])
def test_a_targets_direction_comes_from_its_words_and_its_indicator(sentence, number, comparator, direction):
    """The comparator is the extractor's (左右 → about, 以上 → at_least); the direction adds
    what the indicator says (a price rise or a deficit is a ceiling)."""
    start = sentence.index(number)
    found = features(sentence, start, start + len(number), "target", comparator, "2023-03-05")
    assert found.direction == direction


def test_units_of_one_family_compare_by_their_scale():
    assert unit_scale("万人") == ("人", 10000) and unit_scale("人") == ("人", 1)
    assert unit_scale("亿元")[0] == unit_scale("万元")[0] == "元"
    assert unit_scale("％") == unit_scale("%") and unit_scale("百分点") == ("百分点", 1)


def test_a_result_in_another_unit_of_the_family_is_compared_scaled(jjj, tmp_path):
    jjj("ingest", str(write_doc(tmp_path, "plan.txt", PLAN)))
    review = "某省统计公报\n发布日期：2024年2月1日\n\n2023年，城镇新增就业582000人。\n"
    jjj("ingest", str(write_doc(tmp_path, "bulletin.txt", review)))
    assert verdicts(jjj) == {"60万人": "missed"}  # 58.2万 short of 60万以上


def test_a_blanket_claim_and_another_years_figure_are_not_evidence(jjj, tmp_path):
    jjj("ingest", str(write_doc(tmp_path, "plan.txt", PLAN)))
    later = ("某省2024年政府工作报告\n发布日期：2024年1月20日\n\n"
             "过去一年，全面实现年初确定的主要目标任务。2022年城镇新增就业58万人。\n")
    jjj("ingest", str(write_doc(tmp_path, "later.txt", later)))
    assert links_of(jjj) == []
    assert {status_of(jjj, text) for text in EXPECTED} == {"silent"}


def test_a_report_dated_later_is_not_known_as_of_an_earlier_date(chain):
    assert status_of(chain, "60万人", as_of="2024-01-01") == "silent"
    assert status_of(chain, "60万人", as_of="2024-02-01") == "done"
    before = chain.json("report", "--as-of", "2024-01-01")["counts"]
    assert (before["silent"], before["missed"], before["done"]) == (5, 0, 0)
    after = chain.json("report", "--as-of", "2024-06-01")["counts"]
    assert (after["silent"], after["missed"], after["overdue"]) == (0, 3, 3)


# -- the user's word -----------------------------------------------------------------------


def test_a_rejection_survives_relinking_and_later_ingests(chain, tmp_path):
    [jobs] = [link for link in links_of(chain) if link["target"]["text"] == "60万人"]
    out = chain("link", "--reject", str(jobs["id"])).stdout
    assert f"link {jobs['id']} rejected" in out
    assert status_of(chain, "60万人") == "silent"
    chain("link")
    bulletin = "某省统计公报\n发布日期：2024年2月1日\n\n2023年，城镇调查失业率为5.0%。\n"
    chain("ingest", str(write_doc(tmp_path, "bulletin.txt", bulletin)))
    assert "60万人" not in verdicts(chain)
    assert status_of(chain, "60万人") == "silent"
    [rejected] = [link for link in links_of(chain, "--rejected") if link["id"] == jobs["id"]]
    assert rejected["review"] == "rejected" and rejected["evidence"] == jobs["evidence"]


def test_a_confirmed_link_stays_confirmed(chain):
    [gdp] = [link for link in links_of(chain) if link["target"]["text"] == "6%"]
    chain("link", "--confirm", str(gdp["id"]))
    chain("link")
    [kept] = [link for link in links_of(chain) if link["target"]["text"] == "6%"]
    assert (kept["review"], kept["verdict"], kept["evidence"]) == ("confirmed", "missed", gdp["evidence"])


def test_a_users_update_wins_over_an_automatic_link(jjj, tmp_path):
    jjj("ingest", str(write_doc(tmp_path, "plan.txt", PLAN)))
    [gdp] = [row for row in jjj.json("list", "--doc", "plan.txt") if row["text"] == "6%"]
    jjj("update", str(gdp["id"]), "--status", "done", "--note", "统计局修订后为6.1%", "--date", "2024-01-05")
    jjj("ingest", str(write_doc(tmp_path, "review.txt", REVIEW)))
    assert verdicts(jjj)["6%"] == "missed"  # the link is made and shown...
    assert status_of(jjj, "6%") == "done"  # ...but the user's status stands
    history = jjj.json("show", str(gdp["id"]))["updates"]
    assert [u["status"] for u in history if u["link_id"]] == [None]
    card = jjj.json("report", "--doc", "plan.txt")
    [row] = [row for row in card["targets"] if row["id"] == gdp["id"]]
    assert row["outcome"] == "met" and row["evidence"]["by"] == "update" and "6.1%" in row["evidence"]["text"]


def test_ingest_without_linking_leaves_the_documents_for_the_next_link(jjj, tmp_path):
    jjj("ingest", "--no-link", str(write_doc(tmp_path, "plan.txt", PLAN)), str(write_doc(tmp_path, "review.txt", REVIEW)))
    assert links_of(jjj) == []
    out = jjj("link").stdout
    assert "5 links" in out and verdicts(jjj) == EXPECTED


def test_link_refuses_what_it_cannot_do_in_one_line(chain):
    for args, words in ((["link", "--reject", "999"], "no link with id 999"),
                        (["link", "--reject", "1", "--confirm", "2"], "not both"),
                        (["links", "--verdict", "nonsense"], "--verdict must be one of")):
        result = chain(*args, ok=False)
        assert result.exit_code == 1 and words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


# -- what the user reads -------------------------------------------------------------------


def test_links_jsonl_carries_both_spans_the_verdict_and_the_score(chain):
    for link in links_of(chain):
        assert set(link) >= {"target", "evidence", "verdict", "score"}
        assert set(link["target"]) == set(link["evidence"]) == {"id", "doc", "start", "end", "text"}
        assert link["target"]["doc"] == "plan.txt" and link["evidence"]["doc"] == "review.txt"
        assert 0 < link["score"] <= 1
    assert verdicts(chain, "--verdict", "met") == {"60万人": "met", "5.5%": "met"}
    assert verdicts(chain, "--doc", "nosuch.txt") == {}
    csv = chain("links", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("id,verdict,score,review,target_id") and len(csv) == 1 + len(EXPECTED)


def test_the_scorecard_of_a_document_in_every_format(chain):
    card = chain.json("report", "--doc", "plan.txt")
    assert card["document"]["name"] == "plan.txt"
    assert {row["text"]: row["outcome"] for row in card["targets"]} == EXPECTED
    assert (card["counts"]["met"], card["counts"]["missed"], card["counts"]["total"]) == (2, 3, 5)
    [jobs] = [row for row in card["targets"] if row["text"] == "60万人"]
    assert jobs["evidence"]["text"] == "65.3万人" and jobs["evidence"]["where"].startswith("review.txt:")
    markdown = chain("report", "--doc", "plan.txt", "--format", "markdown").stdout
    assert "量化指标任务落实情况" in markdown and "| 65.3万人 | **met** |" in markdown
    page = chain("report", "--doc", "plan.txt", "--format", "html").stdout
    assert page.count('data-outcome="missed"') == 3 and '<span id="count-met">2</span>' in page
    table = chain("report", "--doc", "plan.txt").stdout
    assert "65.3万人" in table and "missed" in table and "review.txt" in table
    assert chain("report", "--doc", "nosuch.txt", ok=False).exit_code == 1


def test_show_puts_the_evidence_beside_the_target(chain):
    [jobs] = [link for link in links_of(chain) if link["target"]["text"] == "60万人"]
    shown = chain("show", str(jobs["target"]["id"])).stdout
    assert "outcome evidence" in shown and "城镇新增就业65.3万人" in shown and "城镇新增就业60万人以上" in shown
    page = chain("show", str(jobs["target"]["id"]), "--format", "html").stdout
    pair = page.split(f'id="link{jobs["id"]}"')[1].split('class="verdict"')[0]
    assert "<mark>60万人</mark>" in pair and "<mark>65.3万人</mark>" in pair
    evidence = chain.json("show", str(jobs["evidence"]["id"]))
    assert [link["target"]["id"] for link in evidence["links"]] == [jobs["target"]["id"]]


def test_the_report_splits_by_document(chain):
    by_document = chain.json("report")["by_document"]
    assert by_document["plan.txt"]["missed"] == 3 and by_document["plan.txt"]["done"] == 2
    assert by_document["review.txt"]["total"] == 4
    assert "by document" in chain("report").stdout


def test_a_target_keeps_its_latest_restatements_and_only_later_statements():
    target = Target(id=1, document_id=1, doc_date="2023-03-05", value=6.0, unit="%", deadline="2023-12-31",
                    indicator="gdp", direction="about_at_least")

    def later_target(month: int, document_id: int) -> Evidence:
        return Evidence(document_id=document_id, doc_date=f"2023-{month:02d}-01", start=0, end=2, text="6%",
                        indicator="gdp", period="", kind="target", value=6.0, unit="%", deadline="2023-12-31")

    restatements = [later_target(month, month) for month in range(4, 11)]
    earlier = later_target(1, 20)  # dated before the target: never its evidence
    other_year = Evidence(document_id=30, doc_date="2024-03-05", start=0, end=4, text="5.2%", indicator="gdp",
                          period="2022", value=5.2, unit="%")
    result = Evidence(document_id=31, doc_date="2024-03-05", start=0, end=4, text="5.8%", indicator="gdp",
                      period="2023", value=5.8, unit="%")
    links = match([target], [*restatements, earlier, other_year, result])
    assert [(link.verdict, link.evidence.doc_date) for link in links] == [
        ("met", "2024-03-05"),
        *(("restated", f"2023-{month:02d}-01") for month in range(10, 10 - MAX_LINKS, -1)),
    ]
