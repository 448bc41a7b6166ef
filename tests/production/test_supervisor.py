"""`make production` keeps its stack up: a process that dies is started again, the
others go on (it stopped nginx and gunicorn when the worker exited before)."""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from deploy.production import Child, Supervisor  # noqa: E402 - after ROOT is on the path


def test_a_dead_process_is_restarted_and_the_others_keep_running(tmp_path):
    said = []
    dying = Child("worker", [sys.executable, "-c", "raise SystemExit(1)"], None, tmp_path / "w")
    steady = Child("web", [sys.executable, "-c", "import time; time.sleep(60)"], None, None)
    supervisor = Supervisor([dying, steady], say=said.append)
    supervisor.start()
    try:
        first = dying.process
        deadline = time.monotonic() + 20
        while dying.restarts < 2 and time.monotonic() < deadline:
            supervisor.check()
            time.sleep(0.1)
        assert dying.restarts == 2 and dying.process is not first
        assert steady.process.poll() is None and steady.restarts == 0
        assert said[0] == "进程已退出（worker，退出码 1），1 秒后重新启动。"
        assert "2 秒后重新启动" in said[1]  # spaced: a process that cannot start does not spin
    finally:
        supervisor.stop()
    assert steady.process.poll() is not None
