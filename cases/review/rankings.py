"""Rankings per campaign and per 篇: statistics, a score chart, Excel, and the selection."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from cases.models import CampaignPage, CaseCategory, CasePage, Decision
from cases.printing.responses import private_download
from cases.printing.spreadsheets import fit_columns
from cases.review.aggregation import RANK_KEYS, histogram, rank
from cases.review.scoring import ensure_criteria, stats_by_case
from cases.review.selection import book_places

SORTS = {
    "mean": "平均分",
    "median": "中位数",
    "stdev": "标准差",
    "count": "评审份数",
    "spread": "极差",
}
RECOMMENDATION_LABELS = {"select": "入选", "revise": "修改后入选", "reject": "不入选"}


def _rows(campaign, section):
    cases = CasePage.objects.filter(campaign=campaign).select_related(
        "organization", "category", "decision"
    )
    if section is not None:
        cases = cases.filter(category=section)
    cases = list(cases.order_by("submission_number", "pk"))
    criteria = ensure_criteria(campaign)
    stats = stats_by_case(cases, criteria)
    places = book_places(cases)
    rows = [{"case": case, "stats": stats[case.pk], "book": places[case.pk]} for case in cases]
    return rows, criteria


def _bars(chart, peak, height=100, width=50):
    """SVG geometry for the histogram: one bar per score band, scaled to the peak."""
    bars = []
    for i, (lo, hi, count) in enumerate(chart):
        h = round(height * count / peak) if peak else 0
        bars.append({"x": i * width, "y": 120 - h, "h": h, "lo": lo, "hi": hi, "count": count})
    return bars


def _context(request, campaign_id):
    if not request.user.has_perm("cases.view_rankings"):
        raise PermissionDenied
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    sections = list(CaseCategory.objects.all())
    section = next((s for s in sections if s.slug == request.GET.get("section")), None)
    sort = request.GET.get("sort") if request.GET.get("sort") in RANK_KEYS else "mean"
    descending = request.GET.get("order") != "asc"
    rows, criteria = _rows(campaign, section)
    # A case nobody has scored has no place: listed apart, never ranked after the rest.
    ranked = rank([r for r in rows if r["stats"].count], key=sort, descending=descending)
    unreviewed = [r for r in rows if not r["stats"].count]
    means = [row["stats"].mean for row in rows if row["stats"].mean is not None]
    chart = histogram(means) if means else []
    peak = max((count for _, _, count in chart), default=0)
    return {
        "campaign": campaign,
        "sections": sections,
        "section": section,
        "sort": sort,
        "descending": descending,
        "sorts": SORTS,
        "rows": ranked,
        "unreviewed": unreviewed,
        "criteria": criteria,
        "chart": _bars(chart, peak),
        "can_select": request.user.has_perm("cases.add_assignment"),
    }


def latest_rankings(request):
    """The rankings of the newest campaign: the menu's 评审排名 finds it when followed,
    so a campaign added later is reachable without restarting the server."""
    if not request.user.has_perm("cases.view_rankings"):
        raise PermissionDenied
    latest = CampaignPage.objects.order_by("-year", "-pk").values_list("pk", flat=True).first()
    if latest is None:
        messages.info(request, "还没有征集活动，暂无评审排名。")
        return redirect("wagtailadmin_home")
    return redirect("cases_admin:rankings", latest)


def rankings(request, campaign_id):
    context = _context(request, campaign_id)
    if request.method == "POST":
        if not context["can_select"]:
            raise PermissionDenied
        chosen = {int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()}
        # Only cases that passed 终审 (published) can go into the book.
        listed = context["rows"] + context["unreviewed"]
        shown = {row["case"].pk for row in listed if row["case"].live}
        with transaction.atomic():
            for case in CasePage.objects.filter(pk__in=shown).select_related("decision"):
                selected = case.pk in chosen
                if selected != case.selected_for_compilation:
                    Decision.record(case, selected, case.decision_note, request.user)
        messages.success(request, f"已标记 {len(chosen & shown)} 个案例入选汇编。")
        return redirect(request.get_full_path())
    return TemplateResponse(request, "cases/review/rankings.html", context)


def rankings_xlsx(request, campaign_id):
    from openpyxl import Workbook  # loaded when a workbook is asked for (20 MB)

    context = _context(request, campaign_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "评审排名"
    sheet.append([f"《{context['campaign'].title}》专家评审排名"])
    sheet.append(
        [
            "名次",
            "申报编号",
            "案例名称",
            "申报单位",
            "篇",
            "评审份数",
            "平均分",
            "中位数",
            "标准差",
            "极差",
            "入选",
            "修改后入选",
            "不入选",
            "入选汇编",
            "收入汇编",
        ]
    )
    numbered = [(place, row) for place, row in enumerate(context["rows"], start=1)]
    for place, row in numbered + [("未评审", row) for row in context["unreviewed"]]:
        case, stats = row["case"], row["stats"]
        sheet.append(
            [
                place,
                case.submission_number,
                case.title,
                case.organization.name,
                case.category.name,
                stats.count,
                stats.mean,
                stats.median,
                stats.stdev,
                stats.spread,
                stats.tally["select"],
                stats.tally["revise"],
                stats.tally["reject"],
                "是" if case.selected_for_compilation else "",
                str(row["book"]) if case.selected_for_compilation else "",
            ]
        )
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # a title like "=HYPERLINK(…)" stays text
                cell.data_type = "s"
    fit_columns(sheet, header_row=2)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    year = context["campaign"].year
    return private_download(response, f"评审排名-{year}.xlsx", f"rankings-{year}.xlsx")
