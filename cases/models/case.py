"""A case (案例): the public content of one submission, and its photo gallery."""

import html

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cases.fields.blocks import BodyBlock
from cases.fields.enums import ParticipantType
from cases.fields.links_in_text import pages_linked_from
from cases.fields.title_order import title_pinyin
from cases.models.photos import (
    FIRST_PHOTOS,
    GALLERY_SPEC,
    THUMBNAIL_SPEC,
    page_photos,
    page_photos_call,
    photos_with_renditions,
    with_joined_renditions,
)
from cases.models.review import case_workflow
from cases.rules.page_forms import DUPLICATE_NUMBER, CasePageForm
from cases.rules.permissions import CasePermissionTester
from published.parts import lazily
from published.prepared import Prepared, padded, together
from published.routing import PublishedPageMixin, restricted_paths
from published.routing import public as published_public


class TagNamesField(serializers.Field):
    """Tag names in the order given, the first the case's main topic (cases/fields/tags.py),
    from the prefetched rows of the tags (Wagtail's own field queries once per page)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="tagged", **kwargs)

    def to_representation(self, value):
        return [item.tag.name for item in sorted(value.all(), key=lambda item: item.pk)]


def cards(ids):
    """The published cases of these ids, in their order, with what a card shows:
    section, organisation and its campaign's year (one query), the first photo with its
    image and its thumbnail as card_photo (one more, asked with it: one round trip),
    whatever the number of cases and photos."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    found, first = together(*cards_calls(ids))
    found = {case.pk: case for case in found}
    cases = [found[pk] for pk in ids if pk in found]
    photos = {photo.page_id: photo for photo in with_joined_renditions(first)}
    for case in cases:
        case.card_photo = photos.get(case.pk)
    return cases


def cards_calls(ids):
    """cards()'s two queries (Prepared.call()) for these ids: the first photos are read
    for every id asked, found or not (a case left out just leaves its photo unused)."""
    ids = list(dict.fromkeys(ids))
    restricted = restricted_paths()
    asked = padded(ids)
    shape = (len(asked), len(restricted))
    return [_CARDS.call(asked, restricted, shape=shape), FIRST_PHOTOS.call(asked, shape=len(asked))]


def _cards(ids, restricted):
    cases = CasePage.objects.live().filter(pk__in=ids)
    if restricted:
        cases = published_public(cases, restricted)
    # A card never shows a body (the library read every case's whole text for nothing),
    # and of its campaign only the year: one value, not a page object per card.
    return (
        cases.select_related("organization", "category")
        .defer("body")
        .annotate(campaign_year=F("campaign__year"))
    )


_CARDS = Prepared(_cards, lambda ids, restricted: [*ids, *(f"{path}%" for path in restricted)])


# URL segments under a campaign taken by the submission pages (portal/urls.py).
RESERVED_SLUGS = {"apply", "statistics"}


class CaseQuerySet(PageQuerySet):
    """The queries behind the public lists (library, home page, related cases)."""

    def published(self):
        # public() also honours restrictions on ancestors (a private campaign), unlike a join.
        return published_public(self.live())

    def for_cards(self):
        """With what a card shows, in a fixed number of queries, newest campaign first."""
        return (
            self.select_related("organization", "category", "campaign")
            # A card never shows a body: the library read every case's and its campaign's
            # whole text for nothing.
            .defer("body", "campaign__body", "campaign__intro")
            .prefetch_related(Prefetch("photos", queryset=photos_with_renditions(THUMBNAIL_SPEC)))
            .order_by("-campaign__year", "category__sort_order", "-submitted_on", "pk")
        )

    def filtered(self, section=None, year=None):
        queryset = self
        if section:
            queryset = queryset.filter(category__slug=section)
        if year:
            queryset = queryset.filter(campaign__year=year)
        return queryset

    def years(self):
        return list(
            self.exclude(campaign=None)
            .values_list("campaign__year", flat=True)
            .distinct()
            .order_by("-campaign__year")
        )

    def section_counts(self):
        """Every section (篇) with case_count, its number of these cases, in order (one
        query)."""
        return list(self.section_counts_query())

    def section_counts_query(self):
        sections = self.model._meta.get_field("category").related_model.objects
        counted = Count("cases", filter=Q(cases__in=self.order_by().values("pk")))
        return sections.annotate(case_count=counted).order_by("sort_order", "pk")


