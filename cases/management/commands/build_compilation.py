import shutil

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.compilation.builds import BuildBusy, build_now
from cases.models import CompilationBuild, CompilationPage


class Command(BaseCommand):
    help = "生成案例汇编PDF，保存为新版本，并可另存到指定文件。"

    def add_arguments(self, parser):
        parser.add_argument("page", help="案例汇编页面的 ID 或网址标识（slug）")
        parser.add_argument("--output", "-o", help="另存PDF的路径，例如 book.pdf")
        parser.add_argument("--user", help="记为生成人的用户名")

    def handle(self, *args, page, output=None, user=None, **options):
        compilation = self._page(page)
        builder = None
        if user:
            builder = get_user_model().objects.filter(username=user).first()
            if builder is None:
                raise CommandError(f"没有用户“{user}”。")
        try:
            build = build_now(compilation, builder)
        except BuildBusy as error:
            raise CommandError(str(error)) from error
        if build.status != CompilationBuild.Status.SUCCEEDED:
            self.stderr.write("\n".join(build.log_tail(8)))
            raise CommandError(f"生成失败：{build.error}（上一版本保持不变）")
        if output:
            with build.file.open("rb") as source, open(output, "wb") as target:
                shutil.copyfileobj(source, target)
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成《{compilation.title}》：{build.pages} 页，"
                f"{build.size / 1e6:.1f} MB，SHA-256 {build.sha256}"
                + (f"，已保存到 {output}" if output else "")
            )
        )

    @staticmethod
    def _page(value):
        pages = CompilationPage.objects.all()
        found = pages.filter(pk=int(value)).first() if value.isdigit() else None
        found = found or pages.filter(slug=value).first()
        if found is None:
            raise CommandError(f"找不到案例汇编“{value}”（请给出页面 ID 或网址标识）。")
        return found
