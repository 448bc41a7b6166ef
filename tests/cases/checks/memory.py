"""What a step adds to a process's peak memory, measured in a Python process of its own:
its peak resident size (VmHWM) is reset just before the step, so the figure is the step's
alone, not what pytest or an earlier test left. Linux's /proc only."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="Linux's /proc only"
)

# Given to every script: `photo_upload(**options)` (a 3000×2000 JPEG, 24 MB decoded) and
# `measured(step, **more)`, which prints the megabytes the step added at its peak ("added")
# and still holds after it with its result ("kept"), and `more`.
PRELUDE = """
import io, json, sys
from pathlib import Path
from PIL import Image, ImageCms, ImageDraw

def mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024

def photo_upload(**options):
    image = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
    ImageDraw.Draw(image).line([(0, 0), (3000, 2000)], fill=(200, 30, 30), width=40)
    upload = io.BytesIO()
    image.save(upload, "JPEG", quality=92, **options)
    return upload

def measured(step, **more):
    before = mb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")
    result = step()  # held while "kept" is read, as a caller holds what it was given
    print(json.dumps({"added": mb("VmHWM") - before, "kept": mb("VmRSS") - before, **more}))
    return result
"""


def added_memory(script, *arguments):
    """The figures `measured()` printed in a fresh process running PRELUDE + script."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + script, *arguments],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
