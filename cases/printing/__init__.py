"""Helpers every printed output shares (the filled 申报表, the book and its proofs, the
workbooks): the URL fetcher that only serves the portal's own files, the PDF and
download responses, spreadsheet column widths."""