class CasePageTag(TaggedItemBase):
    content_object = ParentalKey("cases.CasePage", on_delete=models.CASCADE, related_name="tagged")


class CasePage(PublishedPageMixin, Page):
    template = "pages/case_page.html"
    objects = PageManager.from_queryset(CaseQuerySet)()

    organization = models.ForeignKey(
        "cases.Organization",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="申报单位",
    )
    category = models.ForeignKey(
        "cases.CaseCategory", on_delete=models.PROTECT, related_name="cases", verbose_name="篇"
    )
    participant_type = models.CharField(
        "参与主体",
        max_length=20,
        choices=ParticipantType.choices,
        default=ParticipantType.ORGANIZATION,
    )
    street = models.CharField("街道/镇", max_length=40, blank=True)
    summary = models.TextField("摘要", blank=True)
    body = StreamField(BodyBlock(), verbose_name="案例正文", blank=True)
    submission_number = models.CharField("申报编号", max_length=30, blank=True)
    submitted_on = models.DateField("申报日期", null=True, blank=True)
    tags = ClusterTaggableManager("标签", through=CasePageTag, blank=True)
    is_demo = models.BooleanField("演示内容", default=False, editable=False)
    # The campaign above this page, kept on the row so that lists filter by year and
    # numbers stay unique per campaign without walking the tree.
    campaign = models.ForeignKey(
        "cases.CampaignPage",
        on_delete=models.SET_NULL,
        related_name="cases",
        editable=False,
        null=True,
        verbose_name="征集活动",
    )
    # The title in pinyin, the library's order by title (cases/fields/title_order.py):
    # set on every save of a live page (the library lists no other), so that serving
    # the library never loads pypinyin, nor does a submission (a draft, 13 MB).
    title_pinyin = models.TextField("标题拼音", blank=True, default="", editable=False)

    content_panels = [
        # Read-only information for editors; what they show comes from template tags
        # (cases/templatetags/case_editor.py).
        HelpPanel(heading="自动检查", template="cases/admin/check_results_panel.html"),
        # 终审 decides in this editor: whether the selection will be printed, and why not.
        HelpPanel(heading="汇编", template="cases/review/book_place_panel.html"),
        MultiFieldPanel(
            [HelpPanel(template="cases/review/reviews_panel.html")],
            heading="专家评审意见",
            permission="cases.view_review",
        ),
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("organization"),
                FieldRowPanel([FieldPanel("category"), FieldPanel("participant_type")]),
                FieldRowPanel([FieldPanel("street"), FieldPanel("submitted_on")]),
                FieldPanel("submission_number"),
            ],
            heading="申报信息",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("photos", heading="案例照片", label="照片", min_num=0, max_num=6),
        FieldPanel(
            "tags",
            # The order typed is kept (cases/fields/tags.py); taggit's own text says only
            # that commas separate.
            help_text=(
                "按回车或逗号（，或 ,）分隔，顺序保留：第一个标签是案例的主题，检索时最受重视。"
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("street"),
        index.SearchField("submission_number"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("organization", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("category"),
        index.FilterField("campaign"),
    ]
    api_fields = [
        APIField("organization_name"),
        APIField("category_name"),
        APIField("participant_type"),
        APIField("street"),
        APIField("summary"),
        APIField("body"),
        APIField("submitted_on"),
        APIField("year"),
        APIField("tags", serializer=TagNamesField()),
        APIField("photos"),
    ]

    parent_page_types = ["cases.CampaignPage"]
    subpage_types = []
    base_form_class = CasePageForm
    # A copy is a new case: it gets its own number, not its original's.
    exclude_fields_in_copy = ["submission_number"]

    class Meta:
        verbose_name = "案例"
        verbose_name_plural = "案例"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "submission_number"],
                condition=~Q(submission_number=""),
                name="unique_submission_number_per_campaign",
            )
        ]

    @property
    def organization_name(self):
        return self.organization.name

    @property
    def category_name(self):
        return self.category.name

    @property
    def year(self):
        return self.campaign.year if self.campaign_id else None

    def _campaign_from_tree(self):
        if not self.path or self.depth is None or self.depth < 2:
            return None
        parent_path = self.path[: -self.steplen]
        campaigns = self._meta.get_field("campaign").related_model.objects
        return campaigns.filter(path=parent_path).first()

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}”是申报页面的网址，请换一个。"})
        campaign = self._campaign_from_tree()
        if campaign is not None:
            self.campaign = campaign
        if self.submission_number and self.campaign_id:
            taken = (
                CasePage.objects.filter(
                    campaign_id=self.campaign_id, submission_number=self.submission_number
                )
                .exclude(pk=self.pk)
                .exists()
            )
            if taken:
                raise ValidationError({"submission_number": DUPLICATE_NUMBER})

    def save(self, *args, **kwargs):
        campaign = self._campaign_from_tree()
        if campaign is not None:
            self.campaign = campaign
        if self.live:  # publishing saves the page live: its title is read then
            self.title_pinyin = title_pinyin(self.title)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and {"title", "live"} & set(update_fields):
                kwargs["update_fields"] = [*update_fields, "title_pinyin"]
        return super().save(*args, **kwargs)

    def permissions_for_user(self, user):
        return CasePermissionTester(user, self)

    def get_workflow(self):
        # Every case goes through the review workflow, wherever it stands in the tree.
        return case_workflow()

    @property
    def selected_for_compilation(self):
        """Whether 终审 (or an editor, from the rankings) chose the case for the book."""
        decision = getattr(self, "decision", None)
        return decision is not None and decision.selected

    @property
    def decision_note(self):
        decision = getattr(self, "decision", None)
        return decision.note if decision is not None else ""

    @property
    def status_string(self):
        # A case its applicant withdrew reads so wherever staff see its state (explorer,
        # editor, 申报汇总表); the flag lives on the application, outside the revisions.
        application = getattr(self, "application", None)
        if application is not None and application.withdrawn_at:
            return "已撤回"
        return super().status_string

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def serve(self, request, *args, **kwargs):
        # The text's page links resolved in one query (cases/fields/links_in_text.py): the
        # response is rendered here, while they are known.
        sources = [b["value"] for b in self.body.raw_data if b["type"] == "paragraph"]
        with pages_linked_from(sources):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    @property
    def summary_opens_text(self):
        """Whether the text's first paragraph begins with the 摘要 (the form draws it from
        there): the page then shows it once, in the text, not again above it."""
        summary = _squeezed(self.summary).rstrip("…")
        if not summary:
            return False
        first = next((b["value"] for b in self.body.raw_data if b["type"] == "paragraph"), "")
        return _squeezed(html.unescape(strip_tags(first or ""))).startswith(summary)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False) or self.pk is None:
            # A preview shows the photos being edited, held in memory by the form.
            context["photos"] = list(self.photos.all())
            context["tags"] = list(self.tags.all())
        else:
            context.update(
                lazily(
                    photos=lambda: page_photos(self, GALLERY_SPEC),
                    tags=lambda: [item.tag for item in _TAGS.list(self.pk)],
                )
            )
        context.update(lazily(related_cases=self.related_cases))
        return context

    def related_cases(self):
        restricted = restricted_paths()
        if self.pk is None:  # a new case's preview: no id to leave out, another SQL
            return list(_related(self, restricted))
        return _RELATED.list(self, restricted, shape=len(restricted))

    def read_ahead(self, request):
        # What get_context() shows besides its row; the template's tags register theirs
        # (published.routing.read_ahead_also(), cases/apps.py).
        restricted = restricted_paths()
        return [
            *super().read_ahead(request),
            page_photos_call(self, GALLERY_SPEC),
            _TAGS.call(self.pk),
            _RELATED.call(self, restricted, shape=len(restricted)),
        ]


def _related(case, restricted):
    return (
        published_public(CasePage.objects.live(), restricted)
        .filter(category_id=case.category_id)
        .exclude(pk=case.pk)
        .select_related("organization")
        # The list shows a title, a link and an organisation: not three bodies parsed.
        .defer("body")
        .order_by("-first_published_at")[:3]
    )


# A case's tags in the order they were given (as page.tags.all()), compiled once.
_TAGS = Prepared(
    lambda pk: (
        CasePageTag.objects.filter(content_object_id=pk).select_related("tag").order_by("pk")
    ),
    lambda pk: [pk],
)


# The same section's latest cases, compiled once per number of restricted sections.
_RELATED = Prepared(
    _related,
    lambda case, restricted: [*(f"{path}%" for path in restricted), case.category_id, case.pk],
)


def _squeezed(text):
    return "".join((text or "").split())
