"""The case domain's entries in Wagtail's page history."""

from wagtail.log_actions import LogFormatter
from wagtail.models import PageLogEntry

from cases.review.corrections import ACTION
from cases.submission.revision import ACTION as REVISION
from cases.submission.withdrawal import ACTION as WITHDRAWAL


def register_log_actions(actions):
    @actions.register_action(ACTION)
    class Correction(LogFormatter):
        label = "发布勘误"

        def format_message(self, log_entry):
            return f"发布勘误：{log_entry.data.get('note', '')}"

    @actions.register_action(REVISION)
    class ApplicantRevision(LogFormatter):
        label = "申报人在线修改"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            changes = data.get("changes", [])
            # Every changed line in full: the editor checks what was asked for here.
            shown = "；".join(changes)
            fields = data.get("fields")
            if fields is None:  # entries written before fields were recorded
                return f"申报人在线修改并重新提交（改动 {len(changes)} 处）：{shown}"
            return f"申报人在线修改并重新提交，改动了{'、'.join(fields)}：{shown}"

    @actions.register_action(WITHDRAWAL)
    class ApplicantWithdrawal(LogFormatter):
        label = "申报人撤回申报"

        def format_message(self, log_entry):
            return f"申报人通过申报进度链接撤回了申报（{log_entry.data.get('number', '')}）"


_wagtail_display_name = PageLogEntry.user_display_name.func


def _display_name(entry):
    """The user's name; for an entry without one, the person the entry names as its
    actor (the applicant, who has no account) before Wagtail's “系统”."""
    if not entry.user_id and (actor := (entry.data or {}).get("actor")):
        return actor
    return _wagtail_display_name(entry)


# Wagtail's history, reports and listings all read user_display_name.
PageLogEntry.user_display_name = property(_display_name)
