from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cases.compilation.builds import build_now
from cases.models import CompilationBuild
from home.demo.compilation import demo_compilation
from home.demo.loader import load_demo


class Command(BaseCommand):
    help = "载入演示内容：2016年静安区征集通知、参考案例和演示案例（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="先删除演示案例及其照片，再重新载入。"
        )
        parser.add_argument(
            "--build-book",
            action="store_true",
            help="演示汇编还没有PDF时生成一版（make run 使用；约需二十秒）。",
        )

    def handle(self, *args, reset=False, build_book=False, **options):
        created = load_demo(reset=reset)
        self.stdout.write(self.style.SUCCESS(f"演示内容已就绪（本次新建案例 {created} 个）。"))
        # As bakerydemo does: the search index matches the content after every load.
        try:
            call_command("search_index", rebuild=True, verbosity=options["verbosity"])
        except Exception as error:  # the portal works without its search server
            self.stderr.write(f"检索索引未能重建：{error}")
        if build_book:
            self._build_book()

    def _build_book(self):
        # `make run` shows a built book: build the demo compilation once, when it has none.
        for page in demo_compilation():
            if page.current_edition() is None:
                build = build_now(page)
                if build.status != CompilationBuild.Status.SUCCEEDED:
                    raise CommandError(f"演示汇编PDF未能生成：{build.error}")
                self.stdout.write(f"演示汇编PDF已生成：{build.pages} 页。")
