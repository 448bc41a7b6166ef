"""The bridge between saved reviews and the pure aggregation: criteria, cards, stats."""

from collections import defaultdict

from cases.models import Review, ReviewCriterion
from cases.models.review import DEFAULT_CRITERIA
from cases.review.aggregation import Criterion, Scorecard, case_stats, weighted_total


def ensure_criteria(campaign):
    """The campaign's criteria, creating the notice's defaults the first time."""
    criteria = list(ReviewCriterion.objects.filter(campaign=campaign))
    if not criteria:
        criteria = ReviewCriterion.objects.bulk_create(
            ReviewCriterion(
                campaign=campaign,
                name=name,
                weight=weight,
                max_score=top,
                description=text,
                sort_order=order,
            )
            for order, (name, weight, top, text) in enumerate(DEFAULT_CRITERIA)
        )
    return criteria


def as_criteria(rows):
    return [Criterion(str(r.pk), r.name, r.weight, r.max_score) for r in rows]


def total_for(scores, criteria_rows):
    return weighted_total(scores, as_criteria(criteria_rows))


def stats_by_case(cases, criteria_rows):
    """{case id: CaseStats} for the given cases, in two queries."""
    criteria = as_criteria(criteria_rows)
    cards = defaultdict(list)
    reviews = Review.objects.filter(assignment__case__in=cases).select_related("assignment")
    for review in reviews.order_by("submitted_at", "pk"):
        cards[review.assignment.case_id].append(
            Scorecard(dict(review.scores), review.recommendation)
        )
    return {case.pk: case_stats(cards[case.pk], criteria) for case in cases}
