"""The package for the city level (推荐市级): one ZIP with, per case, the 申报表 as Word
(附件1's layout, the final edited text), its photos at full resolution named by their
captions and its pages of the book; and a summary workbook of all.

Private fields: only the contacts in promotion/contacts.py."""

import io
import zipfile

from cases.models import CasePage
from cases.submission.blank_form import build_form
from cases.submission.exports import stated_kind
from cases.text.content import case_text, stored_findings
from promotion.book_pages import BookPages, current_edition
from promotion.contacts import CITY_CONTACT_LABELS, CITY_CONTACTS, city_contacts
from promotion.names import safe_name

WORD_PHOTO_SPEC = "max-1600x1600"  # the copy in the Word file; the originals lie beside it
SUMMARY = "推荐案例汇总表.xlsx"


def package_cases(package):
    return list(
        CasePage.objects.filter(pk__in=package.cases.values("pk"))
        .select_related("organization", "category", "application", "check_result")
        .prefetch_related("photos__image")
        .order_by("submission_number", "pk")
    )


def case_folder(number, case):
    return safe_name(f"{number:02d}-{case.title}")


def form_values(case):
    application = getattr(case, "application", None)
    return {
        "submission_number": case.submission_number,
        "title": case.title,
        "organization_name": case.organization.name,
        "submitted_on": case.submitted_on,
        "street": case.street,
        "organization_kind": getattr(application, "organization_kind", "")
        or case.organization.kind,
        "participant_type": case.participant_type,
        **city_contacts(case),
    }


def _photo_name(number, photo):
    extension = (photo.image.file.name.rsplit(".", 1)[-1] or "jpg").lower()
    return f"图{number}-{safe_name(photo.caption, '照片')}.{extension}"


def word_file(case, photos, campaign_title):
    pictures = []
    for photo in photos:
        with photo.image.get_rendition(WORD_PHOTO_SPEC).file.open("rb") as handle:
            pictures.append((handle.read(), photo.caption))
    return build_form(form_values(case), case_text(case), pictures, campaign_title)


def summary_workbook(campaign, cases, folios):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from cases.printing.spreadsheets import fit_columns

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "推荐案例"
    title = f"《{campaign.title}》推荐市级案例汇总表"
    workbook.properties.title = title
    headers = [
        "序号", "申报编号", "案例名称", "申报单位", "单位类型", "篇", "街道/镇",
        "字数", "照片数", "汇编页码", *CITY_CONTACT_LABELS,
    ]  # fmt: skip
    sheet.append([title])
    sheet["A1"].font = Font(size=14, bold=True)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, case in enumerate(cases, start=1):
        length, _ = stored_findings(case)
        contacts = city_contacts(case)
        row = [
            number, case.submission_number, case.title, case.organization.name,
            stated_kind(case), case.category.name, case.street, length,
            len(case.photos.all()), folios.get(str(case.pk), ""),
            *(contacts[name] for name in CITY_CONTACTS),
        ]  # fmt: skip
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # a title starting with "=" is text
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    fit_columns(sheet, header_row=2, cap=40)
    sheet.freeze_panes = "D3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def build_package(package, out, progress=lambda message, share: None):
    """Write the ZIP to `out` (a binary file: a temporary file holds what may be hundreds
    of megabytes of originals, not memory); progress(message, share 0–1) after each case."""
    campaign = package.campaign
    cases = package_cases(package)
    edition = current_edition(campaign)
    book = BookPages(edition) if edition is not None else None
    if book is None:
        progress("注意：本活动的汇编尚未生成PDF，材料包不含汇编页面", 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, case in enumerate(cases, start=1):
            folder = case_folder(number, case)
            photos = list(case.photos.all())
            archive.writestr(
                f"{folder}/申报表-{safe_name(case.title)}.docx",
                word_file(case, photos, campaign.title),
            )
            for index, photo in enumerate(photos, start=1):
                with photo.image.file.open("rb") as handle:  # the original, as uploaded
                    # Photos are compressed already: stored, not deflated again.
                    archive.writestr(
                        f"{folder}/照片/{_photo_name(index, photo)}",
                        handle.read(),
                        zipfile.ZIP_STORED,
                    )
            pages = book.pdf_of(case) if book is not None else None
            if pages is not None:
                archive.writestr(f"{folder}/汇编页面-{safe_name(case.title)}.pdf", pages)
            elif book is not None:
                progress(f"注意：汇编当前版本未收入《{case.title}》，不含汇编页面", None)
            progress(f"已加入：{case.title}（{len(photos)} 张照片）", number / len(cases))
        folios = edition.folios if edition is not None else {}
        archive.writestr(SUMMARY, summary_workbook(campaign, cases, folios))
