"""Registers the site's own administration pages with Wagtail's admin."""

from wagtail_modeladmin.options import modeladmin_register

from home.admin import LoginLockAdmin

modeladmin_register(LoginLockAdmin)
