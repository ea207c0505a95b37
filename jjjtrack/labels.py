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
}


def pair(table: dict, key: str | None) -> tuple[str, str]:
    """(English, 中文) for a key; an unknown key stands for itself in both."""
    key = key or "other"
    return table.get(key, (key, ""))


def both(table: dict, key: str | None) -> str:
    """'Overdue 逾期'."""
    english, chinese = pair(table, key)
    return f"{english} {chinese}".strip()
