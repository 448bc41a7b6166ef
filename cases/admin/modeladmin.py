"""Admin listings of the domain's records that are not pages (wagtail-modeladmin), with
what each role may do there. Registered by cases/wagtail_hooks.py."""

from django.contrib import admin
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import HistoryView

from cases.admin.search import ApplicationSearchHandler
from cases.admin.visibility import may_see
from cases.models import (
    Application,
    Assignment,
    CaseCategory,
    CasePhoto,
    Conflict,
    ExpertProfile,
    Organization,
    Review,
)
from cases.text.content import stored_findings


class SeenHistoryView(HistoryView):
    # wagtail_modeladmin's history view checks nothing: its title is the object's own
    # (an application's case, a review's case and score), so it needs what seeing the
    # object needs.
    def check_action_permitted(self, user):
        return may_see(user, self.instance)


class SeenPermissionHelper(PermissionHelper):
    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and may_see(user, obj)


class GuardedModelAdmin(ModelAdmin):
    history_view_class = SeenHistoryView
    permission_helper_class = SeenPermissionHelper


class OrganizationAdmin(GuardedModelAdmin):
    model = Organization
    menu_label = "单位"
    menu_icon = "group"
    list_display = ("name", "kind", "street")
    list_filter = ("kind", "street")
    search_fields = ("name",)


class ApplicationPermissionHelper(SeenPermissionHelper):
    # An application belongs to a case and comes with its submission: never created alone.
    def user_can_create(self, user):
        return False

    # Wagtail lists a model for anyone holding any of its permissions; a 申报代理's
    # submit_as_agent must not open everybody's applications.
    def user_can_list(self, user):
        return user.has_perm("cases.view_application")


class ApplicationAdmin(GuardedModelAdmin):
    model = Application
    permission_helper_class = ApplicationPermissionHelper
    menu_label = "申报表"
    menu_icon = "form"
    list_display = ("number", "case", "recommender", "length", "checks", "created_at")
    search_handler_class = ApplicationSearchHandler
    inspect_view_enabled = True

    def get_queryset(self, request):
        # What the check columns read, for the whole page of rows at once.
        photos = CasePhoto.objects.select_related("image")
        return (
            super()
            .get_queryset(request)
            .select_related("case__campaign", "case__check_result")
            .prefetch_related(Prefetch("case__photos", queryset=photos))
        )

    @admin.display(description="申报编号")
    def number(self, obj):
        return obj.case.submission_number

    @admin.display(description="字数")
    def length(self, obj):
        return stored_findings(obj.case)[0]

    @admin.display(description="自动检查")
    def checks(self, obj):
        findings = stored_findings(obj.case)[1]
        if not findings:
            return "无问题"
        return "；".join(f.message for f in findings[:3]) + ("…" if len(findings) > 3 else "")


class CaseCategoryAdmin(GuardedModelAdmin):
    model = CaseCategory
    menu_label = "篇"
    menu_icon = "list-ul"
    list_display = ("name", "sort_order")  # the slug is a URL part, not for reading
    ordering = ("sort_order",)


class ReviewPermissionHelper(SeenPermissionHelper):
    # Reviews are written by experts through their form, and final once submitted.
    # Experts hold add_review for that form; listing others' reviews needs view_review.
    def user_can_list(self, user):
        return user.has_perm("cases.view_review")

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class ReviewAdmin(GuardedModelAdmin):
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


class OverdueFilter(admin.SimpleListFilter):
    title = "期限"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return (("overdue", "已逾期"), ("open", "待评审"), ("done", "已提交"))

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(review__isnull=True, due_on__lt=today)
        if self.value() == "open":
            return queryset.filter(review__isnull=True)
        if self.value() == "done":
            return queryset.filter(review__isnull=False)
        return queryset


class AssignmentPermissionHelper(SeenPermissionHelper):
    # Assignments are made on the case's 分配专家 page; here they are followed and, when
    # late, handed to another expert (cases/review/reassign.py).
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class AssignmentAdmin(GuardedModelAdmin):
    model = Assignment
    permission_helper_class = AssignmentPermissionHelper
    menu_label = "评审期限"
    menu_icon = "date"
    list_display = ("case_number", "case", "expert", "due", "state", "actions")
    list_filter = (OverdueFilter, "case__campaign", "case__category")
    search_fields = ("case__title", "case__submission_number", "expert__username")
    list_select_related = ("case", "expert", "review")
    ordering = ("due_on", "pk")

    @admin.display(description="申报编号")
    def case_number(self, obj):
        return obj.case.submission_number

    @admin.display(description="评审截止", ordering="due_on")
    def due(self, obj):
        return f"{obj.due_on.year}年{obj.due_on.month}月{obj.due_on.day}日" if obj.due_on else "—"

    @admin.display(description="状态")
    def state(self, obj):
        if getattr(obj, "review", None) is not None:
            return "已提交"
        today = timezone.localdate()
        if obj.due_on and today > obj.due_on:
            days = (today - obj.due_on).days
            return format_html(
                '<span class="status-tag overdue" data-overdue>已逾期 {} 天</span>', days
            )
        return "待评审"

    @admin.display(description="操作")
    def actions(self, obj):
        if getattr(obj, "review", None) is not None:
            return ""
        url = reverse("cases_admin:reassign", args=[obj.pk])
        return format_html(
            '<a class="button button-small button-secondary" href="{}">改派</a> '
            '<a class="button button-small button-secondary" href="{}#move-due">改期</a>',
            url,
            url,
        )


class ExpertProfileAdmin(GuardedModelAdmin):
    model = ExpertProfile
    menu_label = "评审专家"
    menu_icon = "user"
    list_display = ("user", "title", "organization")
    search_fields = ("user__username", "user__first_name", "user__last_name", "title")


class ConflictAdmin(GuardedModelAdmin):
    model = Conflict
    menu_label = "利益冲突申报"
    menu_icon = "warning"
    list_display = ("expert", "organization", "reason")
    search_fields = ("expert__username", "organization__name")


class ReviewRecordsGroup(ModelAdminGroup):
    menu_label = "审稿"
    menu_icon = "tasks"
    menu_order = 201
    items = (ReviewAdmin, AssignmentAdmin, ExpertProfileAdmin, ConflictAdmin)


class CaseRecordsGroup(ModelAdminGroup):
    menu_label = "案例征集"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (OrganizationAdmin, ApplicationAdmin, CaseCategoryAdmin)
