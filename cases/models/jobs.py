"""Background work someone asked for (a book build, a Word import), as a record they can
watch: its state, who asked, progress, a log, and the heartbeat of the worker running it
(cases/models/job_runner.py). A job whose heartbeat stops was killed, and is marked failed."""

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    log = models.TextField("日志", blank=True)
    error = models.TextField("失败原因", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="提交人",
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Written every few seconds by the worker running the job (cases/models/job_runner.py).
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    def log_tail(self, lines=12):
        return self.log.splitlines()[-lines:]
