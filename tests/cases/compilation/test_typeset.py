"""Chinese line breaking (typeset.py) and page planning (paginate.py): no database."""

import itertools
import re

import pytest

from cases.compilation import paginate
from cases.compilation.layout import GEOMETRIES, pixels_for
from cases.compilation.metrics import text_width
from cases.compilation.typeset import (
    CLOSING,
    JOIN,
    NO_END,
    NO_START,
    OPENING,
    break_paragraph,
    markup,
    title_line_count,
)

TEXT = (
    "2011年以来，新家园小区业委会与物业公司之间矛盾不断，居民“老娘舅”周励力（化名）"
    "多次出面调解。小区共有88个门栋、1200余户居民，其中60岁以上老人占35.5%。在街道的"
    "支持下，“红色物业”项目于2014年正式启动——居民自治……终于见效。"
) * 4


def test_full_lines_fill_the_block_exactly_and_the_first_is_indented():
    lines = break_paragraph(TEXT, 40)
    assert len(lines) > 5
    for number, line in enumerate(lines[:-1]):
        capacity = 38 if number == 0 else 40
        glyphs = len(line.text)
        # Advance of the glyphs (a mark set at half width, half), plus the spacing
        # between them (not after the last).
        advance = text_width(line.text) - sum(text_width(line.text[i]) / 2 for i in line.halves)
        assert advance + line.spacing_em * (glyphs - 1) == pytest.approx(capacity, abs=1e-3)
        assert line.full
    assert not lines[-1].full and lines[-1].spacing_em == 0
    assert "".join(line.text for line in lines) == TEXT


def test_adjacent_marks_are_set_at_half_width_and_titles_lose_spaces_before_quotes():
    (line,) = break_paragraph("他说：“好的”，（甲）。", 40)
    halved = [line.text[i] for i in line.halves]
    assert halved == ["：", "”", "，", "）"]  # ：“ ”， ，（ ）。: the first of each pair
    (line,) = break_paragraph("（“甲”）", 40, indent=0)
    assert [line.text[i] for i in line.halves] == ["“", "”"]  # both open: the second
    assert '<span class="h">：</span>' in break_paragraph("说：“好”", 40)[0].markup
    (title,) = break_paragraph("助餐点 “家门口”  服务", 40, indent=0)
    assert title.text == "助餐点“家门口”服务" or title.text == "助餐点“家门口” 服务"
    assert "点 “" not in title.text


def test_a_paragraph_never_ends_on_one_character():
    text = "字" * (38 + 40 + 1)  # greedy: 38, 40, then one character alone
    lines = break_paragraph(text, 40)
    assert [len(line.text) for line in lines] == [38, 39, 2]
    assert lines[1].full and lines[1].spacing_em > 0  # spread a little, flush again
    with_mark = break_paragraph("字" * (38 + 40) + "字。", 40)
    assert len(with_mark[-1].text) >= 3  # two characters, the mark aside


def test_a_closing_mark_is_taken_in_at_half_width_rather_than_pushing_a_line_down():
    taken_in = []
    for chars in range(30, 41):
        for line, after in itertools.pairwise(break_paragraph(TEXT, chars)):
            last = len(line.text) - 1
            paired = after.text[0] in OPENING | CLOSING  # halved as one of a pair instead
            if line.text[last] in NO_START and last in line.halves and not paired:
                taken_in.append(line)
    # Digits are narrower than an em: some lines end half an em short of a mark that
    # would otherwise go down with the character before it, spreading the line.
    assert taken_in
    # What is left to spread is under half an em (pushing the last character down would
    # have left at least one).
    assert all(line.spacing_em * (len(line.text) - 1) < 0.5 for line in taken_in)


def test_no_closing_punctuation_starts_a_line_and_no_opening_one_ends_it():
    for chars in (33, 36, 38, 40):
        lines = break_paragraph(TEXT, chars)
        assert all(line.text[0] not in NO_START for line in lines[1:])
        assert all(line.text[-1] not in NO_END for line in lines[:-1])


