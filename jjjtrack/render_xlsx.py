"""The 台账 as an Excel workbook (openpyxl, imported here only): one sheet, the header row frozen,
columns as wide as their contents, dates as dates, numbers and percentages as numbers, and
every text cell a string, never a formula (a sentence may begin with = + - @).

The file is written beside its name and renamed, so a failed write leaves no half a workbook.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata

from .errors import InvalidValue
from .labels import COLUMNS, LIGHTS, SCHEDULE_STATES, STATES, label

FIELDS = ("number", "task", "value", "unit", "lead", "owner", "deadline", "notes", "completion",
          "schedule_pct", "progress_pct", "state")  # reports.TAIZHANG_FIELDS, in this order
WRAPPED = {"task", "notes"}  # long texts wrap inside a capped width
MAX_WIDTH = {"task": 60, "notes": 40}
MIN_WIDTH, DEFAULT_MAX_WIDTH = 6, 30
FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}


def write_taizhang(rows: list[dict], path: str, lang: str = "zh", title: str = "") -> None:
    """Write reports.taizhang_rows to an .xlsx file at path."""
    # openpyxl's lxml writer (lxml comes with python-docx) writes every Chinese character as a
    # character reference (&#29301;): valid, but three times the size and unreadable to any
    # tool that greps the sheet's XML. Its standard-library writer writes UTF-8.
    os.environ.setdefault("OPENPYXL_LXML", "False")
    try:
        from openpyxl import Workbook
    except ImportError:
        raise InvalidValue("--format xlsx needs openpyxl: pip install 'jjjtrack[xlsx]'") from None
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title or ("台账" if lang == "zh" else "Ledger"))
    values = [[_value(row, name, lang) for name in FIELDS] for row in rows]
    headers = [label(COLUMNS, name, lang) for name in FIELDS]
    _set_widths(sheet, headers, values)
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, header, "header") for header in headers])
    for row, cells in zip(rows, values):
        sheet.append([_cell(sheet, value, name, row.get("light")) for name, value in zip(FIELDS, cells)])
    temporary = f"{path}.part"
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _value(row: dict, name: str, lang: str):
    value = row.get(name)
    if name == "deadline":
        return dt.date.fromisoformat(value) if value else None
    if name in ("schedule_pct", "progress_pct"):
        return None if value is None else value / 100
    if name == "completion":
        return label(STATES, value, lang) if value else ""
    if name == "state":
        parts = [label(LIGHTS, row.get("light"), lang) if row.get("light") else "",
                 label(SCHEDULE_STATES, value, lang) if value else ""]
        return " ".join(part for part in parts if part)
    return value


def _cell(sheet, value, name: str, light: str | None = None):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if name == "header":
        cell.font = Font(bold=True)
    elif name == "deadline":
        cell.number_format = "yyyy-mm-dd"
    elif name in ("schedule_pct", "progress_pct"):
        cell.number_format = "0.0%"
    elif name == "value":
        cell.number_format = "General"
    if name in WRAPPED:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if name == "state" and light in FILLS:
        cell.fill = PatternFill("solid", fgColor=FILLS[light])
    return cell


def _set_widths(sheet, headers: list[str], values: list[list]) -> None:
    from openpyxl.utils import get_column_letter

    for column, (name, header) in enumerate(zip(FIELDS, headers), 1):
        widest = max([_width(header)] + [_width(row[column - 1]) for row in values])
        width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH.get(name, DEFAULT_MAX_WIDTH))
        sheet.column_dimensions[get_column_letter(column)].width = width


def _width(value) -> int:
    """Display width: a CJK character is two columns wide."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
