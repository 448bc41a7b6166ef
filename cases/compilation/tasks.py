"""The PDF build as a background task (db_worker in production, immediate in tests)."""

from django_tasks import task

from cases.compilation.builds import run_build
from cases.models import CompilationBuild


@task()
def build_compilation(build_id):
    # run_build claims the build itself: a second delivery of the task does nothing.
    run_build(CompilationBuild.objects.select_related("page").get(pk=build_id))
