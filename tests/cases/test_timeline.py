"""Phase states, the submission window and days left: plain functions."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from cases import timeline

SH = ZoneInfo("Asia/Shanghai")


def phase(name, start, end):
    return SimpleNamespace(name=name, starts_on=start, ends_on=end)


def test_phase_states_around_a_day():
    phases = [
        phase("组织发动阶段", datetime.date(2016, 5, 1), datetime.date(2016, 5, 31)),
        phase("征集审稿阶段", datetime.date(2016, 6, 1), datetime.date(2016, 6, 30)),
        phase("汇编出版阶段", datetime.date(2016, 8, 1), None),
    ]
    states = timeline.phase_states(phases, datetime.date(2016, 6, 30))
    assert [s.state for s in states] == ["past", "current", "upcoming"]
    states = timeline.phase_states(phases, datetime.date(2016, 9, 1))
    assert [s.state for s in states] == ["past", "past", "current"]


def test_submission_window_edges():
    opens = datetime.datetime(2016, 6, 3, tzinfo=SH)
    deadline = datetime.datetime(2016, 6, 17, 23, 59, 59, tzinfo=SH)
    second = datetime.timedelta(seconds=1)
    assert timeline.submission_status(opens, deadline, opens - second) == "not_open"
    assert timeline.submission_status(opens, deadline, opens) == "open"
    assert timeline.submission_status(opens, deadline, deadline) == "open"
    assert timeline.submission_status(opens, deadline, deadline + second) == "closed"
    # The deadline is Shanghai time: 16:00 UTC on the 17th is already the 18th there.
    utc_after = datetime.datetime(2016, 6, 17, 16, 0, 0, tzinfo=datetime.UTC)
    assert timeline.submission_status(opens, deadline, utc_after) == "closed"


def test_days_left_counts_whole_calendar_days():
    deadline = datetime.datetime(2016, 6, 17, 23, 59, 59, tzinfo=SH)
    assert timeline.days_left(deadline, datetime.datetime(2016, 6, 17, 9, 0, tzinfo=SH)) == 0
    assert timeline.days_left(deadline, datetime.datetime(2016, 6, 3, 23, 0, tzinfo=SH)) == 14
    assert timeline.days_left(deadline, datetime.datetime(2016, 6, 18, 0, 0, tzinfo=SH)) is None
