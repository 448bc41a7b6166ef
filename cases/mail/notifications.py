"""Every e-mail the portal sends, in Chinese, and how it is sent.

Each message is rendered at once (templates/cases/email/) and handed to a background
task when the transaction that caused it commits: a slow, failing or unreachable mail
server never blocks a request, never rolls back a submission or a decision, and a
rolled-back action sends nothing. A failed send is retried later where the task backend
can defer (db_worker); recipients' addresses never go to the log.

Wagtail's own workflow e-mails (English, sent inside the transition) are switched off
in portal/apps.py; the notices to a step's group and to the requester replace them.
"""

import logging
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.users.models import UserProfile

from cases.mail.links import absolute, status_url
from cases.mail.people import display_name

logger = logging.getLogger("cases.mail")
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))


@task()
def send_email(subject, body, recipients, attempt=0):
    try:
        send_mail(subject, body, None, recipients)
    except OSError as error:  # smtplib's errors, refused connections and time-outs
        backend = send_email.get_backend()
        if attempt < len(RETRY_DELAYS) and backend.supports_defer:
            later = timezone.now() + RETRY_DELAYS[attempt]
            send_email.using(run_after=later).enqueue(subject, body, recipients, attempt + 1)
            logger.warning("E-mail “%s” not sent (%s); retrying at %s", subject, error, later)
            return
        logger.error("E-mail “%s” not sent after %d attempts: %s", subject, attempt + 1, error)
        raise


def _send(subject, template, context, recipients):
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    body = render_to_string(template, context).strip() + "\n"
    transaction.on_commit(lambda: send_email.enqueue(subject, body, recipients))


def _title(case):
    """The case's title as it now reads: a case under review changes in its revisions
    (an applicant's online revision too), its row keeps the title until publication."""
    return case.title if case.live else (case.draft_title or case.title)


def _case_subject(tag, case):
    return f"【{tag}】{case.submission_number} {_title(case)}".strip()


def _applicant_email(case):
    application = getattr(case, "application", None)
    return application.contact_email if application is not None else ""


# --- to applicants ----------------------------------------------------------------------


def receipt(case):
    application = getattr(case, "application", None)
    agent = application.submitted_by if application is not None else None
    _send(
        _case_subject("申报回执", case),
        "cases/email/receipt.txt",
        {"case": case, "campaign": case.campaign, "status_url": status_url(case)},
        [_applicant_email(case), agent.email if agent is not None else ""],
    )


def revision_receipt(case, fields, step="", previous_email=""):
    """The applicant's revision went back into the review: what was received, under its
    new title. An address changed in the revision hears of it at both."""
    application = getattr(case, "application", None)
    agent = application.submitted_by if application is not None else None
    title = _title(case)
    context = {
        "case": case,
        "title": title,
        "campaign": case.campaign,
        "fields": fields,
        "step": step,
        "received": timezone.localtime(),
        "status_url": status_url(case),
    }
    _send(
        _case_subject("修改稿回执", case),
        "cases/email/revision_receipt.txt",
        context,
        [_applicant_email(case), previous_email, agent.email if agent is not None else ""],
    )


def draft_saved(draft, campaign, link):
    _draft_mail("申报草稿", "cases/email/draft_saved.txt", draft, campaign, link)


def draft_reminder(draft, campaign, link):
    _draft_mail("申报即将截止", "cases/email/draft_reminder.txt", draft, campaign, link)


# A web address in typed text: with a scheme, after www., or a bare domain name.
_LINK = re.compile(
    r"(?i)(?:[a-z][a-z0-9+.-]*://|www\.)\S*"
    r"|(?<![a-z0-9-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![a-z0-9-])(?:[/:?#]\S*)?"
)
DRAFT_TITLE_MAX = 120  # the form's own limit for a title


def typed_title(text):
    """A title anyone could have typed, as a mail may quote it: one line, no web
    addresses, no longer than the form allows."""
    title = " ".join(_LINK.sub(" ", str(text or "")).split())
    if len(title) > DRAFT_TITLE_MAX:
        title = title[: DRAFT_TITLE_MAX - 1] + "…"
    return title or "未命名草稿"


