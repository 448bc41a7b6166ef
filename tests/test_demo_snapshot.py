"""The demo snapshot kept between runs (tests/demo_snapshot.py): named anew when what the
load reads changes, taken back as it was kept, its files copies."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from django.template import engines

from tests import demo_snapshot

HERE = Path(__file__).resolve().parent.parent


def test_what_the_load_reads_is_in_the_digest():
    names = {name for name, _ in demo_snapshot.inputs()}
    data = {p.relative_to(HERE).as_posix() for p in (HERE / "home/demo/data").rglob("*.json")}
    assert len(data) >= 20 and data <= names
    assert {
        "home/management/commands/load_demo.py",
        "home/demo/loader.py",
        "home/demo/photos.py",
        "cases/models/case.py",
        "search/data/dictionary.txt",
        "published/changes.py",
        "portal/settings/test.py",
        "locale/zh_Hans/LC_MESSAGES/django.mo",
    } <= names
    assert not [n for n in names if "/templates/" in n or "__pycache__" in n]
    assert {"ELASTICSEARCH_URL", "TASKS_BACKEND"} <= demo_snapshot.settings_environment()


@pytest.fixture
def copied_inputs(tmp_path):
    """The load's inputs copied aside, to change one without touching the real files."""
    files = []
    for name, path in demo_snapshot.inputs():
        if name.startswith(("home/demo/", "search/data/")):
            there = tmp_path / name
            there.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, there)
            path = there
        files.append((name, path))
    return tmp_path, files


def test_a_changed_data_file_font_or_setting_names_a_new_snapshot(copied_inputs, tmp_path):
    folder, files = copied_inputs
    font = tmp_path / "font.ttc"
    font.write_bytes(b"font")
    first = demo_snapshot.digest(files, fonts=[font], environ={})
    assert demo_snapshot.digest(files, fonts=[font], environ={}) == first

    case = folder / "home/demo/data/cases/01-xinjiayuan-property-disputes.json"
    case.write_text(case.read_text(encoding="utf-8").replace("老娘舅", "老舅"), encoding="utf-8")
    changed_data = demo_snapshot.digest(files, fonts=[font], environ={})
    assert changed_data != first

    font.write_bytes(b"another font")
    changed_font = demo_snapshot.digest(files, fonts=[font], environ={})
    assert changed_font not in (first, changed_data)

    searching = {"ELASTICSEARCH_URL": "http://127.0.0.1:9200"}
    assert demo_snapshot.digest(files, fonts=[font], environ=searching) != changed_font


def _database(rows):
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE t (x)")
    database.executemany("INSERT INTO t VALUES (?)", [(r,) for r in rows])
    database.commit()
    return database


def test_a_kept_snapshot_is_taken_back_with_copies_of_the_new_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media-root"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-root"
    old = settings.MEDIA_ROOT / "original_images/earlier-test.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"left by an earlier test")
    before = demo_snapshot.files_now()
    photo = settings.MEDIA_ROOT / "original_images/demo-1.jpg"
    photo.write_bytes(b"demo photo")
    snapshot = tmp_path / "kept" / "demo-abc"

    demo_snapshot.keep(snapshot, _database([1, 2]), before)
    # Another worker keeping the same snapshot later leaves the first in place.
    demo_snapshot.keep(snapshot, _database([3]), before)

    taken = demo_snapshot.take(snapshot, tmp_path / "worker")
    assert taken.execute("SELECT x FROM t ORDER BY x").fetchall() == [(1,), (2,)]
    kept_photo = snapshot / "media/original_images/demo-1.jpg"
    assert not (snapshot / "media/original_images/earlier-test.jpg").exists()
    worker_photo = tmp_path / "worker/media/original_images/demo-1.jpg"
    assert worker_photo.read_bytes() == b"demo photo"
    # A copy: a test that wrote into its file would not change the kept one.
    assert not worker_photo.samefile(kept_photo)
    worker_photo.write_bytes(b"changed")
    assert kept_photo.read_bytes() == b"demo photo"
    assert not list(snapshot.parent.glob("*.tmp"))

    assert demo_snapshot.take(tmp_path / "kept" / "demo-missing", tmp_path / "other") is None


def test_a_load_that_renders_a_template_is_refused():
    template = engines["django"].from_string("{{ x }}")
    with pytest.raises(AssertionError, match="templates"), demo_snapshot.no_template_rendered():
        template.render({"x": 1})
    with demo_snapshot.no_template_rendered():
        pass
