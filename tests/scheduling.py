"""How the suite is spread over pytest-xdist's workers (`--dist loadgroup`): which tests
must run in one process, and which go first. Plain functions; tests/conftest.py applies
them to the collected items.

A worker takes one unit at a time, in the order the units were collected, and the run
ends when its longest unit does: the slow tiers (a drill of the production stack, the book
in six sizes) go first, so that the many short files fill the other workers meanwhile.
Run as three pytests (the slow tiers each in one process beside the fast one), the PDF
and production tests were one process of 12 minutes on an idle machine, and CI waited
for it."""

# A test file is a unit: its module fixtures (the demo copy among them) are built once.
# The six-size book (tests/cases/compilation/built_book.py, session fixture `variants`,
# about 70 s of CPU) is one unit over every file that reads it, so it is built once.
BOOK_FIXTURE = "variants"
BOOK_UNIT = "book"
# Files whose tests share nothing (each benchmark runs its own script): one unit per test.
EACH_TEST_ALONE = ("test_benchmarks.py",)
# The slow tiers (tests/conftest.py's markers), heaviest first; then everything else.
FIRST = ("processes", "pdf", "production", "browser")


def unit(where, nodeid, fixturenames):
    """The unit a test belongs to: `where` is its file relative to tests/."""
    if BOOK_FIXTURE in fixturenames:
        return BOOK_UNIT
    if where in EACH_TEST_ALONE:
        return nodeid
    return where


def rank(markers):
    """Where a test's unit goes in the queue: lower first."""
    return min((FIRST.index(m) for m in markers if m in FIRST), default=len(FIRST))


def ordered(items, rank_of):
    """`items` with the lower ranks first, in their collected order otherwise (a file's
    tests stay in order, and so do pytest-django's database tests after the others)."""
    return sorted(items, key=rank_of)
