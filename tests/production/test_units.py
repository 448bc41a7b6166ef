"""The systemd units and `make production` run gunicorn alike."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from deploy import production  # noqa: E402 - after ROOT is on the path


def test_the_web_service_sets_the_heap_as_the_try_out_does(tmp_path, monkeypatch):
    monkeypatch.setattr(production, "VAR", tmp_path)  # its secret key goes there
    unit = (ROOT / "deploy/systemd/portal-web.service").read_text(encoding="utf-8")
    set_there = dict(re.findall(r"^Environment=(MALLOC_\w+)=(\S+)$", unit, re.MULTILINE))
    assert set_there == production.WEB_MALLOC
    assert set(production.WEB_MALLOC.items()) <= set(production.environment().items())
