"""Server time and SQL queries of the public pages, on SQLite with the demo content.

Usage: .venv/bin/python bench/pages.py [--requests 200]
Builds a fresh SQLite database in a temporary folder, loads the demo content, then
requests the home page, the library and the reference case page N times each through
Django's test client (server time only: no network, no browser). Last line: the figures.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import configure


def measure(client, url, n):
    from django.db import connection

    client.get(url)  # warm: renditions and caches are made on the first view
    # Counted with an execute wrapper: Django clears its query log at each request start.
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return len(queries), statistics.median(times), sorted(times)[int(0.95 * (n - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        configure(Path(tmp))
        from django.core.management import call_command
        from django.test import Client

        from cases.models import CaseLibraryPage, CasePage
        from home.models import HomePage

        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        pages = {
            "home": HomePage.objects.get().url,
            "library": CaseLibraryPage.objects.get().url,
            "case": CasePage.objects.get(slug="xinjiayuan-property-disputes").url,
        }
        client = Client()
        figures = []
        for name, url in pages.items():
            queries, p50, p95 = measure(client, url, args.requests)
            print(f"{name:8} {url:60} queries={queries:3d} p50={p50:6.1f} ms p95={p95:6.1f} ms")
            figures += [f"{name}_queries={queries}", f"{name}_p50_ms={p50:.1f}"]
        figures.append(f"requests={args.requests}")
        print(" ".join(figures))


if __name__ == "__main__":
    main()
