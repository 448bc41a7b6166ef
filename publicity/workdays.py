"""Working days as a Chinese public notice counts them: Monday to Friday, less the
official public holidays, plus the weekend days worked in exchange (调休), from the
maintained `holidays` package's calendar for China."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _calendar(year):
    return holidays.China(years=year)


def is_working_day(day: datetime.date) -> bool:
    return _calendar(day.year).is_working_day(day)


def holiday_name(day: datetime.date) -> str:
    """The holiday's name as the calendar gives it, or "" (for tests and messages)."""
    return _calendar(day.year).get(day) or ""


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The date of the count-th working day from start on, start included when it is one."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day, seen = start, 0
    while True:
        if is_working_day(day):
            seen += 1
            if seen == count:
                return day
        day += datetime.timedelta(days=1)


def working_days_between(first: datetime.date, last: datetime.date) -> int:
    """Working days from first to last, both included."""
    days = (last - first).days + 1
    return sum(is_working_day(first + datetime.timedelta(days=i)) for i in range(max(days, 0)))
