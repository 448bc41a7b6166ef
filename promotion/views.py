"""Admin views of the promotion: choose the cases for the city level, build and download
their package and the exhibition sheets (both background jobs). Staff who may read the
申报表 (it holds contacts) only; every file is private and never cached."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods
from wagtail.admin.auth import require_admin_access

from cases.models import CampaignPage
from cases.models import job_runner as jobs
from cases.printing.responses import private_download
from promotion.builds import PackageBusy, selectable_cases, start_package
from promotion.models import CityPackage
from promotion.sheets import photo_warnings
from promotion.tasks import build_city_package

PERMISSION = "cases.view_application"
Kind = CityPackage.Kind


def _staff(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _ids(values):
    return [int(value) for value in values if value.isdigit() and len(value) < 12]


@require_admin_access
def latest(request):
    """The newest campaign's page: the menu item finds it when followed."""
    _staff(request)
    campaign = CampaignPage.objects.order_by("-year", "-pk").first()
    if campaign is None:
        messages.info(request, "还没有征集活动。")
        return redirect("wagtailadmin_home")
    return redirect("promotion_admin:campaign", campaign.pk)


def _start(request, campaign, case_ids, kind):
    try:
        package = start_package(campaign, case_ids, request.user, kind)
    except (PackageBusy, ValueError) as error:
        messages.error(request, str(error))
        return redirect("promotion_admin:campaign", campaign.pk)
    transaction.on_commit(lambda: build_city_package.enqueue(package.pk))
    messages.success(
        request, f"已开始生成{package.get_kind_display()}，完成前可以离开本页，稍后回来查看。"
    )
    return redirect("promotion_admin:package", package.pk)


@require_admin_access
@require_http_methods(["GET", "POST"])
def campaign(request, campaign_id):
    _staff(request)
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    if request.method == "POST":
        return _start(request, campaign, _ids(request.POST.getlist("case")), Kind.PACKAGE)
    jobs.sweep(CityPackage.objects.filter(campaign=campaign))
    packages = list(
        CityPackage.objects.filter(campaign=campaign)
        .select_related("requested_by")
        .prefetch_related("cases")[:10]
    )
    cases = list(selectable_cases(campaign).prefetch_related("photos__image"))
    response = TemplateResponse(
        request,
        "promotion/admin/campaign.html",
        {
            "campaign": campaign,
            "cases": cases,
            "warnings": [w for case in cases for w in photo_warnings(case)],
            "packages": packages,
            "campaigns": CampaignPage.objects.order_by("-year", "-pk"),
        },
    )
    add_never_cache_headers(response)
    return response


@require_admin_access
def package(request, package_id):
    _staff(request)
    package = get_object_or_404(CityPackage.objects.select_related("campaign"), pk=package_id)
    jobs.sweep(CityPackage.objects.filter(pk=package.pk))
    package.refresh_from_db()
    response = TemplateResponse(
        request,
        "promotion/admin/package.html",
        {"package": package, "cases": package.cases.order_by("submission_number", "pk")},
    )
    add_never_cache_headers(response)
    return response


@require_admin_access
def package_download(request, package_id):
    _staff(request)
    package = get_object_or_404(CityPackage, pk=package_id, status=CityPackage.Status.SUCCEEDED)
    if not package.file:
        raise Http404
    response = FileResponse(package.file.open("rb"), content_type=package.content_type)
    fallback = f"city-{package.kind}-{package.pk}.{package.extension}"
    return private_download(response, package.download_name, fallback)


@require_admin_access
@require_http_methods(["POST"])
def sheets(request, campaign_id):
    """Starts the sheets of the chosen cases, else of every selected case, as one PDF."""
    _staff(request)
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    chosen = _ids(request.POST.getlist("case"))
    if not chosen:
        chosen = list(selectable_cases(campaign).values_list("pk", flat=True))
    if not chosen:
        messages.error(request, "没有可制作展板的终审入选案例。")
        return redirect("promotion_admin:campaign", campaign.pk)
    return _start(request, campaign, chosen, Kind.SHEETS)
