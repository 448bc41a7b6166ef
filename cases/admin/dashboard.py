"""Dashboard panels: what waits for me, review progress per 篇, days to the deadline."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.admin.ui.components import Component

from cases.models import Assignment, CampaignPage, CaseCategory
from cases.review import due
from cases.statistics.figures import campaign_figures


class SimplePanel(Component):
    order = 50

    def __init__(self, name, heading, body, order=50):
        self.name, self.heading, self.body, self.order = name, heading, body, order

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel summary nice-padding"><h2>{}</h2>{}</section>',
            self.heading,
            self.body,
        )


def _waiting_for_expert(user):
    items = (
        Assignment.objects.filter(expert=user, review__isnull=True)
        .select_related("case")
        .order_by("assigned_at")
    )
    if not items:
        return mark_safe("<p>没有待评审的案例。</p>")
    rows = format_html_join(
        "",
        '<li><a href="{}">{} {}</a></li>',
        (
            (
                reverse("cases_admin:review_case", args=[a.pk]),
                a.case.submission_number,
                a.case.title,
            )
            for a in items
        ),
    )
    return format_html("<p>待评审 {} 个案例：</p><ul>{}</ul>", len(items), rows)


def _progress(campaign):
    sections = CaseCategory.objects.annotate(
        n_cases=Count("cases", filter=Q(cases__campaign=campaign), distinct=True),
        n_reviews=Count(
            "cases__assignments__review", filter=Q(cases__campaign=campaign), distinct=True
        ),
    ).order_by("sort_order")
    needed = campaign.reviews_required
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{} / {}</td></tr>",
        ((s.name, s.n_cases, s.n_reviews, s.n_cases * needed) for s in sections),
    )
    return format_html(
        '<table class="listing"><thead><tr><th>篇</th><th>案例</th><th>已交评审 / 应交</th></tr>'
        "</thead><tbody>{}</tbody></table>",
        rows,
    )


def _deadline(campaign):
    days = campaign.days_left()
    if days is None:
        return format_html("<p>{}：申报已截止。</p>", campaign.nav_title)
    return format_html(
        "<p>{}：距申报截止还有 <strong>{}</strong> 天。</p>", campaign.nav_title, days
    )


class FiguresPanel(Component):
    """The call's figures, live, with the review's progress per expert and who is late."""

    name = "cases_figures"
    order = 25

    def __init__(self, request, campaign):
        self.request, self.campaign = request, campaign

    def render_html(self, parent_context=None):
        user = self.request.user
        context = {
            "campaign": self.campaign,
            "figures": campaign_figures(self.campaign, public=False),
            "overdue": due.overdue_list(self.campaign),
            "may_reassign": user.has_perm("cases.add_assignment")
            and user.has_perm("cases.delete_assignment"),
            "request": self.request,
        }
        return render_to_string("cases/statistics/panel.html", context)


def register_panels(request, panels):
    user = request.user
    if user.has_perm("cases.add_review"):
        panels.append(
            SimplePanel("cases_admin:my_reviews", "待我评审", _waiting_for_expert(user), 10)
        )
    campaign = CampaignPage.objects.order_by("-year", "-pk").first()
    if campaign is None:
        return
    if user.has_perm("cases.view_rankings"):
        panels.append(SimplePanel("cases_progress", "评审进度（按篇）", _progress(campaign), 20))
        panels.append(FiguresPanel(request, campaign))
    if user.has_perm("cases.view_application"):  # editors (and superusers)
        panels.append(SimplePanel("cases_deadline", "申报截止", _deadline(campaign), 30))
