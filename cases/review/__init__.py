"""The expert review (审稿): workflow tasks and score aggregation."""
