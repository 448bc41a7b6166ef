from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.backups import BackupError, backup


class Command(BaseCommand):
    help = "备份整个平台：数据库（一致的快照）、公开媒体文件和私密文件，写入一个 .tar.gz 存档。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="存档路径；默认 var/backups/portal-<时间>.tar.gz"
        )

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path("var") / "backups" / f"portal-{stamp}.tar.gz"
        try:
            manifest = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(len(names) for names in manifest["files"].values())
        self.stdout.write(self.style.SUCCESS(f"已备份到 {output}：数据库 1 份，文件 {files} 个。"))
