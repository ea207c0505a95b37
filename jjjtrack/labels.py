"""Bilingual labels (English and 中文) that the reports and the web metadata show.

User-facing text only: states, kinds, categories and section headings. Keys are the
English identifiers the ledger stores; an unknown key is shown as it is.
"""

from __future__ import annotations

STATES = {
    "done": ("Done", "完成"),
    "pending": ("Pending", "待完成"),
    "in_progress": ("In progress", "进行中"),
    "missed": ("Missed", "未完成"),
    "silent": ("Silent", "未见反馈"),
    "overdue": ("Overdue", "逾期"),
    "dropped": ("Dropped", "已放弃"),
    "total": ("Total", "合计"),
}
OUTCOMES = {
    "met": ("Met", "已完成"),
    "missed": ("Missed", "未完成"),
    "silent": ("Silent", "未见反馈"),
    "pending": ("Pending", "待完成"),
    "dropped": ("Dropped", "已放弃"),
    "restated": ("Restated", "重申"),
    "progress": ("Progress", "进展"),
}
KINDS = {
    "target": ("Target", "目标"),
    "reported": ("Reported", "已报告"),
}
CATEGORIES = {
    "xiongan": ("Xiong'an", "雄安新区"),
    "port_shipping": ("Ports and shipping", "港口航运"),
    "transport": ("Transport", "交通"),
    "ecology": ("Ecology", "生态环境"),
    "innovation": ("Innovation", "科技创新"),
    "public_services": ("Public services", "公共服务"),
    "finance": ("Finance", "财政金融"),
    "reform_opening": ("Reform and opening", "改革开放"),
    "industry": ("Industry", "产业"),
    "macro_economy": ("Macro economy", "宏观经济"),
    "other": ("Other", "其他"),
}
HEADINGS = {
    "report": ("Commitments report", "承诺落实报告"),
    "as_of": ("As of", "截至"),
    "commitments": ("commitments", "项承诺"),
    "by_kind": ("By kind", "按类型"),
    "by_category": ("By category", "按类别"),
    "by_document": ("By document", "按文件"),
    "by_lead": ("By lead unit", "按牵头单位"),
    "lights": ("Targets by light", "按指示灯"),
    "unassigned": ("No lead unit named", "未明确牵头单位"),
    "by_year": ("Deadlines by year", "按年份的截止期限"),
    "overdue_items": ("Overdue, most overdue first", "逾期事项（逾期最久者在前）"),
    "due_soon": ("Pending, due within 90 days", "90天内到期的待完成事项"),
    "others": ("All other commitments", "其他承诺"),
    "history": ("Update history", "更新记录"),
    "document": ("Document", "文件"),
    "deadline": ("Deadline", "截止日期"),
    "late": ("Overdue by", "已逾期"),
    "category": ("Category", "类别"),
    "kind": ("Kind", "类型"),
    "region": ("Region", "地区"),
    "subject": ("Subject", "事项"),
    "quantity": ("Quantity", "数量"),
    "status": ("Status", "状态"),
    "position": ("Position", "位置"),
    "page": ("Page", "页码"),
    "dossier": ("Commitment", "承诺"),
    "none": ("None", "无"),
    "no_deadline": ("without a deadline", "项无截止日期"),
    "as_of_col": ("As of", "日期"),
    "progress": ("Progress", "进度"),
    "schedule": ("Schedule", "序时进度"),
    "note": ("Note", "备注"),
    "source": ("Source", "来源"),
    "recorded": ("Recorded", "记录时间"),
    "scorecard": ("Targets and outcomes", "量化指标任务落实情况"),
    "outcome": ("Outcome", "落实情况"),
    "evidence": ("Evidence", "依据"),
    "where": ("Where", "出处"),
    "result": ("Result", "完成情况"),
    "target": ("Target", "目标"),
    "value": ("Value", "指标值"),
    "link": ("Link", "关联"),
    "id_col": ("Id", "编号"),
    "outcome_evidence": ("Outcome evidence", "落实依据"),
    "lead": ("Lead unit", "牵头单位"),
    "owner": ("Responsible units", "责任单位"),
}


# The 台账 (schedule.py): the state of a target against its schedule, and its light.
SCHEDULE_STATES = {
    "done": ("Done", "已完成"),
    "overdue": ("Overdue", "逾期"),
    "missed": ("Missed", "未完成"),
    "ahead": ("Ahead of schedule", "超进度"),
    "on": ("On schedule", "达进度"),
    "behind": ("Behind schedule", "欠进度"),
    "unreported": ("No progress reported", "未报进展"),
}
LIGHTS = {
    "green": ("Green", "绿灯"),
    "yellow": ("Yellow", "黄灯"),
    "red": ("Red", "红灯"),
    "none": ("No light", "无"),
}
# Column headers of listings (terminal, csv) and of the 台账 (xlsx), keyed by field.
COLUMNS = {
    "id": ("id", "编号"), "status": ("status", "状态"), "doc": ("document", "文件"), "start": ("start", "起始位置"),
    "end": ("end", "结束位置"), "text": ("text", "原文"), "sentence": ("sentence", "语句"), "value": ("value", "目标值"),
    "unit": ("unit", "单位"), "subject": ("subject", "事项"), "kind": ("kind", "类型"), "deadline": ("deadline", "完成时限"),
    "comparator": ("comparator", "比较方式"), "category": ("category", "类别"), "region": ("region", "地区"),
    "lead": ("lead", "牵头单位"), "owner": ("owner", "责任单位"), "baseline": ("baseline", "基数"),
    "doc_date": ("doc_date", "文件日期"), "latest_progress": ("latest progress", "最新进展值"),
    "schedule_start": ("schedule start", "起算日期"), "schedule_pct": ("schedule %", "序时进度"),
    "progress_pct": ("progress %", "实际进度"), "schedule_state": ("schedule", "进度状态"), "light": ("light", "指示灯"),
    "number": ("No.", "序号"), "task": ("Task", "任务"), "notes": ("Progress", "进展情况"),
    "completion": ("Completion", "完成情况"), "state": ("State", "状态"),
}
LANGUAGES = ("en", "zh")
LANG_ENV = "JJJTRACK_LANG"


def language(option: str | None, default: str = "en") -> str:
    """The output language: the option, else JJJTRACK_LANG, else the default; "" if unknown
    (the caller says so in one line)."""
    import os

    chosen = (option or os.environ.get(LANG_ENV) or default).strip().lower()
    chosen = {"cn": "zh", "zh-cn": "zh", "zh_cn": "zh", "chinese": "zh", "english": "en"}.get(chosen, chosen)
    return chosen if chosen in LANGUAGES else ""


def label(table: dict, key: str | None, lang: str) -> str:
    """The English or Chinese label of a key (an unknown key stands for itself)."""
    english, chinese = pair(table, key)
    return (chinese or english) if lang == "zh" else english


def pair(table: dict, key: str | None) -> tuple[str, str]:
    """(English, 中文) for a key; an unknown key stands for itself in both."""
    key = key or "other"
    return table.get(key, (key, ""))


def both(table: dict, key: str | None) -> str:
    """'Overdue 逾期'."""
    english, chinese = pair(table, key)
    return f"{english} {chinese}".strip()
