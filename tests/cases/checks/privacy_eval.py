"""Precision and recall of the privacy check on a labelled corpus written, before any
tuning, by someone who had not read the check (tests/cases/checks/data/)."""

import json
from collections import Counter
from pathlib import Path

from cases.checks import check_privacy

CORPUS = Path(__file__).with_name("data") / "privacy_corpus.json"
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


def _same(found, span):
    """A finding matches a label of its kind when one holds the other (an address may be
    found from its 弄 while the label starts at the road)."""
    found, span = _norm(found), _norm(span)
    return found in span or span in found


def evaluate():
    """{kind: (true positives, findings, labels)} and the misses and false alarms."""
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
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
                    if k == kind and i not in matched and _same(found, s)
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
