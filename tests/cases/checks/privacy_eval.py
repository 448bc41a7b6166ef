"""Precision and recall of the privacy check on labelled corpora written, before any
tuning, by people who had not read the check (tests/cases/checks/data/): the project's
own, and one extended with what the first missed or took for names (compound surnames,
plain lists of names, prefixed phone numbers, grouped ID numbers, rooms without a street,
job titles and place names). Neither is edited to suit the check.

    python -m tests.cases.checks.privacy_eval   # figures, misses and false alarms
"""

import json
from collections import Counter
from pathlib import Path

from cases.checks import check_privacy

DATA = Path(__file__).with_name("data")
ORIGINAL = DATA / "privacy_corpus.json"
EXTENDED = DATA / "privacy_corpus_extended.json"
CORPORA = (ORIGINAL, EXTENDED)
KINDS = {
    "privacy.name": "name",
    "privacy.mobile": "mobile",
    "privacy.phone": "phone",
    "privacy.id_number": "id_number",
    "privacy.email": "email",
    "privacy.address": "address",
}


def _norm(text):
    return "".join(text.split())


def _same(kind, found, span):
    """A finding matches a label of its kind when they are the same text (spaces aside);
    an address may also be found from its building while the label starts at the road
    or the estate (彭浦新村112号303室), so one may hold the other."""
    found, span = _norm(found), _norm(span)
    if kind == "address":
        return found in span or span in found
    return found == span


def load(paths=CORPORA):
    return [item for path in paths for item in json.loads(path.read_text(encoding="utf-8"))]


def evaluate(paths=CORPORA):
    """{kind: (true positives, findings, labels)} and the misses and false alarms."""
    corpus = load(paths)
    tp, found_n, label_n = Counter(), Counter(), Counter()
    misses, false_alarms = [], []
    for item in corpus:
        labels = list({(f["kind"], f["span"]) for f in item["findings"]})
        findings = [(KINDS[f.code], f.found) for f in check_privacy(item["text"])]
        for kind, _ in labels:
            label_n[kind] += 1
        for kind, _ in findings:
            found_n[kind] += 1
        matched = set()
        for kind, found in findings:
            hit = next(
                (
                    i
                    for i, (k, s) in enumerate(labels)
                    if k == kind and i not in matched and _same(kind, found, s)
                ),
                None,
            )
            if hit is None:
                false_alarms.append((kind, found, item["text"]))
            else:
                matched.add(hit)
                tp[kind] += 1
        misses += [(k, s, item["text"]) for i, (k, s) in enumerate(labels) if i not in matched]
    figures = {k: (tp[k], found_n[k], label_n[k]) for k in sorted(set(label_n) | set(found_n))}
    return figures, misses, false_alarms


def report(figures):
    lines = []
    for kind, (hits, found, labels) in figures.items():
        precision = hits / found if found else 1.0
        recall = hits / labels if labels else 1.0
        lines.append(
            f"{kind}: precision={precision:.3f} recall={recall:.3f} ({hits}/{found}/{labels})"
        )
    return lines


if __name__ == "__main__":
    for name, paths in (("original", [ORIGINAL]), ("extended", [EXTENDED]), ("both", CORPORA)):
        figures, misses, false_alarms = evaluate(paths)
        print(f"== {name}")
        print("\n".join(report(figures)))
    for kind, span, text in misses:
        print(f"missed {kind} {span!r} in {text[:60]!r}")
    for kind, found, text in false_alarms:
        print(f"false alarm {kind} {found!r} in {text[:60]!r}")
