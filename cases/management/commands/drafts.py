from django.core.management.base import BaseCommand

from cases.submission import drafts


class Command(BaseCommand):
    help = (
        "申报草稿：截止前三天提醒尚未提交的草稿，删除已截止征集的草稿及其暂存文件。建议每小时运行。"
    )

    def handle(self, *args, **options):
        sent = drafts.send_reminders()
        removed = drafts.purge_expired()
        self.stdout.write(f"已发送 {sent} 封提醒，删除 {removed} 份过期草稿。")
