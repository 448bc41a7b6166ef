"""The automatic checks' findings on a case, stored per revision: the editors' listing
and the summary table read them instead of checking every case on every view."""

from django.db import models
from wagtail.models import Revision


class CheckResult(models.Model):
    case = models.OneToOneField(
        "cases.CasePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="check_result",
        verbose_name="案例",
    )
    # The revision checked; a newer latest revision makes the result stale.
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    length = models.PositiveIntegerField("字数", default=0)
    findings = models.JSONField("检查结果", default=list)  # Finding fields, one dict each
    checked_at = models.DateTimeField("检查时间", auto_now=True)

    class Meta:
        verbose_name = "自动检查结果"
        verbose_name_plural = "自动检查结果"

    def __str__(self):
        return f"{self.case_id}: {len(self.findings)}"
