"""The sandbox: what it hides and binds, and a probe that reports each protection honestly."""

from __future__ import annotations

import io
import os
import shutil

import pytest
from classgen import make_class

from canvaskit_widgets.grading.batch import Options, _sandbox, grade
from canvaskit_widgets.grading.sandbox import Limits, Sandbox

NAMES = ["files", "network", "memory", "time", "processes"]


def private(tmp_path):
    secret = tmp_path / "solutions"
    secret.mkdir()
    (secret / "answers.txt").write_text("42")
    book = tmp_path / "gradebook.db"
    book.write_text("grades")
    return [secret, book]


def test_the_command_hides_private_paths_and_lets_the_worker_write_only_its_folder(tmp_path):
    hidden = private(tmp_path)
    sandbox = Sandbox(
        tmp_path / "work", hidden, Limits(), bwrap="/usr/bin/bwrap", switch_user=False
    )
    command = sandbox.command(3, {"preload": ["pandas"]})
    joined = " ".join(command)
    assert f"--tmpfs {hidden[0]}" in joined
    assert f"--ro-bind /dev/null {hidden[1]}" in joined
    assert "--unshare-net" in command and "--unshare-pid" in command
    assert "--ro-bind / /" in joined
    folder = tmp_path / "work" / "w3"
    assert f"--bind {folder} {folder}" in joined
    # The masks come after everything else that is bound, so nothing re-exposes them.
    assert joined.index(f"--tmpfs {hidden[0]}") > joined.index("--ro-bind / /")
    assert '"preload": ["pandas"]' in command[-1]


def test_without_bubblewrap_the_probe_says_which_protections_are_off(tmp_path):
    sandbox = Sandbox.create(tmp_path / "work", private(tmp_path), Limits())
    sandbox.bwrap, sandbox.switch_user = None, False  # a machine without either
    found = {p.name: p for p in sandbox.probe()}
    assert list(found) == NAMES
    assert not found["files"].on and "solutions" in found["files"].detail
    assert "apt-get install -y bubblewrap" in found["network"].detail
    assert not found["processes"].on and "not root" in found["processes"].detail
    assert found["memory"].on, "a resource limit needs no sandbox"
    assert found["time"].on


def test_a_sandbox_turned_off_says_so(tmp_path):
    sandbox = Sandbox.create(tmp_path / "work", private(tmp_path), Limits(), isolate=False)
    found = {p.name: p for p in sandbox.probe()}
    assert found["network"].detail == "turned off (--no-sandbox)"
    assert found["processes"].detail == "turned off (--no-sandbox)"


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_with_bubblewrap_the_probe_finds_files_and_network_shut(tmp_path):
    sandbox = Sandbox.create(tmp_path / "work", private(tmp_path), Limits())
    found = {p.name: p for p in sandbox.probe()}
    assert found["files"].on, found["files"].detail
    assert found["network"].on, found["network"].detail
    assert found["memory"].on
    assert found["processes"].on == (os.geteuid() == 0), found["processes"].detail


@pytest.mark.slow
def test_grading_without_a_sandbox_still_works_and_says_so(toy_course):
    make_class(toy_course, "toy", ("correct",))
    result = grade(
        toy_course,
        "toy",
        Options(sandbox=False, progress=False, limits=Limits(timeout=10)),
        out=io.StringIO(),
    )
    assert [o.score for o in result.outcomes] == [6.0]
    assert "files OFF" in result.summary() and "network OFF" in result.summary()


def test_a_bubblewrap_that_cannot_run_is_reported_and_grading_falls_back(toy_course, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name: "/bin/false" if name == "bwrap" else real_which(name)
    )
    sandbox = _sandbox(toy_course, Limits(), Options())
    found = {p.name: p for p in sandbox.protections}
    assert sandbox.started and sandbox.bwrap is None
    assert not found["files"].on
    assert found["network"].detail == "bubblewrap is installed but cannot run here"
    assert found["memory"].on
