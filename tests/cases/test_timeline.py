"""Phase states, the submission window and days left: plain functions."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from cases.dates import timeline

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


def _conflicts(phases, opens=None, deadline=None):
    return timeline.date_conflicts(phases, opens, deadline)


D = datetime.date
PHASES_2016 = [
    phase("组织发动阶段", D(2016, 5, 1), D(2016, 5, 31)),
    phase("征集审稿阶段", D(2016, 6, 1), D(2016, 6, 30)),
    phase("汇编出版阶段", D(2016, 8, 1), D(2016, 9, 30)),
]


def test_the_notices_dates_agree():
    assert _conflicts(PHASES_2016, D(2016, 6, 3), D(2016, 6, 17)) == []
    # An open-ended last phase takes any later deadline.
    open_end = [*PHASES_2016[:2], phase("汇编出版阶段", D(2016, 8, 1), None)]
    assert _conflicts(open_end, None, D(2017, 1, 1)) == []


def test_a_deadline_moved_after_every_phase_ended():
    found = _conflicts(PHASES_2016, D(2016, 6, 3), D(2016, 11, 20))
    assert [field for field, _ in found] == ["submission_deadline"]
    assert (
        "申报截止时间（2016年11月20日）晚于所有活动阶段的结束日期（2016年9月30日）" in found[0][1]
    )


def test_a_window_before_the_first_phase():
    found = _conflicts(PHASES_2016, D(2016, 4, 1), D(2016, 4, 20))
    assert [field for field, _ in found] == ["submission_opens_at", "submission_deadline"]
    assert "早于第一个活动阶段的开始日期（2016年5月1日）" in found[1][1]


def test_phases_out_of_order_overlapping_or_reversed():
    shuffled = [PHASES_2016[1], PHASES_2016[0], PHASES_2016[2]]
    found = _conflicts(shuffled)
    assert found == [
        (
            "phases",
            "阶段顺序不对：“组织发动阶段”（2016年5月1日开始）排在“征集审稿阶段”（2016年6月1日开始）"
            "之后，请按时间先后排列。",
        )
    ]
    overlapping = [PHASES_2016[0], phase("征集审稿阶段", D(2016, 5, 20), D(2016, 6, 30))]
    assert "两个阶段重叠" in _conflicts(overlapping)[0][1]
    reversed_phase = [phase("组织发动阶段", D(2016, 5, 31), D(2016, 5, 1))]
    assert _conflicts(reversed_phase) == [("phases", "阶段“组织发动阶段”的结束日期早于开始日期。")]


def test_no_phases_no_conflict():
    assert _conflicts([], D(2016, 6, 3), D(2016, 6, 17)) == []
