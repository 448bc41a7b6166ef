from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "案例检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import signal_handlers

        signal_handlers.register()