def _draft_mail(tag, template, draft, campaign, link):
    # A draft's address is whatever was typed: the subject carries no typed text and the
    # body quotes the title only as typed_title() leaves it.
    title = typed_title(draft.data.get("title"))
    context = {"draft": draft, "title": title, "campaign": campaign, "link": link}
    _send(f"【{tag}】{campaign.nav_title}", template, context, [draft.email])


def status_links(email, cases):
    """找回申报链接: the status links of the cases applied for with this address."""
    items = [{"case": case, "url": status_url(case)} for case in cases]
    _send("【找回申报链接】申报进度链接", "cases/email/status_links.txt", {"items": items}, [email])


def changes_requested(case, comment):
    _send(
        _case_subject("需要修改", case),
        "cases/email/changes_requested.txt",
        {"case": case, "title": _title(case), "comment": comment, "status_url": status_url(case)},
        [_applicant_email(case)],
    )


def decision(case, selected, note="", in_book=False):
    _send(
        _case_subject("评审结果", case),
        "cases/email/decision.txt",
        {
            "case": case,
            "selected": selected,
            "in_book": in_book,  # cases/review/selection.py: whether the book prints it
            "note": note,
            "status_url": status_url(case),
        },
        [_applicant_email(case)],
    )


# --- to staff and experts ---------------------------------------------------------------


def _to_expert(item, tag, template, **context):
    """A mail about one assignment to its expert (if still active), with the case, the
    due date and the link to the review form."""
    expert = item.expert
    if not expert.is_active:
        return
    url = absolute(reverse("cases_admin:review_case", args=[item.pk]))
    context = {"name": display_name(expert), "case": item.case, "url": url, **context}
    _send(
        _case_subject(tag, item.case),
        template,
        {"due_on": item.due_on, **context},
        [expert.email],
    )


def assignment(item):
    _to_expert(item, "评审任务", "cases/email/assignment.txt")


def due_date_moved(item, old_due_on):
    """To an expert whose due date staff moved (改期)."""
    _to_expert(item, "评审期限调整", "cases/email/due_date_moved.txt", old_due_on=old_due_on)


def review_reminder(item, kind, days_left):
    """To an expert whose review is due in a few days ("before") or today ("due")."""
    _to_expert(
        item,
        "评审今日到期" if kind == "due" else "评审即将到期",
        "cases/email/review_reminder.txt",
        due_today=kind == "due",
        days_left=days_left,
    )


def _wanting(users, preference, exclude=None):
    """Active users with an address who keep this kind of notice on (their profile)."""
    return [
        user
        for user in users
        if user.is_active
        and user.email
        and user != exclude
        and getattr(UserProfile.get_for_user(user), preference)
    ]


def step_waiting(task_state, user=None):
    """A case reached a step its group acts on (形式审查, 复核修改, 终审)."""
    task = task_state.task.specific
    page = task_state.workflow_state.content_object.specific
    members = get_user_model().objects.filter(groups__in=task.groups.all()).distinct()
    url = absolute(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    for member in _wanting(members, "submitted_notifications", exclude=user):
        _send(
            _case_subject(f"待{task.name}", page),
            "cases/email/step_waiting.txt",
            {"name": display_name(member), "case": page, "step": task.name, "url": url},
            [member.email],
        )


def workflow_outcome(workflow_state, approved, user=None):
    """The staff member who put the case into the review hears how it ended or where
    it was sent back (applicants are told by decision and changes_requested)."""
    requester = workflow_state.requested_by
    preference = "approved_notifications" if approved else "rejected_notifications"
    if requester is None or not _wanting([requester], preference, exclude=user):
        return
    page = workflow_state.content_object.specific
    task_state = workflow_state.current_task_state
    context = {
        "name": display_name(requester),
        "case": page,
        "approved": approved,
        "step": task_state.task.name if task_state else "",
        "comment": task_state.comment if task_state and not approved else "",
        "url": absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    tag = "审稿通过" if approved else "退回修改"
    _send(_case_subject(tag, page), "cases/email/workflow_outcome.txt", context, [requester.email])
