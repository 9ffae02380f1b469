"""Shared fixtures and marker policy: a test that cannot run here (a browser test without
chromium, a sandbox test without bubblewrap, root or cgroups) skips locally and fails in CI."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

ENABLE_BROWSER = (
    "run `python3 dev.py test` (as root it installs Debian's chromium; "
    "otherwise `sudo apt-get install -y chromium`)"
)


def in_ci() -> bool:
    """Whether we run under CI (the ``CI`` variable is set and not false)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def browser_missing() -> str | None:
    """Why browser tests cannot run here, or None when chromium and playwright are present."""
    if shutil.which("chromium") is None:
        return "chromium is not installed"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright Python package is not installed"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None:
        return
    reason = browser_missing()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}; to enable it, {ENABLE_BROWSER}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """In CI a skipped test fails: everything must run there."""
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test must run: {report.longrepr}"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The root of the source checkout."""
    return REPO


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The chromium executable the browser tests drive."""
    path = shutil.which("chromium")
    assert path is not None, "browser tests need chromium (checked in pytest_runtest_setup)"
    return path
