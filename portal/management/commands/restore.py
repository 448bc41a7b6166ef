from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, restore


class Command(BaseCommand):
    help = "从 backup 生成的存档恢复到一个空的安装：数据库、公开媒体文件和私密文件，逐个校验。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup 命令生成的 .tar.gz 存档")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(len(names) for names in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复 {manifest['created_at']} 的备份：文件 {files} 个，校验无误。"
            )
        )
