"""Running a Job (cases/models/jobs.py) in the task worker: claim it once, keep its
heartbeat while it runs, record how it ended; and find the jobs whose worker died.

The heartbeat comes from a thread of its own, every HEARTBEAT seconds, whatever the job
is doing (a WeasyPrint layout reports nothing for half a minute). A running job whose
heartbeat is older than STALE_AFTER lost its worker (killed, out of memory, restarted):
sweep() marks it failed, so a new one can start at once; every page that shows jobs and
every new job sweeps first.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cases.models.jobs import Job

logger = logging.getLogger("cases.jobs")
HEARTBEAT = settings.JOBS_HEARTBEAT_SECONDS
STALE_AFTER = timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)
NEVER_STARTED_AFTER = timedelta(minutes=10)
KILLED = "后台进程已中断（{} 秒没有心跳），结果未保存，可以立即重试。"
NEVER_STARTED = "排队超过10分钟仍未开始：后台任务进程（db_worker）可能没有运行。"


def claim(job):
    """QUEUED → RUNNING in one conditional update: a job runs at most once."""
    now = timezone.now()
    Status = job.Status
    claimed = (
        type(job)
        .objects.filter(pk=job.pk, status=Status.QUEUED)
        .update(status=Status.RUNNING, started_at=now, heartbeat_at=now)
    )
    if claimed:
        job.status, job.started_at, job.heartbeat_at = Status.RUNNING, now, now
    return bool(claimed)


def finish(job, status, **fields):
    """Record the outcome unless the job was marked killed meanwhile (it then stays so)."""
    fields.update(status=status, finished_at=timezone.now())
    running = type(job).objects.filter(pk=job.pk, status=job.Status.RUNNING)
    done = running.update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)
    return bool(done)


def beat(job):
    now = timezone.now()
    type(job).objects.filter(pk=job.pk, status=job.Status.RUNNING).update(heartbeat_at=now)
    job.heartbeat_at = now


@contextmanager
def heartbeat(job):
    """Keep the job's heartbeat while the block runs, from a thread of its own."""
    stop, every = threading.Event(), HEARTBEAT

    def run():
        try:
            while not stop.wait(every):
                try:
                    beat(job)
                except Exception:  # a locked or lost database: try again next beat
                    logger.warning("Heartbeat of %s %s not written", type(job).__name__, job.pk)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def sweep(jobs, now=None):
    """Mark failed the active jobs among `jobs` (a queryset) whose worker is gone.
    Each update is conditional on the heartbeat read, so a job that beats meanwhile is
    left alone. Returns how many were marked."""
    now = now or timezone.now()
    Status = jobs.model.Status
    marked = 0
    for job in jobs.filter(status__in=jobs.model.ACTIVE):
        if job.status == Status.RUNNING:
            stale = now - (job.heartbeat_at or job.started_at or job.created_at) > STALE_AFTER
            message = KILLED.format(int(STALE_AFTER.total_seconds()))
        else:
            stale = now - job.created_at > NEVER_STARTED_AFTER
            message = NEVER_STARTED
        if stale:
            marked += jobs.model.objects.filter(
                pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at
            ).update(status=Status.FAILED, error=message, finished_at=now)
    return marked


def run(job, work):
    """Claim the job and run work(job) with its heartbeat; a failure is recorded on the
    job as its error (work may also finish the job itself). Returns the job."""
    if not claim(job):
        job.refresh_from_db()
        return job
    with heartbeat(job):
        try:
            work(job)
        except Exception as error:
            # Only the kind of error: a message may quote what applicants sent.
            logger.error("%s %s failed: %s", type(job).__name__, job.pk, type(error).__name__)
            finish(job, job.Status.FAILED, error=f"{type(error).__name__}：{error}")
    return job


def sweep_all():
    """Sweep every kind of job (each concrete Job model)."""
    return sum(sweep(model.objects.all()) for model in Job.__subclasses__())
