"""Tests for the Binder configuration: repo2docker accepts it, its pins match pyproject."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _pins() -> dict[str, Requirement]:
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    reqs = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    return {canonicalize_name(r.name): r for r in reqs}


def _runtime_dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(spec) for spec in project["dependencies"]]


def test_repo2docker_accepts_the_binder_folder(tmp_path):
    # --no-build prints the Dockerfile it would build; it needs no Docker daemon.
    done = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # repo2docker also reads a repo2docker_config.py from the working directory
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    dockerfile = done.stdout
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "./binder/postBuild" in dockerfile
    assert "python=3.11" in done.stderr  # from runtime.txt


def test_every_runtime_dependency_is_pinned_within_pyproject():
    pins = _pins()
    for dependency in _runtime_dependencies():
        name = canonicalize_name(dependency.name)
        assert name in pins, f"{dependency.name} is not pinned in binder/requirements.txt"
        [spec] = pins[name].specifier
        assert spec.operator == "==", f"pin {pins[name]} exactly (==)"
        assert dependency.specifier.contains(spec.version, prereleases=True), (
            f"binder pins {pins[name]}, outside pyproject's {dependency}"
        )


def test_binder_pins_nothing_pyproject_does_not_need():
    needed = {canonicalize_name(r.name) for r in _runtime_dependencies()}
    assert set(_pins()) <= needed


def test_runtime_python_satisfies_requires_python():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime.startswith("python-"), runtime
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert Requirement(f"python{project['requires-python']}").specifier.contains(runtime[7:])


def test_post_build_stops_on_errors_and_installs_the_package():
    post_build = BINDER / "postBuild"
    text = post_build.read_text()
    assert text.splitlines()[:2] == ["#!/bin/bash", "set -e"]
    assert "pip install --no-cache-dir --no-deps -e ." in text
    if os.name == "posix":
        assert os.access(post_build, os.X_OK), "postBuild must be executable"
