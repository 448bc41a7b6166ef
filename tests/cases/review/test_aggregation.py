"""Score aggregation against values computed by hand (working in the comments)."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from cases.review.aggregation import (
    CaseStats,
    Criterion,
    Scorecard,
    case_stats,
    histogram,
    rank,
    weighted_total,
)

# The notice's criteria plus readability: Σ weight = 3 + 3 + 3 + 1 = 10.
CRITERIA = (
    Criterion("authentic", "真实有效", D(3), 10),
    Criterion("typical", "经验典型", D(3), 10),
    Criterion("recognised", "社会认同", D(3), 10),
    Criterion("readable", "可读性", D(1), 10),
)


def card(authentic, typical, recognised, readable, recommendation="select"):
    scores = dict(
        zip([c.key for c in CRITERIA], [authentic, typical, recognised, readable], strict=True)
    )
    return Scorecard(scores, recommendation)


# A: 100 × (3×0.8 + 3×0.7 + 3×0.9 + 1×0.6) / 10 = 100 × (2.4+2.1+2.7+0.6) / 10 = 78.00
A = card(8, 7, 9, 6, "select")
# B: 100 × (3×0.9 + 3×0.9 + 3×0.8 + 1×0.7) / 10 = 100 × (2.7+2.7+2.4+0.7) / 10 = 85.00
B = card(9, 9, 8, 7, "select")
# C: 100 × (3×0.6 + 3×0.5 + 3×0.7 + 1×0.9) / 10 = 100 × (1.8+1.5+2.1+0.9) / 10 = 63.00
C = card(6, 5, 7, 9, "revise")
# D: 100 × (3×0.4 + 3×0.5 + 3×0.3 + 1×0.8) / 10 = 100 × (1.2+1.5+0.9+0.8) / 10 = 44.00
D_ = card(4, 5, 3, 8, "reject")


# weighted_total ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scorecard", "expected"),
    [(A, "78.00"), (B, "85.00"), (C, "63.00"), (D_, "44.00")],
)
def test_weighted_total_of_the_hand_computed_cards(scorecard, expected):
    total = weighted_total(scorecard.scores, CRITERIA)
    assert total == D(expected)
    assert str(total) == expected  # always two decimals, as displayed


def test_weighted_total_bounds():
    # All zeros → 0.00; all maxima → 100 × 10 / 10 = 100.00
    assert str(weighted_total(card(0, 0, 0, 0).scores, CRITERIA)) == "0.00"
    assert str(weighted_total(card(10, 10, 10, 10).scores, CRITERIA)) == "100.00"


def test_weighted_total_with_unequal_maxima_and_fractional_weights():
    # Σ weight = 0.35 + 0.35 + 0.2 + 0.1 = 1.00; effect and writing are out of 5.
    criteria = (
        Criterion("content", "内容", D("0.35"), 10),
        Criterion("method", "方法", D("0.35"), 10),
        Criterion("effect", "成效", D("0.2"), 5),
        Criterion("writing", "文字", D("0.1"), 5),
    )
    # 100 × (0.35×7/10 + 0.35×8/10 + 0.2×3/5 + 0.1×4/5) / 1.00
    # = 100 × (0.245 + 0.28 + 0.12 + 0.08) = 72.50
    scores = {"content": 7, "method": 8, "effect": 3, "writing": 4}
    assert weighted_total(scores, criteria) == D("72.50")


def test_weighted_total_divides_by_the_sum_of_fractional_weights():
    # Σ weight = 0.35 + 0.15 = 0.5: 100 × (0.35×10/10 + 0.15×0/5) / 0.5 = 35 / 0.5 = 70.00
    criteria = (Criterion("a", "甲", D("0.35"), 10), Criterion("b", "乙", D("0.15"), 5))
    assert weighted_total({"a": 10, "b": 0}, criteria) == D("70.00")


def test_weighted_total_rounds_a_repeating_decimal():
    # 100 × (0.35×1/3 + 0.65×5/10) / 1.00 = 100 × (0.11666… + 0.325) = 44.1666… → 44.17
    criteria = (Criterion("a", "甲", D("0.35"), 3), Criterion("b", "乙", D("0.65"), 10))
    assert weighted_total({"a": 1, "b": 5}, criteria) == D("44.17")


def test_weighted_total_rounds_half_up():
    # 100 × (1×1/8 + 3×2/10) / 4 = 100 × 0.725 / 4 = 18.125 → 18.13 (half-even would give 18.12)
    criteria = (Criterion("a", "甲", D(1), 8), Criterion("b", "乙", D(3), 10))
    assert weighted_total({"a": 1, "b": 2}, criteria) == D("18.13")


def test_weighted_total_accepts_decimal_scores():
    # Half points: 100 × (3×0.85 + 3×0.7 + 3×0.9 + 1×0.6) / 10 = 100 × 7.95 / 10 = 79.50
    assert weighted_total(card(D("8.5"), 7, 9, 6).scores, CRITERIA) == D("79.50")


@pytest.mark.parametrize(
    "scores",
    [
        {"authentic": 8, "typical": 7, "recognised": 9},  # readable missing
        {"authentic": -1, "typical": 7, "recognised": 9, "readable": 6},
        {"authentic": 11, "typical": 7, "recognised": 9, "readable": 6},
        {"authentic": D("10.01"), "typical": 7, "recognised": 9, "readable": 6},
        {"authentic": D("NaN"), "typical": 7, "recognised": 9, "readable": 6},
        {"authentic": 8, "typical": 7, "recognised": 9, "readable": 6, "extra": 1},
    ],
    ids=["missing", "negative", "above-max", "just-above-max", "nan", "unknown-criterion"],
)
def test_invalid_scores_raise_value_error(scores):
    with pytest.raises(ValueError):
        weighted_total(scores, CRITERIA)


def test_a_score_out_of_range_for_a_max_of_5():
    criteria = (Criterion("a", "甲", D(1), 10), Criterion("b", "乙", D(1), 5))
    # 100 × (1×10/10 + 1×5/5) / 2 = 100.00: 5 is allowed, 6 is not.
    assert weighted_total({"a": 10, "b": 5}, criteria) == D("100.00")
    with pytest.raises(ValueError, match=r"outside 0\.\.5"):
        weighted_total({"a": 10, "b": 6}, criteria)


def test_float_scores_are_refused():
    with pytest.raises(TypeError):
        weighted_total(card(8.5, 7, 9, 6).scores, CRITERIA)


def test_criteria_must_be_usable():
    with pytest.raises(ValueError):
        weighted_total({}, ())
    with pytest.raises(ValueError, match="duplicate"):
        weighted_total({"a": 1}, (Criterion("a", "甲", D(1), 10), Criterion("a", "乙", D(1), 10)))
    with pytest.raises(ValueError):
        Criterion("a", "甲", D(0), 10)
    with pytest.raises(ValueError):
        Criterion("a", "甲", D("-0.35"), 10)
    with pytest.raises(ValueError):
        Criterion("a", "甲", D(1), 0)


def test_unknown_recommendation_is_refused():
    with pytest.raises(ValueError):
        Scorecard({"authentic": 1}, "maybe")


# case_stats ---------------------------------------------------------------------------


def test_case_stats_of_three_cards():
    stats = case_stats([A, B, C], CRITERIA)
    assert stats.count == 3
    assert stats.totals == (D("78.00"), D("85.00"), D("63.00"))  # input order
    # mean = (78 + 85 + 63) / 3 = 226 / 3 = 75.333… → 75.33
    assert stats.mean == D("75.33")
    # median of 63, 78, 85 = 78.00
    assert stats.median == D("78.00")
    # pstdev: Σx² − (Σx)²/n = (6084 + 7225 + 3969) − 226²/3 = 17278 − 17025.333… = 758/3;
    # variance = 758/9 = 84.222…; √84.222… = 9.1773 → 9.18
    assert stats.stdev == D("9.18")
    # spread = 85 − 63 = 22.00
    assert stats.spread == D("22.00")
    # authentic (8+9+6)/3 = 7.666… → 7.67; typical (7+9+5)/3 = 7.00;
    # recognised (9+8+7)/3 = 8.00; readable (6+7+9)/3 = 7.333… → 7.33
    assert stats.per_criterion == {
        "authentic": D("7.67"),
        "typical": D("7.00"),
        "recognised": D("8.00"),
        "readable": D("7.33"),
    }
    assert stats.tally == {"select": 2, "revise": 1, "reject": 0}


def test_case_stats_of_four_cards_has_an_even_median():
    stats = case_stats([A, B, C, D_], CRITERIA)
    assert stats.totals == (D("78.00"), D("85.00"), D("63.00"), D("44.00"))
    # mean = (78 + 85 + 63 + 44) / 4 = 270 / 4 = 67.50
    assert stats.mean == D("67.50")
    # median of 44, 63, 78, 85 = (63 + 78) / 2 = 70.50
    assert stats.median == D("70.50")
    # deviations from 67.5: 10.5, 17.5, −4.5, −23.5; squares 110.25 + 306.25 + 20.25 + 552.25
    # = 989; variance = 989 / 4 = 247.25; √247.25 = 15.7242… → 15.72
    assert stats.stdev == D("15.72")
    # spread = 85 − 44 = 41.00
    assert stats.spread == D("41.00")
    # authentic 27/4 = 6.75; typical 26/4 = 6.50; recognised 27/4 = 6.75; readable 30/4 = 7.50
    assert stats.per_criterion == {
        "authentic": D("6.75"),
        "typical": D("6.50"),
        "recognised": D("6.75"),
        "readable": D("7.50"),
    }
    assert stats.tally == {"select": 2, "revise": 1, "reject": 1}


def test_case_stats_round_half_up():
    # One criterion out of 100, so totals are the scores: 78.00 and 85.01.
    criteria = (Criterion("a", "甲", D(1), 100),)
    stats = case_stats(
        [Scorecard({"a": 78}, "select"), Scorecard({"a": D("85.01")}, "reject")], criteria
    )
    # mean = median = (78 + 85.01) / 2 = 81.505 → 81.51 (half-even would give 81.50)
    assert stats.mean == D("81.51")
    assert stats.median == D("81.51")
    # pstdev of two values = half their distance = 7.01 / 2 = 3.505 → 3.51
    assert stats.stdev == D("3.51")
    assert stats.spread == D("7.01")
    assert stats.per_criterion == {"a": D("81.51")}


def test_case_stats_of_one_card():
    stats = case_stats([A], CRITERIA)
    assert stats == CaseStats(
        count=1,
        totals=(D("78.00"),),
        mean=D("78.00"),
        median=D("78.00"),
        stdev=D("0.00"),
        spread=D("0.00"),
        per_criterion={
            "authentic": D("8.00"),
            "typical": D("7.00"),
            "recognised": D("9.00"),
            "readable": D("6.00"),
        },
        tally={"select": 1, "revise": 0, "reject": 0},
    )
    assert str(stats.stdev) == "0.00"


def test_case_stats_of_no_cards():
    assert case_stats([], CRITERIA) == CaseStats(
        count=0,
        totals=(),
        mean=None,
        median=None,
        stdev=None,
        spread=None,
        per_criterion={},
        tally={"select": 0, "revise": 0, "reject": 0},
    )


def test_case_stats_refuses_an_invalid_card():
    with pytest.raises(ValueError):
        case_stats([A, card(8, 7, 9, 11)], CRITERIA)


# rank -----------------------------------------------------------------------------------


def stats(mean, *, select=0, stdev="0", count=3):
    if mean is None:
        return case_stats([], CRITERIA)
    tally = {"select": select, "revise": count - select, "reject": 0}
    return CaseStats(count, (), D(mean), D(mean), D(stdev), D(0), {}, tally)


def names(rows):
    return [row["name"] if isinstance(row, dict) else row.name for row in rows]


def test_rank_by_mean_descending_puts_unreviewed_last():
    rows = [
        {"name": "70", "stats": stats("70.00")},
        {"name": "none", "stats": stats(None)},
        {"name": "85", "stats": stats("85.00")},
        {"name": "78", "stats": stats("78.00")},
    ]
    assert names(rank(rows)) == ["85", "78", "70", "none"]
    # Ascending, the unreviewed case still comes last.
    assert names(rank(rows, descending=False)) == ["70", "78", "85", "none"]


def test_rank_returns_a_new_list_and_leaves_the_input_alone():
    rows = [{"name": "a", "stats": stats("1")}, {"name": "b", "stats": stats("2")}]
    ranked = rank(rows)
    assert ranked is not rows
    assert names(rows) == ["a", "b"]
    assert names(ranked) == ["b", "a"]


def test_rank_ties_go_to_more_selects_then_lower_stdev_then_input_order():
    rows = [
        SimpleNamespace(name="X", stats=stats("80.00", select=1, stdev="2")),
        SimpleNamespace(name="Y", stats=stats("80.00", select=2, stdev="5")),
        SimpleNamespace(name="Z", stats=stats("80.00", select=2, stdev="3")),
        SimpleNamespace(name="W", stats=stats("80.00", select=2, stdev="3")),
        SimpleNamespace(name="top", stats=stats("90.00", select=0, stdev="9")),
    ]
    # select 2 (Y, Z, W) before select 1 (X); among them stdev 3 (Z, W) before 5 (Y);
    # Z before W as given.
    assert names(rank(rows)) == ["top", "Z", "W", "Y", "X"]
    # The tie-breakers do not flip with the direction.
    assert names(rank(rows, descending=False)) == ["Z", "W", "Y", "X", "top"]


def test_rank_keeps_unreviewed_cases_in_input_order():
    rows = [
        {"name": "n1", "stats": stats(None)},
        {"name": "n2", "stats": stats(None)},
        {"name": "r", "stats": stats("50.00")},
    ]
    assert names(rank(rows)) == ["r", "n1", "n2"]


def test_rank_by_stdev_ascending_puts_agreement_first():
    rows = [
        {"name": "split", "stats": stats("80.00", stdev="15.72")},
        {"name": "none", "stats": stats(None)},
        {"name": "agreed", "stats": stats("70.00", stdev="1.50")},
    ]
    assert names(rank(rows, key="stdev", descending=False)) == ["agreed", "split", "none"]


def test_rank_by_count_puts_unreviewed_last_even_ascending():
    rows = [
        {"name": "none", "stats": stats(None)},
        {"name": "five", "stats": stats("60.00", count=5)},
        {"name": "two", "stats": stats("60.00", count=2)},
    ]
    assert names(rank(rows, key="count")) == ["five", "two", "none"]
    assert names(rank(rows, key="count", descending=False)) == ["two", "five", "none"]


def test_rank_by_an_unknown_key_raises():
    with pytest.raises(ValueError):
        rank([], key="tally")


# histogram ------------------------------------------------------------------------------


def test_histogram_edges_and_the_closed_last_bin():
    values = [D(0), D("9.99"), D(10), D(55), D("99.99"), D(100)]
    result = histogram(values)
    # Ten bins of width 10: [0,10) holds 0 and 9.99; [10,20) holds 10; [50,60) holds 55;
    # [90,100] holds 99.99 and 100.
    assert result == [
        (D(0), D(10), 2),
        (D(10), D(20), 1),
        (D(20), D(30), 0),
        (D(30), D(40), 0),
        (D(40), D(50), 0),
        (D(50), D(60), 1),
        (D(60), D(70), 0),
        (D(70), D(80), 0),
        (D(80), D(90), 0),
        (D(90), D(100), 2),
    ]
    assert sum(count for _, _, count in result) == len(values)


def test_histogram_of_case_totals():
    # Totals 78, 85, 63, 44 in five bins of 20: [40,60) 44, [60,80) 63 and 78, [80,100] 85.
    totals = case_stats([A, B, C, D_], CRITERIA).totals
    assert [count for _, _, count in histogram(totals, bins=5)] == [0, 0, 1, 2, 1]


def test_histogram_counts_against_the_displayed_edges():
    # 100 / 3 = 33.333… → edge 33.33; 200 / 3 = 66.666… → edge 66.67
    result = histogram([D("33.32"), D("33.33"), D("66.66"), D("66.67")], bins=3)
    assert result == [
        (D(0), D("33.33"), 1),
        (D("33.33"), D("66.67"), 2),
        (D("66.67"), D(100), 1),
    ]


def test_histogram_over_another_range_skips_none():
    # Raw scores 0..5 in 5 bins of 1: [0,1) 0; [1,2) 1.5; [4,5] 4 and 5.
    result = histogram([0, D("1.5"), None, 4, 5], bins=5, lo=0, hi=5)
    assert [count for _, _, count in result] == [1, 1, 0, 0, 2]


def test_histogram_of_nothing_has_empty_bins():
    assert histogram([], bins=2) == [(D(0), D(50), 0), (D(50), D(100), 0)]


@pytest.mark.parametrize(
    ("values", "kwargs"),
    [
        ([D("-0.01")], {}),
        ([D("100.01")], {}),
        ([], {"bins": 0}),
        ([], {"lo": 100, "hi": 100}),
        ([], {"bins": 100000}),  # 0.001 wide: the bins collapse at two decimals
    ],
    ids=["below", "above", "no-bins", "empty-range", "too-narrow"],
)
def test_histogram_refuses_bad_input(values, kwargs):
    with pytest.raises(ValueError):
        histogram(values, **kwargs)
