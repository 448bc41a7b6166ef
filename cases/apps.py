from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "案例征集"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: the handlers import models, which load only after the apps.
        from cases import signal_handlers

        signal_handlers.register()
