"""The portal's entries in Wagtail's admin: help is the portal's own 使用手册."""

from django.urls import path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import DismissibleSubmenuMenuItem, MenuItem, SubmenuMenuItem, help_menu

from portal.manual import manual


@hooks.register("register_admin_urls")
def manual_url():
    return [path("manual/", manual, name="portal_manual")]


@hooks.register("register_help_menu_item")
def manual_menu_item():
    return MenuItem(
        "使用手册", reverse_lazy("portal_manual"), name="manual", icon_name="help", order=100
    )


# Wagtail's help menu links to its English editor guide and "what's new" pages, each
# marked new (a "2 新项目" badge) until dismissed one by one.
ENGLISH_GUIDES = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def without_english_guides(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(ENGLISH_GUIDES)]


HELP = SubmenuMenuItem("帮助", help_menu, name="help", icon_name="help", order=11000)


@hooks.register("construct_main_menu")
def help_without_badge(request, menu_items):
    menu_items[:] = [
        HELP if isinstance(item, DismissibleSubmenuMenuItem) and item.name == "help" else item
        for item in menu_items
    ]
