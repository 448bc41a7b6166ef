"""Admin menus for the records that are not pages; registration only."""

from django.urls import path
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from cases.models import Application, CaseCategory, Organization
from cases.private_files import private_file


@hooks.register("register_admin_urls")
def register_private_file_url():
    return [path("private/<path:name>", private_file, name="cases_private_file")]


class OrganizationAdmin(ModelAdmin):
    model = Organization
    menu_label = "单位"
    menu_icon = "group"
    list_display = ("name", "kind", "street")
    list_filter = ("kind", "street")
    search_fields = ("name",)


class ApplicationAdmin(ModelAdmin):
    model = Application
    menu_label = "申报表"
    menu_icon = "form"
    list_display = ("case", "recommender", "created_at")
    list_select_related = ("case",)
    search_fields = ("case__title", "recommender")
    inspect_view_enabled = True


class CaseCategoryAdmin(ModelAdmin):
    model = CaseCategory
    menu_label = "篇"
    menu_icon = "list-ul"
    list_display = ("name", "slug", "sort_order")
    ordering = ("sort_order",)


@modeladmin_register
class CaseRecordsGroup(ModelAdminGroup):
    menu_label = "案例征集"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (OrganizationAdmin, ApplicationAdmin, CaseCategoryAdmin)
