"""A case's text, both ways: pasted text into body blocks, and a saved body read back as
paragraphs and plain text (for checks, search, print and the experts' view), with what
the automatic checks say of it.

Read from the StreamField's raw data: no image or page queries.
"""

import difflib
import re
from dataclasses import asdict
from html import unescape

from django.utils.html import escape, strip_tags
from wagtail.rich_text import RichText

from cases.checks import Finding, check_case, count_characters
from cases.models import CheckResult
from cases.text import structure

_BLOCK_END = re.compile(r"</(?:p|h\d|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


# --- text → body ----------------------------------------------------------------------


def paragraphs(text):
    """Paragraphs of pasted text: Word pastes one line per paragraph."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def body_from_text(text, headings=()):
    """Blocks of pasted text: subheadings (by their look, or named in ``headings``, as a
    Word heading style marks them) become heading blocks, the rest paragraphs. A mapping
    {line: level 1–4} (the Word import, which read styles, bold and numbering) decides
    alone: 1 → h2 … 4 → h5."""
    blocks = []
    decided = isinstance(headings, dict)
    for line in paragraphs(text):
        # A line Word's heading style marks is a heading whatever it looks like; its
        # numbering still tells the level (（一） under 一、).
        if decided:
            level = f"h{headings[line] + 1}" if line in headings else None
        else:
            level = structure.heading_level(line) or ("h2" if line in headings else None)
        if level:
            blocks.append(("heading", {"text": line[:120], "level": level}))
        else:
            blocks.append(("paragraph", RichText(f"<p>{escape(line)}</p>")))
    return blocks


def summary_from_text(text):
    return structure.summary(paragraphs(text))


# --- body → text ----------------------------------------------------------------------


def _lines(html):
    text = unescape(strip_tags(_BLOCK_END.sub("\n", html or "")))
    return [line.strip() for line in text.splitlines() if line.strip()]


_RICH_BLOCK = re.compile(r"<(h[23]|p|li|blockquote)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)


def _rich_text_parts(html):
    """("heading" | "paragraph", text) per line of a rich text paragraph block: a line the
    editor turned into a subheading in place (h2, h3) is a heading."""
    matches = list(_RICH_BLOCK.finditer(html or ""))
    if not matches:
        return [("paragraph", line) for line in _lines(html)]
    parts = []
    for match in matches:
        kind = "heading" if match.group(1).lower() in ("h2", "h3") else "paragraph"
        parts += [(kind, line) for line in _lines(match.group(2))]
    return parts


def _text(value, key):
    return str(value.get(key) or "").strip()


def _items(raw):
    # ListBlock raw data: new style [{"type": "item", "value": …}] or old style [value].
    return [item.get("value", item) if "type" in item else item for item in raw or []]


def body_blocks(case):
    """(kind, value) per paragraph of the body, as designed blocks keep them:
    "heading", "paragraph" (text), "quote" ({"text", "attribution"}), "figures"
    ([(value, label)]), "image" ({"image": id, "caption"})."""
    parts = []
    for block in case.body.raw_data:
        kind, value = block["type"], block["value"] or {}
        if kind == "heading":
            parts.append(("heading", _text(value, "text")))
        elif kind == "paragraph":
            parts.extend(_rich_text_parts(value))
        elif kind == "quotation" and _text(value, "text"):
            quote = {"text": _text(value, "text"), "attribution": _text(value, "attribution")}
            parts.append(("quote", quote))
        elif kind == "key_figures":
            items = [(_text(i, "value"), _text(i, "label")) for i in _items(value.get("items"))]
            parts.append(("figures", [(v, label) for v, label in items if v or label]))
        elif kind == "image":
            parts.append(("image", value))
    return [(kind, value) for kind, value in parts if value]


def body_parts(case):
    """(kind, value) per paragraph of the body, as plain text: kind is "heading",
    "paragraph", "quote" or "image" (value: {"image": id, "caption"}); a quotation reads
    with its attribution, each key figure as a paragraph."""
    parts = []
    for kind, value in body_blocks(case):
        if kind == "quote":
            by = value["attribution"]
            parts.append(("quote", value["text"] + (f"——{by}" if by else "")))
        elif kind == "figures":
            parts += [("paragraph", f"{v} {label}".strip()) for v, label in value]
        else:
            parts.append((kind, value))
    return parts


def case_text(case) -> str:
    """The case text as the applicant wrote it: one paragraph a line, captions left out."""
    return "\n".join(value for kind, value in body_parts(case) if kind != "image")


def record_findings(case, revision_id=None):
    """Check the case as it stands (a revision's object, or the page) and store the
    findings for that revision (by default its latest). Returns the stored result."""
    text = case_text(case)
    result, _ = CheckResult.objects.update_or_create(
        case_id=case.pk,
        defaults={
            "revision_id": revision_id or case.latest_revision_id,
            "length": count_characters(text),
            "findings": [asdict(finding) for finding in case_findings(case, text=text)],
        },
    )
    return result


def stored_findings(case):
    """(length, findings) of the case's latest revision, checked once and kept: read
    with select_related("check_result"), a listing checks nothing on a page view."""
    result = getattr(case, "check_result", None)
    if result is None or result.revision_id != case.latest_revision_id:
        result = record_findings(case)
    return result.length, [Finding(**data) for data in result.findings]


def case_findings(case, campaign=None, text=None):
    """Every automatic check against the campaign's rules. Photos come from case.photos
    (prefetch them with their images to check many cases in constant queries)."""
    campaign = campaign or case.campaign
    text = case_text(case) if text is None else text
    sizes = [(photo.image.width, photo.image.height) for photo in case.photos.all()]
    return check_case(text, sizes, campaign.check_rules() if campaign is not None else None)


# --- what a revision changes ---------------------------------------------------------


def text_of(case) -> str:
    """Title, summary and body of a case revision as one text, a line per paragraph, and
    its tags in their order on a last line: the first is the case's main topic for the
    search, so a 勘误 that only reorders them changes something and says so."""
    lines = [case.title, case.summary or ""]
    lines += [value for kind, value in body_parts(case) if kind != "image"]
    if names := tag_names(case):
        lines.append("标签：" + "、".join(names))
    return "\n".join(lines)


def tag_names(case) -> list[str]:
    """The tags of a case or of a revision's copy of it, in the order given: a revision
    holds them in memory as the form left them; saved, their rows' ids keep the order
    (cases/fields/tags.py)."""
    items = case.tagged.all()
    if not getattr(case.tagged, "is_deferring", False):
        items = items.select_related("tag").order_by("pk")
    return [item.tag.name for item in items]


def changed_characters(before: str, after: str) -> int:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def diff_lines(before: str, after: str) -> list[tuple[str, str]]:
    """("-", line) removed, ("+", line) added: what the correction changes."""
    out = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line[:2] in ("- ", "+ "):
            out.append((line[0], line[2:]))
    return out
