"""Publish the ledger as a web page with Datasette (the optional `web` extra).

Owns the Datasette wiring: the database served under the name "jjjtrack" whatever the
file is called, bilingual metadata (titles, column descriptions) and canned queries for
done / pending / overdue by category. The views it shows (commitments_status, overdue) live
in the ledger itself (migrations.m003_status_views), so plain `datasette` sees them too.
Datasette is imported only when serving, so the rest of jjjtrack never needs it.
"""

from __future__ import annotations

import socket
from pathlib import Path

from .errors import JjjtrackError

DATABASE_NAME = "jjjtrack"
INSTALL_HINT = "`jjjtrack serve` needs Datasette: pip install 'jjjtrack[web]'"

STATUS_COLUMNS = {
    "id": "Commitment id 承诺编号",
    "doc": "Document file name 文件名",
    "doc_date": "Document date 文件日期",
    "span": "The quantity as written 原文数量",
    "sentence": "The sentence it comes from 原句",
    "value": "Numeric value 数值",
    "unit": "Unit 单位",
    "subject": "What is counted 事项",
    "kind": "target (a promise) or reported (said to be achieved) 目标 / 已报告",
    "deadline": "Deadline YYYY-MM-DD 截止日期",
    "category": "Category 类别",
    "region": "Region 地区",
    "status": ("Status today: pending, in_progress, done, missed, dropped, or silent (past its deadline, no outcome "
               "reported) 当前状态：待完成、进行中、完成、未完成、已放弃、未见反馈"),
    "days_overdue": "Days past the deadline 逾期天数",
    "document_id": "Document id 文件编号",
}

# the overdue view's columns (migrations.m003_status_views), in its order
OVERDUE_COLUMNS = ("id", "doc", "deadline", "days_overdue", "span", "value", "unit", "subject", "category", "region",
                   "sentence")


def _state_query(state_sql: str) -> str:
    return (
        "SELECT category, status, id, deadline, days_overdue, span, subject, doc, sentence "
        f"FROM commitments_status WHERE {state_sql} ORDER BY category, deadline IS NULL, deadline, id"
    )


