"""The case domain's entries in Wagtail's page history."""

from wagtail.log_actions import LogFormatter

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
            changes = log_entry.data.get("changes", [])
            shown = "；".join(changes[:5]) + ("……" if len(changes) > 5 else "")
            return f"申报人在线修改并重新提交（改动 {len(changes)} 处）：{shown}"

    @actions.register_action(WITHDRAWAL)
    class ApplicantWithdrawal(LogFormatter):
        label = "申报人撤回申报"

        def format_message(self, log_entry):
            return f"申报人通过申报进度链接撤回了申报（{log_entry.data.get('number', '')}）"
