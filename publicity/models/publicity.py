"""The 公示 of a campaign's proposed list, the objections raised during it, and how
editors handled each. Its period is whole days in Asia/Shanghai: from the start date's
midnight to the midnight after the end date."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel

from cases.storage.private import PrivateFileSystemStorage
from publicity import workdays
from publicity.admin_forms import PublicityForm


class State(models.TextChoices):
    SCHEDULED = "scheduled", "尚未开始"
    RUNNING = "running", "公示中"
    ENDED = "ended", "公示期满，待发布结果"
    ANNOUNCED = "announced", "已发布结果公告"


class Publicity(models.Model):
    campaign = models.ForeignKey(
        "cases.CampaignPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="征集活动",
    )
    title = models.CharField("公示标题", max_length=120)
    intro = models.TextField(
        "公示说明", blank=True, help_text="印在名单之前，例如公示的依据和异议的要求"
    )
    starts_on = models.DateField("公示开始日期")
    working_days = models.PositiveSmallIntegerField(
        "公示期（工作日）",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="按工作日计算，周末和法定节假日不计（调休上班日计入）",
    )
    ends_on = models.DateField("公示截止日期", editable=False)
    contact = models.CharField(
        "异议受理联系方式", max_length=200, blank=True, help_text="公开显示，例如受理部门和电话"
    )
    result_published_at = models.DateTimeField("结果公告发布时间", null=True, blank=True)
    result_note = models.TextField("结果公告说明", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发起人",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    panels = [
        FieldPanel("campaign", widget=forms.Select),
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("working_days")]),
        FieldPanel("contact"),
        MultiFieldPanel(
            [FieldPanel("result_note"), FieldPanel("publish_result")],
            heading="结果公告",
        ),
    ]
    base_form_class = PublicityForm

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.starts_on and self.working_days:
            self.ends_on = workdays.add_working_days(self.starts_on, self.working_days)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.working_days and not 1 <= self.working_days <= 30:
            raise ValidationError({"working_days": "公示期应为 1 至 30 个工作日。"})

    # --- the period -------------------------------------------------------------------

    @property
    def starts_at(self):
        return _midnight(self.starts_on)

    @property
    def ends_at(self):
        """The first moment after the period: the midnight after the end date."""
        end = self.ends_on or workdays.add_working_days(self.starts_on, self.working_days)
        return _midnight(end + datetime.timedelta(days=1))

    def state(self, now=None):
        now = now or timezone.now()
        if self.result_published_at is not None:
            return State.ANNOUNCED
        if now < self.starts_at:
            return State.SCHEDULED
        if now < self.ends_at:
            return State.RUNNING
        return State.ENDED

    @property
    def period_label(self):
        return (
            f"{self.starts_on:%Y年%-m月%-d日}至{self.ends_on:%Y年%-m月%-d日}"
            f"（{self.working_days}个工作日）"
        )

    def state_label(self, now=None):
        return State(self.state(now)).label

    def is_open_for_objections(self, now=None):
        return self.state(now) == State.RUNNING

    def listed_cases(self):
        """The cases on the list now, in order: those withdrawn after an objection left."""
        entries = self.entries.listed().select_related(
            "case", "case__organization", "case__category"
        )
        return [entry.case for entry in entries]


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class EntryQuerySet(models.QuerySet):
    def listed(self):
        return self.exclude(objections__status=Objection.Status.WITHDRAWN).order_by(
            "sort_order", "pk"
        )


class PublicityEntry(models.Model):
    """A case on the list as the 公示 opened: the 终审's selection that the book holds."""

    publicity = models.ForeignKey(
        Publicity, on_delete=models.CASCADE, related_name="entries", verbose_name="公示"
    )
    case = models.ForeignKey(
        "cases.CasePage", on_delete=models.CASCADE, related_name="+", verbose_name="案例"
    )
    sort_order = models.PositiveIntegerField("顺序", default=0)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "公示案例"
        verbose_name_plural = "公示案例"
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["publicity", "case"], name="unique_publicity_case")
        ]

    def __str__(self):
        return self.case.title


class ObjectionFileStorage(PrivateFileSystemStorage):
    """Objections' attachments beside the other private files; only editors open them."""

    def url(self, name):
        from django.urls import reverse

        return reverse("publicity_admin:objection_file", args=[name])


def objection_storage():
    return ObjectionFileStorage(location=settings.PRIVATE_MEDIA_ROOT)


class Objection(models.Model):
    """An objection (异议) to a case on the list. Who raised it is private: editors only."""

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        ACCEPTED = "accepted", "受理"
        NOT_ACCEPTED = "not_accepted", "不予受理"
        KEPT = "kept", "核实后维持"
        WITHDRAWN = "withdrawn", "核实后撤销入选"

    # Settled: the result may be published once every objection is.
    FINAL = (Status.NOT_ACCEPTED, Status.KEPT, Status.WITHDRAWN)

    entry = models.ForeignKey(
        PublicityEntry,
        on_delete=models.CASCADE,
        related_name="objections",
        verbose_name="异议案例",
    )
    reason = models.TextField("异议理由")
    name = models.CharField("异议人姓名", max_length=40)
    phone = models.CharField("联系电话", max_length=40)
    email = models.EmailField("电子邮箱")
    attachment = models.FileField(
        "证明材料", storage=objection_storage, upload_to="objections/%Y/%m/", blank=True
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField(
        "处理结果", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    handling_note = models.TextField("处理说明", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="处理人",
        editable=False,
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True, editable=False)

    panels = [
        HelpPanel(template="publicity/admin/objection_panel.html", heading="异议内容"),
        FieldPanel("status"),
        FieldPanel("handling_note"),
    ]

    class Meta:
        verbose_name = "异议"
        verbose_name_plural = "异议"
        ordering = ["entry__sort_order", "created_at", "pk"]

    def __str__(self):
        # Never the objector: listings and logs name the case only.
        return f"对“{self.entry.case.title}”的异议"

    def __repr__(self):
        return f"<Objection pk={self.pk} entry_id={self.entry_id}>"

    @property
    def case(self):
        return self.entry.case

    @property
    def publicity(self):
        return self.entry.publicity

    def clean(self):
        super().clean()
        if self.status == self.Status.WITHDRAWN and not self.handling_note.strip():
            raise ValidationError(
                {"handling_note": "撤销入选须写明处理说明（将作为撤销理由记录）。"}
            )
        if self.status != self.Status.PENDING and not self.handling_note.strip():
            raise ValidationError({"handling_note": "请写明处理说明。"})
