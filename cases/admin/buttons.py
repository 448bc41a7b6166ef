"""Buttons on pages in the explorer and the page header: the domain's staff views."""

from django.urls import reverse
from wagtail.admin.widgets import Button

from cases.models import CampaignPage, CasePage, CompilationPage


def page_buttons(page, user):
    """The buttons a page of this type offers to this user."""
    specific = page.specific_deferred
    if isinstance(specific, CasePage) and user.has_perm("cases.view_application"):
        yield Button(
            "申报表 PDF", reverse("cases_admin:application_pdf", args=[page.pk]), priority=60
        )
        if user.has_perm("cases.add_assignment"):
            yield Button("分配评审专家", reverse("cases_admin:assign", args=[page.pk]), priority=61)
    if (
        isinstance(specific, CasePage)
        and page.live
        and page.has_unpublished_changes
        and page.permissions_for_user(user).can_edit()
    ):
        url = reverse("cases_admin:correction", args=[page.pk])
        yield Button("发布勘误", url, priority=59, icon_name="edit")
    if isinstance(specific, CompilationPage) and page.permissions_for_user(user).can_edit():
        url = reverse("cases_admin:compilation_builds", args=[page.pk])
        yield Button("生成PDF", url, priority=60, icon_name="doc-full")
    if isinstance(specific, CampaignPage):
        if user.has_perm("cases.view_application") or page.permissions_for_user(user).can_edit():
            url = reverse("cases_admin:summary_xlsx", args=[page.pk])
            yield Button("申报汇总表（Excel）", url, priority=60)
        if user.has_perm("cases.view_rankings"):
            yield Button("评审排名", reverse("cases_admin:rankings", args=[page.pk]), priority=61)