def metadata() -> dict:
    """Datasette metadata: bilingual titles and descriptions, column notes, canned queries."""
    return {
        "title": "jjjtrack ledger 承诺台账",
        "description": (
            "Quantified commitments of Chinese policy documents and their progress. "
            "中文政策文件中的量化承诺及其落实进展。"
        ),
        "databases": {
            DATABASE_NAME: {
                "title": "jjjtrack ledger 承诺台账",
                "description": (
                    "Views commitments_status and overdue give each commitment's status as of today. "
                    "视图 commitments_status 与 overdue 按今天的日期给出每项承诺的状态。"
                ),
                "tables": {
                    "documents": {
                        "title": "Documents 文件",
                        "description": "Each document read, with its full text. 已读入的文件及全文。",
                        "columns": {
                            "name": "File name 文件名",
                            "path": "Path when ingested 读入时的路径",
                            "sha256": "SHA-256 of the bytes 文件字节的 SHA-256",
                            "doc_date": "Document date 文件日期",
                            "date_source": "Where the date came from: text, option, guess or the file's metadata 日期来源：正文、选项、推测或文件元数据",
                            "script": "simplified or traditional 简体或繁体",
                            "encoding": "Encoding on disk 文件编码",
                            "extractor_version": "Extractor that read it 抽取器版本",
                            "ingested_at": "When it was read (UTC) 读入时间",
                            "text": "Full text as read 全文",
                        },
                    },
                    "commitments": {
                        "title": "Commitments 承诺",
                        "description": (
                            "Every quantified statement; status is the stored one (overdue is computed in "
                            "commitments_status). 所有量化表述；逾期状态见 commitments_status。"
                        ),
                        "columns": {
                            **{k: v for k, v in STATUS_COLUMNS.items() if k not in ("doc", "doc_date", "days_overdue")},
                            "start": "Start offset in the document text 起始位置",
                            "end": "End offset in the document text 结束位置",
                            "comparator": "exact, at_least, about or at_most 精确、至少、约、至多",
                            "status": "Stored status: pending, in_progress, done or dropped 记录状态",
                            "status_since": "As-of date of the update that set the stored status 记录状态的生效日期",
                            "retracted": "1 when a newer extractor no longer finds it 新版抽取器未再找到时为 1",
                            "same_sentence_as": "The first commitment of the same document with the same sentence, "
                                                "whose entry in the search index serves both 同句的首条承诺（共用检索索引）",
                            "lead": "Lead units the document names, joined by 、 (updates may name others) 牵头单位",
                            "owner": "Responsible units the document names, joined by 、 责任单位",
                            "baseline": "Where the target starts (从10万元提高到15万元: 10) 基数",
                        },
                    },
                    "commitments_search": {"hidden": True},
                    "updates": {
                        "title": "Updates 更新记录",
                        "description": "Append-only progress records. 只增不改的进展记录。",
                        "columns": {
                            "commitment_id": "Commitment id 承诺编号",
                            "as_of": "Date it became true 生效日期",
                            "status": "New status, if any 新状态",
                            "progress": "Progress in the commitment's unit 进度（同单位）",
                            "deadline": "New deadline, if any 新截止日期",
                            "note": "Note 备注",
                            "source": "Evidence: URL or citation 依据：网址或出处",
                            "lead": "Lead units from this date on, if set 牵头单位（自该日起）",
                            "owner": "Responsible units from this date on, if set 责任单位（自该日起）",
                            "recorded_at": "When it was recorded (UTC) 记录时间",
                        },
                    },
                    "commitments_status": {
                        "title": "Commitments with status today 承诺及当前状态",
                        "description": "Overdue: a target neither done nor dropped whose deadline has passed. "
                                       "逾期：未完成且未放弃、已过截止日期的目标。",
                        "columns": STATUS_COLUMNS,
                    },
                    "overdue": {
                        "title": "Overdue 逾期承诺",
                        "description": "Targets past their deadline, most overdue first. 已过截止日期的目标，逾期最久者在前。",
                        "columns": {k: STATUS_COLUMNS[k] for k in OVERDUE_COLUMNS},
                    },
                    "jjjtrack_meta": {"hidden": True},
                },
                "queries": {
                    "by_category": {
                        "title": "Done, missed, silent, pending, overdue by category 按类别统计",
                        "sql": (
                            "SELECT category, SUM(status = 'done') AS done, SUM(status = 'missed') AS missed, "
                            "SUM(status = 'silent') AS silent, SUM(status IN ('pending', 'in_progress')) AS pending, "
                            "SUM(days_overdue IS NOT NULL) AS overdue, SUM(status = 'dropped') AS dropped, "
                            "COUNT(*) AS total FROM commitments_status GROUP BY category ORDER BY total DESC, category"
                        ),
                    },
                    "done_by_category": {
                        "title": "Done, by category 已完成（按类别）",
                        "sql": _state_query("status = 'done'"),
                    },
                    "pending_by_category": {
                        "title": "Pending, by category 待完成（按类别）",
                        "sql": _state_query("status IN ('pending', 'in_progress')"),
                    },
                    "missed_by_category": {
                        "title": "Missed, by category 未完成（按类别）",
                        "sql": _state_query("status = 'missed'"),
                    },
                    "silent_by_category": {
                        "title": "Silent: past the deadline, no outcome reported, by category 未见反馈（按类别）",
                        "sql": _state_query("status = 'silent'"),
                    },
                    "overdue_by_category": {
                        "title": "Overdue, by category 逾期（按类别）",
                        "sql": _state_query("days_overdue IS NOT NULL"),
                    },
                },
            }
        },
    }


def check_installed() -> None:
    try:
        import datasette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise JjjtrackError(INSTALL_HINT) from None


def check_port(host: str, port: int) -> None:
    """Fail with one line before Datasette starts, rather than with a server log."""
    if not 0 < port < 65536:
        raise JjjtrackError(f"--port {port} is not a port number (1-65535)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise JjjtrackError(f"--host {host!r}: {error.strerror}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise JjjtrackError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def make_datasette(path: Path):
    """A Datasette serving the ledger file at path, read-only, as /jjjtrack."""
    from datasette.app import Datasette

    ds = Datasette(files=[str(path)], metadata=metadata(), settings={"sql_time_limit_ms": 3000})
    name, database = next((n, d) for n, d in ds.databases.items() if d.path == str(path))
    if name != DATABASE_NAME:
        ds.remove_database(name)
        ds.add_database(database, name=DATABASE_NAME)
    return ds


def serve(path: Path, host: str, port: int, announce=print) -> None:
    """Serve until interrupted."""
    import asyncio

    import uvicorn

    check_port(host, port)
    ds = make_datasette(path)
    asyncio.run(ds.invoke_startup())
    shown = f"[{host}]" if ":" in host else host
    announce(f"serving {path} at http://{shown}:{port}/{DATABASE_NAME} (Ctrl-C stops)")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
