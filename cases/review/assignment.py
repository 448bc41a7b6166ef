"""Which experts may review which cases, and a balanced automatic assignment."""

from collections import Counter

from django.contrib.auth import get_user_model

from cases.models import Conflict, ExpertReviewTask


def experts():
    """Active users in the groups of the expert review step (whatever they are called)."""
    tasks = ExpertReviewTask.objects.filter(active=True)
    return (
        get_user_model()
        .objects.filter(groups__expertreviewtask__in=tasks, is_active=True)
        .distinct()
        .select_related("expert_profile__organization")
        .order_by("pk")
    )


def excluded_pairs(cases, expert_list):
    """(case id, expert id) pairs that must never be assigned: the expert's own
    organisation, or a declared conflict with the applicant organisation."""
    conflicts = set(
        Conflict.objects.filter(expert__in=expert_list).values_list("expert_id", "organization_id")
    )
    own = {
        e.pk: getattr(getattr(e, "expert_profile", None), "organization_id", None)
        for e in expert_list
    }
    return {
        (case.pk, expert.pk)
        for case in cases
        for expert in expert_list
        if own[expert.pk] == case.organization_id or (expert.pk, case.organization_id) in conflicts
    }


def balance(case_ids, expert_ids, per_case, excluded=(), existing=()):
    """New (case id, expert id) pairs giving each case up to per_case experts, always
    picking the least-loaded allowed expert (ties: lowest id). A plain function."""
    excluded = set(excluded)
    taken = set(existing)
    load = Counter(expert for _, expert in taken)
    pairs = []
    for case in case_ids:
        have = sum(1 for c, _ in taken if c == case)
        candidates = [e for e in expert_ids if (case, e) not in excluded and (case, e) not in taken]
        for expert in sorted(candidates, key=lambda e: (load[e], e))[: max(per_case - have, 0)]:
            pairs.append((case, expert))
            taken.add((case, expert))
            load[expert] += 1
    return pairs


def may_assign(case, expert):
    return (case.pk, expert.pk) not in excluded_pairs([case], [expert])
