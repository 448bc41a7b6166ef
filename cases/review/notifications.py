"""E-mails of the review: to the assigned expert, and to the applicant on a request for
changes and on the final decision. Nobody else is written to."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from cases.submission.status import status_token


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify_assignment(assignment):
    expert = assignment.expert
    if not expert.email:
        return
    case = assignment.case
    send_mail(
        subject=f"【评审任务】{case.submission_number} {case.title}",
        message=(
            f"{expert.get_full_name() or expert.get_username()}：\n\n"
            f"您有一个新的案例评审任务：{case.title}（{case.submission_number}）。\n"
            f"请登录后评审：{_absolute(reverse('cases_admin:review_case', args=[assignment.pk]))}\n"
        ),
        from_email=None,
        recipient_list=[expert.email],
    )


def _applicant_email(case):
    application = getattr(case, "application", None)
    return application.contact_email if application and application.contact_email else None


def _status_link(case):
    return _absolute(reverse("submission_status", args=[status_token(case)]))


def notify_changes_requested(case, comment):
    email = _applicant_email(case)
    if not email:
        return
    send_mail(
        subject=f"【需要修改】{case.submission_number} {case.title}",
        message=(
            f"您申报的案例“{case.title}”需要修改：\n\n{comment or '（见审稿意见）'}\n\n"
            f"查看进度：{_status_link(case)}\n"
        ),
        from_email=None,
        recipient_list=[email],
    )


def notify_decision(case, selected, note=""):
    email = _applicant_email(case)
    if not email:
        return
    outcome = "入选优秀案例，将收入案例库和优秀案例汇编" if selected else "未能入选"
    send_mail(
        subject=f"【评审结果】{case.submission_number} {case.title}",
        message=(
            f"您申报的案例“{case.title}”{outcome}。\n"
            + (f"\n意见：{note}\n" if note else "")
            + f"\n查看进度：{_status_link(case)}\n"
        ),
        from_email=None,
        recipient_list=[email],
    )
