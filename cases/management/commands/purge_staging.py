from datetime import timedelta

from django.core.management.base import BaseCommand

from cases.submission.staging import purge_older_than


class Command(BaseCommand):
    help = "删除超过指定时间、未完成提交的申报暂存文件（照片、盖章扫描件）。建议每小时运行。"

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        removed = purge_older_than(timedelta(hours=hours))
        self.stdout.write(f"已删除 {removed} 个暂存文件。")
