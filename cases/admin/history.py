"""The case domain's entries in Wagtail's page history."""

from wagtail.log_actions import LogFormatter

from cases.review.corrections import ACTION


def register_log_actions(actions):
    @actions.register_action(ACTION)
    class Correction(LogFormatter):
        label = "发布勘误"

        def format_message(self, log_entry):
            return f"发布勘误：{log_entry.data.get('note', '')}"
