"""Handing a late review to another expert (the overdue row's 改派, then one expert), or
giving the same expert more time (改期: a new due date)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from cases.mail.people import display_name
from cases.review import due
from cases.review.views import ExpertChoiceField


def _may_reassign(user):
    return user.has_perm("cases.add_assignment") and user.has_perm("cases.delete_assignment")


class DueDateForm(forms.Form):
    due_on = forms.DateField(
        label="新的评审截止日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请选择新的评审截止日期。", "invalid": "请输入有效的日期。"},
    )


def _day(value):
    return f"{value.year}年{value.month}月{value.day}日"


def _move_due_date(request, item, back):
    form = DueDateForm(request.POST)
    if form.is_valid():
        try:
            due.move_due_date(item, form.cleaned_data["due_on"])
        except due.DueDateRefused as refused:
            form.add_error("due_on", str(refused))
        else:
            messages.success(
                request,
                f"已将“{item.case.title}”的评审截止日期改为{_day(item.due_on)}，"
                f"已发邮件通知{display_name(item.expert)}。",
            )
            return redirect(back), form
    return None, form


def reassign(request, assignment_id):
    if not _may_reassign(request.user):
        raise PermissionDenied
    item = get_object_or_404(due.open_assignments(), pk=assignment_id)
    candidates = due.eligible_experts(item)
    label = ExpertChoiceField(queryset=None).label_from_instance
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not back.startswith("/admin/"):
        back = reverse("cases_assignment_modeladmin_index")
    due_form = DueDateForm(initial={"due_on": item.due_on})
    if request.method == "POST" and "due_on" in request.POST:
        done, due_form = _move_due_date(request, item, back)
        if done:
            return done
    elif request.method == "POST":
        chosen = {str(e.pk): e for e in candidates}.get(request.POST.get("expert", ""))
        if chosen is None:
            messages.error(request, "请选择一位可以评审此案例的专家。")
        else:
            new = due.reassign(item, chosen, request.user)
            messages.success(
                request,
                f"已将“{item.case.title}”改派给{display_name(chosen)}，"
                f"评审截止{_day(new.due_on)}，已发邮件通知。",
            )
            return redirect(back)
    context = {
        "item": item,
        "overdue_days": (timezone.localdate() - item.due_on).days
        if due.marked_overdue(item)
        else 0,
        "candidates": [(e, label(e)) for e in candidates],
        "back": back,
        "current": display_name(item.expert),
        "due_form": due_form,
    }
    return TemplateResponse(request, "cases/review/reassign.html", context)
