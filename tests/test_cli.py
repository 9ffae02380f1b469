"""Tests for the ``canvaskit`` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from canvaskit_widgets import cli


def _notebook(path: Path) -> Path:
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_help_lists_every_subcommand_with_its_summary(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps long lines
    assert "lab" in cli.SUBCOMMANDS
    for name, (run, _options) in cli.SUBCOMMANDS.items():
        summary = run.__doc__.strip().splitlines()[0]
        assert f" {name} {summary}" in out
    assert "typical use" in out


def test_console_script_help_runs_in_a_fresh_interpreter():
    done = subprocess.run(
        [sys.executable, "-m", "canvaskit_widgets.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: canvaskit" in done.stdout


def test_importing_the_cli_loads_nothing_heavy():
    code = (
        "import sys, canvaskit_widgets.cli; "
        "print([m for m in ('pandas', 'altair', 'ipywidgets', 'nbgrader', 'jupyterlab') "
        "if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_unknown_or_missing_subcommand_is_a_usage_error(capsys):
    for argv in (["nonsense"], []):
        with pytest.raises(SystemExit) as exit_:
            cli.main(argv)
        assert exit_.value.code == 2
    assert "invalid choice: 'nonsense'" in capsys.readouterr().err


def test_lab_command_as_normal_user_serves_the_folder_in_jupyterlab(tmp_path):
    cmd = cli.lab_command(tmp_path, root=False, python="py")
    assert cmd == ["py", "-m", "jupyter", "lab", f"--ServerApp.root_dir={tmp_path}"]


def test_lab_command_as_root_allows_root(tmp_path):
    cmd = cli.lab_command(tmp_path, root=True, python="py")
    assert cmd[:4] == ["py", "-m", "jupyter", "lab"]
    assert "--allow-root" in cmd


def test_lab_command_passes_notebook_port_ip_and_no_browser(tmp_path):
    cmd = cli.lab_command(
        tmp_path, notebook=True, port=8890, browser=False, ip="0.0.0.0", python="py"
    )
    assert cmd[3] == "notebook"
    assert {"--port=8890", "--ip=0.0.0.0", "--no-browser"} <= set(cmd)
    assert "--allow-root" not in cmd


def test_lab_command_opens_the_first_00_notebook(tmp_path):
    _notebook(tmp_path / "01_segments.ipynb")
    welcome = _notebook(tmp_path / "00_welcome.ipynb")
    cmd = cli.lab_command(tmp_path, python="py")
    assert cmd[-1] == str(welcome)
    assert str(tmp_path / "01_segments.ipynb") not in cmd


def test_course_dir_falls_back_to_the_current_directory(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "__file__", str(tmp_path / "site-packages" / "pkg" / "cli.py"))
    monkeypatch.chdir(tmp_path)
    assert cli.course_dir() == tmp_path
    assert "serving the current directory" in capsys.readouterr().err


def test_course_dir_in_a_checkout_is_the_course_folder(tmp_path, monkeypatch):
    (tmp_path / "course").mkdir()
    monkeypatch.setattr(cli, "__file__", str(tmp_path / "canvaskit_widgets" / "cli.py"))
    assert cli.course_dir() == tmp_path / "course"


def test_lab_subcommand_runs_the_built_command(tmp_path, monkeypatch):
    (tmp_path / "course").mkdir()
    monkeypatch.setattr(cli, "__file__", str(tmp_path / "canvaskit_widgets" / "cli.py"))
    monkeypatch.setattr(cli, "is_root", lambda: True)
    ran = []
    monkeypatch.setattr(cli, "run_child", lambda cmd: ran.append(cmd) or 7)
    assert cli.main(["lab", "--notebook", "--port", "9001", "--no-browser"]) == 7
    [cmd] = ran
    assert cmd[2:4] == ["jupyter", "notebook"]
    assert f"--ServerApp.root_dir={tmp_path / 'course'}" in cmd
    assert {"--port=9001", "--no-browser", "--allow-root"} <= set(cmd)


def test_run_child_returns_the_child_exit_code():
    assert cli.run_child([sys.executable, "-c", "raise SystemExit(3)"]) == 3


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM forwarding is POSIX only")
def test_run_child_passes_sigterm_on_to_the_child():
    inner = (
        "import signal, sys, time\n"
        "signal.signal(signal.SIGTERM, lambda *_: sys.exit(42))\n"
        "print('ready', flush=True)\n"
        "time.sleep(30)\n"
    )
    outer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom canvaskit_widgets.cli import run_child\n"
            f"sys.exit(run_child([sys.executable, '-c', {inner!r}]))",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert outer.stdout.readline() == "ready\n"
        outer.terminate()
        assert outer.wait(timeout=10) == 42
    finally:
        outer.kill()
        outer.stdout.close()


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("--jobs", "0", "'0' must be above 0 and finite"),
        ("--jobs", "1.5", "'1.5' is not a whole number"),
        ("--timeout", "-5", "'-5' must be above 0 and finite"),
        ("--memory", "0", "'0' must be above 0 and finite"),
        ("--memory", "inf", "'inf' must be above 0 and finite"),
        ("--memory", "nan", "'nan' must be above 0 and finite"),
        ("--budget", "ten", "'ten' is not a whole number"),
    ],
)
def test_grade_limits_must_be_numbers_above_zero(option, value, why, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["grade", "toy", option, value])
    assert stop.value.code == 2
    assert why in capsys.readouterr().err


def test_grade_limits_above_zero_are_taken():
    args = cli.build_parser().parse_args(
        ["grade", "toy", "--jobs", "3", "--timeout", "30", "--memory", "0.5", "--budget", "90"]
    )
    assert (args.jobs, args.timeout, args.memory, args.budget) == (3, 30, 0.5, 90)
