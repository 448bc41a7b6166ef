"""Every benchmark in bench/ runs, once, on tiny sizes: a benchmark that can no longer run
(a refused stamp, a renamed model) fails here rather than on the day it is needed.

Only the scripts' own command-line options are used. Tier `processes` (several processes
and servers): `make test` and CI run it, `make test-fast` leaves it out."""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

# Each script picks its own database (run() below passes no DATABASE_URL): CI's PostgreSQL
# run would only run the same scripts a second time beside its SQLite run.
pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="基准脚本自选数据库，SQLite 那一轮已运行"
    ),
]

ROOT = Path(__file__).resolve().parent.parent
FIGURES = re.compile(r"^(\S+=\S+)( \S+=\S+)*$")


def postgres_answers():
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
    except OSError:
        return False
    return True


NEEDS_POSTGRES = pytest.mark.skipif(not postgres_answers(), reason="PostgreSQL 不可用")
# The production stack's benchmarks take fixed ports and databases (bench/stack.py): CI
# runs them in its SQLite run only, not in the PostgreSQL run beside it, which would
# start a second stack on the same ones (the stack is on PostgreSQL either way).
NEEDS_STACK = pytest.mark.skipif(
    not (postgres_answers() and shutil.which("nginx") and shutil.which("wrk"))
    or bool(os.environ.get("DATABASE_URL")),
    reason="需要 PostgreSQL、nginx 和 wrk（PostgreSQL 那一轮不重复运行）",
)

# name: (arguments for tiny sizes, seconds allowed)
BENCHMARKS = {
    "pages": (["--requests", "2"], 600),
    "render": (
        ["--rounds", "1", "--requests", "1", "--baseline", "none", "--database", "sqlite"],
        900,
    ),
    "memory": (["--requests", "1", "--baseline", "none", "--database", "sqlite"], 900),
    "relevance": (["--set", "demo"], 900),
    "search": (["--cases", "30", "--queries", "3", "--rounds", "1"], 900),
    "submission": (["--runs", "1"], 900),
    "compilation": (["--sizes", "2"], 1800),
}


def run(script, arguments, timeout, tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    done = subprocess.run(
        [sys.executable, f"bench/{script}.py", *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    output = done.stdout.strip().splitlines()
    assert done.returncode == 0, (
        f"bench/{script}.py failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    )
    assert output and FIGURES.match(output[-1]), f"bench/{script}.py's last line: {output[-1:]}"
    return dict(pair.split("=", 1) for pair in output[-1].split())


# The longest first (about three minutes): tests/scheduling.py queues units as collected.
@NEEDS_POSTGRES
def test_faults_benchmark_runs_on_tiny_sizes(tmp_path):
    # A killed job is taken for dead after 8 s of silence, not 45: the tiny run waited
    # twice for it, the load running (131 s of CPU in all, most of it those waits). The
    # load itself is lighter (one reader, a submission every 3 s, 3 s of baseline, an
    # import of 16 files): 92 s of CPU with the full load on a quiet machine, 57 s so
    # (with the migrated dump, bench/faults.py), still about 20 submissions.
    arguments = ["--steady", "2", "--after", "1", "--stale-after", "8", "--readers", "1"]
    arguments += ["--read-pause", "0.5", "--submit-pause", "3", "--baseline-seconds", "3"]
    arguments += ["--import-files", "16"]
    figures = run("faults", arguments, 1800, tmp_path)
    assert figures["submissions_lost"] == "0"
    assert figures["build_kill_retry"] == figures["import_kill_retry"] == "succeeded"


@pytest.mark.parametrize("script", BENCHMARKS)
def test_benchmark_runs_on_tiny_sizes(script, tmp_path):
    arguments, timeout = BENCHMARKS[script]
    if script == "compilation":
        arguments = [*arguments, "--keep", str(tmp_path / "book.pdf")]
    assert run(script, arguments, timeout, tmp_path)


@NEEDS_STACK
def test_load_benchmark_runs_on_tiny_sizes(tmp_path):
    figures = run(
        "load",
        ["--rounds", "1", "--seconds", "1", "--publish-repeats", "1", "--pages", "case"],
        1800,
        tmp_path,
    )
    assert figures


@NEEDS_STACK
@pytest.mark.parametrize(
    ("mode", "figure"), [("--cold", "cold_case_new_c1_rps"), ("--revalidation", "case_hit_c1_rps")]
)
def test_load_benchmark_modes_run_on_tiny_sizes(mode, figure, tmp_path):
    # Each mode lives in a module of its own (bench/cold.py, bench/revalidation.py).
    arguments = [mode, "--rounds", "1", "--seconds", "1", "--cold-requests", "2"]
    figures = run("load", [*arguments, "--connections", "2", "--pages", "case"], 1800, tmp_path)
    assert float(figures[figure]) > 0
    assert figures["errors"] == "0"


# bakerydemo is not part of this repo: its checkout (with its own .venv) is named by
# BAKERYDEMO_PATH where one is installed.
BAKERYDEMO = os.environ.get("BAKERYDEMO_PATH", "")


def test_load_benchmark_refuses_a_folder_that_is_not_bakerydemo(tmp_path):
    # Refused before anything is started: no database, port or worktree taken.
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--cold", "--against-bakerydemo", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "is not a bakerydemo checkout" in done.stderr


# The cold mode needs no wrk (its own client): PostgreSQL and nginx, in the SQLite run only.
@pytest.mark.skipif(
    not (postgres_answers() and shutil.which("nginx")) or bool(os.environ.get("DATABASE_URL")),
    reason="需要 PostgreSQL 和 nginx（PostgreSQL 那一轮不重复运行）",
)
@pytest.mark.skipif(
    not (BAKERYDEMO and Path(BAKERYDEMO, ".venv/bin/python").is_file()),
    reason="需要 bakerydemo 的检出及其 .venv（以 BAKERYDEMO_PATH 指明）",
)
def test_cold_mode_against_bakerydemo_runs_on_tiny_sizes(tmp_path):
    arguments = ["--cold", "--against-bakerydemo", BAKERYDEMO, "--rounds", "1"]
    arguments += ["--cold-requests", "2", "--connections", "2", "--pages", "case"]
    figures = run("load", arguments, 1800, tmp_path)
    assert float(figures["cold_case_new_c1_rps"]) > 0
    assert float(figures["bakery_blog_c1_rps"]) > 0
    assert figures["bakerydemo_blog"].startswith("/blog/")
    assert figures["errors"] == "0"
