"""Imports one filled Word 申报表 as a draft case, with a report of what was found."""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction

from cases.checks import ERROR, UploadError, check_case, clean_photo, generated_name
from cases.fields import application_form
from cases.fields.enums import ParticipantType
from cases.mail import notifications
from cases.models import Application, CasePage, Organization
from cases.submission.docx_import import DocxImportError, parse_applications
from cases.submission.figure_refs import citation_problems, figure_places, renumber
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
    """A JSON-ready report: {file, number, title, problems, warnings, error, case_ids}.
    A file holding several filled forms gives one case each (numbers and titles joined
    with 、), or none with an error naming the form that cannot be imported. With an agent
    (a 申报代理), the cases are theirs and their receipts go to them and the applicants."""
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
        forms = parse_applications(fileobj)
    except DocxImportError as error:
        report["error"] = str(error)
        return report
    several = len(forms) > 1
    for index, parsed in enumerate(forms, start=1):
        error = _refusal(parsed)
        if error:
            where = f"文件中有 {len(forms)} 份申报表，第 {index} 份" if several else ""
            report["error"] = f"{where}{error}" + ("整个文件未导入。" if several else "")
            report["title"] = "、".join(str(p.values.get("title", "")) for p in forms)
            report["problems"] = _problems(forms)
            return report
    cases = []
    for index, parsed in enumerate(forms, start=1):
        prefix = f"第{index}份申报表：" if several else ""
        case, problems, warnings = _import_one(
            campaign, parsed, section, organization_kind, agent, checksum if index == 1 else ""
        )  # the file's checksum is unique: it marks the first case, which finds the file
        cases.append(case)
        report["problems"] += [prefix + line for line in problems]
        report["warnings"] += [prefix + line for line in warnings]
    if several:
        report["problems"].insert(
            0, f"文件中有 {len(forms)} 份申报表，已分别导入为 {len(forms)} 个案例。"
        )
    report.update(
        number="、".join(case.submission_number for case in cases),
        title="、".join(case.title for case in cases),
        case_id=cases[0].pk,
        case_ids=[case.pk for case in cases],
    )
    return report


def _problems(forms):
    several = len(forms) > 1
    return [
        (f"第{index}份申报表：" if several else "") + line
        for index, parsed in enumerate(forms, start=1)
        for line in parsed.problems
    ]


def _refusal(parsed):
    """Why a form cannot become a case, or ""."""
    values = parsed.values
    for key, field in (
        ("title", CasePage._meta.get_field("title")),
        ("organization_name", Organization._meta.get_field("name")),
    ):
        if len(str(values.get(key) or "")) > field.max_length:
            return f"{REQUIRED[key]}超过 {field.max_length} 字，未导入。"
    missing = [label for key, label in REQUIRED.items() if not values.get(key)]
    if not parsed.case_text.strip():
        missing.append("案例正文")
    return f"缺少{'、'.join(missing)}，未导入。" if missing else ""


def _stamp(parsed):
    """The first stamp or signature scan of the 推荐单位 part, as the stamp scan."""
    if not parsed.stamps:
        return None
    scan = parsed.stamps[0]
    extension = {"image/png": "png", "image/gif": "gif", "image/bmp": "bmp"}.get(
        scan.content_type, "jpg"
    )
    return io.BytesIO(scan.data), generated_name(extension)


def _import_one(campaign, parsed, section, organization_kind, agent, checksum):
    values = parsed.values
    problems = list(parsed.problems)
    # Imported all the same, but incomplete: an editor completes it from the case page.
    if not values.get("recommender"):
        problems.append("未填写推荐单位")
    photos, sizes, figures = [], [], []
    dropped = dict(parsed.dropped_figures)
    numbered = any(photo.figure is not None for photo in parsed.photos)
    for index, photo in enumerate(parsed.photos, start=1):
        figure = photo.figure if numbered else index  # unnumbered: in document order
        try:
            image = clean_photo(io.BytesIO(photo.data))
        except UploadError as error:
            problems.append(f"第{index}张照片：{error.message}")
            if figure is not None:
                dropped[figure] = photo.caption or f"第{index}张照片"
            continue
        figures.append(figure)
        if not photo.caption:
            problems.append(f"第{index}张照片没有图注，已暂用“照片{index}”，请在案例中补写")
        caption = photo.caption or f"照片{index}"
        photos.append((io.BytesIO(image.data), generated_name(image.extension), caption))
        sizes.append((image.width, image.height))

    # The text cites figures by number (见图2): kept pointing at the same photos.
    places = figure_places(figures)
    case_text = renumber(parsed.case_text, places, dropped)
    headings = {renumber(line, places, dropped): lvl for line, lvl in parsed.headings.items()}
    problems += citation_problems(parsed.case_text, places, dropped)

    findings = check_case(case_text, sizes, campaign.check_rules(), photo_field="photo_{}")
    warnings = [
        f.message + (f"（建议：{f.suggestion}）" if f.suggestion else "")
        for f in findings
        if f.level != ERROR or f.code.startswith("photo.")
    ]
    case = create_submission(
        campaign,
        Submission(
            title=values["title"],
            organization_name=values["organization_name"],
            organization_kind=values.get("organization_kind") or organization_kind,
            participant_type=values.get("participant_type") or ParticipantType.ORGANIZATION,
            street=str(values.get("street") or "")[:40],
            case_text=case_text,
            headings=headings,
            summary=values.get("summary", ""),
            section=section,
            submitted_on=values.get("submitted_on"),
            date_known=True,
            application=_application_values(values, problems),
            photos=photos,
            stamp=_stamp(parsed),
            source_sha256=checksum,
            agent=agent,
        ),
    )
    if agent is not None:
        transaction.on_commit(lambda: notifications.receipt(case))
    return case, problems, warnings
