"""The privacy check against two labelled corpora written before it was tuned (423
sentences of the project's own, 401 more from someone who had not read the check): every
kind of finding found (recall ≥ 0.95) without crying wolf (precision ≥ 0.95).

Before the extended corpus was used (commit 4ea6e2c), on both together, recall /
precision: names 0.900 / 0.941, landlines 0.803 / 0.760, mobiles 0.984 / 0.984, ID numbers
0.453 / 1.000, addresses 0.768 / 0.926 (a name or number counts only when found whole)."""

import pytest

from tests.cases.checks.privacy_eval import CORPORA, EXTENDED, ORIGINAL, evaluate, report

RECALL, PRECISION = 0.95, 0.95
KINDS = {"name", "mobile", "phone", "id_number", "email", "address"}


@pytest.mark.parametrize(
    "paths", [CORPORA, [ORIGINAL], [EXTENDED]], ids=["both", "original", "extended"]
)
def test_precision_and_recall_of_every_kind_of_finding(paths):
    figures, misses, false_alarms = evaluate(paths)
    print("\n".join(report(figures)))
    for kind, span, text in misses:
        print(f"missed {kind} {span!r} in {text[:60]!r}")
    for kind, found, text in false_alarms:
        print(f"false alarm {kind} {found!r} in {text[:60]!r}")
    assert set(figures) == KINDS
    for kind, (hits, found, labels) in figures.items():
        assert hits / labels >= RECALL, (kind, hits, labels)
        assert hits / found >= PRECISION, (kind, hits, found)


def test_the_corpora_are_the_labelled_ones():
    # Both files are used whole: 423 + 401 sentences, each with its labels.
    from tests.cases.checks.privacy_eval import load

    assert len(load([ORIGINAL])) == 423 and len(load([EXTENDED])) == 401
    assert all("text" in item and "findings" in item for item in load())
