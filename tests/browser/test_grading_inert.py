"""The formgrader and feedback on a graded hostile class, in headless chromium: what students
wrote shows as text, and none of their script runs on the instructor's server."""

from __future__ import annotations

import json
import os
import secrets
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_lab import CHROMIUM_ARGS, TIMEOUT_MS, _free_port, serving

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grading"))
from grading_helpers import LIMITS
from hostile import build

from canvaskit_widgets.grading.batch import Options, grade
from canvaskit_widgets.grading.feedback import write_feedback

pytestmark = pytest.mark.browser

HOSTILE = ("h_markup_outputs", "h_markup_essay")
# How many pixels of an <img> are not white once drawn: a blank image has none.
DRAWN = """img => {
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240)) inked++;
  }
  return inked;
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """The hostile class graded, its feedback written, and a Jupyter server on the course with
    nbgrader's formgrader; yields (base URL, token, course root)."""
    tmp = tmp_path_factory.mktemp("inert")
    course, _, _ = build(tmp / "course")
    grade(course, "toy", Options(limits=LIMITS, progress=False))
    write_feedback(course, "toy")
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}"]
    command += [f"--ServerApp.token={token}", f"--ServerApp.root_dir={course.root}"]
    command += ["--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0"]
    command += ["--allow-root"] if os.geteuid() == 0 else []
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
    }
    with serving(command, port, token, tmp / "server.log", cwd=course.root, env=env) as base:
        yield base, token, course.root


@pytest.fixture
def page(chromium_path: str):
    """A page that records page errors, dialogs and calls to the server's contents API, and
    reaches nothing but the local server."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.seen = {"errors": [], "dialogs": [], "api": []}
        page.on("pageerror", lambda exc: page.seen["errors"].append(str(exc)))
        page.on(
            "dialog", lambda dialog: (page.seen["dialogs"].append(dialog.message), dialog.dismiss())
        )
        page.on(
            "request",
            lambda request: "/api/contents" in request.url and page.seen["api"].append(request.url),
        )
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("http://127.0.0.1")
                else route.abort()
            ),
        )
        yield page
        browser.close()


def _submission_id(base: str, token: str, student: str) -> str:
    request = urllib.request.Request(
        f"{base}/formgrader/api/submitted_notebooks/toy/toy",
        headers={"Authorization": f"token {token}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        found = {nb["student"]: nb["id"] for nb in json.loads(response.read())}
    return found[student]


def _assert_inert(page) -> None:
    page.wait_for_timeout(1500)  # time for an onerror or a fetch to fire
    assert page.evaluate("() => window.canvaskitPwned") is None, "a student's script ran"
    assert page.seen["api"] == [], "a student's script called the server's API"
    assert page.seen["dialogs"] == []
    # The formgrader loads MathJax from a CDN, which an offline machine cannot reach.
    assert [e for e in page.seen["errors"] if e != "MathJax is not defined"] == []


@pytest.mark.parametrize("student", HOSTILE)
def test_the_formgrader_shows_a_hostile_submission_without_running_it(served, page, student):
    base, token, root = served
    page.goto(f"{base}/formgrader?token={token}")  # logs the browser in
    page.goto(f"{base}/formgrader/submissions/{_submission_id(base, token, student)}/")
    page.wait_for_selector("#notebook-container, .cell", state="attached")
    _assert_inert(page)
    if student == "h_markup_essay":  # the answer is there to grade, as text
        assert "window.canvaskitPwned='essay'" in page.inner_text("body")
    else:  # the chart still draws
        chart = page.locator("img[src^='data:image/svg+xml']").last  # the bar chart
        chart.wait_for(state="attached")
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
        assert chart.evaluate(DRAWN) > 100, "the chart inside the wrapper is drawn"
    assert not list(root.glob("pwned-*"))


@pytest.mark.parametrize("student", HOSTILE)
def test_the_feedback_page_runs_no_student_script(served, page, student):
    base, token, root = served
    page.goto(f"{base}/files/instructor/feedback/{student}/toy/toy.html?token={token}")
    page.wait_for_selector("table.canvaskit-results", state="attached")
    _assert_inert(page)
    assert not list(root.glob("pwned-*"))
