"""Sections (篇) and organisations: the vocabularies cases are filed under."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cases.fields.enums import OrganizationKind


class CaseCategory(models.Model):
    """A section (篇) of the call and of the printed book."""

    name = models.CharField("名称", max_length=40, unique=True)
    slug = models.SlugField("网址标识", max_length=40, unique=True, allow_unicode=False)
    description = models.TextField("说明", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "篇"
        verbose_name_plural = "篇"

    def __str__(self):
        return self.name


class Organization(index.Indexed, models.Model):
    """An applicant or recommending organisation, or a person's own team."""

    name = models.CharField("名称", max_length=120, unique=True)
    # Blank when unknown: Word forms (申报表) do not say what kind the applicant is.
    kind = models.CharField("类型", max_length=20, choices=OrganizationKind.choices, blank=True)
    street = models.CharField("所在街道/镇", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("street"), FieldPanel("address")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self):
        return self.name
