from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The menu, on every published page: its query read ahead with the page's own.
        from home.templatetags.navigation import menu_call
        from published.routing import read_ahead_also

        read_ahead_also(lambda page: [call] if (call := menu_call(page)) else [])
