"""Excel columns as wide as what they hold (no Django): a Chinese character is two units."""

import unicodedata


def display_width(value) -> int:
    """Width of a cell's longest line in Excel units (east Asian wide characters: two)."""
    if value is None:
        return 0
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def fit_columns(sheet, header_row: int = 1, caps: dict[int, int] | None = None, cap: int = 60):
    """Set each column's width to its widest cell from the header row down, plus a
    margin, capped (per column index from 1 in ``caps``, else ``cap``): long texts wrap."""
    widest: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            widest[cell.column] = max(widest.get(cell.column, 0), display_width(cell.value))
    from openpyxl.utils import get_column_letter  # with the workbook it sizes

    for column, width in widest.items():
        limit = (caps or {}).get(column, cap)
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, limit)
