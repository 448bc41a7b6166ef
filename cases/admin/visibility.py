"""Who may see which case and record in the admin, and what holds Wagtail's own views to it.

Wagtail's page chooser lists every page, several of its page views name the page before
checking anything, and wagtail_modeladmin's history view checks nothing about the object:
a 申报代理 officer or an expert could read any case in review, any application's title
and every expert's scores by id.
"""

from django.db.models import Q
from django.http import Http404
from wagtail.permissions import page_permission_policy

from cases.models import Application, CasePage, Review


def sees_every_case(user):
    """Editors and approvers: page permissions on the tree, or the applications."""
    if user.is_superuser or user.has_perm("cases.view_application"):
        return True
    return page_permission_policy.explorable_instances(user).exists()


def own_case_ids(user):
    """Cases the user takes part in: submitted as 申报代理, or assigned as an expert."""
    return CasePage.objects.filter(
        Q(application__submitted_by=user) | Q(assignments__expert=user)
    ).values("pk")


def hidden_case_ids(user):
    """Cases not live that the user may not see (none for editors and approvers)."""
    if sees_every_case(user):
        return CasePage.objects.none().values("pk")
    return CasePage.objects.filter(live=False).exclude(pk__in=own_case_ids(user)).values("pk")


def may_see_application(user, application):
    return user.has_perm("cases.view_application") or (
        application.submitted_by_id is not None and application.submitted_by_id == user.pk
    )


def may_see_review(user, review):
    # Experts never see a peer's scores, only their own review.
    return user.has_perm("cases.view_review") or review.assignment.expert_id == user.pk


def may_see(user, obj):
    """Whether the user may see this record itself (its history, its inspection)."""
    if isinstance(obj, Application):
        return may_see_application(user, obj)
    if isinstance(obj, Review):
        return may_see_review(user, obj)
    opts = obj._meta
    return any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("view", "change")
    )


def chooser_pages(pages, request):
    """construct_page_chooser_queryset: cases in review only to their people."""
    return pages.exclude(pk__in=hidden_case_ids(request.user))


class HiddenCaseMiddleware:
    """An admin URL naming a case the user may not see is not found. Several of Wagtail's
    page views name the page before they check anything: the chooser's parent, the move
    confirmation, the workflow preview's message ("页面'…'目前不在任务'…'中等待审核",
    kept in the session and shown on the next admin page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        ids = [v for k, v in view_kwargs.items() if "page" in k and isinstance(v, int)]
        if not ids or not request.path.startswith("/admin/"):
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        if CasePage.objects.filter(pk__in=ids).filter(pk__in=hidden_case_ids(user)).exists():
            raise Http404
        return None
