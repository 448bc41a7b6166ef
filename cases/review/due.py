"""Review due dates: reminders to experts, overdue assignments, reassignment."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.dates.due_dates import (
    is_overdue,
    new_due_on_problem,
    reassigned_due_on,
    reminder_kind,
)
from cases.mail import notifications
from cases.mail.people import display_name
from cases.models import Assignment
from cases.review import assignment as assigning

# The column that records each kind of reminder, so that each goes once.
SENT_FIELD = {"before": "reminded_before_at", "due": "reminded_due_at"}


def open_assignments():
    """Assignments still waiting for their review, with what the listings show."""
    return Assignment.objects.filter(review__isnull=True).select_related("case__campaign", "expert")


def overdue_assignments(today=None):
    today = today or timezone.localdate()
    return open_assignments().filter(due_on__lt=today).order_by("due_on", "pk")


def overdue_list(campaign=None, today=None):
    """Overdue assignments (of one campaign), each with the expert's name as staff read it."""
    items = overdue_assignments(today)
    if campaign is not None:
        items = items.filter(case__campaign=campaign)
    items = list(items)
    for item in items:
        item.expert_name = display_name(item.expert)
    return items


def marked_overdue(item, today=None):
    done = hasattr(item, "review") and item.review is not None
    return is_overdue(item.due_on, today or timezone.localdate(), done)


def send_reminders(today=None):
    """E-mail each expert whose due date is near (the campaign's days before) or today;
    each kind once per assignment, recorded before the mail is queued. Returns the number
    sent."""
    today = today or timezone.localdate()
    sent = 0
    candidates = (
        open_assignments()
        .filter(due_on__gte=today)
        .filter(Q(reminded_before_at__isnull=True) | Q(reminded_due_at__isnull=True))
    )
    for item in candidates.order_by("pk"):
        days = item.case.campaign.review_reminder_days if item.case.campaign_id else 3
        kind = reminder_kind(item.due_on, today, days)
        if kind is None or getattr(item, SENT_FIELD[kind]) is not None:
            continue
        with transaction.atomic():
            # Claimed in the database: two runs at once send it once.
            claimed = Assignment.objects.filter(
                pk=item.pk, **{f"{SENT_FIELD[kind]}__isnull": True}
            ).update(**{SENT_FIELD[kind]: timezone.now()})
            if not claimed:
                continue
            notifications.review_reminder(item, kind, (item.due_on - today).days)
        sent += 1
    return sent


def eligible_experts(item):
    """Experts who may take over the case: allowed for it and not already on it."""
    expert_list = list(assigning.experts().exclude(pk=item.expert_id))
    on_case = set(Assignment.objects.filter(case=item.case).values_list("expert_id", flat=True))
    excluded = {e for _, e in assigning.excluded_pairs([item.case], expert_list)}
    return [e for e in expert_list if e.pk not in excluded and e.pk not in on_case]


@transaction.atomic
def reassign(item, expert, user=None, today=None):
    """Hand a case still waiting for this expert's review to another: the old assignment
    goes, the new one gets a fresh due date and the new expert an e-mail."""
    today = today or timezone.localdate()
    new = Assignment.objects.create(
        case=item.case,
        expert=expert,
        assigned_by=user,
        due_on=reassigned_due_on(item.due_on, today),
    )
    item.delete()
    notifications.assignment(new)
    return new


class DueDateRefused(ValueError):
    pass


@transaction.atomic
def move_due_date(item, new_due_on, today=None):
    """Give the expert a new due date (改期): the reminders go again for it, and the
    expert hears of the change."""
    problem = new_due_on_problem(new_due_on, item.due_on, today or timezone.localdate())
    if problem:
        raise DueDateRefused(problem)
    old = item.due_on
    item.due_on = new_due_on
    item.reminded_before_at = item.reminded_due_at = None
    item.save(update_fields=["due_on", "reminded_before_at", "reminded_due_at"])
    notifications.due_date_moved(item, old)
    return item
