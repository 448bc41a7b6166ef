"""The package for the city level (推荐市级): which cases, and the ZIP a background job
builds from them (promotion/package.py), kept privately for staff."""

from django.db import models
from django.utils import timezone

from cases.models import CampaignPage, CasePage
from cases.models.jobs import Job
from cases.storage.private import private_storage


class CityPackage(Job):
    campaign = models.ForeignKey(
        CampaignPage,
        on_delete=models.CASCADE,
        related_name="city_packages",
        verbose_name="征集活动",
    )
    cases = models.ManyToManyField(CasePage, related_name="+", verbose_name="推荐案例")
    file = models.FileField(
        "推荐材料包", storage=private_storage, upload_to="promotion/", blank=True
    )
    size = models.PositiveBigIntegerField("文件大小（字节）", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "推荐市级材料包"
        verbose_name_plural = "推荐市级材料包"

    def __str__(self):
        return f"{self.campaign} · {self.get_status_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def download_name(self):
        stamp = timezone.localtime(self.finished_at or self.created_at).strftime("%Y%m%d-%H%M")
        return f"推荐市级案例材料-{self.campaign.title}-{stamp}.zip"
