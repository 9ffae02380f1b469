"""nbgrader's formgrader works on what canvaskit graded: lists it, shows it, takes manual grades."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from classgen import nbgrader_env
from grading_helpers import cell_scores

from canvaskit_widgets.grading.course import Course, quiet_gradebook

pytestmark = pytest.mark.slow

TOKEN = "canvaskit-formgrader-test"


@contextmanager
def formgrader(root: Path) -> Iterator:
    """A Jupyter server serving the course ``root``; yields ``call(method, path, body=None)``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}"]
    command += [f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={root}"]
    command += ["--ServerApp.port_retries=0"] + (["--allow-root"] if os.geteuid() == 0 else [])
    env = {**nbgrader_env(), "JUPYTER_RUNTIME_DIR": str(root / "runtime")}
    log = (root / "server.log").open("w")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)

    def call(method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {TOKEN}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()

    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                call("GET", "/api/status")
                break
            except OSError:
                assert server.poll() is None, (root / "server.log").read_text()
                assert time.monotonic() < deadline, "the Jupyter server did not start"
                time.sleep(0.5)
        yield call
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_formgrader_lists_shows_and_takes_manual_grades(graded, tmp_path):
    student = graded.student("correct")
    course = Course.find(shutil.copytree(graded.course.root, tmp_path / "course"))
    with formgrader(course.root) as call:
        _, listing = call("GET", "/formgrader/api/submitted_notebooks/toy/toy")
        notebooks = {nb["student"]: nb for nb in json.loads(listing)}
        assert set(notebooks) >= {graded.student(k) for k in ("correct", "edit_test", "os_exit")}
        mine = notebooks[student]
        assert mine["score"] == 6 and mine["needs_manual_grade"]
        status, page = call("GET", f"/formgrader/submissions/{mine['id']}/")
        assert status == 200 and "test_chart" in page
        _, grades = call("GET", f"/formgrader/api/grades?submission_id={mine['id']}")
        essay = next(g for g in json.loads(grades) if g["name"] == "explain_answer")
        call("PUT", f"/formgrader/api/grade/{essay['id']}", {**essay, "manual_score": 1.5})
    assert cell_scores(course, "toy", student)["test_chart"] == 3
    with quiet_gradebook(), course.gradebook() as gb:
        assert gb.find_submission("toy", student).score == 7.5
