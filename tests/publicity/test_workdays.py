"""The 公示 period counts working days as the State Council's calendar has them."""

import datetime

from publicity.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_weekends_and_national_day_are_not_counted():
    # Mon 28 Sep 2026: 28, 29, 30 Sep, then 1–7 Oct off (National Day, Mid-Autumn).
    assert add_working_days(D(2026, 9, 28), 5) == D(2026, 10, 9)
    assert not is_working_day(D(2026, 10, 1))
    assert not is_working_day(D(2026, 12, 12))  # a Saturday


def test_a_weekend_worked_in_exchange_counts():
    # 调休: Saturday 10 Oct 2026 is a working day, Sunday 20 Sep too.
    assert is_working_day(D(2026, 10, 10))
    assert is_working_day(D(2026, 9, 20))
    assert add_working_days(D(2026, 10, 9), 2) == D(2026, 10, 10)


def test_spring_festival_and_a_start_on_a_holiday():
    # 15–23 Feb 2026 off; Saturday 14 Feb worked in exchange.
    assert is_working_day(D(2026, 2, 14))
    # Starting on a day off, the count begins at the next working day.
    assert add_working_days(D(2026, 2, 16), 1) == D(2026, 2, 24)
    assert working_days_between(D(2026, 2, 16), D(2026, 2, 24)) == 1


def test_an_ordinary_week():
    assert add_working_days(D(2026, 12, 7), 5) == D(2026, 12, 11)
    assert add_working_days(D(2026, 12, 10), 5) == D(2026, 12, 16)
