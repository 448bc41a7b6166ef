from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = "推荐与宣传"
    default_auto_field = "django.db.models.BigAutoField"
