"""Score aggregation for the expert review rankings: plain functions, no Django.

Every figure is a ``Decimal`` rounded half-up to two places, so what the rankings show,
sort by and export is exactly what was computed, without float drift.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

SELECT, REVISE, REJECT = "select", "revise", "reject"  # 入选, 修改后入选, 不入选
RECOMMENDATIONS = (SELECT, REVISE, REJECT)
RANK_KEYS = ("count", "mean", "median", "stdev", "spread")

CENT = Decimal("0.01")


def _cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value, what: str) -> Decimal:
    """An int or a finite Decimal as a Decimal; floats are refused (they drift)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{what} must be an int or a Decimal, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{what} is not a finite number: {value}")
    return value


@dataclass(frozen=True)
class Criterion:
    key: str  # stable id, e.g. "1" or "authentic"
    name: str  # 真实有效
    weight: Decimal  # relative weight, > 0
    max_score: int  # e.g. 10

    def __post_init__(self):
        if _decimal(self.weight, f"weight of {self.key!r}") <= 0:
            raise ValueError(f"weight of {self.key!r} must be > 0, got {self.weight}")
        if isinstance(self.max_score, bool) or not isinstance(self.max_score, int):
            raise TypeError(f"max_score of {self.key!r} must be an int")
        if self.max_score <= 0:
            raise ValueError(f"max_score of {self.key!r} must be > 0, got {self.max_score}")


@dataclass(frozen=True)
class Scorecard:
    """One expert's submitted review of one case."""

    scores: Mapping[str, Decimal | int]  # criterion key -> score (0..max_score)
    recommendation: str  # "select" (入选) | "revise" (修改后入选) | "reject" (不入选)

    def __post_init__(self):
        if self.recommendation not in RECOMMENDATIONS:
            raise ValueError(f"unknown recommendation: {self.recommendation!r}")


@dataclass(frozen=True)
class CaseStats:
    count: int  # number of scorecards
    totals: tuple[Decimal, ...]  # each scorecard's weighted total, in input order
    mean: Decimal | None  # of totals; None when count == 0
    median: Decimal | None
    stdev: Decimal | None  # population standard deviation of totals; 0 for one card
    spread: Decimal | None  # max − min of totals
    per_criterion: dict[str, Decimal]  # mean raw score per criterion key
    tally: dict[str, int]  # {"select": n, "revise": n, "reject": n}


def _checked_scores(scores: Mapping, criteria: Sequence[Criterion]) -> dict[str, Decimal]:
    """The scores by criterion key, each validated against its criterion."""
    keys = [criterion.key for criterion in criteria]
    if not keys:
        raise ValueError("no criteria")
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate criterion keys: {keys}")
    unknown = set(scores) - set(keys)
    if unknown:
        raise ValueError(f"scores for unknown criteria: {sorted(unknown)}")
    checked = {}
    for criterion in criteria:
        if criterion.key not in scores:
            raise ValueError(f"no score for {criterion.key!r} ({criterion.name})")
        score = _decimal(scores[criterion.key], f"score for {criterion.key!r}")
        if not 0 <= score <= criterion.max_score:
            raise ValueError(
                f"score {score} for {criterion.key!r} is outside 0..{criterion.max_score}"
            )
        checked[criterion.key] = score
    return checked


def weighted_total(scores: Mapping[str, Decimal | int], criteria: Sequence[Criterion]) -> Decimal:
    """100 × Σ(weight × score / max) / Σ weight, rounded half-up to two places."""
    checked = _checked_scores(scores, criteria)
    weighted = sum(Decimal(c.weight) * checked[c.key] / c.max_score for c in criteria)
    return _cents(100 * weighted / sum(Decimal(c.weight) for c in criteria))


def case_stats(cards: Sequence[Scorecard], criteria: Sequence[Criterion]) -> CaseStats:
    """The figures one row of the rankings shows for a case reviewed by ``cards``."""
    totals = tuple(weighted_total(card.scores, criteria) for card in cards)
    tally = dict.fromkeys(RECOMMENDATIONS, 0)
    for card in cards:
        tally[card.recommendation] += 1
    if not totals:
        return CaseStats(0, (), None, None, None, None, {}, tally)
    per_criterion = {
        c.key: _cents(sum(Decimal(card.scores[c.key]) for card in cards) / len(cards))
        for c in criteria
    }
    return CaseStats(
        count=len(totals),
        totals=totals,
        mean=_cents(sum(totals) / len(totals)),
        median=_cents(statistics.median(totals)),
        stdev=_cents(statistics.pstdev(totals)),
        spread=max(totals) - min(totals),
        per_criterion=per_criterion,
        tally=tally,
    )


def _stats_of(row) -> CaseStats:
    return row["stats"] if isinstance(row, Mapping) else row.stats


def rank(rows, key: str = "mean", descending: bool = True) -> list:
    """A new list of ``rows`` sorted by ``row.stats.<key>`` (or ``row["stats"]``).

    Rows without reviews (count 0, value None) come last in either direction. Ties go to
    more "select" recommendations, then to the lower stdev (agreement first), then
    keep their original order.
    """
    if key not in RANK_KEYS:
        raise ValueError(f"cannot rank by {key!r}; choose one of {RANK_KEYS}")

    def sort_key(row):
        stats = _stats_of(row)
        value = getattr(stats, key)
        missing = value is None or stats.count == 0
        return (
            missing,
            0 if missing else (-value if descending else value),
            -stats.tally.get(SELECT, 0),
            stats.stdev is None,
            stats.stdev or 0,
        )

    return sorted(rows, key=sort_key)


def histogram(values, bins: int = 10, lo=0, hi=100) -> list[tuple[Decimal, Decimal, int]]:
    """(from, to, count) for ``bins`` equal-width bins over [lo, hi]; the last is closed.

    Edges are rounded to two places and values are counted against the rounded edges,
    so a value always lands in the bin whose displayed range holds it. None values
    (cases without reviews) are skipped; values outside [lo, hi] raise ValueError.
    """
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins must be a positive int, got {bins!r}")
    lo, hi = _decimal(lo, "lo"), _decimal(hi, "hi")
    if hi <= lo:
        raise ValueError(f"hi ({hi}) must be greater than lo ({lo})")
    edges = [_cents(lo + (hi - lo) * i / bins) for i in range(bins + 1)]
    if any(a >= b for a, b in pairwise(edges)):
        raise ValueError(f"{bins} bins are too narrow for [{lo}, {hi}] at two decimals")
    counts = [0] * bins
    for value in values:
        if value is None:
            continue
        if not edges[0] <= value <= edges[-1]:
            raise ValueError(f"{value} is outside [{lo}, {hi}]")
        counts[min(bisect_right(edges, value) - 1, bins - 1)] += 1
    return [(edges[i], edges[i + 1], counts[i]) for i in range(bins)]
