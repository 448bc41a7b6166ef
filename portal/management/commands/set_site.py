from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "把默认站点的主机名和端口设为 WAGTAILADMIN_BASE_URL（或 --url）所指的公开地址："
        "站点地图、API 和邮件中的链接都用它。部署和更换域名后运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default=settings.WAGTAILADMIN_BASE_URL)

    def handle(self, *args, url, **options):
        parts = urlsplit(url)
        if not parts.hostname:
            raise CommandError(f"地址无效：{url}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("没有默认站点：请先运行 migrate 和 load_demo。")
        site.hostname, site.port = parts.hostname, port
        site.save()
        self.stdout.write(f"站点地址：{site.root_url}")
