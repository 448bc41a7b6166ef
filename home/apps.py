from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页"
    default_auto_field = "django.db.models.BigAutoField"
