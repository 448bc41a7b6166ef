"""A file attached to a page under a display name: the campaign's documents and the
后续通知's attachments are the same thing, each with its own ParentalKey."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class DocumentAttachment(Orderable):
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name="文件"
    )
    title = models.CharField("显示名称", max_length=120, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = "附件"

    @property
    def display_title(self):
        return self.title or self.document.title
