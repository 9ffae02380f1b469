"""Where student code runs: limits, the bubblewrap sandbox, and a probe that checks each protection.

Each grading worker is one sandbox holding one fork server. The sandbox sees the system
read-only, has no network and its own process table, and cannot see the course's private
folders (source notebooks with hidden tests, submissions, autograded copies, gradebook, git
history) nor the grader's home. It may write only to its worker folder, where each
submission gets a scratch copy. When the grader runs as root, the worker drops to its own
user id, so a per-user process limit holds. Nothing here is assumed: ``probe`` runs a short
program inside the same sandbox and reports what was really enforced.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .cgroups import Groups

__all__ = ["Limits", "Protection", "Sandbox"]

# What the sandbox sees of the machine's own folders (read-only; symlinks stay symlinks).
SYSTEM = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")

# User ids for the workers when the grader runs as root: far above ordinary accounts.
UID_BASE = 2_752_512


@dataclass(frozen=True)
class Limits:
    """Resource limits for one kernel.

    Parameters
    ----------
    timeout:
        Seconds one cell may run before it is interrupted (then killed if it ignores that).
    memory:
        Bytes of data memory (heap, arrays) a kernel may hold.
    cpu:
        CPU seconds one kernel may use in all.
    processes:
        Processes and threads one worker may run (needs a worker user id, see ``Sandbox``).
    file_size:
        Largest file a kernel may write, in bytes.
    output:
        Bytes of output the grader keeps per cell; the rest is dropped, marked as cut.
    budget:
        Seconds the student's notebook may run in all; the cells after are not run.
    cells:
        Code cells of a student's notebook that run at most.
    disk:
        Bytes the student's home, temp and working folder may hold together.
    cpus:
        Cores one submission may keep busy (where a control group enforces it).
    """

    timeout: int = 30
    memory: int = 2 * 2**30
    cpu: int = 900
    processes: int = 256
    file_size: int = 200 * 2**20
    output: int = 2 * 2**20
    budget: int = 600
    cells: int = 500
    disk: int = 512 * 2**20
    cpus: float = 1.0

    def rlimits(self, processes: bool) -> dict[str, int]:
        """The ``setrlimit`` values the fork server applies to each kernel."""
        limits = {"memory": self.memory, "cpu": self.cpu, "fsize": self.file_size}
        if processes:
            limits["nproc"] = self.processes
        return limits


@dataclass(frozen=True)
class Protection:
    """One protection: whether it is enforced on this machine, and how (or why not)."""

    name: str
    on: bool
    detail: str

    def __str__(self) -> str:
        return f"{self.name}: {'on' if self.on else 'OFF'} ({self.detail})"


def clean_env(folder: Path) -> dict[str, str]:
    """The environment of a fork server and its kernels, an allowlist: nothing from the
    grader's (no tokens or passwords reach a kernel). ``folder`` holds home and temp."""
    home = folder / "home"
    bin_dir = str(Path(sys.executable).parent)
    return {
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(folder / "tmp"),
        "IPYTHONDIR": str(home / ".ipython"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "LANG": "C.UTF-8",
        "USER": "student",
        "LOGNAME": "student",
        # One thread per numerical library: the workers already use every core.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        # Arrow's own allocators reserve address space that the per-process memory limit
        # counts; malloc does not.
        "ARROW_DEFAULT_MEMORY_POOL": "system",
    }


@dataclass
class Sandbox:
    """How this machine runs student code; build with ``Sandbox.create``.

    Parameters
    ----------
    root:
        Folder holding one sub-folder per worker (created by ``create``).
    hidden:
        Folders and files student code must not see.
    limits:
        The resource limits.
    bwrap:
        Path of bubblewrap, or None to run without a sandbox.
    switch_user:
        Whether workers drop to their own user id (only possible as root).
    off_reason:
        Why the sandbox is off, when it was turned off or cannot exist here.
    user_off_reason:
        Why workers keep the grader's user id although it is root.
    groups, groups_off:
        The control groups that limit each worker (``cgroups.Groups``), or why there are none.
    """

    root: Path
    hidden: list[Path]
    limits: Limits
    bwrap: str | None
    switch_user: bool
    off_reason: str | None = None
    user_off_reason: str | None = None
    protections: list[Protection] = field(default_factory=list)
    started: bool = False
    groups: Groups | None = None
    groups_off: str = ""

    @classmethod
    def create(
        cls, root: Path, hidden: list[Path], limits: Limits, *, isolate: bool = True
    ) -> Sandbox:
        """Choose the mechanisms available here (``isolate=False`` turns the sandbox off)."""
        root.mkdir(parents=True, exist_ok=True)
        os.chmod(root, 0o711)
        bwrap = shutil.which("bwrap") if isolate and sys.platform == "linux" else None
        switch = isolate and hasattr(os, "getuid") and os.getuid() == 0
        hidden = [p.resolve() for p in hidden if p.exists()]
        off = None if isolate else "turned off (--no-sandbox)"
        if isolate and sys.platform != "linux":
            off = "the sandbox needs Linux"
        groups, why = Groups.create() if isolate else (None, "turned off (--no-sandbox)")
        if groups is not None:
            try:  # a trial group: some machines list controllers they do not let us use
                groups.limit(0, limits.memory, limits.processes, limits.cpus)
            except OSError as exc:
                groups.remove()
                groups, why = None, f"{why} could not be written ({exc})"
        sandbox = cls(root, hidden, limits, bwrap, switch, off, groups=groups)
        sandbox.groups_off = why if groups is None else ""
        return sandbox

    def remove(self) -> None:
        """Delete the workers' folders and control groups (their processes have ended)."""
        shutil.rmtree(self.root, ignore_errors=True)
        if self.groups is not None:
            self.groups.remove()

    def uid(self, worker: int) -> int | None:
        return UID_BASE + worker if self.switch_user else None

    def render_uid(self, worker: int) -> int | None:
        """The user id of the worker's chart renderer: not the kernels', so they cannot stop it."""
        return UID_BASE + 1000 + worker if self.switch_user else None

    def folder(self, worker: int) -> Path:
        """The worker's folder, read-only to its kernels: ``sock`` (connection file, sockets and
        logs of the kernel being graded, its only writable place on disk), ``stage`` (the
        submission's files, written by the grader) and ``scratch``, which holds each kernel's
        fresh home, temp and working folder (a capped tmpfs inside the sandbox)."""
        folder = self.root / f"w{worker}"
        for sub in ("", "sock", "stage", "scratch"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o755)
        uid = self.uid(worker)
        if uid is not None:
            os.chown(folder / "sock", uid, uid)
        return folder

    def fresh(self, worker: int, files: Path) -> Path:
        """Empty the worker's ``sock`` and put a copy of ``files`` (notebooks left out) in its
        ``stage``: nothing a kernel wrote on disk reaches the next submission."""
        folder = self.root / f"w{worker}"
        for sub in ("sock", "stage"):
            shutil.rmtree(folder / sub, ignore_errors=True)
        shutil.copytree(
            files, folder / "stage", symlinks=True, ignore=shutil.ignore_patterns("*.ipynb")
        )
        return self.folder(worker)

    def _bwrap_args(self, folder: Path) -> list[str]:
        assert self.bwrap is not None
        args = [self.bwrap, "--die-with-parent", "--new-session", "--unshare-net"]
        args += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "grading"]
        if self.switch_user:
            # The server changes user ids, stops its kernels, and empties each kernel's scratch
            # folder of whatever the last one wrote; its kernels drop every capability.
            args += ["--cap-drop", "ALL"]
            for cap in ("SETUID", "SETGID", "KILL", "CHOWN", "FOWNER", "DAC_OVERRIDE"):
                args += ["--cap-add", f"CAP_{cap}"]
        # An allowlist: the system, this Python and the package; nothing else of the machine
        # (no course, no solutions folder beside the package, no home, no other worktree).
        bound: list[Path] = []
        for top in SYSTEM:
            path = Path(top)
            if path.is_symlink():
                args += ["--symlink", os.readlink(path), top]
            elif path.is_dir():
                args += ["--ro-bind", top, top]
                bound.append(path)
        args += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
        package = Path(__file__).resolve().parents[1]
        needed = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(package)}
        needed.add(os.path.dirname(os.path.realpath(sys.executable)))
        made: set[Path] = set()

        def parents(path: Path) -> list[str]:  # created traversable by the worker's user
            new = [p for p in reversed(path.parents[:-1]) if p not in made]
            made.update(new)
            return [arg for p in new for arg in ("--perms", "0755", "--dir", str(p))]

        for path in sorted(Path(p).resolve() for p in needed):
            if not any(path.is_relative_to(b) for b in bound):
                args += [*parents(path), "--ro-bind", str(path), str(path)]
                bound.append(path)
        for path in self.hidden:
            if any(path.is_relative_to(b) for b in bound):
                if path.is_dir():
                    args += ["--tmpfs", str(path)]
                else:
                    args += ["--ro-bind", "/dev/null", str(path)]
        args += [*parents(folder), "--bind", str(folder), str(folder)]
        scratch = str(folder / "scratch")
        args += ["--size", str(self.limits.disk), "--perms", "0755", "--tmpfs", scratch]
        return [*args, "--chdir", "/"]

    def command(self, worker: int, config: dict) -> list[str]:
        """The command that starts worker ``worker``'s fork server with ``config``."""
        folder = self.folder(worker)
        config = {
            **config,
            "uid": self.uid(worker),
            "private_pids": self.bwrap is not None,
            "env": clean_env(folder / "scratch"),
            "scratch": str(folder / "scratch"),
        }
        python = [sys.executable, "-m", "canvaskit_widgets.grading._zygote", json.dumps(config)]
        if self.bwrap is None:
            return python
        return [*self._bwrap_args(folder), *python]

    def env(self, worker: int) -> dict[str, str]:
        return clean_env(self.root / f"w{worker}" / "scratch")

    def probe(self, worker: int = 0) -> list[Protection]:
        """Run a short program in worker ``worker``'s sandbox; report what is really enforced."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        try:
            checks = {
                "port": listener.getsockname()[1],
                "hidden": [str(p) for p in self.hidden],
                "write": [str(p.parent) for p in self.hidden[:1]] or ["/etc"],
                "limits": self.limits.rlimits(self.switch_user),
                "scratch": str(self.folder(worker) / "scratch"),
                "disk": self.limits.disk,
            }
            command = self.command(worker, {"probe": checks})
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=120, env=self.env(worker)
                )
                seen = json.loads(done.stdout.strip().splitlines()[-1])
            except (subprocess.SubprocessError, OSError, ValueError, IndexError) as exc:
                seen = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            listener.close()
        self.started = "error" not in seen
        self.protections = self._judge(seen)
        return self.protections

    def _off(self) -> str:
        """Why the sandbox's own protections (files, network) are missing."""
        if self.off_reason:
            return self.off_reason
        if self.bwrap is None:
            return "bubblewrap not found: apt-get install -y bubblewrap"
        return "the sandbox did not enforce it"

    def _judge(self, seen: dict) -> list[Protection]:
        if "error" in seen:
            failed = f"the sandbox did not start: {seen['error']}"
            return [Protection(name, False, failed) for name in _NAMES]
        readable = [_short(p) for p, visible in seen["hidden"].items() if visible]
        files_on = seen["write_blocked"] and not readable
        limits, groups = self.limits, self.groups
        where = f"cgroup v{groups.version}" if groups else ""
        processes_on = (
            seen["uid"] != 0 and seen["nproc"] and seen["private_pids"]
        ) or groups is not None
        gb = f"{limits.memory / 2**30:.1f} GB"
        return [
            Protection(
                "files",
                files_on,
                "system read-only, writes only to a scratch copy; hidden: "
                + ", ".join(_short(p) for p in self.hidden)
                if files_on
                else f"{self._off()}; student code can read "
                + (", ".join(readable) or "the course")
                + ("" if seen["write_blocked"] else " and write outside its scratch copy"),
            ),
            Protection(
                "network",
                not seen["network"],
                "a network namespace with no route" if not seen["network"] else self._off(),
            ),
            Protection(
                "memory",
                groups is not None,
                f"{gb} per submission, shared mappings and child processes included ({where})"
                if groups
                else f"only {gb} per process (RLIMIT_DATA"
                + ("" if seen["memory_capped"] else ", not enforced here")
                + "): shared mappings and forked children are not counted; "
                + self.groups_off,
            ),
            Protection(
                "time",
                True,
                f"{limits.timeout} s per cell, {limits.budget} s per notebook, at most "
                f"{limits.cells} cells, {limits.cpu} CPU s per kernel",
            ),
            Protection(
                "processes",
                processes_on,
                f"at most {limits.processes} processes per submission ({where} pids.max)"
                if groups
                else f"own user id {seen['uid']}, at most {limits.processes} processes, "
                "own process table"
                if processes_on
                else self.user_off_reason
                or self.off_reason
                or "the grader is not root: workers share its user id (no process limit, "
                "and a kernel could stop its worker)",
            ),
            Protection(
                "cpu",
                groups is not None and groups.cpu,
                f"{limits.cpus:g} core(s) per submission ({where})"
                if groups is not None and groups.cpu
                else self.groups_off or "no CPU controller: a submission may use every core",
            ),
            Protection(
                "disk",
                seen.get("scratch_capped", False),
                f"home, temp and working folder in a {limits.disk / 2**20:.0f} MB tmpfs, "
                "fresh for each submission"
                if seen.get("scratch_capped")
                else f"{self._off()}: home, temp and working folder are fresh for each "
                f"submission but only each file is capped ({limits.file_size / 2**20:.0f} MB)",
            ),
        ]


