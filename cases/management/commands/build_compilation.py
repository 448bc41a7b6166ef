import shutil

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.compilation import colour
from cases.compilation.builds import WARNING, BuildBusy, build_now
from cases.models import CompilationBuild, CompilationPage


class Command(BaseCommand):
    help = "生成案例汇编PDF，保存为新版本，并可另存到指定文件。"

    def add_arguments(self, parser):
        parser.add_argument("page", help="案例汇编页面的 ID 或网址标识（slug）")
        parser.add_argument("--output", "-o", help="另存PDF的路径，例如 book.pdf")
        parser.add_argument("--user", help="记为生成人的用户名")
        parser.add_argument(
            "--profile",
            help="印刷色彩配置文件（已安装的路径；--list-profiles 列出），默认沿用上次生成",
        )
        parser.add_argument("--ink-limit", type=int, help="总墨量上限（%%，200–400）")
        parser.add_argument(
            "--list-profiles", action="store_true", help="列出可用的印刷色彩配置文件后退出"
        )

    def handle(self, *args, page, output=None, user=None, **options):
        if options.get("list_profiles"):
            for profile in colour.installed_profiles():
                self.stdout.write(f"{profile.key}\t{profile.label}")
            return
        profile, ink_limit = options.get("profile"), options.get("ink_limit")
        if profile and profile not in {p.key for p in colour.installed_profiles()}:
            raise CommandError(f"没有色彩配置文件“{profile}”（--list-profiles 列出可用的）。")
        if ink_limit is not None and not 200 <= ink_limit <= 400:
            raise CommandError("总墨量上限应在200%到400%之间。")
        compilation = self._page(page)
        builder = None
        if user:
            builder = get_user_model().objects.filter(username=user).first()
            if builder is None:
                raise CommandError(f"没有用户“{user}”。")
        try:
            build = build_now(compilation, builder, profile, ink_limit)
        except BuildBusy as error:
            raise CommandError(str(error)) from error
        # Every warning of the log (cover photo under 300 dpi, cases left out …): a build
        # that succeeds may still need the editors.
        for line in build.log.splitlines():
            if WARNING in line:
                self.stderr.write(self.style.WARNING(line))
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
