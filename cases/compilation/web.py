"""The web edition of a compilation: its contents linking to each case, and the download."""

from cases.compilation.contents import book_sections


def web_edition(page):
    edition = page.current_edition()
    folios = edition.folios if edition else {}
    sections = []
    for section in book_sections(page):
        entries = [
            {"case": case, "url": case.url, "folio": folios.get(str(case.pk))}
            for case in section.cases
        ]
        sections.append({"title": section.title, "intro": section.intro, "entries": entries})
    return {
        "edition": edition,
        "sections": sections,
        "case_total": sum(len(s["entries"]) for s in sections),
        "preface": [line for line in page.preface.splitlines() if line.strip()],
        "postscript": [line for line in page.postscript.splitlines() if line.strip()],
    }
