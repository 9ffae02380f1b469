"""The sandbox: what it hides and binds, and a probe that reports each protection honestly."""

from __future__ import annotations

import io
import os
import shutil

import pytest
from classgen import make_class
from grading_helpers import printed

from canvaskit_widgets.grading.batch import Options, _sandbox, grade
from canvaskit_widgets.grading.sandbox import Limits, Sandbox

NAMES = ["files", "network", "memory", "time", "processes", "cpu", "disk"]


def private(tmp_path):
    secret = tmp_path / "solutions"
    secret.mkdir()
    (secret / "answers.txt").write_text("42")
    book = tmp_path / "gradebook.db"
    book.write_text("grades")
    return [secret, book]


def test_the_command_shows_only_the_system_python_and_package_and_a_capped_scratch(tmp_path):
    hidden = private(tmp_path)
    sandbox = Sandbox(
        tmp_path / "work", hidden, Limits(disk=2**27), bwrap="/usr/bin/bwrap", switch_user=False
    )
    command = sandbox.command(3, {"preload": ["pandas"]})
    joined = " ".join(command)
    assert "--ro-bind / /" not in joined, "an allowlist, not the whole machine"
    assert "--ro-bind /usr /usr" in joined
    assert str(tmp_path) + "/solutions" not in joined and "gradebook" not in joined
    assert "--unshare-net" in command and "--unshare-pid" in command
    folder = tmp_path / "work" / "w3"
    assert f"--bind {folder} {folder}" in joined
    assert f"--size {2**27} --perms 0755 --tmpfs {folder}/scratch" in joined
    assert joined.index(f"--bind {folder}") < joined.index(f"--tmpfs {folder}/scratch")
    assert '"preload": ["pandas"]' in command[-1]


def test_without_bubblewrap_the_probe_says_which_protections_are_off(tmp_path):
    sandbox = Sandbox.create(tmp_path / "work", private(tmp_path), Limits())
    sandbox.bwrap, sandbox.switch_user = None, False  # a machine without either
    found = {p.name: p for p in sandbox.probe()}
    assert list(found) == NAMES
    assert not found["files"].on and "solutions" in found["files"].detail
    assert "apt-get install -y bubblewrap" in found["network"].detail
    assert not found["disk"].on and "only each file is capped" in found["disk"].detail
    assert found["memory"].on == (sandbox.groups is not None), found["memory"].detail
    assert found["time"].on
    sandbox.remove()


def test_a_sandbox_turned_off_says_so(tmp_path):
    sandbox = Sandbox.create(tmp_path / "work", private(tmp_path), Limits(), isolate=False)
    found = {p.name: p for p in sandbox.probe()}
    assert found["network"].detail == "turned off (--no-sandbox)"
    assert found["processes"].detail == "turned off (--no-sandbox)"
    assert not found["memory"].on and "turned off (--no-sandbox)" in found["memory"].detail


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_with_bubblewrap_the_probe_finds_files_and_network_shut(tmp_path):
    sandbox = Sandbox.create(tmp_path / "work", private(tmp_path), Limits())
    found = {p.name: p for p in sandbox.probe()}
    sandbox.remove()
    assert found["files"].on, found["files"].detail
    assert found["network"].on, found["network"].detail
    assert found["disk"].on, found["disk"].detail
    assert found["processes"].on == (os.geteuid() == 0), found["processes"].detail


@pytest.mark.slow
def test_grading_without_a_sandbox_still_works_and_says_so(toy_course):
    planned = make_class(toy_course, "toy", ("correct", "read_hidden"))
    result = grade(
        toy_course,
        "toy",
        Options(sandbox=False, progress=False, limits=Limits(timeout=10)),
        out=io.StringIO(),
    )
    assert [o.score for o in result.outcomes] == [6.0, 6.0]
    assert "files OFF" in result.summary() and "network OFF" in result.summary()
    # The control experiment: without the sandbox the same search finds the hidden tests.
    assert "LEAK" in printed(toy_course, "toy", planned[1].student)


def test_a_bubblewrap_that_cannot_run_is_reported_and_grading_falls_back(toy_course, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name: "/bin/false" if name == "bwrap" else real_which(name)
    )
    sandbox = _sandbox(toy_course, Limits(), Options())
    sandbox.remove()
    found = {p.name: p for p in sandbox.protections}
    assert sandbox.started and sandbox.bwrap is None
    assert not found["files"].on
    assert found["network"].detail == "bubblewrap is installed but cannot run here"
