"""The figures as an Excel workbook for staff: one sheet of totals, one per breakdown,
one of the experts' progress."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from cases.printing.spreadsheets import fit_columns


def figures_workbook(figures) -> bytes:
    book = Workbook()
    bold = Font(bold=True)
    totals = book.active
    totals.title = "总览"
    totals.append([figures.campaign_title])
    totals["A1"].font = bold
    totals.append(["收到申报", figures.received])
    totals.append(["入选案例", figures.selected])
    totals.append(["已撤回（不计入收到申报）", figures.withdrawn])
    fit_columns(totals, header_row=2)
    for breakdown in figures.breakdowns:
        # Excel refuses / \ ? * [ ] : in a sheet's name.
        sheet = book.create_sheet(breakdown.title.replace("/", "、"))
        sheet.append([breakdown.title.removeprefix("按"), "申报数"])
        for label, count in breakdown.rows:
            sheet.append([label, count])
        sheet.append(["合计", sum(count for _, count in breakdown.rows)])
        for cell in (*sheet[1], *sheet[sheet.max_row]):
            cell.font = bold
        fit_columns(sheet)
    experts = book.create_sheet("专家评审进度")
    experts.append(["专家", "分配", "已提交", "待评审", "已逾期"])
    for row in figures.experts:
        experts.append([row.name, row.assigned, row.submitted, row.waiting, row.overdue])
    for cell in experts[1]:
        cell.font = bold
    fit_columns(experts)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
