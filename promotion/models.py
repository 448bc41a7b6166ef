"""The files made for the city level (推荐市级) and the exhibition: which cases, and the
ZIP or the sheets' PDF a background job builds from them (promotion/package.py,
promotion/sheets.py), kept privately for staff."""

from django.db import models
from django.utils import timezone

from cases.models import CampaignPage, CasePage
from cases.models.jobs import Job
from cases.storage.private import private_storage


class CityPackage(Job):
    class Kind(models.TextChoices):
        # Sheets are a job too: a whole campaign's A2 pages could outlast a web request.
        PACKAGE = "package", "推荐材料包"
        SHEETS = "sheets", "展板PDF"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.PACKAGE)
    campaign = models.ForeignKey(
        CampaignPage,
        on_delete=models.CASCADE,
        related_name="city_packages",
        verbose_name="征集活动",
    )
    cases = models.ManyToManyField(CasePage, related_name="+", verbose_name="推荐案例")
    file = models.FileField("文件", storage=private_storage, upload_to="promotion/", blank=True)
    size = models.PositiveBigIntegerField("文件大小（字节）", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "推荐市级材料"
        verbose_name_plural = "推荐市级材料"

    def __str__(self):
        return (
            f"{self.campaign} · {self.get_kind_display()} · {self.get_status_display()}"
            f" · {self.created_at:%Y-%m-%d %H:%M}"
        )

    @property
    def extension(self):
        return "pdf" if self.kind == self.Kind.SHEETS else "zip"

    @property
    def content_type(self):
        return "application/pdf" if self.kind == self.Kind.SHEETS else "application/zip"

    @property
    def download_name(self):
        stamp = timezone.localtime(self.finished_at or self.created_at).strftime("%Y%m%d-%H%M")
        what = "展板" if self.kind == self.Kind.SHEETS else "推荐市级案例材料"
        return f"{what}-{self.campaign.title}-{stamp}.{self.extension}"
