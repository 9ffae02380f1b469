"""Control groups left by a grader killed outright are removed by the next one; never the groups
of a grader still running, never a group that holds a process.

The sweep is tested on fake cgroup roots (v1 and v2 layouts: plain folders, where a folder with
a file in it stands for a group that holds a process), and for real on this machine's cgroups.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from canvaskit_widgets.grading import cgroups, leftovers
from canvaskit_widgets.grading.cgroups import Groups, sweep

ME = os.getpid()


def _name(pid: int, start: int | None, namespace: int | None, worker: int = 0) -> str:
    return f"canvaskit-p{pid}.{start}.{namespace}-0123abcd-w{worker}"


def _gone_pid() -> int:
    """A process id that no process holds (above the kernel's largest)."""
    return int(Path("/proc/sys/kernel/pid_max").read_text()) + 1


def _kernel_write(path: Path, value: str) -> None:
    """Write as the cgroup file system does: ``+memory`` in subtree_control reads back ``memory``."""
    if path.name == "cgroup.subtree_control":
        value = " ".join(v.lstrip("+") for v in value.split())
    path.write_text(value)


@pytest.fixture
def v2_root(tmp_path, monkeypatch) -> Path:
    """A fake cgroup v2 root with memory, pids and cpu available."""
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("")
    monkeypatch.setattr(cgroups, "ROOT", tmp_path)
    monkeypatch.setattr(cgroups, "_write", _kernel_write)
    return tmp_path


@pytest.mark.parametrize("layout", ["v2", "v1"])
def test_only_empty_groups_of_graders_that_ended_are_removed(tmp_path, monkeypatch, layout):
    monkeypatch.setattr(cgroups, "ROOT", tmp_path)
    here = os.stat("/proc/self/ns/pid").st_ino
    start = leftovers._started(ME)
    assert start is not None
    bases = [tmp_path] if layout == "v2" else [tmp_path / c for c in ("memory", "pids", "cpu")]
    kept = {
        "running": _name(ME, start, here),
        "other namespace": _name(_gone_pid(), 1, here + 1),
        "older canvaskit": "canvaskit-0123abcd-w0",
        "not ours": "user.slice",
    }
    removed = {
        "ended": _name(_gone_pid(), 5, here),
        "pid reused": _name(ME, start + 1, here),  # same id, another start: another process
    }
    busy = _name(_gone_pid(), 7, here, worker=1)
    for base in bases:
        for name in [*kept.values(), *removed.values(), busy]:
            (base / name).mkdir(parents=True)
        (base / busy / "cgroup.procs").write_text("4242\n")  # a process still inside
    swept = sweep()
    for base in bases:
        assert sorted(p.name for p in base.iterdir()) == sorted([*kept.values(), busy])
    assert sorted(swept.removed) == sorted(b / n for b in bases for n in removed.values())
    assert swept.busy == [b / busy for b in bases]
    assert (bases[0] / busy / "cgroup.procs").read_text() == "4242\n"


def test_v2_groups_are_named_by_their_grader_and_swept_once_it_ends(v2_root, monkeypatch):
    groups, why = Groups.create()
    assert groups is not None and (groups.version, why) == (2, "cgroup v2")
    assert (v2_root / "cgroup.subtree_control").read_text() == "memory pids cpu"
    folder = groups.worker(0)["memory"]
    assert folder.parent == v2_root and folder.name.startswith(f"canvaskit-p{ME}.")
    assert sweep().removed == [], "the groups of a grader still running are kept, even empty"
    assert folder.is_dir()
    monkeypatch.setattr(leftovers, "_started", lambda pid: None)  # the grader has ended
    assert sweep().removed == [folder]
    assert not folder.exists()


def test_a_grader_that_cannot_read_its_start_time_makes_groups_no_sweep_removes(
    v2_root, monkeypatch
):
    monkeypatch.setattr(leftovers, "_started", lambda pid: None)
    groups, _ = Groups.create()
    assert groups is not None
    folder = groups.worker(0)["memory"]
    assert folder.name.startswith(f"canvaskit-p{ME}.0.0-")
    assert sweep().removed == [] and folder.is_dir()


def test_v2_limits_are_written_to_the_group(v2_root):
    groups, _ = Groups.create()
    assert groups is not None
    done = groups.limit(0, 2**30, 64, 0.5)
    folder = groups.worker(0)["memory"]
    written = {f: (folder / f).read_text() for f in ("memory.max", "pids.max", "cpu.max")}
    assert written == {"memory.max": str(2**30), "pids.max": "64", "cpu.max": "50000 100000"}
    assert done == ["memory (memory.max)", "processes (pids.max)", "CPU (cpu.max)"]


def test_v2_without_the_memory_controller_is_not_used(v2_root):
    (v2_root / "cgroup.controllers").write_text("cpu io pids\n")
    groups, why = Groups.create()
    assert groups is None and "cannot create control groups" in why


# The real thing: this machine's cgroups (root, v1 or v2).


def _real_groups() -> str | None:
    groups, why = Groups.create()
    return None if groups is None else why


def _folders(pid: int) -> list[Path]:
    """Every group folder of the grader with process id ``pid``."""
    bases = [cgroups.ROOT, *(cgroups.ROOT / c for c in ("memory", "pids", "cpu"))]
    return sorted(
        b / n
        for b in bases
        if b.is_dir()
        for n in os.listdir(b)
        if n.startswith(f"canvaskit-p{pid}.")
    )


def _processes(folder: Path) -> str:
    try:
        return (folder / "cgroup.procs").read_text().strip()
    except FileNotFoundError:
        return ""


def _wait(condition, what: str, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, f"timed out waiting until {what}"
        time.sleep(0.2)


def _grade(root: Path, *options: str, **kwargs) -> subprocess.Popen:
    from classgen import nbgrader_env

    command = [sys.executable, "-m", "canvaskit_widgets.cli", "grade", "toy", "--course"]
    return subprocess.Popen(
        [*command, str(root), "--no-progress", *options],
        env=nbgrader_env(),
        text=True,
        **kwargs,
    )


# A grader still running: it made its groups and waits (empty groups are the easiest to remove).
LIVE = """import sys
from canvaskit_widgets.grading.cgroups import Groups
groups, _ = Groups.create()
groups.worker(0); groups.worker(1)
print("ready", flush=True)
sys.stdin.read()
groups.remove()
"""


@pytest.mark.slow
@pytest.mark.skipif(
    os.geteuid() != 0 or _real_groups() is None, reason="needs root and writable cgroups"
)
def test_a_killed_graders_groups_are_removed_by_the_next_grade(toy_course):
    from classgen import make_class

    make_class(toy_course, "toy", ("loop", "correct", "correct"))
    killed = _grade(toy_course.root, "-j", "2", "--timeout", "30", stderr=subprocess.DEVNULL)
    try:  # mid-run: a worker's sandbox is inside its group
        _wait(lambda: any(_processes(f) for f in _folders(killed.pid)), "a worker entered")
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    left = _folders(killed.pid)
    assert len(left) >= 4, "memory and pids groups for each of two workers"
    sandbox = list(Path(tempfile.gettempdir()).glob(f"canvaskit-grade-p{killed.pid}.*"))
    assert len(sandbox) == 1, "the killed grader's sandbox folder stays behind"
    _wait(lambda: not any(_processes(f) for f in left), "the killed grader's sandboxes ended", 30)
    running = subprocess.Popen(
        [sys.executable, "-c", LIVE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert running.stdout is not None and running.stdout.readline() == "ready\n"
        theirs = _folders(running.pid)
        assert theirs and not any(_processes(f) for f in theirs)
        nxt = _grade(
            toy_course.root,
            "-j",
            "1",
            "-s",
            "s00[12]*",
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = nxt.communicate(timeout=600)
        assert nxt.returncode == 0 and "canvaskit grade toy:" in out, err
        removed = re.search(r"removed (\d+) empty control group\(s\) left by a grader", err)
        assert removed and int(removed[1]) >= len(left), err
        assert not any(f.exists() for f in left)
        assert re.search(r"removed \d+ sandbox folder\(s\) left by a grader", err), err
        assert not sandbox[0].exists()
        assert _folders(running.pid) == theirs, "a running grader's groups stay"
        assert _folders(nxt.pid) == [], "the next grader removed its own groups at the end"
    finally:
        running.communicate("", timeout=60)
    assert _folders(running.pid) == []


def test_sandbox_folders_of_graders_that_ended_are_deleted(tmp_path, monkeypatch):
    here = os.stat("/proc/self/ns/pid").st_ino
    start = leftovers._started(ME)
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    kept = {
        "running": f"canvaskit-grade-p{ME}.{start}.{here}-ab_12",
        "other namespace": f"canvaskit-grade-p{_gone_pid()}.5.{here + 1}-ab_12",
        "start unknown": f"canvaskit-grade-p{_gone_pid()}.0.0-ab_12",
        "older canvaskit": "canvaskit-grade-x1y2z3",
        "not ours": "pytest-of-root",
    }
    gone = [
        f"canvaskit-grade-p{_gone_pid()}.5.{here}-ab_12",
        f"canvaskit-grade-p{ME}.{start + 1}.{here}-cd_34",  # same id, another process
    ]
    for name in [*kept.values(), *gone]:
        (tmp_path / name / "w0" / "scratch").mkdir(parents=True)
    (tmp_path / gone[0] / "w0" / "scratch" / "link").symlink_to(victim)
    (tmp_path / f"canvaskit-grade-p{_gone_pid()}.5.{here}-ef_56").symlink_to(tmp_path / "not ours")
    assert leftovers.sweep_folders(tmp_path) == sorted(tmp_path / n for n in gone)
    assert all((tmp_path / name).is_dir() for name in kept.values())
    assert not any((tmp_path / name).exists() for name in gone)
    assert victim.read_text() == "keep me"
    monkeypatch.setattr(leftovers, "_started", lambda pid: None)  # every grader has ended
    assert leftovers.sweep_folders(tmp_path) == [tmp_path / kept["running"]]
