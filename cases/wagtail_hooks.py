"""Admin menus for the records that are not pages; registration only."""

from django.contrib import admin
from django.db.models import Prefetch
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from cases.case_checks import case_checks, case_text
from cases.checks import count_characters
from cases.compilation import views as compilation_views
from cases.models import (
    Application,
    CaseCategory,
    CasePhoto,
    Conflict,
    ExpertProfile,
    Organization,
    Review,
)
from cases.private_files import private_file, private_image
from cases.review import rankings
from cases.review import views as review_views
from cases.review.dashboard import register_panels
from cases.submission import import_views


@hooks.register("register_admin_urls")
def register_private_file_urls():
    # Under /admin/: Wagtail requires a logged-in user with admin access for these.
    return [
        path("private/<path:name>", private_file, name="cases_private_file"),
        path("private-images/<path:name>", private_image, name="cases_private_image"),
        path("cases/import/", import_views.upload, name="cases_import_upload"),
        path("cases/import/<int:batch_id>/", import_views.progress, name="cases_import_progress"),
        path("cases/reviews/", review_views.my_reviews, name="cases_my_reviews"),
        path(
            "cases/reviews/<int:assignment_id>/", review_views.review_case, name="cases_review_case"
        ),
        path("cases/assign/<int:case_id>/", review_views.assign, name="cases_assign"),
        path(
            "cases/auto-assign/<int:campaign_id>/",
            review_views.auto_assign,
            name="cases_auto_assign",
        ),
        path("cases/rankings/<int:campaign_id>/", rankings.rankings, name="cases_rankings"),
        path(
            "cases/compilation/<int:page_id>/",
            compilation_views.builds,
            name="cases_compilation_builds",
        ),
        path(
            "cases/compilation/edition/<int:build_id>/",
            compilation_views.edition_download,
            name="cases_compilation_edition",
        ),
        path(
            "cases/compilation/<int:page_id>/proof/<int:case_id>/",
            compilation_views.case_proof,
            name="cases_compilation_proof",
        ),
        path(
            "cases/rankings/<int:campaign_id>/xlsx/",
            rankings.rankings_xlsx,
            name="cases_rankings_xlsx",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cases.view_application")


@hooks.register("register_admin_urls")
def register_submission_export_urls():
    return [path("cases/", include("cases.submission.admin_urls"))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "导入申报表", reverse("cases_import_upload"), icon_name="upload", order=210
    )


class OrganizationAdmin(ModelAdmin):
    model = Organization
    menu_label = "单位"
    menu_icon = "group"
    list_display = ("name", "kind", "street")
    list_filter = ("kind", "street")
    search_fields = ("name",)


class ApplicationPermissionHelper(PermissionHelper):
    # An application belongs to a case and comes with its submission: never created alone.
    def user_can_create(self, user):
        return False


class ApplicationAdmin(ModelAdmin):
    model = Application
    permission_helper_class = ApplicationPermissionHelper
    menu_label = "申报表"
    menu_icon = "form"
    list_display = ("number", "case", "recommender", "length", "checks", "created_at")
    search_fields = ("case__title", "case__submission_number", "recommender")
    inspect_view_enabled = True

    def get_queryset(self, request):
        # What the check columns read, for the whole page of rows at once.
        photos = CasePhoto.objects.select_related("image")
        return (
            super()
            .get_queryset(request)
            .select_related("case__campaign")
            .prefetch_related(Prefetch("case__photos", queryset=photos))
        )

    @admin.display(description="申报编号")
    def number(self, obj):
        return obj.case.submission_number

    @admin.display(description="字数")
    def length(self, obj):
        return count_characters(case_text(obj.case))

    @admin.display(description="自动检查")
    def checks(self, obj):
        findings = case_checks(obj.case)
        if not findings:
            return "无问题"
        return "；".join(f.message for f in findings[:3]) + ("…" if len(findings) > 3 else "")


class CaseCategoryAdmin(ModelAdmin):
    model = CaseCategory
    menu_label = "篇"
    menu_icon = "list-ul"
    list_display = ("name", "slug", "sort_order")
    ordering = ("sort_order",)


class ReviewPermissionHelper(PermissionHelper):
    # Reviews are written by experts through their form, and final once submitted.
    # Experts hold add_review for that form; listing others' reviews needs view_review.
    def user_can_list(self, user):
        return user.has_perm("cases.view_review")

    def user_can_inspect_obj(self, user, obj):
        return user.has_perm("cases.view_review")

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class ReviewAdmin(ModelAdmin):
    model = Review
    permission_helper_class = ReviewPermissionHelper
    menu_label = "专家评审"
    menu_icon = "tasks"
    list_display = (
        "case_number",
        "case_title",
        "expert",
        "weighted_total",
        "recommendation",
        "submitted_at",
    )
    list_filter = ("recommendation", "assignment__case__category", "assignment__case__campaign")
    search_fields = ("assignment__case__title", "assignment__case__submission_number", "comment")
    list_select_related = ("assignment__case", "assignment__expert")
    inspect_view_enabled = True

    @admin.display(description="申报编号")
    def case_number(self, obj):
        return obj.assignment.case.submission_number

    @admin.display(description="案例")
    def case_title(self, obj):
        return obj.assignment.case.title

    @admin.display(description="专家")
    def expert(self, obj):
        return obj.assignment.expert


class ExpertProfileAdmin(ModelAdmin):
    model = ExpertProfile
    menu_label = "评审专家"
    menu_icon = "user"
    list_display = ("user", "title", "organization")
    search_fields = ("user__username", "user__first_name", "user__last_name", "title")


class ConflictAdmin(ModelAdmin):
    model = Conflict
    menu_label = "利益冲突申报"
    menu_icon = "warning"
    list_display = ("expert", "organization", "reason")
    search_fields = ("expert__username", "organization__name")


@modeladmin_register
class ReviewRecordsGroup(ModelAdminGroup):
    menu_label = "审稿"
    menu_icon = "tasks"
    menu_order = 201
    items = (ReviewAdmin, ExpertProfileAdmin, ConflictAdmin)


@modeladmin_register
class CaseRecordsGroup(ModelAdminGroup):
    menu_label = "案例征集"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (OrganizationAdmin, ApplicationAdmin, CaseCategoryAdmin)


class ExpertMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cases.add_review")


class RankingsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cases.view_rankings")


@hooks.register("register_admin_menu_item")
def register_review_menu_items():
    return ExpertMenuItem("我的评审", reverse("cases_my_reviews"), icon_name="tasks", order=205)


@hooks.register("register_admin_menu_item")
def register_rankings_menu_item():
    from cases.models import CampaignPage

    latest = CampaignPage.objects.order_by("-year", "-pk").values_list("pk", flat=True).first()
    url = reverse("cases_rankings", args=[latest]) if latest else reverse("cases_my_reviews")
    return RankingsMenuItem("评审排名", url, icon_name="list-ol", order=206)


hooks.register("construct_homepage_panels", register_panels)


def _case_buttons(page, user):
    from cases.models import CampaignPage, CasePage, CompilationPage

    specific = page.specific_deferred
    if isinstance(specific, CasePage) and user.has_perm("cases.view_application"):
        yield Button("申报表 PDF", reverse("cases_application_pdf", args=[page.pk]), priority=60)
        if user.has_perm("cases.add_assignment"):
            yield Button("分配评审专家", reverse("cases_assign", args=[page.pk]), priority=61)
    if isinstance(specific, CompilationPage) and page.permissions_for_user(user).can_edit():
        url = reverse("cases_compilation_builds", args=[page.pk])
        yield Button("生成PDF", url, priority=60, icon_name="doc-full")
    if isinstance(specific, CampaignPage):
        if user.has_perm("cases.view_application") or page.permissions_for_user(user).can_edit():
            url = reverse("cases_summary_xlsx", args=[page.pk])
            yield Button("申报汇总表（Excel）", url, priority=60)
        if user.has_perm("cases.view_rankings"):
            yield Button("评审排名", reverse("cases_rankings", args=[page.pk]), priority=61)


@hooks.register("register_page_listing_more_buttons")
def case_listing_buttons(page, user, next_url=None):
    yield from _case_buttons(page, user)


@hooks.register("register_page_header_buttons")
def case_header_buttons(page, user, view_name, next_url=None):
    yield from _case_buttons(page, user)
