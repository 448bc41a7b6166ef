from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = "公示与通知"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publicity import signal_handlers

        signal_handlers.register()
