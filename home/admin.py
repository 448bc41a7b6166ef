"""Site administration in Wagtail's admin: who is locked out after failed logins."""

from django.contrib import admin
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from home.models import LoginLock


class LoginLockPermissionHelper(PermissionHelper):
    """Administrators see who is locked out and unlock them (delete the record)."""

    def user_can_list(self, user):
        return user.is_superuser

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class LoginLockAdmin(ModelAdmin):
    """Failed logins counted by django-axes; deleting a row unlocks that account/address."""

    model = LoginLock
    permission_helper_class = LoginLockPermissionHelper
    menu_label = "登录锁定"
    menu_icon = "lock"
    add_to_settings_menu = True
    list_display = ("account", "address", "failures", "last_attempt")

    @admin.display(description="账号")
    def account(self, obj):
        return obj.username or "—"

    @admin.display(description="网络地址")
    def address(self, obj):
        return obj.ip_address or "—"

    @admin.display(description="失败次数")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description="最近一次")
    def last_attempt(self, obj):
        return obj.attempt_time
