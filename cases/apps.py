from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "案例征集"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: the handlers import models, which load only after the apps.
        from cases import signal_handlers

        signal_handlers.register()

        # Wagtail names users by get_full_name() (page history, the dashboard) and greets
        # them by get_short_name() in workflow e-mails: "三 张", "你好 三". Chinese order,
        # family name first, the whole name.
        from django.contrib.auth.models import AbstractUser

        from cases.mail.people import display_name, family_name_first

        AbstractUser.get_full_name = family_name_first
        AbstractUser.get_short_name = family_name_first
        # Listings and choice lists name a user by str(): the name, not the login.
        AbstractUser.__str__ = display_name
