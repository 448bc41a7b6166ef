from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "案例征集"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each room connects its own receivers; imported here: they import models, which
        # load only after the apps. The models' first: on a build's deletion the public
        # change is announced before its file goes, as before.
        from cases.models import receivers as models_receivers
        from cases.review import receivers as review_receivers
        from cases.storage import receivers as storage_receivers
        from cases.text import receivers as text_receivers

        for room in (models_receivers, review_receivers, storage_receivers, text_receivers):
            room.register()

        # Where the book prints a case: its tag's query read ahead with the case page's.
        from cases.models import CasePage
        from cases.templatetags.book_edition import printed_in_call
        from published.routing import read_ahead_also

        read_ahead_also(lambda case: [printed_in_call(case)], CasePage)

        # The privacy check tags names with the search's segmenter: one copy of jieba's
        # dictionary in a process instead of two (cases/checks/names.py).
        from cases.checks import names
        from search import text

        names.share_segmenter(text.segmenter)

        # Wagtail names users by get_full_name() (page history, the dashboard) and greets
        # them by get_short_name() in workflow e-mails: "三 张", "你好 三". Chinese order,
        # family name first, the whole name.
        from django.contrib.auth.models import AbstractUser

        from cases.mail.people import display_name, family_name_first

        AbstractUser.get_full_name = family_name_first
        AbstractUser.get_short_name = family_name_first
        # Listings and choice lists name a user by str(): the name, not the login.
        AbstractUser.__str__ = display_name
