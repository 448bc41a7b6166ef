"""Admin menu items of the case domain, each shown only to those who can use it."""

from django.urls import reverse_lazy
from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown to users holding one permission."""

    def __init__(self, label, url, permission, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def menu_items():
    return [
        PermissionMenuItem(
            "导入申报表",
            reverse_lazy("cases_admin:import_upload"),
            "cases.view_application",
            icon_name="upload",
            order=210,
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
    ]
