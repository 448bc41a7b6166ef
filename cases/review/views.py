"""Admin views of the review: experts' tasks and score form, editors' assignments."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from cases.mail import notifications
from cases.mail.people import display_name
from cases.models import Assignment, CampaignPage, CasePage, Review
from cases.models.photos import GALLERY_SPEC, page_photos
from cases.review import assignment as assigning
from cases.review.forms import ReviewForm
from cases.review.scoring import ensure_criteria, total_for
from cases.review.workflow import complete_expert_review_if_done, is_in_expert_review
from cases.text.content import body_parts

CLOSED_FOR_SCORING = "本案例当前不在专家评审阶段，或您已申报利益冲突，不能提交评分。"


def my_reviews(request):
    """An expert's assigned cases, those still to score first."""
    assignments = (
        Assignment.objects.filter(expert=request.user)
        .select_related("case__category", "case__campaign", "review")
        .order_by("review", "-assigned_at")
    )
    return TemplateResponse(request, "cases/review/my_reviews.html", {"assignments": assignments})


def _others(assignment):
    """The other experts' submitted reviews, anonymised (专家1, 专家2 …)."""
    reviews = (
        Review.objects.filter(assignment__case_id=assignment.case_id)
        .exclude(assignment=assignment)
        .order_by("submitted_at")
    )
    return [(f"专家{i}", review) for i, review in enumerate(reviews, start=1)]


def review_case(request, assignment_id):
    assignment = get_object_or_404(
        Assignment.objects.select_related("case__campaign", "case__category"), pk=assignment_id
    )
    if assignment.expert_id != request.user.pk or not request.user.has_perm("cases.add_review"):
        raise PermissionDenied
    case = assignment.case
    criteria = ensure_criteria(case.campaign)
    submitted = Review.objects.filter(assignment=assignment).first()
    form = None
    # Scores are taken only while the case is in 专家评审, and never from an expert
    # who declared a conflict after being assigned.
    open_for_scoring = is_in_expert_review(case) and assigning.may_assign(case, request.user)
    if submitted is None:
        form = ReviewForm(request.POST or None, criteria=criteria)
        if request.method == "POST" and not open_for_scoring:
            messages.error(
                request, "本案例当前不在专家评审阶段，或您已申报利益冲突，不能提交评分。"
            )
            return redirect("cases_admin:review_case", assignment.pk)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    submitted = Review.objects.create(
                        assignment=assignment,
                        scores=form.scores(),
                        comment=form.cleaned_data["comment"],
                        recommendation=form.cleaned_data["recommendation"],
                        weighted_total=total_for(form.scores(), criteria),
                    )
            except IntegrityError:  # submitted twice at once
                submitted = Review.objects.get(assignment=assignment)
            complete_expert_review_if_done(case, user=request.user)
            messages.success(request, "评审已提交。")
            return redirect("cases_admin:review_case", assignment.pk)
    context = {
        "assignment": assignment,
        "case": case,
        "parts": body_parts(case),
        "photos": page_photos(case, GALLERY_SPEC),
        "criteria": criteria,
        "form": form,
        "submitted": submitted,
        # Other experts' scores only once this expert's own are in.
        "others": _others(assignment) if submitted else None,
        "open_for_scoring": open_for_scoring,
    }
    return TemplateResponse(request, "cases/review/review_case.html", context)


class ExpertChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        """周敏（上海大学 · 教授）: the name an editor knows, not the login."""
        profile = getattr(user, "expert_profile", None)
        where = [profile.organization.name if profile and profile.organization_id else ""]
        where += [profile.title if profile else ""]
        detail = " · ".join(part for part in where if part)
        return f"{display_name(user)}（{detail}）" if detail else display_name(user)


class AssignForm(forms.Form):
    experts = ExpertChoiceField(
        label="评审专家", queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        expert_list = list(assigning.experts())
        excluded = {e for _, e in assigning.excluded_pairs([case], expert_list)}
        self.excluded = [e for e in expert_list if e.pk in excluded]
        allowed = [e.pk for e in expert_list if e.pk not in excluded]
        self.fields["experts"].queryset = assigning.experts().filter(pk__in=allowed)


def assign(request, case_id):
    if not request.user.has_perm("cases.add_assignment"):
        raise PermissionDenied
    case = get_object_or_404(
        CasePage.objects.select_related("organization", "campaign"), pk=case_id
    )
    current = Assignment.objects.filter(case=case).select_related("expert", "review")
    form = AssignForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        created = 0
        for expert in form.cleaned_data["experts"]:
            item, new = Assignment.objects.get_or_create(
                case=case, expert=expert, defaults={"assigned_by": request.user}
            )
            if new:
                created += 1
                notifications.assignment(item)
        messages.success(request, f"已分配 {created} 位专家。")
        return redirect("cases_admin:assign", case.pk)
    context = {"case": case, "current": current, "form": form}
    return TemplateResponse(request, "cases/review/assign.html", context)


def auto_assign(request, campaign_id):
    """Give every case in 专家评审 its required number of experts, balancing the load."""
    if not request.user.has_perm("cases.add_assignment") or request.method != "POST":
        raise PermissionDenied
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    cases = [c for c in CasePage.objects.filter(campaign=campaign) if is_in_expert_review(c)]
    expert_list = list(assigning.experts())
    existing = set(Assignment.objects.filter(case__in=cases).values_list("case_id", "expert_id"))
    existing |= set(Assignment.objects.exclude(case__in=cases).values_list("case_id", "expert_id"))
    pairs = assigning.balance(
        [c.pk for c in cases],
        [e.pk for e in expert_list],
        campaign.reviews_required,
        excluded=assigning.excluded_pairs(cases, expert_list),
        existing=existing,
    )
    for case_id, expert_id in pairs:
        item = Assignment.objects.create(
            case_id=case_id, expert_id=expert_id, assigned_by=request.user
        )
        notifications.assignment(item)
    messages.success(request, f"已自动分配 {len(pairs)} 个评审任务。")
    return redirect("cases_admin:rankings", campaign.pk)
