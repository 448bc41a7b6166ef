from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import CampaignPage, CaseCategory
from cases.submission.word_intake import import_docx


class Command(BaseCommand):
    help = "导入填写好的申报表（.docx），每个文件生成一个草稿案例，并报告缺项和检查结果。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="申报表 .docx 文件")
        parser.add_argument("--campaign", required=True, help="征集活动的页面 ID 或 slug")
        parser.add_argument("--section", required=True, help="篇的 slug，例如 life-service")

    def handle(self, *args, files, campaign, section, **options):
        lookup = {"pk": campaign} if campaign.isdigit() else {"slug": campaign}
        target = CampaignPage.objects.filter(**lookup).first()
        if target is None:
            raise CommandError(f"找不到征集活动：{campaign}")
        category = CaseCategory.objects.filter(slug=section).first()
        if category is None:
            slugs = "、".join(CaseCategory.objects.values_list("slug", flat=True))
            raise CommandError(f"找不到篇：{section}（可选：{slugs}）")
        imported = 0
        for index, name in enumerate(files, start=1):
            path = Path(name)
            prefix = f"[{index}/{len(files)}] {path.name}"
            if not path.is_file():
                self.stderr.write(f"{prefix}：文件不存在")
                continue
            try:
                with path.open("rb") as handle, transaction.atomic():
                    report = import_docx(target, handle, path.name, category)
            except Exception as error:  # one bad file must not stop the others
                self.stderr.write(f"{prefix}：导入失败（{error}）")
                continue
            if report["error"]:
                self.stderr.write(f"{prefix}：{report['error']}")
            else:
                imported += 1
                self.stdout.write(f"{prefix} → {report['number']} {report['title']}")
            for line in report["problems"]:
                self.stdout.write(f"    缺项：{line}")
            for line in report["warnings"]:
                self.stdout.write(f"    提示：{line}")
        self.stdout.write(self.style.SUCCESS(f"完成：导入 {imported} 个，共 {len(files)} 个文件。"))
