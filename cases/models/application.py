"""The private part of a submission (申报表): contact data and the recommendation."""

import uuid

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from cases.fields import application_form as form
from cases.fields.enums import OrganizationKind
from cases.storage.private import private_storage


def stamp_upload_to(instance, filename):
    # A generated name: the applicant's file name may itself carry personal data.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"stamps/{uuid.uuid4().hex}.{suffix}"


def _contact_panels(part):
    return [
        FieldRowPanel([FieldPanel(field.name) for field in row]) for row in form.contact_rows(part)
    ]


def _model_field(field):
    if field.kind == "email":
        return models.EmailField(field.label, max_length=field.max_length, blank=True)
    if field.kind == "opinion":
        return models.TextField(field.label, blank=True)
    if field.kind == "date":
        return models.DateField(field.label, null=True, blank=True)
    return models.CharField(field.label, max_length=field.max_length, blank=True)


class Application(models.Model):
    """Everything of 附件1 that is not public content. Never rendered outside the admin."""

    case = models.OneToOneField(
        "cases.CasePage", on_delete=models.CASCADE, related_name="application", verbose_name="案例"
    )
    # The fifteen contact and recommender fields come from application_form.FIELDS
    # (added below the class); the stamped scan is a private file.
    recommender_stamp = models.FileField(
        "盖章扫描件", storage=private_storage, upload_to=stamp_upload_to, blank=True
    )
    # As the applicant stated it: the organisation record (shared by its cases) changes
    # only when an editor changes it, never by an anonymous form.
    # A 社联会 officer (申报代理) who submitted it on the organisation's behalf: sees it
    # among their submissions and receives its receipt.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="代理申报人",
        editable=False,
    )
    organization_kind = models.CharField(
        "申报单位类型（申报时填写）", max_length=20, choices=OrganizationKind.choices, blank=True
    )

    # Set by the online form: a retry or double click with the same token finds this row.
    submission_token = models.UUIDField(
        "提交标识", null=True, blank=True, unique=True, editable=False
    )
    # SHA-256 of the imported Word file: importing the same file again finds this row.
    source_sha256 = models.CharField("来源文件校验值", max_length=64, blank=True, editable=False)
    consented_at = models.DateTimeField("同意隐私声明时间", null=True, blank=True, editable=False)
    # The applicant withdrew (撤回) the submission before the format check: the case is
    # kept for the record with its number, out of the review (cases/submission/withdrawal.py).
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("case", read_only=True),
        FieldPanel("organization_kind"),
        MultiFieldPanel(_contact_panels(form.APPLICANT), heading="申报单位联系方式"),
        MultiFieldPanel(
            [
                FieldPanel("recommender"),
                FieldPanel("recommender_opinion"),
                FieldRowPanel([FieldPanel("recommender_stamp"), FieldPanel("recommended_on")]),
                *_contact_panels(form.RECOMMENDER),
            ],
            heading="推荐单位",
        ),
    ]

    class Meta:
        verbose_name = "申报表"
        verbose_name_plural = "申报表"
        permissions = [("submit_as_agent", "代理申报（区社联会）")]
        constraints = [
            models.UniqueConstraint(
                fields=["source_sha256"],
                condition=~models.Q(source_sha256=""),
                name="unique_imported_file",
            )
        ]

    def __str__(self):
        # Only the case title: contact data must not leak into logs or reprs.
        return f"申报表：{self.case.title}" if self.case_id else "申报表"

    def __repr__(self):
        return f"<Application pk={self.pk} case_id={self.case_id}>"


for _field in form.FIELDS:
    Application.add_to_class(_field.name, _model_field(_field))
