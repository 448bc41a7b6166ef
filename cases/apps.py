from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "案例征集"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases import signal_handlers

        signal_handlers.register()
