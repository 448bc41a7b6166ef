"""The city package as a background task (db_worker in production, immediate in tests)."""

from django_tasks import task

from promotion.builds import run_package
from promotion.models import CityPackage


@task()
def build_city_package(package_id):
    # run_package claims the job: a second delivery of the task does nothing.
    run_package(CityPackage.objects.select_related("campaign").get(pk=package_id))
