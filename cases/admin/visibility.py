"""Who may see which case and record in the admin, and the hooks that hold Wagtail's own
history, chooser and move views to it.

Wagtail's chooser lists every page, its move confirmation and wagtail_modeladmin's
history view check nothing about the object: a 申报代理 officer or an expert could read
any case in review, any application's title and every expert's scores by id.
"""

from django.core.exceptions import PermissionDenied
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
    """construct_page_chooser_queryset: cases in review only to their people. The browse
    view shows its parent page's title too, so a hidden parent is not found."""
    hidden = hidden_case_ids(request.user)
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None and CasePage.objects.filter(pk=parent_id, pk__in=hidden).exists():
        raise Http404
    return pages.exclude(pk__in=hidden)


def move_needs_permission(request, page, destination):
    """before_move_page: Wagtail's confirmation page (a GET) names the page and its
    destination before any permission is checked."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