def test_numbers_and_paired_marks_are_never_split():
    lines = break_paragraph(TEXT, 40)
    ends = [(a.text[-1], b.text[0]) for a, b in itertools.pairwise(lines)]
    assert not [pair for pair in ends if pair[0].isdigit() and pair[1] in "0123456789.%"]
    assert not [pair for pair in ends if pair in {("—", "—"), ("…", "…")}]


def test_a_line_that_needs_no_stretching_has_no_spacing():
    lines = break_paragraph("社" * 85, 40)
    assert [len(line.text) for line in lines] == [38, 40, 7]
    assert [line.spacing_em for line in lines] == [0, 0, 0]


def test_text_block_is_whole_characters_by_whole_lines_on_every_page_size():
    for geometry in GEOMETRIES.values():
        assert geometry.block_width_mm == pytest.approx(geometry.chars * geometry.em_mm)
        assert geometry.margin_side_mm > 15 and geometry.margin_bottom_mm > 15
        total = geometry.margin_top_mm + geometry.block_height_mm + geometry.margin_bottom_mm
        assert total == pytest.approx(geometry.height_mm - 0.2)  # 0.2 mm of slack
    assert pixels_for(25.4) == 300 and pixels_for(72.23) == 854


T, H = (lambda n: paginate.Block("text", n)), paginate.Block("heading", 1)


def test_paragraphs_split_with_two_lines_on_each_side():
    # 10 lines free: a 9-line paragraph fits, then a 5-line one splits 1/4 → moves.
    assert paginate.simulate([T(9), T(5)], 10) == (2, 1)
    # 3 lines free, paragraph of 4: 2 + 2, one line left empty (no widow).
    assert paginate.simulate([T(7), T(4)], 10) == (2, 1)
    assert paginate.simulate([T(6), T(4)], 10) == (1, 0)
    # 2 lines free, paragraph of 3: 2 + 1 leaves a widow, 1 + 2 an orphan: it moves.
    assert paginate.simulate([T(8), T(3)], 10) == (2, 2)


def test_a_heading_never_ends_a_page():
    assert paginate.simulate([T(8), H, T(4)], 10) == (2, 2)  # heading + 1 line: no
    assert paginate.simulate([T(7), H, T(4)], 10) == (2, 0)  # heading + 2 lines: yes


def test_photo_rows_go_where_they_fit_instead_of_leaving_a_gap():
    text = [T(6), T(6), T(6), T(6), T(6), T(6)]
    row = paginate.Block("row", 12)
    # At the end the row would leave 28 - 36 % 38 lines empty; placed earlier it fits.
    at_end = paginate.simulate(paginate.with_rows(text, [row], [6]), 38, 4)
    chosen = paginate.place_rows(text, [row], 38, 4)
    planned = paginate.simulate(paginate.with_rows(text, [row], chosen), 38, 4)
    assert planned[0] <= at_end[0]
    assert planned[1] < at_end[1] or planned == at_end
    assert paginate.place_rows(text, [], 38, 4) == []


def test_rows_stay_in_order_and_never_follow_a_heading():
    text = [T(3), H, T(20), T(3), H, T(10)]
    rows = [paginate.Block("row", 12), paginate.Block("row", 11)]
    positions = paginate.place_rows(text, rows, 38, 4)
    assert positions == sorted(positions)
    assert all(text[p - 1].kind == "text" for p in positions)
    blocks = paginate.with_rows(text, rows, positions)
    assert [b.lines for b in blocks if b.kind == "row"] == [12, 11]


