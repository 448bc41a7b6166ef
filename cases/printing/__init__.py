"""Helpers every printed PDF shares (the filled 申报表, the book and its proofs):
the URL fetcher that only serves the portal's own files, and the PDF responses."""
