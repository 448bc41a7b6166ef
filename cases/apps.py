from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "案例征集"
    default_auto_field = "django.db.models.BigAutoField"
