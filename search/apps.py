from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "案例检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: the handlers import models, which load only after the apps.
        from search import signal_handlers

        signal_handlers.register()
