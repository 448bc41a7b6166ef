"""The figures' pages: public once the call has closed, live for staff, and the workbook."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from cases.models import CampaignPage
from cases.printing.responses import private_download
from cases.review import due
from cases.statistics.charts import bar_chart
from cases.statistics.figures import SMALL_CELL, campaign_figures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The public page counts change with withdrawals and decisions, not with the content
# generation alone: the front cache asks again after a minute.
PUBLIC_SECONDS = 60


def _charts(figures, prefix):
    return [
        (breakdown, bar_chart(f"{prefix}-{breakdown.key}", breakdown.title, breakdown.rows))
        for breakdown in figures.breakdowns
    ]


def public_statistics(request, campaign_slug):
    campaign = CampaignPage.objects.live().public().filter(slug=campaign_slug).first()
    if campaign is None:
        raise Http404("没有找到这个征集活动。")
    context = {"campaign": campaign, "page": campaign, "small_cell": SMALL_CELL}
    if campaign.submission_status() == "closed":
        figures = campaign_figures(campaign, public=True)
        context.update(figures=figures, charts=_charts(figures, "public"))
    response = TemplateResponse(request, "cases/statistics/public.html", context)
    response["X-Accel-Expires"] = str(
        PUBLIC_SECONDS
        if "figures" in context
        else min(PUBLIC_SECONDS, campaign.seconds_unchanged())
    )
    return response


def _staff_campaign(request, campaign_id):
    if not request.user.has_perm("cases.view_rankings"):
        raise PermissionDenied
    campaigns = CampaignPage.objects.order_by("-year", "-pk")
    if campaign_id is None:
        campaign = campaigns.first()
        if campaign is None:
            raise Http404("还没有征集活动。")
        return campaign, campaigns
    return get_object_or_404(campaigns, pk=campaign_id), campaigns


def staff_statistics(request, campaign_id=None):
    campaign, campaigns = _staff_campaign(request, campaign_id)
    figures = campaign_figures(campaign, public=False)
    context = {
        "campaign": campaign,
        "campaigns": campaigns,
        "figures": figures,
        "charts": _charts(figures, "staff"),
        "overdue": due.overdue_list(campaign),
        "may_reassign": request.user.has_perm("cases.add_assignment")
        and request.user.has_perm("cases.delete_assignment"),
    }
    return TemplateResponse(request, "cases/statistics/staff.html", context)


def staff_xlsx(request, campaign_id):
    campaign, _ = _staff_campaign(request, campaign_id)
    figures = campaign_figures(campaign, public=False)
    # Imported here: openpyxl stays out of the web workers until staff ask for it.
    from cases.statistics.workbook import figures_workbook

    response = HttpResponse(figures_workbook(figures), content_type=XLSX)
    name = f"申报统计-{campaign.year}.xlsx"
    return private_download(response, name, f"statistics-{campaign.year}.xlsx")
