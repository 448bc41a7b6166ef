"""Staff downloads: a filled 申报表 as PDF and a campaign's 申报汇总表 as .xlsx.

Both hold private data (the PDF contact details by nature, the workbook optionally), so
they are admin views, never cached, and check permissions themselves as well as through
Wagtail's admin-access wrapper (the views may be mounted without it).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.admin.auth import require_admin_access
from wagtail.images import get_image_model

from cases import application_form
from cases.content import body_parts
from cases.models import Application, CampaignPage, CasePage
from cases.models.case import page_photos
from cases.printing.responses import pdf_response, private_download
from cases.submission.exports import build_summary_xlsx

VIEW_APPLICATION = "cases.view_application"
# 300 dpi at the photos' printed size in the form (at most 100 mm wide: 1181 px).
PRINT_SPEC = "max-1200x1200"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _print_parts(case):
    """Body parts for the template, images (from the body) with their print rendition."""
    parts = body_parts(case)
    ids = [value.get("image") for kind, value in parts if kind == "image"]
    images = get_image_model().objects.in_bulk([i for i in ids if i])
    printed = []
    for kind, value in parts:
        if kind != "image":
            printed.append({"kind": kind, "text": value})
        elif image := images.get(value.get("image")):
            rendition = image.get_rendition(PRINT_SPEC)
            printed.append({"kind": kind, "url": rendition.url, "text": value.get("caption")})
    return printed


def _contact_rows(application, part):
    """Rows of (printed label, value) of a part's contacts; the label's spacing (手    机)
    becomes full-width spaces, as wide as the characters it stands for."""
    return [
        [(field.printed.replace("  ", "\u3000"), getattr(application, field.name)) for field in row]
        for row in application_form.contact_rows(part)
    ]


@require_admin_access
def application_pdf(request, page_id):
    if not request.user.has_perm(VIEW_APPLICATION):
        raise PermissionDenied
    case = get_object_or_404(
        CasePage.objects.select_related("organization", "category", "campaign"), pk=page_id
    )
    application = Application.objects.filter(case=case).first() or Application(case=case)
    photos = [
        {"url": photo.image.get_rendition(PRINT_SPEC).url, "caption": photo.caption}
        for photo in page_photos(case, PRINT_SPEC)
    ]
    number = case.submission_number or str(case.pk)
    response = pdf_response(
        request,
        "print/application.html",
        {
            "case": case,
            "campaign": case.campaign,
            "application": application,
            "applicant_rows": _contact_rows(application, application_form.APPLICANT),
            "recommender_rows": _contact_rows(application, application_form.RECOMMENDER),
            "parts": _print_parts(case),
            "photos": photos,
        },
        attachment=True,
    )
    return private_download(response, f"申报表-{number}.pdf", f"application-{number}.pdf")


@require_admin_access
def summary_xlsx(request, page_id):
    campaign = get_object_or_404(CampaignPage, pk=page_id)
    include_contacts = request.user.has_perm(VIEW_APPLICATION)
    # Editors of the campaign get the table without contacts; application viewers, with.
    if not include_contacts and not campaign.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    response = HttpResponse(build_summary_xlsx(campaign, include_contacts), content_type=XLSX)
    return private_download(
        response, f"申报汇总表-{campaign.slug}.xlsx", f"summary-{campaign.slug}.xlsx"
    )
