"""The project as an app (its checks and commands), and Wagtail's admin configured for
this portal."""

from django.apps import AppConfig
from wagtail.admin.apps import WagtailAdminAppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "平台"
    default = True

    def ready(self):
        # First of all the apps' ready(): before Wagtail's apps import their API v3.
        from published.wagtail_internals import without_api_v3

        without_api_v3()
        # Imported here: registering the checks needs the settings, read once apps load.
        from django.db.models.signals import post_migrate

        from portal import admin_chinese, checks  # noqa: F401

        admin_chinese.apply()
        # wagtail.images.forms names its group permissions with gettext (not lazy) when
        # first imported. Wagtail's API v3 imported it here, in the site's language; with
        # API v3 left out it would be first imported by whatever request or test comes
        # first, in that one's language ("Add/edit images you own" on the group form).
        from django.conf import settings
        from django.utils import translation

        with translation.override(settings.LANGUAGE_CODE):
            import wagtail.images.forms  # noqa: F401
        post_migrate.connect(
            admin_chinese.name_permissions_in_chinese, dispatch_uid="portal.permission_names"
        )


class WagtailAdminConfig(WagtailAdminAppConfig):
    """Wagtail's admin without its workflow e-mails: they are English, and sent inside
    the workflow's transaction (a mail server failure rolled back a final approval).
    cases/mail/notifications.py sends their Chinese replacements after commit."""

    def ready(self):
        super().ready()
        # Imported here: an apps module is loaded before any models are.
        from wagtail.models import TaskState, WorkflowState
        from wagtail.signals import (
            task_submitted,
            workflow_approved,
            workflow_rejected,
            workflow_submitted,
        )

        for signal, sender, uid in (
            (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
            (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
            (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
            (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
        ):
            signal.disconnect(sender=sender, dispatch_uid=uid)
