"""The call for cases (征集活动): notice, phases, window, rules, contacts, downloads."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cases.checks import CaseRules, PhotoRules
from cases.dates import timeline
from cases.fields.blocks import BodyBlock
from cases.models.attachments import DocumentAttachment
from cases.models.compilation import CompilationPage
from cases.rules.page_forms import CampaignPageForm
from cases.rules.permissions import PublishNeedsEditMixin
from published.parts import lazily
from published.prepared import Prepared
from published.routing import PublishedPageMixin, public, restricted_paths


class CampaignPage(PublishedPageMixin, PublishNeedsEditMixin, Page):
    template = "pages/campaign_page.html"

    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    hosts = models.TextField("主办单位", help_text="每行一个单位")
    organizer = models.CharField("承办单位", max_length=120)
    short_title = models.CharField(
        "简称", max_length=30, blank=True, help_text="用于导航和面包屑，例如“2016年案例征集”"
    )
    intro = models.TextField("导语", blank=True)
    body = StreamField(BodyBlock(), verbose_name="通知正文", blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    submission_opens_at = models.DateTimeField("申报开始时间", null=True, blank=True)
    submission_deadline = models.DateTimeField("申报截止时间")
    submission_prefix = models.CharField(
        "申报编号前缀", max_length=20, blank=True, help_text="例如 JA2016-，编号将为 JA2016-001"
    )

    # Rules from 征集要求 that the automatic checks read.
    target_length = models.PositiveIntegerField("目标字数", default=2000)
    length_tolerance = models.PositiveSmallIntegerField(
        "字数容差（%）", default=25, validators=[MaxValueValidator(100)]
    )
    min_photos = models.PositiveSmallIntegerField("最少照片数", default=2)
    max_photos = models.PositiveSmallIntegerField("最多照片数", default=3)
    min_dpi = models.PositiveSmallIntegerField("最低分辨率（dpi）", default=300)
    photo_print_long_edge_mm = models.PositiveSmallIntegerField("照片印刷长边（毫米）", default=150)
    photo_aspect_ratio = models.DecimalField(
        "照片长宽比", max_digits=4, decimal_places=2, default=Decimal("1.50")
    )
    photo_aspect_tolerance = models.DecimalField(
        "长宽比容差", max_digits=4, decimal_places=2, default=Decimal("0.05")
    )
    reviews_required = models.PositiveSmallIntegerField(
        "每个案例所需评审份数", default=3, validators=[MinValueValidator(1)]
    )
    review_reminder_days = models.PositiveSmallIntegerField(
        "评审提醒提前天数",
        default=3,
        validators=[MaxValueValidator(60)],
        help_text="评审截止前几天向专家发送提醒邮件（截止当天还会再提醒一次）；0 为只在当天提醒。",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_title"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("issued_on")]),
        MultiFieldPanel([FieldPanel("hosts"), FieldPanel("organizer")], heading="组织机构"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("phases", heading="活动阶段", label="阶段"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("submission_opens_at"), FieldPanel("submission_deadline")]
                ),
                FieldPanel("submission_prefix"),
            ],
            heading="申报时间",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("target_length"), FieldPanel("length_tolerance")]),
                FieldRowPanel([FieldPanel("min_photos"), FieldPanel("max_photos")]),
                FieldRowPanel([FieldPanel("min_dpi"), FieldPanel("photo_print_long_edge_mm")]),
                FieldRowPanel(
                    [FieldPanel("photo_aspect_ratio"), FieldPanel("photo_aspect_tolerance")]
                ),
            ],
            heading="征集要求",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reviews_required"), FieldPanel("review_reminder_days")]),
                InlinePanel("review_criteria", heading="评分项", label="评分项"),
            ],
            heading="专家评审",
        ),
        InlinePanel("contacts", heading="联系方式", label="联系方式"),
        InlinePanel("documents", heading="附件下载", label="附件"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["cases.CasePage", "cases.CompilationPage", "publicity.AnnouncementPage"]
    base_form_class = CampaignPageForm

    class Meta:
        verbose_name = "征集活动"
        verbose_name_plural = "征集活动"

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.submission_opens_at
            and self.submission_deadline
            and self.submission_opens_at >= self.submission_deadline
        ):
            errors["submission_deadline"] = "申报截止时间必须晚于开始时间。"
        if self.min_photos and self.max_photos and self.min_photos > self.max_photos:
            errors["max_photos"] = "最多照片数不能少于最少照片数。"
        if errors:
            raise ValidationError(errors)

    @property
    def host_list(self):
        return [line.strip() for line in self.hosts.splitlines() if line.strip()]

    def check_rules(self):
        """The notice's rules as the automatic checks read them."""
        photos = PhotoRules(
            min_count=self.min_photos,
            max_count=self.max_photos,
            min_dpi=self.min_dpi,
            print_long_edge_mm=self.photo_print_long_edge_mm,
            aspect_ratio=float(self.photo_aspect_ratio),
            aspect_tolerance=float(self.photo_aspect_tolerance),
        )
        return CaseRules(self.target_length, self.length_tolerance, photos)

    @property
    def nav_title(self):
        return self.short_title or self.title

    @property
    def aspect_ratio_label(self):
        """1.50 → "1.5", as the notice writes it (1:1.5)."""
        return format(self.photo_aspect_ratio.normalize(), "f")

    def submission_status(self, now=None):
        return timeline.submission_status(
            self.submission_opens_at, self.submission_deadline, now or timezone.now()
        )

    def days_left(self, now=None):
        now = timezone.localtime(now or timezone.now())
        deadline = (
            timezone.localtime(self.submission_deadline) if self.submission_deadline else None
        )
        return timeline.days_left(deadline, now)

    def phase_timeline(self, today=None):
        phases = getattr(self, "_read_phases", None)  # with_phases()
        phases = self.phases.all() if phases is None else phases
        return timeline.phase_states(phases, today or timezone.localdate())

    def with_phases(self):
        """This campaign with its phases read (a query compiled once, which a page made
        afresh asks with its others: phases_call()), kept on it when it is cached."""
        self._read_phases = phases_call(self).list()
        return self

    def clock(self, now=None):
        """What of the page changes with time alone: the day (days left, phases) and
        where the submission window stands. Part of its cache keys."""
        now = now or timezone.now()
        return f"{timezone.localdate(now)}:{self.submission_status(now)}"

    def seconds_unchanged(self, now=None):
        """Seconds until clock() changes: the next midnight, opening or deadline."""
        now = now or timezone.now()
        return timeline.seconds_until_change(
            [self.submission_opens_at, self.submission_deadline], timezone.localtime(now)
        )

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The front cache keeps the notice until its deadline or day changes at most.
        response["X-Accel-Expires"] = str(self.seconds_unchanged())
        return response

    def route(self, request, path_components):
        # Most children are cases: fetch one as a CasePage with what its page shows, in
        # one query instead of Wagtail's two (generic page, then specific) plus three.
        if not path_components:
            return super().route(request, path_components)
        case = _CASE_BY_SLUG.first(self, path_components[0])
        if case is None:
            return super().route(request, path_components)
        case._cached_parent_obj = self
        case.campaign = self
        return case.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["clock"] = self.clock()
        if getattr(request, "is_preview", False) or self.pk is None:
            # A preview shows the phases, contacts and documents held by the editor's form.
            context.update(
                lazily(
                    phases=self.phase_timeline,
                    case_count=lambda: public(self.cases.child_of(self).live()).count(),
                    compilations=lambda: list(
                        public(CompilationPage.objects.child_of(self).live())
                    ),
                )
            )
            context["contacts"] = self.contacts.all()
            context["documents"] = self.documents.select_related("document")
            return context
        # The published page: each list by a query compiled once (published/prepared.py).
        restricted = restricted_paths()
        shape = len(restricted)
        context.update(
            lazily(
                phases=lambda: timeline.phase_states(_PHASES.list(self.pk), timezone.localdate()),
                # Children are cases and the compilation (汇编): count only the cases.
                case_count=lambda: sum(_CASE_COUNT.list(self, restricted, shape=shape)),
                contacts=lambda: _CONTACTS.list(self.pk),
                documents=lambda: _DOCUMENTS.list(self.pk),
                compilations=lambda: _COMPILATIONS.list(self, restricted, shape=shape),
            )
        )
        return context

    def read_ahead(self, request):
        # What get_context() asks of the published page; the 公示 notices' tags register
        # theirs (published.routing.read_ahead_also(), publicity/apps.py).
        restricted = restricted_paths()
        shape = len(restricted)
        return [
            *super().read_ahead(request),
            phases_call(self),
            _CASE_COUNT.call(self, restricted, shape=shape),
            _CONTACTS.call(self.pk),
            _DOCUMENTS.call(self.pk),
            _COMPILATIONS.call(self, restricted, shape=shape),
        ]


