"""Registers the case domain with Wagtail's admin; what is registered lives in admin/."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from cases.admin import buttons, dashboard, history, menu, modeladmin, visibility
from cases.fields.rich_text import PrefetchedPageLinkHandler

modeladmin_register(modeladmin.CaseRecordsGroup)
modeladmin_register(modeladmin.ReviewRecordsGroup)
hooks.register("construct_homepage_panels", dashboard.register_panels)
hooks.register("register_log_actions", history.register_log_actions)
hooks.register("construct_reports_menu", menu.hide_developer_reports)
hooks.register("construct_page_chooser_queryset", visibility.chooser_pages)
hooks.register("register_admin_urls", lambda: [path("cases/", include("cases.admin.urls"))])


@hooks.register("register_rich_text_features", order=100)
def page_links_resolved_once(features):
    # Replaces Wagtail's "page" link handler (registered by the wagtail app, after this
    # one in INSTALLED_APPS: hence the order): a case page's links in one query.
    features.register_link_type(PrefetchedPageLinkHandler)


for item in menu.menu_items():
    hooks.register("register_admin_menu_item", lambda item=item: item)


@hooks.register("register_page_listing_more_buttons")
def page_listing_buttons(page, user, next_url=None):
    yield from buttons.page_buttons(page, user)


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from buttons.page_buttons(page, user)
