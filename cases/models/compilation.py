"""The printed compilation (优秀案例汇编) under a campaign, and its built editions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from cases.fields.blocks import CompilationContentsBlock
from cases.fields.enums import PageSize
from cases.models.case import CasePage
from cases.models.jobs import Job
from cases.rules import withdrawals
from cases.rules.page_forms import CompilationPageForm
from cases.rules.permissions import PublishNeedsEditMixin
from cases.storage.private import private_storage
from published.parts import lazily
from published.routing import PublishedPageMixin


@dataclass
class ContentsSection:
    """A 篇 of the book's contents with its published cases, in print order."""

    title: str
    intro: str = ""
    cases: list = field(default_factory=list)


class CompilationPage(PublishedPageMixin, PublishNeedsEditMixin, RoutablePageMixin, Page):
    template = "pages/compilation_page.html"

    subtitle = models.CharField("副标题", max_length=120, blank=True)
    edition = models.CharField("版次", max_length=40, blank=True, help_text="例如“第一版”")
    published_on = models.DateField("出版日期", null=True, blank=True)
    publisher = models.CharField(
        "编印单位",
        max_length=120,
        blank=True,
        help_text="印在封面和扉页上；留空时用征集活动的承办单位",
    )
    cover_image = models.ForeignKey(
        "cases.CaseImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="封面图片",
    )
    preface = models.TextField("前言", blank=True, help_text="每段一行")
    postscript = models.TextField("后记", blank=True, help_text="每段一行")
    editorial_board = models.TextField(
        "编委会", blank=True, help_text="每行一项，职务与姓名用全角冒号分开，例如“主　编：张三”"
    )
    contents = StreamField(
        CompilationContentsBlock(),
        verbose_name="篇目",
        blank=True,
        help_text="新建时按评审入选案例逐篇排好，可调整顺序、增删案例；留空则使用入选案例",
    )
    page_size = models.CharField(
        "开本", max_length=8, choices=PageSize.choices, default=PageSize.A4
    )
    bleed = models.BooleanField("出血（每边3毫米）", default=False)
    crop_marks = models.BooleanField("裁切线", default=False)
    signature = models.PositiveSmallIntegerField(
        "页数补足为",
        choices=[(4, "4的倍数"), (16, "16的倍数（一个印张）"), (32, "32的倍数")],
        default=4,
        help_text="书末补空白页，使总页数符合拼版要求",
    )
    paper_mm = models.DecimalField(
        "内文纸厚（毫米）",
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.100"),
        validators=[MinValueValidator(Decimal("0.040")), MaxValueValidator(Decimal("0.300"))],
        help_text="每张纸（两页）的厚度，用于计算书脊宽度；80克胶版纸约0.100",
    )
    cover_allowance_mm = models.DecimalField(
        "书脊余量（毫米）",
        max_digits=3,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
        help_text="书脊宽度在内文厚度之外另加：封面纸两层和胶装的胶层，约1毫米，请按印刷厂的要求填写",
    )
    # The 版权页 (imprint), each printed where filled in; 开本, 印张 and 字数 are computed.
    editor_credit = models.CharField("编者", max_length=120, blank=True)
    printer = models.CharField("印制单位", max_length=120, blank=True)
    impression = models.CharField(
        "印次", max_length=40, blank=True, help_text="例如“2016年12月第1次印刷”"
    )
    print_run = models.PositiveIntegerField("印数", null=True, blank=True)
    permit_number = models.CharField(
        "内部资料准印证号", max_length=60, blank=True, help_text="内部资料须有准印证号"
    )

    content_panels = [
        HelpPanel(template="cases/admin/edition_warning_panel.html"),
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldRowPanel([FieldPanel("edition"), FieldPanel("published_on")]),
        FieldPanel("publisher"),
        FieldPanel("cover_image"),
        FieldPanel("preface"),
        FieldPanel("contents"),
        FieldPanel("postscript"),
        FieldPanel("editorial_board"),
        MultiFieldPanel(
            [
                FieldPanel("page_size"),
                FieldRowPanel([FieldPanel("bleed"), FieldPanel("crop_marks")]),
                FieldRowPanel([FieldPanel("signature"), FieldPanel("paper_mm")]),
                FieldPanel("cover_allowance_mm"),
            ],
            heading="印刷选项",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("editor_credit"), FieldPanel("printer")]),
                FieldRowPanel([FieldPanel("impression"), FieldPanel("print_run")]),
                FieldPanel("permit_number"),
            ],
            heading="版权页",
        ),
    ]

    parent_page_types = ["cases.CampaignPage"]
    subpage_types = []
    base_form_class = CompilationPageForm

    class Meta:
        verbose_name = "案例汇编"
        verbose_name_plural = "案例汇编"

    @property
    def campaign(self):
        return self.get_parent().specific

    @staticmethod
    def selection_by_section(campaign):
        """{篇 name: [cases]} of the campaign's cases selected in review, in section and
        number order."""
        cases = (
            campaign.cases.filter(decision__selected=True)
            .select_related("category")
            .order_by("category__sort_order", "category__pk", "submission_number", "pk")
        )
        cases = list(cases)
        withdrawn = withdrawals.withdrawn([case.pk for case in cases])
        sections = {}
        for case in cases:
            if case.pk not in withdrawn:  # withdrawn after the 公示 (cases/rules/withdrawals.py)
                sections.setdefault(case.category.name, []).append(case)
        return sections

    @classmethod
    def contents_from_selection(cls, campaign):
        """StreamField data for a new book: one section per 篇 holding its selected cases."""
        return [
            ("section", {"title": title, "intro": "", "cases": cases})
            for title, cases in cls.selection_by_section(campaign).items()
        ]

    def current_edition(self):
        """The latest successful build: a failed or killed one never replaces it."""
        return (
            self.builds.filter(status=CompilationBuild.Status.SUCCEEDED)
            .order_by("-finished_at", "-pk")
            .first()
        )

    def _raw_sections(self):
        """(title, intro, [case ids]) per section, read from raw data: no page queries."""
        sections = []
        for block in self.contents.raw_data:
            if block["type"] != "section":
                continue
            value = block["value"] or {}
            items = [
                item.get("value") if isinstance(item, dict) else item
                for item in value.get("cases") or []
            ]
            ids = [i for i in items if i]
            sections.append((value.get("title", ""), value.get("intro") or "", ids))
        return sections

    def sections(self):
        """The book's sections with their published cases, in print order; the review's
        selection when the editors have set no contents."""
        raw = self._raw_sections()
        if not raw:
            selection = self.selection_by_section(self.campaign)
            raw = [(title, "", [c.pk for c in cases]) for title, cases in selection.items()]
        ids = [pk for _, _, pks in raw for pk in pks]
        # A case whose selection was withdrawn after the 公示 leaves the book too.
        withdrawn = withdrawals.withdrawn(ids)
        ids = [pk for pk in ids if pk not in withdrawn]
        cases = CasePage.objects.live().filter(pk__in=ids)
        cases = cases.select_related("organization", "category").in_bulk()
        sections = []
        for title, intro, pks in raw:
            section = ContentsSection(title, intro, [cases[pk] for pk in pks if pk in cases])
            if section.cases:
                sections.append(section)
        return sections

    def withdrawn_from_edition(self):
        """Titles of the cases the current edition prints that are no longer published."""
        edition = self.current_edition()
        if edition is None or not edition.folios:
            return []
        ids = [int(pk) for pk in edition.folios]
        return list(CasePage.objects.filter(pk__in=ids).not_live().values_list("title", flat=True))

    def unpublished_titles(self):
        """Cases chosen for the book that are not published: the build leaves them out."""
        ids = [pk for _, _, pks in self._raw_sections() for pk in pks]
        return list(CasePage.objects.filter(pk__in=ids).not_live().values_list("title", flat=True))

    def get_context(self, request, *args, **kwargs):
        """The web edition: the contents, each case linked with its printed page."""
        context = super().get_context(request, *args, **kwargs)
        # Read only when the page's part is not in the cache (published/).
        context.update(lazily(edition=self.current_edition))
        context.update(lazily(sections=lambda: self._web_sections(context["edition"])))
        context.update(
            lazily(case_total=lambda: sum(len(s["entries"]) for s in context["sections"])),
            preface=[line for line in self.preface.splitlines() if line.strip()],
            postscript=[line for line in self.postscript.splitlines() if line.strip()],
        )
        return context

    def _web_sections(self, edition):
        folios = edition.folios if edition else {}
        return [
            {
                "title": section.title,
                "intro": section.intro,
                "entries": [
                    {"case": case, "url": case.url, "folio": folios.get(str(case.pk))}
                    for case in section.cases
                ],
            }
            for section in self.sections()
        ]

    @path("download/", name="download")
    def download(self, request):
        edition = self.current_edition()
        if edition is None:
            raise Http404("尚未生成PDF。")
        return FileResponse(
            edition.file.open("rb"),
            as_attachment=True,
            filename=edition.download_name,
            content_type="application/pdf",
        )


