"""Limits per submission that the Linux kernel enforces: one control group per grading worker.

A worker's sandbox (its fork server, the kernel of the submission being graded and everything
that kernel forks) runs in its own group, so memory counts every process and every shared
mapping, and the process count every child. cgroup v2 (``memory.max``, ``pids.max``,
``cpu.max``) is used where its controllers can be enabled; else the v1 hierarchies
(``memory.limit_in_bytes``, ``pids.max``, ``cpu.cfs_quota_us``). ``Groups.create`` returns
None, with the reason, where neither can be written (not root, no cgroup file system).

A group's name records the grader that made it (process id, start time, pid namespace), so a
later grader can tell a group left by one killed outright (SIGKILL, power cut) from one in use
by a grader still running, and ``sweep`` removes only the first kind, and only when empty.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from .leftovers import OWNER, ended, owner

__all__ = ["Groups", "Swept", "sweep"]

ROOT = Path("/sys/fs/cgroup")

# One CPU period, in microseconds.
PERIOD = 100_000

# canvaskit-<owner>-<token>-w<n> (see ``leftovers``)
_NAME = re.compile(rf"canvaskit-{OWNER}-[0-9a-f]+-w\d+")


def _write(path: Path, value: str) -> None:
    path.write_text(value)


def _v2_root() -> Path | None:
    """The cgroup v2 folder to create groups in, with memory and pids enabled, if any."""
    controllers = ROOT / "cgroup.controllers"
    if not controllers.exists():
        return None
    available = set(controllers.read_text().split())
    if not {"memory", "pids"} <= available:
        return None
    wanted = [c for c in ("memory", "pids", "cpu") if c in available]
    with contextlib.suppress(OSError):
        _write(ROOT / "cgroup.subtree_control", " ".join(f"+{c}" for c in wanted))
    enabled = set((ROOT / "cgroup.subtree_control").read_text().split())
    return ROOT if {"memory", "pids"} <= enabled else None


@dataclass
class Swept:
    """What ``sweep`` did: groups removed, and groups of ended graders that still hold
    processes (left alone; the next sweep tries again)."""

    removed: list[Path] = field(default_factory=list)
    busy: list[Path] = field(default_factory=list)


def sweep() -> Swept:
    """Remove the control groups that graders killed outright left behind.

    Only this tool's groups (named by ``Groups``), only those whose grader has ended (no
    process with its id and start time in this pid namespace), and only empty ones: ``rmdir``,
    which the kernel refuses while a group holds a process. Groups of a grader still running,
    made in another pid namespace or named by an older canvaskit are never touched."""
    swept = Swept()
    bases = [ROOT, *(ROOT / c for c in ("memory", "pids", "cpu"))]
    for base in bases:
        try:
            names = sorted(os.listdir(base))
        except OSError:
            continue
        for name in names:
            found = _NAME.fullmatch(name)
            if found is None:
                continue
            if not ended(*(int(g) for g in found.groups())):
                continue
            folder = base / name
            try:
                folder.rmdir()
                swept.removed.append(folder)
            except FileNotFoundError:
                pass  # another grader swept it first
            except OSError:
                swept.busy.append(folder)
    return swept


@dataclass
class Groups:
    """The control groups of one batch: ``version`` 1 or 2, one folder per controller and
    worker."""

    version: int
    tag: str
    folders: dict[int, dict[str, Path]] = field(default_factory=dict)
    cpu: bool = False

    @classmethod
    def create(cls) -> tuple[Groups | None, str]:
        """The cgroup version this machine lets the grader use, or None and why not."""
        if not hasattr(os, "getuid") or not ROOT.is_dir():
            return None, "no cgroup file system here"
        tag = f"canvaskit-{owner()}-{secrets.token_hex(4)}"
        try:
            if _v2_root() is not None:
                return cls(2, tag), "cgroup v2"
        except OSError:
            pass
        v1 = [ROOT / "memory", ROOT / "pids"]
        if all(p.is_dir() and os.access(p, os.W_OK) for p in v1):
            return cls(1, tag), "cgroup v1"
        return None, "the grader cannot create control groups (needs root and cgroups)"

    def worker(self, index: int) -> dict[str, Path]:
        """Make worker ``index``'s groups (once); return them by controller."""
        if index not in self.folders:
            if self.version == 2:
                names = {"memory": ROOT, "pids": ROOT, "cpu": ROOT}
            else:
                names = {c: ROOT / c for c in ("memory", "pids", "cpu") if (ROOT / c).is_dir()}
            made = {}
            for controller, base in names.items():
                folder = base / f"{self.tag}-w{index}"
                folder.mkdir(exist_ok=True)
                made[controller] = folder
            self.folders[index] = made
        return self.folders[index]

    def enter(self, index: int) -> None:
        """Move the calling process into worker ``index``'s groups (its children follow)."""
        for folder in set(self.worker(index).values()):
            _write(folder / "cgroup.procs", str(os.getpid()))

    def usage(self, index: int) -> tuple[int, int]:
        """Bytes of memory and number of processes the worker's group uses now."""
        groups = self.worker(index)
        name = "memory.current" if self.version == 2 else "memory.usage_in_bytes"
        memory = int((groups["memory"] / name).read_text())
        pids = int((groups["pids"] / "pids.current").read_text())
        return memory, pids

    def limit(self, index: int, memory: int, pids: int, cpus: float) -> list[str]:
        """Cap the group; return what is in force, in words."""
        groups = self.worker(index)
        if self.version == 2:
            _write(groups["memory"] / "memory.max", str(memory))
            with contextlib.suppress(OSError):
                _write(groups["memory"] / "memory.swap.max", "0")
            _write(groups["pids"] / "pids.max", str(pids))
        else:
            swap = groups["memory"] / "memory.memsw.limit_in_bytes"  # only with swap accounting
            with contextlib.suppress(OSError):  # memory may not exceed memory + swap
                _write(swap, "-1")
            _write(groups["memory"] / "memory.limit_in_bytes", str(memory))
            with contextlib.suppress(OSError):
                _write(swap, str(memory))
            _write(groups["pids"] / "pids.max", str(pids))
        done = [f"memory ({'memory.max' if self.version == 2 else 'memory.limit_in_bytes'})"]
        done.append("processes (pids.max)")
        cpu = groups.get("cpu")
        if cpu is not None:
            try:
                if self.version == 2:
                    _write(cpu / "cpu.max", f"{int(cpus * PERIOD)} {PERIOD}")
                else:
                    _write(cpu / "cpu.cfs_period_us", str(PERIOD))
                    _write(cpu / "cpu.cfs_quota_us", str(int(cpus * PERIOD)))
                done.append(f"CPU ({'cpu.max' if self.version == 2 else 'cpu.cfs_quota_us'})")
                self.cpu = True
            except OSError:
                pass
        return done

    def oom_kills(self, index: int) -> int:
        """How many processes the memory limit has killed in the worker's group so far."""
        folder = self.worker(index)["memory"]
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        with contextlib.suppress(OSError, ValueError):
            for line in (folder / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        return 0

    def remove(self) -> None:
        """Delete every group (their processes have ended, or end within a second)."""
        for groups in self.folders.values():
            for folder in set(groups.values()):
                for _ in range(50):
                    try:
                        folder.rmdir()
                        break
                    except FileNotFoundError:
                        break
                    except OSError:
                        time.sleep(0.02)
        self.folders.clear()
