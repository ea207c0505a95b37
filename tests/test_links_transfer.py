"""Links through export and import (format 2), format 1 still read, and the check of links."""

from __future__ import annotations

import json

import pytest

from conftest import damage, dump, empty_ledger, write_doc

PLAN = (
    "发布日期：2023-01-15\n2023年政府工作计划。"
    "今年城镇新增就业1100万人以上，国内生产总值增长5%左右，居民消费价格涨幅3%左右。\n"
)
REPORT = (
    "发布日期：2024-03-05\n2024年政府工作报告。"
    "过去一年，城镇新增就业1244万人，国内生产总值增长5.2%，居民消费价格上涨0.2%。\n"
)
JOBS, GDP, PRICES = "1100万人", "5%", "3%"  # the plan's three targets, by their spans


def write_docs(tmp_path) -> tuple[str, str]:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    return str(write_doc(folder, "plan2023.txt", PLAN)), str(write_doc(folder, "report2024.txt", REPORT))


@pytest.fixture
def linked(jjj, tmp_path):
    """Both documents ingested and linked; the jobs link confirmed, the prices link rejected.
    Returns the link ids by their target's span."""
    jjj("ingest", *write_docs(tmp_path))
    ids = {link["target"]["text"]: link["id"] for link in jjj.json("links")}
    assert sorted(ids) == sorted([JOBS, GDP, PRICES])
    jjj("link", "--confirm", str(ids[JOBS]))
    jjj("link", "--reject", str(ids[PRICES]))
    return ids


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def lines(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def import_into(jjj, db: str, exported: str, ok: bool = True):
    return jjj("import", "-", "--db", db, input=exported, ok=ok)


def links_without_ids(jjj, *db) -> list[dict]:
    def strip(link):
        return dict(link, id=None, target=dict(link["target"], id=None), evidence=dict(link["evidence"], id=None))

    return sorted((strip(link) for link in jjj.json("links", "--rejected", *db)),
                  key=lambda link: (link["target"]["start"], link["evidence"]["start"]))


def statuses(jjj, *db) -> dict:
    return {item["text"]: item["status"] for item in jjj.json("list", *db) if item["kind"] == "target"}


def reviews(jjj, *db) -> dict:
    return {link["target"]["text"]: (link["verdict"], link["review"]) for link in jjj.json("links", "--rejected", *db)}


def automatic_notes(jjj, commitment_id: int, *db) -> list[str]:
    updates = jjj.json("show", str(commitment_id), *db)["updates"]
    return [update["note"] for update in updates if (update["note"] or "").startswith("automatic: ")]


def target_id(jjj, span: str, *db) -> int:
    return next(item["id"] for item in jjj.json("list", *db) if item["text"] == span)


def with_ledger(path, read):
    from jjjtrack.ledger import Ledger

    ledger = Ledger(path)
    try:
        return read(ledger)
    finally:
        ledger.close()


def problems_of(path) -> list[str]:
    return with_ledger(path, lambda ledger: ledger.check())


def documents_to_link(path) -> list[int]:
    return with_ledger(path, lambda ledger: ledger.documents_to_link())


# -- export ---------------------------------------------------------------------------------


def test_export_writes_links_after_the_documents_with_stable_keys(linked, jjj):
    rows = records(jjj("export").stdout)
    assert rows[0] == {"type": "jjjtrack-export", "format": 2}
    kinds = [row["type"] for row in rows]
    after_first_link = kinds[kinds.index("link"):]
    assert "document" not in after_first_link and "commitment" not in after_first_link
    sha = {row["name"]: row["sha256"] for row in rows if row["type"] == "document"}
    links = [row for row in rows if row["type"] == "link"]
    assert [(link["target"]["start"], link["verdict"], link["review"]) for link in links] == [
        (PLAN.index(JOBS), "met", "confirmed"), (PLAN.index(GDP), "met", "auto"), (PLAN.index(PRICES), "met", "rejected"),
    ]
    jobs = links[0]
    start = PLAN.index(JOBS)
    assert jobs["target"] == {"doc": sha["plan2023.txt"], "start": start, "end": start + len(JOBS), "value": 11000000.0}
    evidence = REPORT.index("1244万人")
    assert (jobs["evidence_doc"], jobs["evidence_start"], jobs["evidence_end"], jobs["evidence_text"]) == (
        sha["report2024.txt"], evidence, evidence + 6, "1244万人")
    assert jobs["evidence"] == {"doc": sha["report2024.txt"], "start": evidence, "end": evidence + 6, "value": 12440000.0}
    assert all(not {"target_id", "evidence_id", "link_id"} & set(row) for row in rows)


def test_automatic_updates_follow_their_link_and_name_its_evidence(linked, jjj):
    rows = records(jjj("export").stdout)
    automatic = [(index, row) for index, row in enumerate(rows) if row["type"] == "update" and "link" in row]
    # the rejected link wrote none; the other two one each, right after their link
    assert [row["note"] for _, row in automatic] == ["automatic: met: 1244万人", "automatic: met: 5.2%"]
    for index, update in automatic:
        link = rows[index - 1]
        assert link["type"] == "link"
        assert {name: update[name] for name in ("doc", "start", "end", "value")} == link["target"]
        assert update["link"] == {name: link[name] for name in ("evidence_doc", "evidence_start", "evidence_end")}
    assert not any(row.get("note", "").startswith("automatic: ") for row in rows if "link" not in row)


# -- round trip -----------------------------------------------------------------------------


def test_export_import_export_is_identical_with_links(linked, jjj, tmp_path):
    exported = jjj("export").stdout
    other = str(tmp_path / "copy.db")
    assert "links: 3 added" in import_into(jjj, other, exported).stdout
    assert jjj("export", "--db", other).stdout == exported
    assert links_without_ids(jjj, "--db", other) == links_without_ids(jjj)
    assert reviews(jjj, "--db", other) == {JOBS: ("met", "confirmed"), GDP: ("met", "auto"), PRICES: ("met", "rejected")}
    assert statuses(jjj, "--db", other) == statuses(jjj) == {JOBS: "done", GDP: "done", PRICES: "silent"}
    # each automatic update is attached to its link again: rejecting the link takes it away
    copied = {link["target"]["text"]: link["id"] for link in jjj.json("links", "--db", other)}
    jjj("link", "--reject", str(copied[GDP]), "--db", other)
    assert statuses(jjj, "--db", other)[GDP] == "silent"
    assert automatic_notes(jjj, target_id(jjj, GDP, "--db", other), "--db", other) == []
    assert problems_of(other) == []


def test_reviews_survive_relinking_the_imported_ledger(linked, jjj, tmp_path):
    other = str(tmp_path / "copy.db")
    import_into(jjj, other, jjj("export").stdout)
    jjj("link", "--db", other)
    assert reviews(jjj, "--db", other) == {JOBS: ("met", "confirmed"), GDP: ("met", "auto"), PRICES: ("met", "rejected")}
    assert statuses(jjj, "--db", other)[PRICES] == "silent"
    assert automatic_notes(jjj, target_id(jjj, PRICES, "--db", other), "--db", other) == []
    assert len(jjj.json("links", "--db", other)) == 2
    assert problems_of(other) == []


def test_an_imported_ledger_links_the_next_document_it_ingests(jjj, tmp_path):
    """The statements' linking features travel with them: an ingest links only the new
    document's indicators, and the imported targets must be found by theirs."""
    plan, report = write_docs(tmp_path)
    source, other = str(tmp_path / "plan.db"), str(tmp_path / "copy.db")
    jjj("ingest", plan, "--db", source)
    import_into(jjj, other, jjj("export", "--db", source).stdout)
    assert documents_to_link(other) == []  # linked, as in its source
    jjj("ingest", report, "--db", other)
    assert reviews(jjj, "--db", other) == {JOBS: ("met", "auto"), GDP: ("met", "auto"), PRICES: ("met", "auto")}
    assert statuses(jjj, "--db", other) == {JOBS: "done", GDP: "done", PRICES: "done"}


def test_documents_imported_beside_others_await_linking(jjj, tmp_path):
    plan, report = write_docs(tmp_path)
    source, other = str(tmp_path / "plan.db"), str(tmp_path / "report.db")
    jjj("ingest", plan, "--db", source)
    jjj("ingest", report, "--db", other)
    import_into(jjj, other, jjj("export", "--db", source).stdout)
    assert len(documents_to_link(other)) == 1
    # the plan met the ledger's report only now: linking it finds the outcomes
    jjj("ingest", report, "--db", other)
    assert statuses(jjj, "--db", other) == {JOBS: "done", GDP: "done", PRICES: "done"}


def test_a_review_in_the_file_is_taken_by_the_ledger_s_unreviewed_link(linked, jjj, tmp_path):
    other = str(tmp_path / "copy.db")
    jjj("ingest", *write_docs(tmp_path), "--db", other)  # the same links, all automatic
    assert "links: 0 added, 3 already present" in import_into(jjj, other, jjj("export").stdout).stdout
    assert reviews(jjj, "--db", other) == reviews(jjj)
    assert statuses(jjj, "--db", other)[PRICES] == "silent"
    assert problems_of(other) == []


def test_an_imported_automatic_update_leaves_a_user_s_status_alone(linked, jjj, tmp_path):
    plan, report = write_docs(tmp_path)
    other = str(tmp_path / "plan.db")
    jjj("ingest", plan, "--db", other)
    jjj("update", str(target_id(jjj, GDP, "--db", other)), "--status", "dropped", "--date", "2024-06-01", "--db", other)
    jjj("import", "-", "--db", other, input=jjj("export").stdout)
    assert statuses(jjj, "--db", other) == {JOBS: "done", GDP: "dropped", PRICES: "silent"}
    assert automatic_notes(jjj, target_id(jjj, GDP, "--db", other), "--db", other) == ["automatic: met: 5.2%"]
    assert problems_of(other) == []


# -- format 1 -------------------------------------------------------------------------------


def format_1_export(jjj, tmp_path) -> str:
    """What the jjjtrack before links exported: no link records and no linking fields."""
    source = str(tmp_path / "unlinked.db")
    jjj("ingest", *write_docs(tmp_path), "--no-link", "--db", source)
    rows = records(jjj("export", "--db", source).stdout)
    rows[0]["format"] = 1
    for row in rows:
        for name in ("indicator", "direction", "period"):
            row.pop(name, None)
    return lines(rows)


def test_a_format_1_file_still_imports_and_links_later(jjj, tmp_path):
    other = str(tmp_path / "copy.db")
    out = import_into(jjj, other, format_1_export(jjj, tmp_path)).stdout
    assert "documents: 2 added" in out and "links: 0 added" in out
    assert jjj.json("links", "--db", other) == []
    assert problems_of(other) == []
    jjj("link", "--db", other)
    assert statuses(jjj, "--db", other) == {JOBS: "done", GDP: "done", PRICES: "done"}


def test_a_format_1_file_leaves_its_documents_to_the_next_ingest(jjj, tmp_path):
    other = str(tmp_path / "copy.db")
    import_into(jjj, other, format_1_export(jjj, tmp_path))
    assert len(documents_to_link(other)) == 2
    jjj("ingest", *write_docs(tmp_path), "--db", other)  # nothing new to read, but linking is due
    assert len(jjj.json("links", "--db", other)) == 3


# -- malformed files ------------------------------------------------------------------------


def first(rows: list[dict], kind: str, automatic: bool = False) -> dict:
    return next(row for row in rows if row["type"] == kind and ("link" in row) == automatic)


def target_not_in_file(rows):
    first(rows, "link")["target"]["start"] += 1000


def evidence_elsewhere(rows):
    first(rows, "link")["evidence_end"] += 1


def unknown_verdict(rows):
    first(rows, "link")["verdict"] = "won"


def update_of_a_missing_link(rows):
    first(rows, "update", automatic=True)["link"]["evidence_start"] += 1000


def link_to_a_reported_statement(rows):
    link = first(rows, "link")
    link["target"] = dict(link["evidence"])


@pytest.mark.parametrize("corrupt, expected", [
    (target_not_in_file, "a link to a commitment neither in the file before it nor in the ledger"),
    (evidence_elsewhere, "of its evidence's document do not hold '1244万人'"),
    (unknown_verdict, "verdict 'won' is not one of met, missed, restated, progress"),
    (update_of_a_missing_link, "an automatic update of a link that is not in the file before it"),
    (link_to_a_reported_statement, "a link to a reported statement, not a target"),
])
def test_a_malformed_link_is_one_clear_error_and_changes_nothing(linked, jjj, tmp_path, corrupt, expected):
    rows = records(jjj("export").stdout)
    corrupt(rows)
    other = tmp_path / "copy.db"
    empty_ledger(other)
    before = dump(other)
    result = import_into(jjj, str(other), lines(rows), ok=False)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr, result.stderr
    assert "standard input line " in result.stderr
    assert dump(other) == before


# -- check ----------------------------------------------------------------------------------


@pytest.mark.parametrize("statements, expected", [
    (["UPDATE links SET evidence_end = evidence_end + 1 WHERE id = {gdp}"],
     "link {gdp}: characters 54-59 of report2024.txt do not hold its evidence '5.2%'"),
    (["UPDATE links SET evidence_text = '5.3%' WHERE id = {gdp}"], "link {gdp}: characters 54-58"),
    (["UPDATE links SET evidence_start = evidence_end WHERE id = {gdp}"], "link {gdp}: characters 58-58"),
    (["UPDATE updates SET link_id = 999 WHERE link_id = {gdp}"], "its link 999 does not exist"),
    (["INSERT INTO updates (commitment_id, as_of, recorded_at, note, link_id) "
      "SELECT target_id, '2024-03-05', 'now', 'automatic: met: 0.2%', id FROM links WHERE id = {prices}"],
     "its link {prices} was rejected"),
    (["UPDATE updates SET link_id = {jobs} WHERE link_id = {gdp}"], "its link {jobs} is of commitment"),
    (["UPDATE links SET review = 'maybe' WHERE id = {gdp}"],
     "link {gdp}: review 'maybe' is not one of auto, confirmed, rejected"),
    (["UPDATE links SET verdict = 'won' WHERE id = {gdp}"], "link {gdp}: verdict 'won' is not one of"),
    (["UPDATE links SET target_id = evidence_id WHERE id = {gdp}"], "is reported, not a target"),
    (["UPDATE links SET target_id = 999 WHERE id = {gdp}"], "link {gdp}: its target, commitment 999, does not exist"),
    (["UPDATE links SET evidence_document_id = 999 WHERE id = {gdp}"], "link {gdp}: its evidence's document does not exist"),
])
def test_check_names_what_is_wrong_with_a_link(linked, jjj, isolated_env, statements, expected):
    path = isolated_env / "ledger.db"
    assert problems_of(path) == []
    names = {"jobs": linked[JOBS], "gdp": linked[GDP], "prices": linked[PRICES]}
    damage(path, *(statement.format(**names) for statement in statements))
    problems = problems_of(path)
    assert any(expected.format(**names) in problem for problem in problems), problems
    result = jjj("check", ok=False)
    assert result.exit_code == 1 and expected.format(**names) in result.stderr
