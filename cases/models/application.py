"""The private part of a submission (申报表): contact data and the recommendation."""

import uuid

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from cases.storage.private import private_storage


def stamp_upload_to(instance, filename):
    # A generated name: the applicant's file name may itself carry personal data.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"stamps/{uuid.uuid4().hex}.{suffix}"


class Application(models.Model):
    """Everything of 附件1 that is not public content. Never rendered outside the admin."""

    case = models.OneToOneField(
        "cases.CasePage", on_delete=models.CASCADE, related_name="application", verbose_name="案例"
    )
    contact_name = models.CharField("申报单位联系人", max_length=60, blank=True)
    contact_address = models.CharField("联系地址", max_length=200, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_mobile = models.CharField("手机", max_length=40, blank=True)
    contact_fax = models.CharField("传真", max_length=40, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)

    recommender = models.CharField("推荐单位", max_length=120, blank=True)
    recommender_opinion = models.TextField("推荐单位意见", blank=True)
    recommender_stamp = models.FileField(
        "盖章扫描件", storage=private_storage, upload_to=stamp_upload_to, blank=True
    )
    recommended_on = models.DateField("推荐日期", null=True, blank=True)
    recommender_contact_name = models.CharField("推荐单位联系人", max_length=60, blank=True)
    recommender_address = models.CharField("推荐单位联系地址", max_length=200, blank=True)
    recommender_phone = models.CharField("推荐单位联系电话", max_length=40, blank=True)
    recommender_mobile = models.CharField("推荐单位手机", max_length=40, blank=True)
    recommender_fax = models.CharField("推荐单位传真", max_length=40, blank=True)
    recommender_email = models.EmailField("推荐单位电子邮箱", blank=True)

    # Set by the online form: a retry or double click with the same token finds this row.
    submission_token = models.UUIDField(
        "提交标识", null=True, blank=True, unique=True, editable=False
    )
    # SHA-256 of the imported Word file: importing the same file again finds this row.
    source_sha256 = models.CharField("来源文件校验值", max_length=64, blank=True, editable=False)
    consented_at = models.DateTimeField("同意隐私声明时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("case", read_only=True),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_address")]),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_mobile")]),
                FieldRowPanel([FieldPanel("contact_fax"), FieldPanel("contact_email")]),
            ],
            heading="申报单位联系方式",
        ),
        MultiFieldPanel(
            [
                FieldPanel("recommender"),
                FieldPanel("recommender_opinion"),
                FieldRowPanel([FieldPanel("recommender_stamp"), FieldPanel("recommended_on")]),
                FieldRowPanel(
                    [FieldPanel("recommender_contact_name"), FieldPanel("recommender_address")]
                ),
                FieldRowPanel([FieldPanel("recommender_phone"), FieldPanel("recommender_mobile")]),
                FieldRowPanel([FieldPanel("recommender_fax"), FieldPanel("recommender_email")]),
            ],
            heading="推荐单位",
        ),
    ]

    class Meta:
        verbose_name = "申报表"
        verbose_name_plural = "申报表"
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
