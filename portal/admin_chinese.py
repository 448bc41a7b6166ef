"""Wagtail's admin in Chinese where neither its catalog nor a template override reaches.

Each patch below says what Wagtail does in English and why a translation cannot fix it.
Applied once, from PortalConfig.ready() (apply()), and by the settings' login form.
"""

from django import forms
from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from cases.mail.people import display_name


class LoginForm(WagtailLoginForm):
    """The sign-in form (settings.WAGTAILADMIN_USER_LOGIN_FORM). Wagtail declares its
    password field without a label, so Django derives "Password" from the field's name,
    and builds the user-name placeholder around the field's name ("输入你的 用户名")."""

    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"placeholder": "请输入密码"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["placeholder"] = "请输入用户名"


def name_the_account_in_full():
    """The sidebar's account menu shows user.first_name alone: "明" for 王明. It is
    drawn by script from these arguments, which no template or catalog reaches."""
    from wagtail.admin.ui.sidebar import MainMenuModule

    wagtail_js_args = MainMenuModule.js_args

    def js_args(self):
        args = wagtail_js_args(self)
        args[2]["name"] = display_name(self.user)
        return args

    MainMenuModule.js_args = js_args


def label_the_page_fields():
    """The workflow form's and the group form's page choosers are form fields declared
    without a label: Django derives "Page" from their names (and "Permissions")."""
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.users.forms import PagePermissionsForm

    # Shared with the formsets' form classes built from these at import.
    WorkflowPageForm.declared_fields["page"].label = "页面"
    PagePermissionsForm.declared_fields["page"].label = "页面"
    PagePermissionsForm.declared_fields["permissions"].label = "权限"


def label_the_site_columns():
    """The sites listing declares its columns by field name without labels: Django's
    capfirst of the name gives "Port", "Site name", "Root page" (and "按“Port”升序排列").
    The fields' verbose names are translated: the columns take those."""
    from django.utils.text import capfirst
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


def name_publishers_in_full():
    """The page-age report names who last published by login name (admin, editor2);
    everywhere else the admin names people by their full name, family name first."""
    from wagtail.admin.views.reports.aging_pages import AgingPagesView

    wagtail_decorate = AgingPagesView.decorate_paginated_queryset

    def decorate_paginated_queryset(self, queryset):
        queryset = wagtail_decorate(self, queryset)
        ids = {page.last_published_by for page in queryset if page.last_published_by}
        names = {
            user.get_username(): display_name(user)
            for user in get_user_model().objects.filter(pk__in=ids)
        }
        for page in queryset:
            page.last_published_by_user = names.get(
                page.last_published_by_user, page.last_published_by_user
            )
        return queryset

    AgingPagesView.decorate_paginated_queryset = decorate_paginated_queryset


# Django names every model's permissions "Can add group", "Can change 申报表" when it
# creates them, in English and in the database, where no catalog reaches: the group
# and user forms show them so (and screen readers read them on every checkbox).
ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
# Models whose verbose name no catalog translates (Django derives it from the class
# name when none is given, as plain text: "sq lite fts index entry").
MODEL_NAMES = {
    "axes.accessattempt": "登录尝试",
    "axes.accessattemptexpiration": "登录锁定期限",
    "axes.accessfailurelog": "登录失败记录",
    "axes.accesslog": "登录记录",
    "cases.casepagetag": "案例标签",
    "cases.caserendition": "图片尺寸版本",
    "django_tasks_database.dbtaskresult": "后台任务结果",
    "wagtailadmin.editingsession": "编辑会话",
    "wagtailadmin.formstate": "表单状态",
    "wagtailcore.locale": "语言区域",
    "wagtailcore.pagesubscription": "页面订阅",
    "wagtailcore.referenceindex": "引用索引",
    "wagtailcore.uploadedfile": "上传文件",
    "wagtailcore.workflowcontenttype": "工作流内容类型",
    "wagtailimages.rendition": "图片尺寸版本",
    "wagtailsearch.indexentry": "搜索索引条目",
    "wagtailsearch.sqliteftsindexentry": "全文索引条目",
}


def permission_name(permission, model):
    """可添加申报表 for add_application; other permissions through the catalogs (Wagtail's
    own, and locale/ for the portal's and those Wagtail leaves in English)."""
    action, _, model_name = permission.codename.partition("_")
    if model is not None and action in ACTIONS and model_name == model._meta.model_name:
        name = MODEL_NAMES.get(model._meta.label_lower, model._meta.verbose_name)
        return f"可{ACTIONS[action]}{name}"
    return gettext(permission.name)


def name_permissions_in_chinese(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """An app's permissions, after each migrate (post_migrate): those created since are
    named too. Django's own receiver, which creates them, runs after this one (the
    portal's app is first), so they are created here first; it creates only what is
    missing."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    create_permissions(sender, verbosity=0, using=using, apps=apps)
    mine = Permission.objects.using(using).filter(content_type__app_label=sender.label)
    with translation.override("zh-hans"):
        for permission in mine.select_related("content_type"):
            name = str(permission_name(permission, permission.content_type.model_class()))
            if name != permission.name:
                permission.name = name[:255]
                permission.save(update_fields=["name"], using=using)


def apply():
    name_the_account_in_full()
    label_the_page_fields()
    label_the_site_columns()
    name_publishers_in_full()
