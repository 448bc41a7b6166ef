"""Case endings counted as paginate.py lays them out, in every page size of the demo
book: no case ends on a page of photos alone where a remedy avoids it (a row moved
back, set smaller within SHRINK_STEPS, or pulled up a line). The built PDFs are checked
page by page in test_preflight.py."""

from types import SimpleNamespace

import pytest

from cases.compilation import book as printed
from cases.compilation import paginate
from cases.compilation.layout import GEOMETRIES
from cases.models import CompilationPage

pytestmark = pytest.mark.django_db


def measured(case):
    blocks = []
    for i, block in enumerate(case.blocks):
        if block.kind == "row":
            blocks.append(paginate.Block("row", block.lines, space=int(not block.pulled)))
        else:
            kind = printed.MEASURED_AS[block.kind]
            space = int(block.kind in ("heading", "figures") and i > 0)
            lines = block.line_total if hasattr(block, "line_total") else block.lines
            blocks.append(paginate.Block(kind, lines, space=space))
    return blocks


def test_no_demo_case_ends_on_photos_alone(demo):
    page = CompilationPage.objects.get(slug="compilation")
    for size in ("a4", "b5", "16k"):
        _check_endings(page, GEOMETRIES[size], size)


def _check_endings(page, geometry, size):
    remedies, cases = [], 0
    for section in page.sections():
        for source in section.cases:
            case = printed.layout_case(source, geometry)
            plan = paginate.run(measured(case), geometry.lines, case.head_lines)
            assert not plan.bare_last, (size, source.title)
            rows = [b for b in case.blocks if b.kind == "row"]
            column = geometry.photo_columns_em * geometry.em_mm
            widest = max((p.width_mm for r in rows for p in r.photos), default=column)
            if any(r.pulled for r in rows) or widest < column - 0.1:
                remedies.append(source.title)
                # Never smaller than the last shrink step allows.
                assert widest >= column * printed.SHRINK_STEPS[-1] - 0.1
            cases += 1
    assert cases == 21
    print(size, "cases shrunk or pulled:", remedies)


def _photos():
    image = SimpleNamespace(width=1200, height=800)
    return [printed.Photo(image, "社区议事会现场"), printed.Photo(image, "居民参与投票")]


def _tight_case(geometry, short_of):
    """One paragraph that leaves the full-size photo row `short_of` lines short of room
    on the case's first page: placed as it is, the row would stand alone on page two."""
    head = 4
    full = printed._rows(_photos(), geometry)[0].lines
    text = [paginate.Block("text", geometry.lines - head - full - 1 + short_of)]
    return text, head, full


@pytest.mark.parametrize("size", ["a4", "b5", "16k"])
def test_a_row_that_would_stand_alone_is_set_smaller(size):
    geometry = GEOMETRIES[size]
    text, head, full = _tight_case(geometry, short_of=1)
    rows, positions = printed._ending(_photos(), text, geometry, head)
    (row,) = rows
    assert row.lines < full and not row.pulled
    column = geometry.photo_columns_em * geometry.em_mm
    scale = max(p.width_mm for p in row.photos) / column
    assert printed.SHRINK_STEPS[-1] - 0.01 <= scale < 1, scale
    measured_row = paginate.Block("row", row.lines, space=1)
    plan = paginate.run(paginate.with_rows(text, [measured_row], positions), geometry.lines, head)
    assert plan.pages == 1 and not plan.bare_last


def test_without_shrinking_the_row_is_pulled_up_a_line(monkeypatch):
    geometry = GEOMETRIES["b5"]
    monkeypatch.setattr(printed, "SHRINK_STEPS", (1.0,))
    text, head, full = _tight_case(geometry, short_of=1)
    (row,), _ = printed._ending(_photos(), text, geometry, head)
    assert row.pulled and row.lines == full
    # Two lines short: no remedy within the rules, the row goes on alone.
    text, head, full = _tight_case(geometry, short_of=2)
    (row,), _ = printed._ending(_photos(), text, geometry, head)
    assert not row.pulled and row.lines == full
