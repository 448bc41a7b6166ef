"""勘误: an editor publishes a small correction to a published case (a typo, a wrong
date) with a required note, without sending it through the review again. The change is
the case's latest draft revision; the note goes to the page history; experts' reviews
stay as they were. A larger change goes through the review workflow as before."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.log_actions import log

from cases.models import CasePage
from cases.text.content import changed_characters, diff_lines, text_of

ACTION = "cases.correction"
MAX_CHANGED = 300  # characters; more is an edit for the review, not a correction


def refusal(case, changed: int) -> str:
    """Why this correction cannot be published now, or "" when it can (edit rights are
    checked before: the view refuses anyone who may not edit the case)."""
    if not case.live:
        return "案例尚未发布：未发布的案例请走评审流程。"
    if case.workflow_in_progress:
        return "案例正在评审流程中，请在流程中修改。"
    if not case.has_unpublished_changes:
        return "没有未发布的修改：请先在编辑页修改并“保存草稿”。"
    if changed > MAX_CHANGED:
        return f"这次修改改动了 {changed} 个字，超过勘误上限 {MAX_CHANGED} 字，请提交评审流程。"
    return ""


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label="勘误说明",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="改了什么、为什么改，例如“更正错别字：‘业委会’误作‘业委员’”。记入页面历史。",
    )


def correction(request, page_id):
    case = get_object_or_404(CasePage, pk=page_id)
    if not case.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    live = CasePage.objects.get(pk=case.pk)  # the published version, as the public sees it
    draft = case.get_latest_revision_as_object()
    before, after = text_of(live), text_of(draft)
    changed = changed_characters(before, after)
    why_not = refusal(case, changed)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and not why_not and form.is_valid():
        with transaction.atomic():
            revision = case.get_latest_revision()
            # Editors may not publish cases (only 终审 does, cases/rules/permissions.py); a
            # correction is the one exception, checked above by refusal().
            revision.publish(user=request.user, log_action=True, skip_permission_checks=True)
            log(
                case,
                ACTION,
                user=request.user,
                revision=revision,
                data={"note": form.cleaned_data["note"], "changed": changed},
            )
        messages.success(request, f"勘误已发布：{case.title}")
        return redirect(reverse("wagtailadmin_pages:history", args=[case.pk]))
    context = {
        "case": case,
        "form": form,
        "refusal": why_not,
        "changed": changed,
        "limit": MAX_CHANGED,
        "diff": diff_lines(before, after),
    }
    return TemplateResponse(request, "cases/admin/correction.html", context)
