"""Admin menu items of the case domain, each shown only to those who can use it."""

from django.urls import reverse_lazy
from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown to users holding a permission (or one of several)."""

    def __init__(self, label, url, permission, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permissions = (permission,) if isinstance(permission, str) else permission

    def is_shown(self, request):
        return any(request.user.has_perm(p) for p in self.permissions)


def menu_items():
    return [
        PermissionMenuItem(
            "导入申报表",
            reverse_lazy("cases_admin:import_upload"),
            ("cases.view_application", "cases.submit_as_agent"),
            icon_name="upload",
            order=210,
        ),
        PermissionMenuItem(
            "我的代理申报",
            reverse_lazy("cases_admin:my_submissions"),
            "cases.submit_as_agent",
            icon_name="doc-full",
            order=204,
        ),
        PermissionMenuItem(
            "我的评审",
            reverse_lazy("cases_admin:my_reviews"),
            "cases.add_review",
            icon_name="tasks",
            order=205,
        ),
        # A fixed URL that finds the newest campaign when followed, so a campaign
        # added later is reachable without restarting the server.
        PermissionMenuItem(
            "评审排名",
            reverse_lazy("cases_admin:rankings_latest"),
            "cases.view_rankings",
            icon_name="list-ol",
            order=206,
        ),
        PermissionMenuItem(
            "申报统计",
            reverse_lazy("cases_admin:statistics_latest"),
            "cases.view_rankings",
            icon_name="table",
            order=207,
        ),
    ]


# Wagtail's reports of page ages and page-type counts show model labels (cases.casepage)
# and empty cells as "None"; they serve the site's developers, not the office.
DEVELOPER_REPORTS = {"aging-pages", "page-types-usage"}


def hide_developer_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in DEVELOPER_REPORTS]
