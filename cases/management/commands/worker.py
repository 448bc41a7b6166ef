"""`manage.py worker`: django-tasks-db's db_worker, plus a watch on background jobs.

A database that goes away (a PostgreSQL restart, a failover) is waited for: the worker
reconnects after RECONNECT_DELAYS instead of exiting, so one restart does not stop the
e-mails and builds until someone starts it again (`make production` stopped for good).

Every SWEEP_EVERY seconds it marks failed the builds and imports whose worker died
(cases/models/job_runner.py), so a job killed with its worker is reported within a minute even when
nobody looks at it, and a restarted worker does not leave it "running" for ever.
"""

import contextlib
import logging
import threading
import time

from django.db import DatabaseError, close_old_connections, connection, connections
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from cases.models import job_runner as jobs

SWEEP_EVERY = 15  # seconds
# Seconds between attempts to reach the database again, the last repeated: a restart
# takes a few seconds, a longer outage is retried every 10 s for as long as it lasts.
RECONNECT_DELAYS = (1, 2, 5, 10)
logger = logging.getLogger(__name__)


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
        stop = threading.Event()
        threading.Thread(target=_watch, args=(stop,), name="job-sweeper", daemon=True).start()
        failures, last_failure = 0, 0.0
        try:
            while True:
                try:
                    jobs.sweep_all()  # what the previous worker left running when it died
                    super().handle(*args, **options)
                    return  # --batch or --max-tasks: done
                except DatabaseError as error:
                    if time.monotonic() - last_failure > 60:
                        failures = 0  # a new outage, not the same one going on
                    last_failure = time.monotonic()
                    delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
                    failures += 1
                    logger.warning("数据库连接中断（%s），%s 秒后重连", error, delay)
                    _drop_connections()
                    time.sleep(delay)
        finally:
            stop.set()


def _drop_connections():
    """Forget connections the database closed: the next query opens a new one."""
    close_old_connections()
    for alias in connections:
        with contextlib.suppress(DatabaseError):  # already gone
            connections[alias].close()
