"""Registers the promotion with Wagtail's admin: its views and its menu item."""

from django.urls import include, path, reverse_lazy
from wagtail import hooks

from cases.admin.menu import PermissionMenuItem
from promotion.views import PERMISSION

hooks.register("register_admin_urls", lambda: [path("promotion/", include("promotion.urls"))])


@hooks.register("register_admin_menu_item")
def promotion_menu_item():
    return PermissionMenuItem(
        "推荐市级与展板",
        reverse_lazy("promotion_admin:latest"),
        PERMISSION,
        icon_name="download",
        order=207,
    )