class CampaignPhase(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField("阶段名称", max_length=40)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("备注", max_length=80, blank=True, help_text="例如：暂定")

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "活动阶段"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})

    def __str__(self):
        return self.name


class CampaignContact(Orderable):
    """A contact published in the notice (public by nature, unlike applicants' contacts)."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="contacts")
    unit = models.CharField("单位", max_length=120)
    people = models.CharField("联系人", max_length=120, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮件", blank=True)
    address = models.CharField("邮寄地址", max_length=200, blank=True)

    panels = [
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("people"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("address")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "联系方式"

    def __str__(self):
        return self.unit


class CampaignDocument(DocumentAttachment):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="documents")


def _case_by_slug(campaign, slug):
    from cases.models.case import CasePage

    return (
        CasePage.objects.filter(
            campaign_id=campaign.pk,
            path__startswith=campaign.path,
            depth=campaign.depth + 1,
            slug=slug,
        )
        .select_related("organization", "category")
        .order_by("path")[:1]
    )


# A case under its campaign, with what its page shows: compiled once (published/prepared.py).
_CASE_BY_SLUG = Prepared(
    _case_by_slug,
    lambda campaign, slug: [campaign.pk, campaign.depth + 1, f"{campaign.path}%", slug],
)


def _children_params(campaign, restricted):
    return [campaign.depth + 1, f"{campaign.path}%", *(f"{path}%" for path in restricted)]


def _case_count(campaign, restricted):
    from cases.models.case import CasePage

    cases = CasePage.objects.live().filter(
        campaign_id=campaign.pk, depth=campaign.depth + 1, path__startswith=campaign.path
    )
    # count() as one row: the number of the campaign's public cases.
    return (
        public(cases, restricted)
        .order_by()
        .values("campaign_id")
        .annotate(n=models.Count("pk"))
        .values_list("n", flat=True)
    )


_CASE_COUNT = Prepared(
    _case_count,
    lambda campaign, restricted: [campaign.pk, *_children_params(campaign, restricted)],
)
_COMPILATIONS = Prepared(
    lambda campaign, restricted: public(
        CompilationPage.objects.live().filter(
            depth=campaign.depth + 1, path__startswith=campaign.path
        ),
        restricted,
    ).order_by("path"),
    _children_params,
)
_PHASES = Prepared(
    lambda pk: CampaignPhase.objects.filter(page_id=pk).order_by("sort_order"), lambda pk: [pk]
)


def phases_call(campaign):
    """A campaign's phases, in their order (Prepared.call())."""
    return _PHASES.call(campaign.pk)


_CONTACTS = Prepared(
    lambda pk: CampaignContact.objects.filter(page_id=pk).order_by("sort_order"), lambda pk: [pk]
)
_DOCUMENTS = Prepared(
    lambda pk: (
        CampaignDocument.objects.filter(page_id=pk)
        .select_related("document")
        .order_by("sort_order")
    ),
    lambda pk: [pk],
)
