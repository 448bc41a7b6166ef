"""An application saved before it is finished (申报草稿): never a case, never seen by
editors, never numbered. Its id is the form's submission token: the draft's staged
uploads live under it, and submitting the draft creates the case once."""

import uuid

from django.db import models


class ApplicationDraft(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(
        "cases.CampaignPage", on_delete=models.CASCADE, related_name="+", verbose_name="征集活动"
    )
    # The form's fields as the applicant left them (files: their staged references).
    data = models.JSONField("已填写内容", default=dict)
    email = models.EmailField("联系邮箱", blank=True)
    # Raised by every save: a save from an older page (another tab) is refused.
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("保存时间", auto_now=True)
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)

    class Meta:
        verbose_name = "申报草稿"
        verbose_name_plural = "申报草稿"

    def __str__(self):
        return self.data.get("title") or "未命名草稿"
