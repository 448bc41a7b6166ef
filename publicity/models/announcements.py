"""后续通知: dated notices under a campaign ("各阶段具体日期以后续通知为准"), and who
agreed to receive them by e-mail (and who no longer does)."""

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page

from cases.models.attachments import DocumentAttachment
from cases.rules.permissions import PublishNeedsEditMixin
from published.routing import PublishedPageMixin


class AnnouncementBody(blocks.StreamBlock):
    heading = blocks.CharBlock(label="小标题", max_length=80, form_classname="title")
    paragraph = blocks.RichTextBlock(label="段落", features=["bold", "link", "ol", "ul"])
    document = DocumentChooserBlock(label="文中附件")

    class Meta:
        label = "正文"


class AnnouncementPage(PublishedPageMixin, PublishNeedsEditMixin, Page):
    template = "publicity/announcement_page.html"

    date = models.DateField("通知日期", default=timezone.localdate)
    summary = models.CharField("摘要", max_length=200, blank=True, help_text="列表和订阅源中显示")
    body = StreamField(AnnouncementBody(), verbose_name="正文", blank=True)
    send_email = models.BooleanField(
        "发布时发送邮件",
        default=False,
        help_text="发给本活动中同意接收后续通知的申报人（草稿和已提交申报）；每封邮件附退订链接，每个通知只发送一次",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading="附件", label="附件"),
        MultiFieldPanel([FieldPanel("send_email")], heading="邮件通知"),
    ]
    parent_page_types = ["cases.CampaignPage"]
    subpage_types = []

    class Meta:
        verbose_name = "后续通知"
        verbose_name_plural = "后续通知"

    @property
    def campaign(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        return context


class AnnouncementAttachment(DocumentAttachment):
    page = ParentalKey(AnnouncementPage, on_delete=models.CASCADE, related_name="attachments")


class AnnouncementMailing(models.Model):
    """An announcement's one mailing, kept beside the page: publishing a revision writes
    the page's fields anew and would forget it there."""

    page = models.OneToOneField(
        AnnouncementPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mailing",
        verbose_name="后续通知",
    )
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    recipient_count = models.PositiveIntegerField("收件人数", default=0)

    class Meta:
        verbose_name = "后续通知邮件"
        verbose_name_plural = "后续通知邮件"

    def __str__(self):
        return f"{self.page_id}：{self.recipient_count} 人"


class NoticeConsent(models.Model):
    """An applicant who ticked 接收后续通知 when submitting (a draft's consent is read
    from the draft itself, which keeps the form as left)."""

    campaign = models.ForeignKey(
        "cases.CampaignPage", on_delete=models.CASCADE, related_name="+", verbose_name="征集活动"
    )
    email = models.EmailField("电子邮箱")
    case = models.ForeignKey(
        "cases.CasePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申报案例",
    )
    consented_at = models.DateTimeField("同意时间", auto_now_add=True)

    class Meta:
        verbose_name = "后续通知订阅"
        verbose_name_plural = "后续通知订阅"

    def __str__(self):
        return f"后续通知订阅 #{self.pk}"


class NoticeOptOut(models.Model):
    """An address that unsubscribed from a campaign's notices (by the link in a mail)."""

    campaign = models.ForeignKey(
        "cases.CampaignPage", on_delete=models.CASCADE, related_name="+", verbose_name="征集活动"
    )
    email = models.EmailField("电子邮箱")
    created_at = models.DateTimeField("退订时间", auto_now_add=True)

    class Meta:
        verbose_name = "后续通知退订"
        verbose_name_plural = "后续通知退订"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "email"], name="unique_notice_opt_out")
        ]

    def __str__(self):
        return f"后续通知退订 #{self.pk}"