def test_the_blank_line_above_a_heading_counts_except_at_the_top_of_a_page():
    spaced = paginate.Block("heading", 1, space=1)
    assert paginate.simulate([T(5), spaced, T(3)], 10) == (1, 0)
    # No room for the space, the heading and two lines: all move, the space is dropped.
    assert paginate.simulate([T(6), spaced, T(3)], 10) == (2, 4)
    # A long paragraph can split: the heading, its space and two lines stay.
    assert paginate.simulate([T(6), spaced, T(9)], 10) == (2, 0)


def test_a_title_breaks_between_words_only():
    html = markup("静安区社会力量参与社区治理优秀案例汇编：“家门口”的服务")
    text = re.sub(r"<[^>]+>", "", html)
    # A word joiner between two characters of a word; none (a break allowed) between words.
    words = re.sub(f"(?<=[^{JOIN}])(?=[^{JOIN}])", "|", text).replace(JOIN, "").split("|")
    assert "".join(words) == "静安区社会力量参与社区治理优秀案例汇编：“家门口”的服务"
    assert "案例" in words and "优秀案" not in "|".join(words)  # never 优秀案｜例
    assert '<span class="h">：</span>' in html  # ：“ compressed, inside its word


def test_a_title_takes_the_lines_it_takes_when_broken_between_words():
    title = "静安区社会力量参与社区治理优秀案例汇编"  # 19 characters, 7 words
    assert title_line_count(title, 19) == 1
    # 17 a line: 优秀 ends the first line (静安区…治理优秀 is 15), 案例汇编 the second.
    assert title_line_count(title, 17) == 2
    assert title_line_count(title, 4) >= 5  # 社会力量, 社区治理 … a word a line


def test_key_figures_take_the_last_two_lines_of_their_paragraph_along():
    figures = paginate.Block("keep", 3, space=1)
    # 10 lines a page: 6 + 4 fill it; the figures would open page 2 alone.
    plan = paginate.run([T(6), T(4), figures], 10)
    assert plan.pages == 2 and not plan.bare_last
    # Two lines of the paragraph went over with them: page 1 has 8 lines, 2 empty.
    assert plan.gaps == 2
    # A paragraph of three lines cannot split 1 + 2: it goes over whole.
    plan = paginate.run([T(7), T(3), figures], 10)
    assert plan.pages == 2 and not plan.bare_last and plan.gaps == 3
    # A photo row is no key figure: it may end a case on a page of its own (as a last
    # resort, below).
    assert paginate.run([T(6), T(4), paginate.Block("row", 3, space=1)], 10).bare_last


def test_a_last_page_of_photos_alone_only_when_nothing_else_fits():
    # 10 lines a page, 4 taken by the title: text 6 + 6 + 4 ends page 2 full; the row
    # after it would fill page 3 alone, placed earlier the text runs on to page 3.
    text = [T(6), T(6), T(4)]
    row = paginate.Block("row", 4, space=1)
    at_end = paginate.run(paginate.with_rows(text, [row], [3]), 10, 4)
    assert at_end.bare_last
    chosen = paginate.place_rows(text, [row], 10, 4)
    plan = paginate.run(paginate.with_rows(text, [row], chosen), 10, 4)
    assert plan.pages == at_end.pages and not plan.bare_last
    assert chosen != [3]


def test_a_title_is_broken_evenly_and_never_leaves_one_or_two_characters_alone():
    from cases.compilation.typeset import title_lines

    title = "静安区社会力量参与社区治理优秀案例汇编"
    # Greedy breaking at 17.6 characters (the 16开 front) left "汇编" alone.
    lines = title_lines(title, 17.6)
    assert "".join(lines) == title and len(lines) == 2
    assert min(len(line) for line in lines) >= 3
    assert lines == ["静安区社会力量参与", "社区治理优秀案例汇编"]
    # Marks stay with their words: no line ends on an opening quote.
    for line in title_lines("2026年度社区治理“家门口”服务优秀案例汇编", 18):
        assert not line.endswith("“") and not line.startswith("”")
    assert title_lines("短标题", 18) == ["短标题"]
