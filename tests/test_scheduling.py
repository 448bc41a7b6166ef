"""The units and order the suite is spread over pytest-xdist's workers in
(tests/scheduling.py), read from the collected suite itself."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests import scheduling

ROOT = Path(__file__).resolve().parent.parent


def test_a_file_is_one_unit_but_the_book_and_each_benchmark_are_their_own():
    assert scheduling.unit("tests/cases/test_library.py::test_a[x]") == "cases/test_library.py"
    assert scheduling.unit("tests/cases/compilation/test_qr.py::test_a[a4]") == "book"
    assert scheduling.unit("tests/cases/compilation/test_pdf.py::test_b") == "book"
    nodeid = "tests/test_benchmarks.py::test_benchmark_runs_on_tiny_sizes[pages]"
    assert scheduling.unit(nodeid) == nodeid


def test_every_file_listed_as_the_books_exists():
    for place in scheduling.BOOK_FILES:
        assert (ROOT / "tests" / place).is_file(), place


def test_the_slow_tiers_go_first_the_heaviest_before():
    assert scheduling.rank(["processes"]) < scheduling.rank(["pdf"]) < scheduling.rank([])
    assert scheduling.rank(["browser", "django_db"]) < scheduling.rank(["django_db"])
    heavy = scheduling.rank([], "admin/test_chinese.py")
    assert scheduling.rank(["browser"]) < heavy < scheduling.rank([], "test_layout.py")
    assert all(Path(ROOT, "tests", place).is_file() for place in scheduling.HEAVY)
    items = ["fast-a", "book", "fast-b", "drill"]
    ranks = {"drill": 0, "book": 1}
    assert scheduling.ordered(items, lambda i: ranks.get(i, 9)) == [
        "drill", "book", "fast-a", "fast-b"
    ]  # fmt: skip


def _collected():
    """Every test's node id in the order the suite is collected (and queued)."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "--ds=portal.settings.test"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    return [line for line in done.stdout.splitlines() if "::" in line]


@pytest.mark.processes  # a pytest of its own
def test_the_collected_suite_queues_the_slow_tiers_first():
    collected = _collected()

    def first(place):
        return next(i for i, nodeid in enumerate(collected) if nodeid.startswith(place))

    def last(place):
        return max(i for i, nodeid in enumerate(collected) if nodeid.startswith(place))

    # The drill of the production stack (three minutes) before the book, the book before
    # the stacks and the browser, and all of them before the first fast test.
    assert first("tests/test_benchmarks.py::test_faults") < first(
        "tests/cases/compilation/test_pdf.py"
    )
    assert last("tests/cases/compilation/test_pdf.py") < first("tests/production/")
    assert last("tests/production/") < first("tests/browser/")
    assert last("tests/browser/") < first("tests/admin/")


@pytest.mark.processes  # a pytest of its own
def test_pytest_xdist_keeps_a_files_tests_on_one_worker():
    """The scheduler in tests/conftest.py, as `make test` runs it: two workers, one file of
    three tests (this file's own quick ones), one worker used."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--ds=portal.settings.test",
         "-n", "2", "--dist", "loadgroup", "-v", "tests/test_scheduling.py",
         "-k", "not collected and not worker"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    ran = [line for line in done.stdout.splitlines() if " PASSED " in line]
    assert done.returncode == 0 and len(ran) == 3, done.stdout[-2000:]
    assert len({line.split("]")[0] for line in ran}) == 1, ran
