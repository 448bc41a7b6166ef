"""Handing a late review to another expert: the overdue row's 改派, then one expert."""

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


def reassign(request, assignment_id):
    if not _may_reassign(request.user):
        raise PermissionDenied
    item = get_object_or_404(due.open_assignments(), pk=assignment_id)
    candidates = due.eligible_experts(item)
    label = ExpertChoiceField(queryset=None).label_from_instance
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not back.startswith("/admin/"):
        back = reverse("cases_assignment_modeladmin_index")
    if request.method == "POST":
        chosen = {str(e.pk): e for e in candidates}.get(request.POST.get("expert", ""))
        if chosen is None:
            messages.error(request, "请选择一位可以评审此案例的专家。")
        else:
            new = due.reassign(item, chosen, request.user)
            day = f"{new.due_on.year}年{new.due_on.month}月{new.due_on.day}日"
            messages.success(
                request,
                f"已将“{item.case.title}”改派给{display_name(chosen)}，评审截止{day}，已发邮件通知。",
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
    }
    return TemplateResponse(request, "cases/review/reassign.html", context)
