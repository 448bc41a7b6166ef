"""Imports one filled Word 申报表 as a draft case, with a report of what was found."""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction

from cases import application_form, notifications
from cases.checks import ERROR, UploadError, check_case, clean_photo, generated_name
from cases.models import Application, CasePage, Organization
from cases.submission.docx_import import DocxImportError, parse_application
from cases.submission.intake import Submission, create_submission

REQUIRED = {"title": "案例名称", "organization_name": "申报单位"}


def _sha256(fileobj):
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def _application_values(values, problems):
    """The form's contact values that fit the Application fields; the rest reported."""
    kept = {}
    for key in application_form.NAMES:
        value = values.get(key)
        if not value:
            continue
        field = Application._meta.get_field(key)
        label = field.verbose_name
        if isinstance(field, models.EmailField):
            try:
                validate_email(value)
            except ValidationError:
                problems.append(f"{label}“{value}”不是有效的邮箱地址，未导入该项。")
                continue
        if getattr(field, "max_length", None) and len(str(value)) > field.max_length:
            problems.append(f"{label}超过 {field.max_length} 字，未导入该项。")
            continue
        kept[key] = value
    return kept


def import_docx(campaign, fileobj, filename, section, organization_kind="", agent=None):
    """A JSON-ready report: {file, number, title, problems, warnings, error}. With an
    agent (a 申报代理), the case is theirs and its receipt goes to them and the applicant."""
    report = {
        "file": filename,
        "number": "",
        "title": "",
        "problems": [],
        "warnings": [],
        "error": "",
    }
    checksum = _sha256(fileobj)
    earlier = Application.objects.select_related("case").filter(source_sha256=checksum).first()
    if earlier is not None:
        report.update(number=earlier.case.submission_number, title=earlier.case.title)
        report["error"] = f"此文件已导入过（{earlier.case.submission_number}），未重复导入。"
        return report
    try:
        parsed = parse_application(fileobj)
    except DocxImportError as error:
        report["error"] = str(error)
        return report
    values = parsed.values
    report["title"] = values.get("title", "")
    report["problems"] = list(parsed.problems)
    # Imported all the same, but incomplete: an editor completes it from the case page.
    if not values.get("recommender"):
        report["problems"].append("未填写推荐单位")
    report["problems"].append("申报表没有“所在街道”一项：导入后请在案例中选择街道")
    for key, field in (
        ("title", CasePage._meta.get_field("title")),
        ("organization_name", Organization._meta.get_field("name")),
    ):
        if len(str(values.get(key) or "")) > field.max_length:
            report["error"] = f"{REQUIRED[key]}超过 {field.max_length} 字，未导入。"
            return report
    missing = [label for key, label in REQUIRED.items() if not values.get(key)]
    if not parsed.case_text.strip():
        missing.append("案例正文")
    if missing:
        report["error"] = f"缺少{'、'.join(missing)}，未导入。"
        return report

    photos, sizes = [], []
    for index, photo in enumerate(parsed.photos, start=1):
        try:
            image = clean_photo(io.BytesIO(photo.data))
        except UploadError as error:
            report["problems"].append(f"第{index}张照片：{error.message}")
            continue
        caption = photo.caption or f"照片{index}"
        photos.append((io.BytesIO(image.data), generated_name(image.extension), caption))
        sizes.append((image.width, image.height))

    findings = check_case(parsed.case_text, sizes, campaign.check_rules(), photo_field="photo_{}")
    report["warnings"] = [
        f.message + (f"（建议：{f.suggestion}）" if f.suggestion else "")
        for f in findings
        if f.level != ERROR or f.code.startswith("photo.")
    ]

    case = create_submission(
        campaign,
        Submission(
            title=values["title"],
            organization_name=values["organization_name"],
            organization_kind=organization_kind,
            case_text=parsed.case_text,
            headings=parsed.headings,
            summary=values.get("summary", ""),
            section=section,
            submitted_on=values.get("submitted_on"),
            application=_application_values(values, report["problems"]),
            photos=photos,
            source_sha256=checksum,
            agent=agent,
        ),
    )
    if agent is not None:
        transaction.on_commit(lambda: notifications.receipt(case))
    report.update(number=case.submission_number, case_id=case.pk)
    return report
