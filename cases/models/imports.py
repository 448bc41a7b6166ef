"""A batch of Word application forms (申报表) being imported by staff."""

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    campaign = models.ForeignKey(
        "cases.CampaignPage", on_delete=models.CASCADE, related_name="+", verbose_name="征集活动"
    )
    section = models.ForeignKey(
        "cases.CaseCategory", on_delete=models.PROTECT, related_name="+", verbose_name="篇"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.WAITING)
    files = models.JSONField("文件", default=list)  # [{"name": shown name, "path": stored}]
    results = models.JSONField("结果", default=list)  # one dict per file done, in order

    class Meta:
        verbose_name = "申报表导入"
        verbose_name_plural = "申报表导入"
        ordering = ["-created_at"]

    def __str__(self):
        return f"申报表导入 {self.created_at:%Y-%m-%d %H:%M}（{len(self.files)} 个文件）"

    @property
    def total(self):
        return len(self.files)

    @property
    def done(self):
        return len(self.results)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 100
