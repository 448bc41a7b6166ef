"""`manage.py worker`: django-tasks-db's db_worker, plus a watch on background jobs.

Every SWEEP_EVERY seconds it marks failed the builds and imports whose worker died
(cases/jobs.py), so a job killed with its worker is reported within a minute even when
nobody looks at it, and a restarted worker does not leave it "running" for ever.
"""

import threading

from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from cases import jobs

SWEEP_EVERY = 15  # seconds


def _watch(stop):
    while not stop.wait(SWEEP_EVERY):
        try:
            jobs.sweep_all()
        except Exception:  # a database restart: try again at the next round
            jobs.logger.warning("Sweeping jobs failed; retrying in %s s", SWEEP_EVERY)
        finally:
            connection.close()


class Command(DBWorkerCommand):
    help = "运行后台任务进程（生成PDF、导入申报表、发送邮件），并把进程中断的任务标记为失败。"

    def handle(self, *args, **options):
        jobs.sweep_all()  # what the previous worker left running when it died
        stop = threading.Event()
        threading.Thread(target=_watch, args=(stop,), name="job-sweeper", daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
