"""A saved case read back as text and checked against its campaign's rules.

Shared by the page editor's check panel, the admin listings and the staff exports.
"""

import re
from html import unescape

from django.utils.html import strip_tags

from cases.checks import PhotoRules, check_length, check_photo, check_photo_count, check_privacy

_BLOCK_END = re.compile(r"</(?:p|h\d|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _lines(html):
    text = unescape(strip_tags(_BLOCK_END.sub("\n", html or "")))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _text(value, key):
    return str(value.get(key) or "").strip()


def _items(raw):
    # ListBlock raw data: new style [{"type": "item", "value": …}] or old style [value].
    return [item.get("value", item) if "type" in item else item for item in raw or []]


def body_parts(case):
    """(kind, value) per paragraph of the body, read from raw data: no image queries.

    kind is "heading", "paragraph", "quote" or "image" (value: {"image": id, "caption"}).
    """
    parts = []
    for block in case.body.raw_data:
        kind, value = block["type"], block["value"] or {}
        if kind == "heading":
            parts.append(("heading", _text(value, "text")))
        elif kind == "paragraph":
            parts.extend(("paragraph", line) for line in _lines(value))
        elif kind == "quotation":
            by = _text(value, "attribution")
            parts.append(("quote", _text(value, "text") + (f"——{by}" if by else "")))
        elif kind == "key_figures":
            for item in _items(value.get("items")):
                figure = f"{_text(item, 'value')} {_text(item, 'label')}"
                parts.append(("paragraph", figure.strip()))
        elif kind == "image":
            parts.append(("image", value))
    return [(kind, value) for kind, value in parts if value]


def case_text(case) -> str:
    """The case text as the applicant wrote it: one paragraph a line, captions left out."""
    return "\n".join(value for kind, value in body_parts(case) if kind != "image")


def _length_rules(campaign):
    if campaign is None:
        return {}
    return {"target": campaign.target_length, "tolerance_pct": campaign.length_tolerance}


def case_checks(case, campaign=None, text=None):
    """Every automatic check against the campaign's rules. Photos come from case.photos
    (prefetch them with their images to check many cases in constant queries)."""
    campaign = campaign or case.campaign
    text = case_text(case) if text is None else text
    rules = campaign.photo_rules() if campaign is not None else PhotoRules()
    photos = list(case.photos.all())
    findings = [*check_length(text, **_length_rules(campaign))]
    findings += check_photo_count(len(photos), rules)
    for i, photo in enumerate(photos, start=1):
        findings += check_photo(photo.image.width, photo.image.height, rules, f"photos.{i}")
    return findings + check_privacy(text)
