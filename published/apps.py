from django.apps import AppConfig


class PublishedConfig(AppConfig):
    name = "published"
    verbose_name = "公开页面"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: the signals name Wagtail's models, loaded only after the apps.
        from published import watch

        watch.watch()
