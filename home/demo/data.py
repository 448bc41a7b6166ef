"""The demo content's data files, read as plain Python values."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def campaign_data():
    """The 2016 notice: campaign fields, phases, contacts and the notice's body blocks."""
    return _read(DATA / "campaign.json")


def case_data():
    """Every demo case, in file order (which is 申报编号 order); the reference case first."""
    return [_read(path) for path in sorted((DATA / "cases").glob("*.json"))]


@cache
def compilation_data():
    return _read(DATA / "compilation.json")
