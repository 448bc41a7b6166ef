"""A campaign's figures: applications received by 篇, 街道, organisation type and 参与主体,
the selected cases, and for staff the review's progress per expert.

The public figures hold counts only, never a name, and pool the small groups: a street
or a type with fewer than SMALL_CELL applications, one of them not published, goes into
“其他”, unnamed, so that a lone applicant who was not selected cannot be picked out. A
group of published cases only is shown as it is: the library already shows each of them."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from cases.fields.enums import OrganizationKind, ParticipantType
from cases.models import Assignment, CaseCategory, CasePage

SMALL_CELL = 3
OTHERS = "其他"
UNKNOWN = "未填写"


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: tuple  # (label, count)
    pooled: int = 0  # how many groups went into 其他 (public figures only)


@dataclass
class Figures:
    campaign_title: str
    received: int
    selected: int
    breakdowns: list
    withdrawn: int = 0  # staff only
    experts: list = field(default_factory=list)  # staff only: ExpertProgress


@dataclass(frozen=True)
class ExpertProgress:
    name: str
    assigned: int
    submitted: int
    overdue: int

    @property
    def waiting(self):
        return self.assigned - self.submitted


def received_cases(campaign):
    """The campaign's submissions, a withdrawn one left out (it stays for the record)."""
    return CasePage.objects.filter(campaign=campaign).exclude(
        application__withdrawn_at__isnull=False
    )


def _pool(title, key, counter, unpublished, order=None):
    """Rows for the public: small groups holding an unpublished case pooled into 其他."""
    rows, pooled, pooled_count = [], 0, 0
    for label, count in _ordered(counter, order):
        small = count < SMALL_CELL and unpublished.get(label, 0) > 0
        if small or label in (UNKNOWN, OTHERS):
            if count:
                pooled += 1
                pooled_count += count
        else:
            rows.append((label, count))
    if pooled_count:
        rows.append((OTHERS, pooled_count))
    return Breakdown(key=key, title=title, rows=tuple(rows), pooled=pooled)


def _ordered(counter, order):
    if order is not None:  # a fixed vocabulary: every group, in its order, zeros too
        known = [(label, counter.get(label, 0)) for label in order]
        rest = [(label, n) for label, n in counter.items() if label not in order]
        return known + sorted(rest, key=lambda kv: (-kv[1], kv[0]))
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def campaign_figures(campaign, *, public, today=None):
    cases = received_cases(campaign)
    rows = list(
        cases.values_list(
            "category__name", "street", "organization__kind", "participant_type", "live"
        )
    )
    sections = list(
        CaseCategory.objects.order_by("sort_order", "pk").values_list("name", flat=True)
    )
    kinds = dict(OrganizationKind.choices)
    participants = dict(ParticipantType.choices)
    groups = {
        "section": lambda r: r[0],
        "street": lambda r: (r[1] or "").strip() or UNKNOWN,
        "kind": lambda r: kinds.get(r[2], UNKNOWN),
        "participant": lambda r: participants.get(r[3], UNKNOWN),
    }
    counters = {key: Counter(group(r) for r in rows) for key, group in groups.items()}
    unpublished = {
        key: Counter(group(r) for r in rows if not r[4]) for key, group in groups.items()
    }
    specs = [
        ("section", "按篇", sections),
        ("street", "按街道/镇", None),
        ("kind", "按单位类型", list(OrganizationKind.labels)),
        ("participant", "按参与主体", list(ParticipantType.labels)),
    ]
    breakdowns = []
    for key, title, order in specs:
        if public and key != "section":
            breakdowns.append(_pool(title, key, counters[key], unpublished[key], order))
        else:
            rows_ = tuple(_ordered(counters[key], order))
            breakdowns.append(Breakdown(key=key, title=title, rows=rows_))
    figures = Figures(
        campaign_title=campaign.title,
        received=len(rows),
        selected=cases.filter(decision__selected=True).count(),
        breakdowns=breakdowns,
    )
    if not public:
        figures.withdrawn = CasePage.objects.filter(
            campaign=campaign, application__withdrawn_at__isnull=False
        ).count()
        figures.experts = expert_progress(campaign, today)
    return figures


def expert_progress(campaign, today=None):
    """Per expert with cases of this campaign: assigned, submitted and overdue reviews."""
    today = today or timezone.localdate()
    rows = (
        Assignment.objects.filter(case__campaign=campaign)
        .values("expert", "expert__last_name", "expert__first_name", "expert__username")
        .annotate(
            assigned=Count("pk"),
            submitted=Count("review"),
            overdue=Count("pk", filter=Q(review__isnull=True, due_on__lt=today)),
        )
        .order_by("-overdue", "expert__last_name", "expert__first_name", "expert")
    )
    return [
        ExpertProgress(
            name=(f"{r['expert__last_name']}{r['expert__first_name']}" or r["expert__username"]),
            assigned=r["assigned"],
            submitted=r["submitted"],
            overdue=r["overdue"],
        )
        for r in rows
    ]
