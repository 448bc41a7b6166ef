"""The privacy check and the search cut words with one rjieba instance: a process that
checks a text and indexes or searches holds jieba's dictionary once, not twice."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cases.checks import check_privacy, names
from search import text

# A fresh process with the apps loaded: the search's segmenter first (a web worker's
# master preloads it), then what the privacy check adds (VmRSS, MB).
ADDED_BY_THE_CHECK = """
import json
from pathlib import Path
import django
django.setup()
from cases.checks import check_privacy
from search import text

def mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

text.tokens("社区治理")
before = mb()
findings = check_privacy("调解员周励力说：请拨打13912345678。")
print(json.dumps({"added": mb() - before, "codes": sorted(f.code for f in findings)}))
"""


def test_the_privacy_check_tags_with_the_search_segmenter():
    names._load()
    assert names._load()._source() is text.segmenter()
    [finding] = [f for f in check_privacy("居民代表周励力说：") if f.code == "privacy.name"]
    assert "周某" in finding.message


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux's /proc only")
def test_a_process_holds_jiebas_dictionary_once():
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", ADDED_BY_THE_CHECK],
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["codes"] == ["privacy.mobile", "privacy.name"]
    # rjieba's own instance, a second copy of jieba's dictionary, added 24 MB here.
    assert result["added"] < 10, result
