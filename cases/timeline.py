"""Where a campaign stands in time: phases and the submission window (no database)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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
