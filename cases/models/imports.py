"""A batch of Word application forms (申报表) being imported: by editors (forms received by
e-mail) or by a 社联会 officer (申报代理) submitting for organisations."""

from django.db import models

from cases.models.jobs import Job


class ImportBatch(Job):
    campaign = models.ForeignKey(
        "cases.CampaignPage", on_delete=models.CASCADE, related_name="+", verbose_name="征集活动"
    )
    section = models.ForeignKey(
        "cases.CaseCategory", on_delete=models.PROTECT, related_name="+", verbose_name="篇"
    )
    files = models.JSONField("文件", default=list)  # [{"name": shown name, "path": stored}]
    results = models.JSONField("结果", default=list)  # one dict per file done, in order
    # Submitted by a 申报代理 (requested_by): the cases are theirs, with receipts to them.
    by_agent = models.BooleanField("申报代理提交", default=False)

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
