"""Tests for ``dev.py``, the two-command set-up script (no network, no real venv)."""

from __future__ import annotations

import importlib.util
import stat
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def dev(monkeypatch, tmp_path):
    """``dev.py`` loaded as a module, its checkout and venv moved into ``tmp_path``."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    venv = tmp_path / ".venv"
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "VENV", venv)
    monkeypatch.setattr(module, "PYTHON", venv / "bin" / "python")
    monkeypatch.setattr(module, "STAMP", venv / "stamp")
    return module


def _script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_help_lists_both_commands(dev, capsys):
    with pytest.raises(SystemExit) as exit_:
        dev.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "  lab " in out
    assert "  test " in out


def test_extra_arguments_go_to_the_command(dev, monkeypatch):
    seen = []
    monkeypatch.setattr(dev, "set_up", lambda: None)
    monkeypatch.setattr(dev, "ensure_system_tools", lambda: None)
    monkeypatch.setattr(dev, "run_child", lambda cmd: seen.append(cmd) or 5)
    assert dev.main(["test", "-k", "cli", "-x"]) == 5
    assert dev.main(["lab", "--notebook"]) == 5
    assert seen[0][1:] == ["-m", "pytest", "-k", "cli", "-x"]
    assert seen[1][1:] == ["lab", "--notebook"]


def test_without_venv_module_and_root_it_prints_the_apt_command(dev, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(sys, "executable", str(_script(tmp_path / "py", "exit 1")))
    monkeypatch.setattr(dev, "can_apt", lambda: False)
    with pytest.raises(SystemExit) as exit_:
        dev.ensure_venv()
    assert exit_.value.code == 1
    assert (
        f"sudo apt-get install -y python3.{sys.version_info.minor}-venv" in capsys.readouterr().err
    )


def test_as_root_it_installs_the_venv_package_and_retries(dev, monkeypatch, tmp_path):
    calls = tmp_path / "calls"
    monkeypatch.setattr(sys, "executable", str(_script(tmp_path / "py", f'echo "$@" >> {calls}')))
    monkeypatch.setattr(dev, "can_apt", lambda: True)
    installed = []
    monkeypatch.setattr(dev, "apt_install", installed.append)
    with pytest.raises(SystemExit):  # the fake python makes no venv, so the retry cannot succeed
        dev.ensure_venv()
    assert installed == [f"python3.{sys.version_info.minor}-venv"]
    assert calls.read_text().count("-m venv --clear") == 2


def test_pip_runs_again_only_when_pyproject_changes(dev, tmp_path):
    calls = tmp_path / "calls"
    _script(dev.PYTHON, f'echo "$@" >> {calls}')
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n')
    dev.ensure_installed()
    dev.ensure_installed()
    assert calls.read_text().splitlines() == ["-m pip install -e .[test]"]
    pyproject.write_text('[project]\nname = "x"\nversion = "2"\n')
    dev.ensure_installed()
    assert len(calls.read_text().splitlines()) == 2


def test_a_failed_pip_install_leaves_no_stamp(dev, tmp_path):
    _script(dev.PYTHON, "exit 1")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(SystemExit):
        dev.ensure_installed()
    assert not dev.STAMP.exists()
