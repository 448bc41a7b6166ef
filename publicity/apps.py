from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = "公示与通知"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publicity import signal_handlers

        signal_handlers.register()

        # The 公示 notices a campaign's page shows: their tag's queries read ahead with it.
        from cases.models import CampaignPage
        from publicity.templatetags.publicity_links import notices_calls
        from published.routing import read_ahead_also

        read_ahead_also(notices_calls, CampaignPage)
