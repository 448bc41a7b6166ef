"""A campaign's figures: counted (figures.py), drawn (charts.py), exported (workbook.py)."""
