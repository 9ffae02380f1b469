"""Tests for the policy in ``conftest.py``: a test that cannot run skips locally, fails in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


BROWSER_TEST = "import pytest\n\n@pytest.mark.browser\ndef test_it():\n    pass\n"


def _run_browser_test(
    tmp_path: Path, test: str = BROWSER_TEST, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run one trivial test (``browser``-marked unless ``test`` says otherwise) under the real
    conftest, with ``env`` on top."""
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: browser test\n")
    (tmp_path / "test_it.py").write_text(test)
    environ = {k: v for k, v in os.environ.items() if k != "CI"}
    environ |= {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=environ,
        cwd=tmp_path,
        check=False,
    )


def test_without_chromium_browser_tests_skip_with_how_to_enable(tmp_path):
    done = _run_browser_test(tmp_path, PATH=str(tmp_path))
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert "chromium is not installed" in done.stdout
    assert "python3 dev.py test" in done.stdout


def test_without_chromium_in_ci_browser_tests_fail(tmp_path):
    done = _run_browser_test(tmp_path, PATH=str(tmp_path), CI="true")
    assert done.returncode == 1, done.stdout
    assert "1 error" in done.stdout
    assert "browser test cannot run in CI: chromium is not installed" in done.stdout


def test_ci_false_counts_as_local(tmp_path):
    done = _run_browser_test(tmp_path, PATH=str(tmp_path), CI="false")
    assert "1 skipped" in done.stdout


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium on PATH")
def test_with_chromium_and_playwright_browser_tests_run_in_ci(tmp_path):
    done = _run_browser_test(tmp_path, CI="true")
    assert "1 passed" in done.stdout, done.stdout


SKIPPING = (
    "import pytest\n\n@pytest.mark.skipif(True, reason='needs root')\ndef test_it():\n    pass\n"
)


def test_a_skipped_test_fails_in_ci_and_skips_locally(tmp_path):
    done = _run_browser_test(tmp_path, SKIPPING, CI="true")
    assert done.returncode == 1 and "1 error" in done.stdout, done.stdout  # at setup, as skipif
    assert "skipped in CI, where every test must run" in done.stdout
    assert "needs root" in done.stdout
    assert "1 skipped" in _run_browser_test(tmp_path, SKIPPING).stdout
