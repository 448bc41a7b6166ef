"""Staff outputs of submissions: a case's plain text and checks, the 申报汇总表 workbook."""

import io

from django.db.models import Prefetch
from django.utils import translation
from wagtail.models import WorkflowState

from cases.fields.application_form import BY_NAME
from cases.models import CasePage, CasePhoto
from cases.printing.spreadsheets import fit_columns
from cases.text.content import stored_findings

# --- 申报汇总表 ------------------------------------------------------------------------

COLUMNS = [  # (header, width cap in Excel units; a Chinese character is two)
    ("申报编号", 16),
    ("案例名称", 40),
    ("申报单位", 32),
    ("单位类型", 26),
    ("篇", 22),
    ("街道/镇", 14),
    ("申报日期", 12),
    ("字数", 8),
    ("照片数", 8),
    ("照片检查", 50),
    ("隐私提示", 50),
    ("状态", 16),
]
# The 申报表's private fields the table lists, with the cap of each column's width.
CONTACT_FIELDS = {
    "contact_name": 14,
    "contact_phone": 18,
    "contact_mobile": 16,
    "contact_email": 30,
    "recommender": 32,
}
CONTACT_COLUMNS = [(BY_NAME[name].label, cap) for name, cap in CONTACT_FIELDS.items()]
_WRAPPED = {"案例名称", "照片检查", "隐私提示", "推荐单位"}
# Wagtail's status strings (untranslated) → the words staff use; zh-hans Wagtail says
# "在用" for live, which reads oddly in a submissions table.
_STATUS = {
    "live": "已发布",
    "draft": "草稿",
    "live + draft": "已发布（有未发布的修改）",
    "in moderation": "审核中",
    "live + in moderation": "已发布（修改审核中）",
    "scheduled": "定时发布",
    "live + scheduled": "已发布（有定时发布）",
    "expired": "已过期",
}
_PHOTO_SHORT = {"photo.low_resolution": "像素不足", "photo.aspect_ratio": "比例不符"}


def summary_columns(include_contacts: bool) -> list[str]:
    return [name for name, _ in COLUMNS + (CONTACT_COLUMNS if include_contacts else [])]


# What status_label reads, for a whole list of cases at once. Wagtail's own
# prefetch_workflow_states() finds nothing on a CasePage queryset (it reads the
# base-content-type relation), and every case read "草稿".
WORKFLOW_STATES = Prefetch(
    "_specific_workflow_states",
    queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
    to_attr="_current_workflow_states",
)


def stated_kind(case) -> str:
    """The organisation type the application stated, else the organisation record's."""
    application = getattr(case, "application", None)
    if application is not None and application.organization_kind:
        return application.get_organization_kind_display()
    return case.organization.get_kind_display()


def status_label(page) -> str:
    """Where the case stands: the workflow step it waits at or was sent back from, else
    Wagtail's publishing state in Chinese."""
    state = page.current_workflow_state
    if state is not None and state.current_task_state is not None:
        task = state.current_task_state.task.name
        if state.status == state.STATUS_NEEDS_CHANGES:
            where = f"退回修改（{task}）"
        else:
            where = f"审核中：{task}"
        return f"已发布，修改{where}" if page.live else where
    with translation.override(None):
        code = str(page.status_string)
    return _STATUS.get(code) or str(page.status_string)


def photo_summary(findings) -> str:
    parts = []
    for finding in findings:
        if not finding.code.startswith("photo."):
            continue
        if finding.field and finding.field.startswith("photos."):
            short = _PHOTO_SHORT.get(finding.code, finding.message)
            number = finding.field.split(".", 1)[1]
            parts.append(f"第{number}张{short}（{finding.found}，应{finding.suggestion}）")
        else:
            parts.append(finding.message)
    return "；".join(parts) or "符合要求"


def privacy_summary(findings) -> str:
    hits = [f for f in findings if f.code.startswith("privacy.")]
    return "；".join(f"{f.found}→{f.suggestion}" for f in hits)


def summary_cases(campaign, include_contacts: bool):
    """Every case under the campaign, drafts included, in a fixed number of queries."""
    photos = CasePhoto.objects.select_related("image")
    cases = (
        CasePage.objects.child_of(campaign)
        .select_related("organization", "category", "check_result")
        .annotate_approved_schedule()
        .prefetch_related(WORKFLOW_STATES, Prefetch("photos", queryset=photos))
    )
    cases = cases.select_related("application")  # the kind as stated, and the contacts
    # By number; cases still without one (drafts typed in by staff) last, in tree order.
    return sorted(cases, key=lambda c: (not c.submission_number, c.submission_number, c.path))


def summary_rows(campaign, include_contacts: bool) -> list[list]:
    rows = []
    for case in summary_cases(campaign, include_contacts):
        length, findings = stored_findings(case)
        row = [
            case.submission_number,
            case.title,
            case.organization.name,
            stated_kind(case),
            case.category.name,
            case.street,
            case.submitted_on,
            length,
            len(case.photos.all()),
            photo_summary(findings),
            privacy_summary(findings),
            status_label(case),
        ]
        if include_contacts:
            app = getattr(case, "application", None)
            row += [getattr(app, name, "") for name in CONTACT_FIELDS]
        rows.append(row)
    return rows


def build_summary_xlsx(campaign, include_contacts: bool) -> bytes:
    # openpyxl (20 MB) is loaded by the worker that writes a workbook, not by every one.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    columns = COLUMNS + (CONTACT_COLUMNS if include_contacts else [])
    headers = [name for name, _ in columns]
    rows = summary_rows(campaign, include_contacts)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    workbook.properties.title = f"《{campaign.title}》申报汇总表"
    # Office's Chinese default face; any CJK font substitutes where it is missing.
    font = Font(name="等线", size=11)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet.append([f"《{campaign.title}》申报汇总表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(name="等线", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30

    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(name="等线", size=11, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border

    for row in rows:
        sheet.append(row)
        for cell, header in zip(sheet[sheet.max_row], headers, strict=True):
            # A title or name starting with "=" is text, never a formula.
            if cell.data_type == "f":
                cell.data_type = "s"
            cell.font = font
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=header in _WRAPPED)
            if header == "申报日期":
                cell.number_format = "yyyy-mm-dd"

    fit_columns(sheet, header_row=2, caps={i: cap for i, (_, cap) in enumerate(columns, 1)})

    last = get_column_letter(len(headers))
    sheet.freeze_panes = "C3"  # title and header rows, number and case name columns
    sheet.auto_filter.ref = f"A2:{last}{max(sheet.max_row, 2)}"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