class CompilationBuild(Job):
    """One run of the PDF build; a successful one is an edition (版本) of the book."""

    page = models.ForeignKey(
        CompilationPage, on_delete=models.CASCADE, related_name="builds", verbose_name="案例汇编"
    )
    file = models.FileField(
        "PDF文件", storage=private_storage, upload_to="compilations/", blank=True
    )
    cover_file = models.FileField(
        "封面PDF", storage=private_storage, upload_to="compilations/", blank=True
    )
    # What the printer should know of this edition (a cover photo under 300 dpi …).
    notes = models.TextField("印前提示", blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    size = models.PositiveBigIntegerField("文件大小（字节）", null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    page_size = models.CharField("开本", max_length=8, blank=True)
    # The press profile the photos were separated for, and the total-ink limit (colour.py).
    profile = models.CharField("印刷色彩配置", max_length=255, blank=True)
    profile_name = models.CharField("色彩配置名称", max_length=255, blank=True)
    ink_limit = models.PositiveSmallIntegerField(
        "总墨量上限（%）",
        null=True,
        blank=True,
        validators=[MinValueValidator(200), MaxValueValidator(400)],
    )
    # The printed page number of each case ({"<case id>": folio}), for the web edition.
    folios = models.JSONField("页码", default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "汇编PDF版本"
        verbose_name_plural = "汇编PDF版本"

    def __str__(self):
        return f"{self.page} · {self.get_status_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def download_name(self):
        if self.finished_at is None:
            return f"{self.page.title}-{self.pk}.pdf"
        stamp = timezone.localtime(self.finished_at).strftime("%Y%m%d-%H%M")
        return f"{self.page.title}-{stamp}.pdf"
