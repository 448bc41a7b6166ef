"""Creates the local admin account once and prints its credentials on every run."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "创建本地管理员账户（仅限本机开发使用），并显示其用户名和密码。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--credentials-file",
            default=str(Path(settings.BASE_DIR) / "var" / "admin-credentials.txt"),
        )

    def handle(self, *args, username, credentials_file, **options):
        path = Path(credentials_file)
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(username, f"{username}@localhost", password)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{username}\n{password}\n", encoding="utf-8")
            path.chmod(0o600)
        elif path.exists():
            password = path.read_text(encoding="utf-8").splitlines()[1]
        else:
            self.stdout.write(f"管理员 {username} 已存在；密码未记录在 {path}。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"管理后台 {settings.WAGTAILADMIN_BASE_URL}/admin/  "
                f"用户名：{username}  密码：{password}"
            )
        )
