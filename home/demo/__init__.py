"""The demo site: the 2016 Jing'an notice, its reference case, twenty invented cases and
their printed book, loaded from the data files in data/ (one file a case)."""
