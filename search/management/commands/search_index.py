"""`manage.py search_index --rebuild`: rebuild the public case search index."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "维护案例检索索引。--rebuild：新建索引，写入全部已发布案例，再切换过去（检索不中断）。"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="重建索引：写入全部已发布案例")

    def handle(self, *args, **options):
        if not options["rebuild"]:
            self.stdout.write(self.create_parser("manage.py", "search_index").format_help())
            return
        # Imported here: the command must load even where search is half configured.
        from search import indexing

        count = indexing.rebuild()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"已重建索引：{count} 个案例"))
