"""JupyterLab and Notebook 7 in headless chromium: the board sends a typed note, a chart shows,
and the page logs no error."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from canvaskit_widgets.cli import is_root, lab_command

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOTEBOOK = "board_and_chart.ipynb"
AUTOSAVE = "board.canvas.json"
CELLS = [
    "from canvaskit_widgets.widgets import CanvasBoard\n\n"
    f"board = CanvasBoard(autosave={AUTOSAVE!r})\nboard",
    "from canvaskit_widgets import charts\n\ncharts.clv_sensitivity(100, 0.1)",
]
# app: (the app class that owns workspaces_dir, the notebook's URL)
APPS = {
    "lab": ("LabApp", "/lab/tree/{notebook}?reset&token={token}"),
    "notebook": ("JupyterNotebookApp", "/notebooks/{notebook}?token={token}"),
}
IDLE = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']"
RUN_ALL = "li.lm-Menu-item[data-command='runmenu:run-all']"
# A cell has started once its prompt shows [*] or a number instead of [ ].
STARTED = """() => [...document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-prompt'
)].some(prompt => /[*0-9]/.test(prompt.textContent))"""
SVG_OUTPUT = ".jp-OutputArea-output svg, .jp-OutputArea-output img[src^='data:image/svg+xml']"
# Errors of the interface itself that no setting of ours can prevent, with the open upstream issue.
# Each is allowed only in the app named and only with exactly this message; anything else fails.
UPSTREAM_ERRORS = {
    # Notebook 7.6.5: a race in the keyboard-shortcuts plugin, which reads its own settings
    # before they are loaded when another plugin's settings change first
    # (https://github.com/jupyter/notebook/issues/7862; JupyterLab 4.6 does not show it).
    "notebook": {"uncaught: Cannot read properties of undefined (reading 'schema')"},
}
SERVER_START_SECONDS = 60
TIMEOUT_MS = 60_000


@dataclass
class OpenNotebook:
    """A notebook open and run in a browser page, served from ``folder``, with the errors the
    page logged: uncaught exceptions, console errors and failed requests."""

    app: str
    page: object  # playwright.sync_api.Page (playwright is imported only when the tests run)
    folder: Path
    errors: list[str]


def _record_errors(page) -> list[str]:
    """Start collecting what a reader of the browser console would see as an error."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on(
        "console",
        lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    return errors


def _write_notebook(path: Path) -> None:
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"c{i}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for i, source in enumerate(CELLS)
    ]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": kernel},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook, indent=1))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(command: list[str], port: int, token: str, log: Path, **popen: Any) -> Iterator[str]:
    """Run a Jupyter server until the block ends; yield its base URL once it answers."""
    with log.open("w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **popen)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(server, f"{base}/api/status?token={token}", log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_serving(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the Jupyter server exited ({server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    pytest.fail(
        f"the Jupyter server did not answer within {SERVER_START_SECONDS} s:\n{log.read_text()}"
    )


def _run_all(page) -> None:
    """Run > Run All Cells until a cell starts (before the kernel connects, it does nothing)."""
    from playwright.sync_api import TimeoutError

    for _ in range(10):
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        item = page.locator(RUN_ALL)
        if "lm-mod-disabled" in (item.get_attribute("class") or ""):
            page.keyboard.press("Escape")
        else:
            item.click()
            try:
                page.wait_for_function(STARTED, timeout=5_000)
                return
            except TimeoutError:
                pass
        time.sleep(1)
    pytest.fail("Run > Run All Cells started no cell")


def _open_and_run_all(page, url: str, tmp: Path, log: Path) -> None:
    """Open the notebook, run it, and wait for its last output; on failure, say what was seen."""
    from playwright.sync_api import Error

    try:
        page.goto(url)
        page.wait_for_selector(IDLE)
        _run_all(page)
        # The chart is the last output: once it is there and the kernel is idle, all cells ran.
        # "attached", not "visible": JupyterLab skips drawing cells scrolled out of view.
        page.wait_for_selector(SVG_OUTPUT, state="attached")
        page.wait_for_selector(IDLE)
    except Error as exc:
        shot = tmp / "failure.png"
        page.screenshot(path=shot, full_page=True)
        pytest.fail(f"{exc}\nscreenshot: {shot}\nserver log:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=list(APPS))
def opened(request, browser, tmp_path_factory) -> Iterator[OpenNotebook]:
    """A Jupyter server for one app with the notebook open in a page after Run All."""
    app = request.param
    app_class, path = APPS[app]
    tmp = tmp_path_factory.mktemp(app)
    folder = tmp / "notebooks"
    folder.mkdir()
    _write_notebook(folder / NOTEBOOK)
    port, token = _free_port(), secrets.token_hex(16)
    cmd = lab_command(
        folder,
        notebook=app == "notebook",
        port=port,
        browser=False,
        ip="127.0.0.1",
        root=is_root(),
    )
    cmd += [f"--IdentityProvider.token={token}", f"--{app_class}.workspaces_dir={tmp / 'ws'}"]
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
        "IPYTHONDIR": str(tmp / "ipython"),
    }
    log = tmp / "server.log"
    with serving(cmd, port, token, log, env=env) as base:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        errors = _record_errors(page)
        _open_and_run_all(page, base + path.format(notebook=NOTEBOOK, token=token), tmp, log)
        yield OpenNotebook(app, page, folder, errors)
        page.close()


def test_a_note_typed_into_the_board_reaches_the_kernel(opened: OpenNotebook):
    from playwright.sync_api import expect

    page, text = opened.page, f"Young women who shop on their phones ({opened.app})"
    field = page.locator(".ck-add-customer_segments input[type='text']")
    field.fill(text)
    page.click(".ck-add-button-customer_segments")
    # The block's note list is drawn by the kernel, so seeing the text there means a round trip.
    expect(page.locator(".ck-notes-customer_segments")).to_contain_text(text, timeout=TIMEOUT_MS)
    expect(field).to_have_value("", timeout=TIMEOUT_MS)
    saved = opened.folder / AUTOSAVE
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and text not in (saved.read_text() if saved.exists() else ""):
        time.sleep(0.2)
    notes = json.loads(saved.read_text())["blocks"]["customer_segments"]
    assert [note["text"] for note in notes] == [text]


def test_a_chart_renders_as_svg(opened: OpenNotebook):
    chart = opened.page.locator(SVG_OUTPUT).first
    chart.scroll_into_view_if_needed()
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    if chart.evaluate("node => node.tagName.toLowerCase()") == "img":
        # JupyterLab and Notebook 7 draw image/svg+xml output as an <img> of the SVG:
        # check that the browser decoded it.
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")


def test_the_page_logs_no_error(opened: OpenNotebook):
    """Opening and running a notebook leaves nothing red in the browser console."""
    opened.page.wait_for_timeout(1_000)  # late requests and settings loads
    known = UPSTREAM_ERRORS.get(opened.app, set())
    errors = [e for e in opened.errors if e not in known]
    assert errors == [], f"{opened.app} logged errors:\n" + "\n".join(errors)
