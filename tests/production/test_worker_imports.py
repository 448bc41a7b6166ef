"""A web worker carries only what serving pages needs: the printing and office-file
libraries (WeasyPrint, python-docx, openpyxl, pypdf: about 100 MB a process together) are
loaded by the request or task that uses them, not by importing the views. Nor does the
search load rjieba's package, whose import builds a default dictionary the search never
uses (30 MB): only its Jieba class, for the search's own dictionary. Nor do the public
pages load pypinyin (57 MB with its phrase dictionary): the library's order by title is
kept on each page, and the search loads it when a query finds nothing. Nor pydantic
(7 MB), which Wagtail's API v2 loads for its site filter alone: the API loads it when
first used (published/wagtail_internals.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "weasyprint",
    "docx",
    "openpyxl",
    "pypdf",
    "pikepdf",
    "django_weasyprint",
    "pdfplumber",
    "rjieba",
)
PROBE = f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
import django
django.setup()
from django.urls import get_resolver

def walk(patterns):  # every view module behind every URL, as serving them imports them
    for pattern in patterns:
        walk(getattr(pattern, "url_patterns", []))

walk(get_resolver().url_patterns)
from search.text import tokens
assert "物业" in tokens("老娘舅调解物业纠纷")  # the search's segmenter, loaded and working
print(" ".join(name for name in {HEAVY!r} if name in sys.modules))
"""


def test_serving_pages_does_not_load_the_printing_libraries():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "", done.stdout


# Loading the application and its URLs, as gunicorn's master does before forking, and
# resolving the public pages' addresses; the library index built from its rows.
PUBLIC_PROBE = f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
import django
django.setup()
from django.urls import get_resolver, resolve
get_resolver().url_patterns
for path in ("/", "/cases/", "/search/", "/sitemap.xml", "/apply/find-link/"):
    resolve(path)
from cases.models.library import _index_of
_index_of([(1, "阿姨议事会", "mediation", 1, 2016, "", "", "", None, None, "a yi yi shi hui")])
print(" ".join(n for n in ("pypinyin", "pydantic", "ninja") if n in sys.modules))
"""


def test_public_pages_do_not_load_pypinyin_nor_pydantic():
    done = subprocess.run(
        [sys.executable, "-c", PUBLIC_PROBE], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "", done.stdout