_NAMES = ("files", "network", "memory", "time", "processes", "cpu", "disk")


def _short(path: str | Path) -> str:
    with contextlib.suppress(ValueError):
        return str(Path(path).relative_to(Path.cwd()))
    return str(path)


def run_probe(checks: dict) -> dict:
    """Inside the sandbox (called by the fork server): try each thing that should be refused."""
    import mmap
    import resource

    seen: dict = {"uid": os.getuid()}
    seen["hidden"] = {}
    for path in checks["hidden"]:
        try:
            seen["hidden"][path] = bool(
                os.listdir(path) if os.path.isdir(path) else Path(path).read_bytes()
            )
        except OSError:
            seen["hidden"][path] = False
    seen["write_blocked"] = True
    for folder in checks["write"]:
        try:
            Path(folder, ".canvaskit-probe").write_text("x")
        except OSError:
            continue
        Path(folder, ".canvaskit-probe").unlink()
        seen["write_blocked"] = False
    try:
        socket.create_connection(("127.0.0.1", checks["port"]), timeout=2).close()
        seen["network"] = True
    except OSError:
        seen["network"] = False
    limit = checks["limits"]["memory"]
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    try:  # a private mapping counts at once, without touching a page
        mmap.mmap(-1, limit + 2**26, flags=mmap.MAP_PRIVATE).close()
        seen["memory_capped"] = False
    except OSError:
        seen["memory_capped"] = True
    seen["nproc"] = "nproc" in checks["limits"]
    scratch = checks.get("scratch")
    seen["scratch_capped"] = False
    if scratch:  # the sandbox mounts a size-capped tmpfs there
        with contextlib.suppress(OSError):
            stat = os.statvfs(scratch)
            seen["scratch_capped"] = 0 < stat.f_blocks * stat.f_frsize <= checks["disk"]
    seen["private_pids"] = os.getpid() < 10
    return seen
