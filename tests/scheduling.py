"""How the suite is spread over pytest-xdist's workers: which tests must run in one
process (a unit), and which go first. Plain functions; tests/conftest.py applies them.

A worker takes one unit at a time, in the order the tests were collected, and the run
ends when its longest unit does: the slow tiers (a drill of the production stack, the book
in six sizes) go first, so that the many short files fill the other workers meanwhile.
Run as three pytests (the slow tiers each in one process beside the fast one), the PDF
and production tests were one process of 12 minutes on an idle machine, and CI waited
for it.

The units are drawn from a test's id alone, on the controller (tests/conftest.py's
scheduler): pytest-xdist's own `loadgroup` has each worker write a group into the test's
id, which pytest 9.2 no longer lets it do (pytest-xdist issue #1386), and the tests were
then spread one by one, the six-size book built by every worker."""

from pathlib import PurePosixPath

# The files that read the six-size book (tests/cases/compilation/built_book.py, session
# fixture `variants`, about 70 s of CPU): one unit, so it is built once. tests/conftest.py
# stops the run if a test reads the book from a file not listed here.
BOOK_FIXTURE = "variants"
BOOK_FILES = tuple(
    f"cases/compilation/{name}.py"
    for name in (
        "test_generated_lines",
        "test_imprint",
        "test_pdf",
        "test_preflight",
        "test_prepress",
        "test_qr",
    )
)
BOOK_UNIT = "book"
# Files whose tests share nothing (each benchmark runs its own script): one unit per test.
EACH_TEST_ALONE = ("test_benchmarks.py",)
# The slow tiers (tests/conftest.py's markers), heaviest first; then everything else.
FIRST = ("processes", "pdf", "production", "browser")
# The fast tier's files of half a minute or more (their tests' times summed, two workers at
# load 8, 2026-12-07): queued before the other fast files, so that the run does not end
# with one worker on one of them while the other has nothing left (`make test-fast`).
HEAVY = (
    "admin/test_chinese.py",
    "admin/test_visibility.py",
    "search/test_fast_ranking.py",
    "cases/submission/test_apply.py",
    "cases/submission/test_word_eval.py",
    "cases/test_demo.py",
    "cases/test_queries.py",
    "cases/submission/test_as_written.py",
    "cases/submission/test_selfservice.py",
    "cases/test_library.py",
)


def where(nodeid):
    """A test's file relative to tests/, from its id ("tests/a/test_b.py::test_c[x]")."""
    path = PurePosixPath(nodeid.split("::", 1)[0])
    return path.relative_to("tests").as_posix() if path.parts[:1] == ("tests",) else str(path)


def unit(nodeid):
    """The unit a test belongs to: its file, the book, or the test alone."""
    place = where(nodeid)
    if place in BOOK_FILES:
        return BOOK_UNIT
    if place in EACH_TEST_ALONE:
        return nodeid
    return place


def rank(markers, place=None):
    """Where a test's unit goes in the queue: lower first; place, its file (where())."""
    tier = min((FIRST.index(m) for m in markers if m in FIRST), default=len(FIRST))
    return tier if tier < len(FIRST) or place in HEAVY else len(FIRST) + 1


def ordered(items, rank_of):
    """`items` with the lower ranks first, in their collected order otherwise (a file's
    tests stay in order, and so do pytest-django's database tests after the others)."""
    return sorted(items, key=rank_of)
