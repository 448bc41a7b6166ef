"""Expert review (审稿): criteria per campaign, experts, assignments, reviews, the task."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import AbstractGroupApprovalTask, Orderable, TaskState, Workflow

from cases.dates.due_dates import review_phase_end
from cases.mail.people import display_name

# The notice's three requirements, plus readability (通俗易懂并具较强的可读性).
DEFAULT_CRITERIA = [
    ("真实有效", Decimal("3"), 10, "近年来社区治理中涌现的真实事例与工作实践，数据、故事真实"),
    ("经验典型", Decimal("3"), 10, "工作理念、体制机制、模式与举措具有示范、推广价值和持久效应"),
    ("社会认同", Decimal("3"), 10, "有效解决社区治理难点、热点问题，群众好评，社会效应良好"),
    ("可读性", Decimal("1"), 10, "通俗易懂，表述活泼生动"),
]


class Recommendation(models.TextChoices):
    SELECT = "select", "入选"
    REVISE = "revise", "修改后入选"
    REJECT = "reject", "不入选"


class ReviewCriterion(Orderable):
    campaign = ParentalKey(
        "cases.CampaignPage", on_delete=models.CASCADE, related_name="review_criteria"
    )
    name = models.CharField("评分项", max_length=40)
    description = models.CharField("说明", max_length=200, blank=True)
    weight = models.DecimalField(
        "权重",
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_score = models.PositiveSmallIntegerField(
        "满分", default=10, validators=[MinValueValidator(1)]
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("weight"), FieldPanel("max_score")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "评分项"

    def __str__(self):
        return self.name


class ExpertProfile(models.Model):
    """An expert's own organisation: never assigned to that organisation's cases."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expert_profile",
        verbose_name="专家",
    )
    organization = models.ForeignKey(
        "cases.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所在单位",
    )
    title = models.CharField("职务/职称", max_length=60, blank=True)

    class Meta:
        verbose_name = "评审专家"
        verbose_name_plural = "评审专家"

    def __str__(self):
        return display_name(self.user)


class Conflict(models.Model):
    """A declared conflict of interest between an expert and an organisation."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_conflicts",
        verbose_name="专家",
    )
    organization = models.ForeignKey(
        "cases.Organization", on_delete=models.CASCADE, related_name="+", verbose_name="单位"
    )
    reason = models.CharField("原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "利益冲突申报"
        verbose_name_plural = "利益冲突申报"
        constraints = [
            models.UniqueConstraint(fields=["expert", "organization"], name="unique_conflict")
        ]

    def __str__(self):
        return f"{self.expert} ↔ {self.organization}"


class Assignment(models.Model):
    case = models.ForeignKey(
        "cases.CasePage", on_delete=models.CASCADE, related_name="assignments", verbose_name="案例"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name="专家",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)
    # Blank: the end of the campaign's 审稿 phase (set on save, cases/dates/due_dates.py).
    due_on = models.DateField("评审截止日期", null=True, blank=True)
    # Each reminder goes once (manage.py review_reminders), whatever the schedule.
    reminded_before_at = models.DateTimeField("提前提醒时间", null=True, blank=True, editable=False)
    reminded_due_at = models.DateTimeField("到期提醒时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "评审分配"
        verbose_name_plural = "评审分配"
        constraints = [models.UniqueConstraint(fields=["case", "expert"], name="unique_assignment")]

    def __str__(self):
        return f"{self.case} ← {self.expert}"

    def save(self, *args, **kwargs):
        if self.due_on is None and self.case_id:
            campaign = self.case.campaign
            if campaign is not None:
                self.due_on = review_phase_end(campaign.phases.all())
        super().save(*args, **kwargs)


class Review(models.Model):
    """One expert's scores, comment and recommendation for one case; final once submitted."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review", verbose_name="分配"
    )
    scores = models.JSONField("各项得分", default=dict)  # {criterion id (str): score}
    comment = models.TextField("评审意见")
    recommendation = models.CharField("推荐意见", max_length=10, choices=Recommendation.choices)
    weighted_total = models.DecimalField("加权总分", max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家评审"
        verbose_name_plural = "专家评审"
        permissions = [("view_rankings", "Can view rankings and mark the selection")]

    def __str__(self):
        return f"{self.assignment.case} · {self.weighted_total}"


class FormatCheckTask(AbstractGroupApprovalTask):
    """形式审查: the task's groups (editors) check a submission against the notice."""

    class Meta:
        verbose_name = "形式审查任务"
        verbose_name_plural = "形式审查任务"


class ExpertReviewTask(AbstractGroupApprovalTask):
    """专家评审: the task's groups are the experts; done when the campaign's required
    number of reviews are in. Experts act through their review form, not here."""

    class Meta:
        verbose_name = "专家评审任务"
        verbose_name_plural = "专家评审任务"

    @classmethod
    def get_description(cls):
        return "分配的评审专家打分；收齐规定份数的评审后自动进入下一步"

    def user_can_access_editor(self, obj, user):
        return False

    def locked_for_user(self, obj, user):
        # Nobody edits the case while experts are reading it, except superusers.
        return not user.is_superuser

    def user_can_lock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        # Experts act through their review form; editors move on through assignments.
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return TaskState.objects.none()


class RevisionTask(AbstractGroupApprovalTask):
    """复核修改: the task's groups (editors) revise the case with the experts' comments."""

    class Meta:
        verbose_name = "复核修改任务"
        verbose_name_plural = "复核修改任务"


class FinalApprovalTask(AbstractGroupApprovalTask):
    """终审: the task's groups approve (publish, select for the book) or reject."""

    class Meta:
        verbose_name = "终审任务"
        verbose_name_plural = "终审任务"

    def may_publish(self, user):
        """Whether the user decides here: the one step at which a case is published."""
        return user.is_superuser or self._user_in_groups(user)


def case_workflow():
    """The review workflow every case goes through: the active one with an expert review
    step, found by its tasks' types, so renaming it or its tasks changes nothing."""
    expert_tasks = ExpertReviewTask.objects.filter(active=True)
    return (
        Workflow.objects.filter(active=True, workflow_tasks__task__in=expert_tasks)
        .order_by("pk")
        .first()
    )


def start_review(case, user=None):
    """Put a submitted case into the review (no-op without the workflow or when already in)."""
    workflow = case_workflow()
    if workflow is None or case.workflow_in_progress:
        return None
    return workflow.start(case, user)


class Decision(models.Model):
    """The outcome of 终审 for a case, kept outside the page so that publishing or
    reverting a revision never changes it."""

    case = models.OneToOneField(
        "cases.CasePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="decision",
        verbose_name="案例",
    )
    selected = models.BooleanField("入选汇编", default=False)
    note = models.TextField("终审意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="决定人",
    )
    decided_at = models.DateTimeField("决定时间", auto_now=True)

    class Meta:
        verbose_name = "终审结果"
        verbose_name_plural = "终审结果"

    def __str__(self):
        return f"{self.case_id}: {'入选' if self.selected else '未入选'}"

    @classmethod
    def record(cls, case, selected, note="", user=None):
        decision, _ = cls.objects.update_or_create(
            case=case, defaults={"selected": selected, "note": note, "decided_by": user}
        )
        return decision
