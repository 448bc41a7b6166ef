"""Where a campaign stands in time (timeline) and when an expert's review is due
(due_dates). No database."""
