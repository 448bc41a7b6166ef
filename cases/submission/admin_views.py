"""Staff downloads: a filled 申报表 as PDF and a campaign's 申报汇总表 as .xlsx.

Both hold private data (the PDF contact details by nature, the workbook optionally), so
they are admin views, never cached, and check permissions themselves as well as through
Wagtail's admin-access wrapper (the views may be mounted without it).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.admin.auth import require_admin_access

from cases.models import CampaignPage, CasePage
from cases.printing.responses import pdf_response, private_download
from cases.submission.application_print import file_names, print_context
from cases.submission.exports import build_summary_xlsx

VIEW_APPLICATION = "cases.view_application"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_admin_access
def application_pdf(request, page_id):
    if not request.user.has_perm(VIEW_APPLICATION):
        raise PermissionDenied
    case = get_object_or_404(
        CasePage.objects.select_related("organization", "category", "campaign"), pk=page_id
    )
    response = pdf_response(request, "print/application.html", print_context(case), attachment=True)
    return private_download(response, *file_names(case))


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
