"""A case's tags as the editor typed them, in that order (settings TAGGIT_TAGS_FROM_STRING
and TAGGIT_STRING_FROM_TAGS). taggit's own parser returns the names sorted, so the
keyword an applicant gives first, the case's main topic, was lost on the first save; the
search weighs a case's first tag as its topic (search/plan.py). Saved in this order, the
tags' rows (CasePageTag) keep it in their ids: taggit adds them in the order given."""

import re

# Quotes group an entry only around the whole of it (at the start or after a separator,
# ending at one or at the end): a quote inside a name (楼道"议事"会) is part of the name.
_QUOTED = re.compile(r'(?:^|(?<=[,，\s]))"([^"]*)"(?=[,，\s]|$)')
# A loose comma separates tags (the Chinese one too); without one, spaces do.
_COMMAS = re.compile(r"[,，]")


def parse_tags(text):
    """Tag names from what the tag field holds, in the order typed, each once: names in
    double quotes as they are (they may hold ASCII commas or spaces) but split at the
    Chinese comma; the rest split at commas if it has any, else at ASCII spaces (as taggit
    does: a full-width space, which Chinese input methods type, stays inside a name, since
    Wagtail's tag widget quotes a name only for an ASCII one). A quote within a name is
    kept; one left open at either end of a name is dropped. Linear in the text's length."""
    if not text:
        return []
    pieces = []  # (quoted, text) in the order typed
    position = 0
    for match in _QUOTED.finditer(text):
        pieces.append((False, text[position : match.start()]))
        pieces.append((True, match.group(1)))
        position = match.end()
    pieces.append((False, text[position:]))
    commas = any(not quoted and _COMMAS.search(piece) for quoted, piece in pieces)
    names = []
    for quoted, piece in pieces:
        if quoted:
            # Wagtail's tag widget quotes a whole entry that has a space ("邻里 互助，养老"
            # ended with Enter): its Chinese commas still separate tags, as everywhere else.
            names.extend(name.strip() for name in piece.split("，"))
        else:
            loose = _COMMAS.split(piece) if commas else piece.split(" ")
            # A quote left open (or closed without opening) only marks where an entry ends.
            names.extend(name.strip().strip('"').strip() for name in loose)
    return list(dict.fromkeys(name for name in names if name))


def edit_string(tags):
    """The tag field's text for these tags, in their order: what parse_tags reads back."""
    names = [tag.name for tag in tags]
    return ", ".join(f'"{name}"' if "," in name or " " in name else name for name in names)
