"""Where a campaign stands in time: phases and the submission window (no database)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise

PAST, CURRENT, UPCOMING = "past", "current", "upcoming"


@dataclass(frozen=True)
class PhaseState:
    name: str
    starts_on: date
    ends_on: date | None
    state: str
    note: str = ""


def phase_state(starts_on, ends_on, today):
    """PAST, CURRENT or UPCOMING for a phase running from starts_on to ends_on inclusive."""
    if today < starts_on:
        return UPCOMING
    if ends_on is not None and today > ends_on:
        return PAST
    return CURRENT


def phase_states(phases, today):
    """Each phase (with name, starts_on, ends_on) with its state on the given day."""
    return [
        PhaseState(
            p.name,
            p.starts_on,
            p.ends_on,
            phase_state(p.starts_on, p.ends_on, today),
            getattr(p, "note", ""),
        )
        for p in phases
    ]


def submission_status(opens_at: datetime | None, deadline: datetime | None, now: datetime):
    """'not_open', 'open' or 'closed' for the submission window at the moment now."""
    if opens_at is not None and now < opens_at:
        return "not_open"
    if deadline is not None and now > deadline:
        return "closed"
    return "open"


def days_left(deadline: datetime | None, now: datetime):
    """Whole days until the deadline (0 on its last day), or None once it has passed."""
    if deadline is None or now > deadline:
        return None
    return (deadline.date() - now.date()).days


def seconds_until_change(moments, now: datetime):
    """Seconds from now (aware, local) until the next local midnight or the next of these
    moments (None skipped), whichever comes first: until then a page showing the
    window's state and the days left stays right. At least one second."""
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    upcoming = [m for m in moments if m is not None and m > now]
    change = min([midnight, *upcoming])
    return max(1, int((change - now).total_seconds()))


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def date_conflicts(phases, opens_on: date | None, deadline_on: date | None):
    """(field, message) for each way a campaign's dates contradict each other: phases
    (with name, starts_on, ends_on, in their listed order) ending before they start,
    out of order or overlapping, and a submission window outside the phases (a deadline
    moved alone would show days left beside phases that all say 已结束). field is
    "phases", "submission_opens_at" or "submission_deadline"."""
    found = []
    phases = [p for p in phases if p.starts_on is not None]
    for p in phases:
        if p.ends_on is not None and p.ends_on < p.starts_on:
            found.append(("phases", f"阶段“{p.name}”的结束日期早于开始日期。"))
    for before, after in pairwise(phases):
        if after.starts_on < before.starts_on:
            found.append(
                (
                    "phases",
                    f"阶段顺序不对：“{after.name}”（{_day(after.starts_on)}开始）排在"
                    f"“{before.name}”（{_day(before.starts_on)}开始）之后，请按时间先后排列。",
                )
            )
        elif before.ends_on is not None and after.starts_on <= before.ends_on:
            found.append(
                (
                    "phases",
                    f"阶段“{after.name}”在{_day(after.starts_on)}开始，"
                    f"上一阶段“{before.name}”到{_day(before.ends_on)}才结束，两个阶段重叠。",
                )
            )
    if not phases:
        return found
    first = min(p.starts_on for p in phases)
    ends = [p.ends_on for p in phases]
    last = None if None in ends else max(ends)
    for field, label, day in (
        ("submission_opens_at", "申报开始时间", opens_on),
        ("submission_deadline", "申报截止时间", deadline_on),
    ):
        if day is None:
            continue
        if day < first:
            found.append(
                (field, f"{label}（{_day(day)}）早于第一个活动阶段的开始日期（{_day(first)}）。")
            )
        elif last is not None and day > last:
            found.append(
                (
                    field,
                    f"{label}（{_day(day)}）晚于所有活动阶段的结束日期（{_day(last)}），"
                    "通知页会在各阶段都已结束时仍显示剩余天数。请同时调整活动阶段。",
                )
            )
    return found
