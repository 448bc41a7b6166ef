"""Staff outputs of submissions: a case's plain text and checks, the 申报汇总表 workbook."""

import io
import re
import unicodedata
from html import unescape

from django.db.models import Prefetch
from django.utils import translation
from django.utils.html import strip_tags
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from cases.checks import (
    PhotoRules,
    check_length,
    check_photo,
    check_photo_count,
    check_privacy,
    count_characters,
)
from cases.models import CasePage, CasePhoto

# --- case text and checks ------------------------------------------------------------

_BLOCK_END = re.compile(r"</(?:p|h\d|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _lines(html):
    text = unescape(strip_tags(_BLOCK_END.sub("\n", html or "")))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _text(value, key):
    return str(value.get(key) or "").strip()


def _items(raw):
    # ListBlock raw data: new style [{"type": "item", "value": …}] or old style [value].
    return [item.get("value", item) if "type" in item else item for item in raw or []]


def body_parts(case):
    """(kind, value) per paragraph of the body, read from raw data: no image queries.

    kind is "heading", "paragraph", "quote" or "image" (value: {"image": id, "caption"}).
    """
    parts = []
    for block in case.body.raw_data:
        kind, value = block["type"], block["value"] or {}
        if kind == "heading":
            parts.append(("heading", _text(value, "text")))
        elif kind == "paragraph":
            parts.extend(("paragraph", line) for line in _lines(value))
        elif kind == "quotation":
            by = _text(value, "attribution")
            parts.append(("quote", _text(value, "text") + (f"——{by}" if by else "")))
        elif kind == "key_figures":
            for item in _items(value.get("items")):
                figure = f"{_text(item, 'value')} {_text(item, 'label')}"
                parts.append(("paragraph", figure.strip()))
        elif kind == "image":
            parts.append(("image", value))
    return [(kind, value) for kind, value in parts if value]


def case_text(case) -> str:
    """The case text as the applicant wrote it: one paragraph a line, captions left out."""
    return "\n".join(value for kind, value in body_parts(case) if kind != "image")


def photo_rules(campaign):
    if campaign is None:
        return PhotoRules()
    return PhotoRules(
        min_count=campaign.min_photos,
        max_count=campaign.max_photos,
        min_dpi=campaign.min_dpi,
        print_long_edge_mm=campaign.photo_print_long_edge_mm,
        aspect_ratio=float(campaign.photo_aspect_ratio),
        aspect_tolerance=float(campaign.photo_aspect_tolerance),
    )


def _length_rules(campaign):
    if campaign is None:
        return {}
    return {"target": campaign.target_length, "tolerance_pct": campaign.length_tolerance}


def case_checks(case, campaign=None, text=None):
    """Every automatic check against the campaign's rules. Photos come from case.photos
    (prefetch them with their images to check many cases in constant queries)."""
    campaign = campaign or case.campaign
    text = case_text(case) if text is None else text
    rules = photo_rules(campaign)
    photos = list(case.photos.all())
    findings = [*check_length(text, **_length_rules(campaign))]
    findings += check_photo_count(len(photos), rules)
    for i, photo in enumerate(photos, start=1):
        findings += check_photo(photo.image.width, photo.image.height, rules, f"photos.{i}")
    return findings + check_privacy(text)


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
CONTACT_COLUMNS = [
    ("联系人", 14),
    ("联系电话", 18),
    ("手机", 16),
    ("电子邮箱", 30),
    ("推荐单位", 32),
]
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


def status_label(page) -> str:
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
        .select_related("organization", "category")
        .annotate_approved_schedule()
        .prefetch_workflow_states()
        .prefetch_related(Prefetch("photos", queryset=photos))
    )
    if include_contacts:
        cases = cases.select_related("application")
    # By number; cases still without one (drafts typed in by staff) last, in tree order.
    return sorted(cases, key=lambda c: (not c.submission_number, c.submission_number, c.path))


def summary_rows(campaign, include_contacts: bool) -> list[list]:
    rows = []
    for case in summary_cases(campaign, include_contacts):
        text = case_text(case)
        findings = case_checks(case, campaign, text)
        row = [
            case.submission_number,
            case.title,
            case.organization.name,
            case.organization.get_kind_display(),
            case.category.name,
            case.street,
            case.submitted_on,
            count_characters(text),
            len(case.photos.all()),
            photo_summary(findings),
            privacy_summary(findings),
            status_label(case),
        ]
        if include_contacts:
            app = getattr(case, "application", None)
            fields = ["contact_name", "contact_phone", "contact_mobile", "contact_email"]
            row += [getattr(app, name, "") for name in [*fields, "recommender"]]
        rows.append(row)
    return rows


def _display_width(value) -> int:
    if value is None:
        return 0
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def build_summary_xlsx(campaign, include_contacts: bool) -> bytes:
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

    for index, (header, cap) in enumerate(columns):
        widest = max(_display_width(value) for value in [header, *(r[index] for r in rows)])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(widest + 2, cap)

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
