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

__all__ = ["Limits", "Protection", "Sandbox"]

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
    """

    timeout: int = 30
    memory: int = 2 * 2**30
    cpu: int = 900
    processes: int = 256
    file_size: int = 200 * 2**20
    output: int = 2 * 2**20

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


def _reachable(path: Path, masks: list[Path]) -> list[str]:
    """Arguments that make the folders leading to ``path`` inside a masked folder traversable
    (bwrap creates them private, 0700, and the worker does not run as root)."""
    args: list[str] = []
    for mask in masks:
        if path.is_relative_to(mask) and path != mask:
            for parent in reversed(path.relative_to(mask).parents[:-1]):
                args += ["--perms", "0755", "--dir", str(mask / parent)]
    return args


def _clean_env(folder: Path) -> dict[str, str]:
    """The environment of the fork server and its kernels: nothing from the grader's."""
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
        return cls(root, hidden, limits, bwrap, switch, off)

    def uid(self, worker: int) -> int | None:
        return UID_BASE + worker if self.switch_user else None

    def render_uid(self, worker: int) -> int | None:
        """The user id of the worker's chart renderer: not the kernels', so they cannot stop it."""
        return UID_BASE + 1000 + worker if self.switch_user else None

    def folder(self, worker: int) -> Path:
        """The worker's folder (sockets, scratch copies), owned by the worker's user."""
        folder = self.root / f"w{worker}"
        for sub in ("", "home", "tmp", "work"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        uid = self.uid(worker)
        if uid is not None:
            for dirpath, _, filenames in os.walk(folder):
                os.chown(dirpath, uid, uid)
                for name in filenames:
                    os.chown(os.path.join(dirpath, name), uid, uid)
            os.chmod(folder, 0o700)
        return folder

    def _bwrap_args(self, folder: Path) -> list[str]:
        assert self.bwrap is not None
        args = [self.bwrap, "--die-with-parent", "--new-session", "--unshare-net"]
        args += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "grading"]
        if self.switch_user:  # the server needs only to change user ids and stop its kernels
            args += ["--cap-drop", "ALL"]
            for cap in ("CAP_SETUID", "CAP_SETGID", "CAP_KILL"):
                args += ["--cap-add", cap]
        args += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
        masks = [Path("/tmp")]
        home = Path.home()
        if home != Path("/") and home.is_dir():
            masks.append(home)
        for mask in masks:
            args += ["--tmpfs", str(mask)]
        needed = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable)}
        needed.add(os.path.dirname(os.path.realpath(sys.executable)))
        needed.update(p for p in sys.path if p and os.path.isabs(p) and os.path.exists(p))
        bound: list[Path] = []
        for path in sorted(Path(p) for p in needed):
            if any(path.is_relative_to(m) for m in masks) and not any(
                path.is_relative_to(b) for b in bound
            ):
                args += [*_reachable(path, masks), "--ro-bind", str(path), str(path)]
                bound.append(path)
        for path in self.hidden:
            if path.is_dir():
                args += ["--tmpfs", str(path)]
            else:
                args += ["--ro-bind", "/dev/null", str(path)]
        args += _reachable(folder, masks)
        args += ["--bind", str(folder), str(folder), "--chdir", "/"]
        return args

    def command(self, worker: int, config: dict) -> list[str]:
        """The command that starts worker ``worker``'s fork server with ``config``."""
        folder = self.folder(worker)
        config = {
            **config,
            "uid": self.uid(worker),
            "private_pids": self.bwrap is not None,
            "env": _clean_env(folder),
        }
        python = [sys.executable, "-m", "canvaskit_widgets.grading._zygote", json.dumps(config)]
        if self.bwrap is None:
            return python
        return [*self._bwrap_args(folder), *python]

    def env(self, worker: int) -> dict[str, str]:
        return _clean_env(self.root / f"w{worker}")

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
            }
            command = self.command(worker, {"probe": checks})
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=120)
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
        processes_on = seen["uid"] != 0 and seen["nproc"] and seen["private_pids"]
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
                seen["memory_capped"],
                f"{self.limits.memory / 2**30:.1f} GB per kernel (RLIMIT_DATA)"
                if seen["memory_capped"]
                else "RLIMIT_DATA is not enforced on this system",
            ),
            Protection(
                "time",
                True,
                f"{self.limits.timeout} s per cell, {self.limits.cpu} CPU s per kernel",
            ),
            Protection(
                "processes",
                processes_on,
                f"own user id {seen['uid']}, at most {self.limits.processes} processes, "
                "own process table"
                if processes_on
                else self.user_off_reason
                or self.off_reason
                or "the grader is not root: workers share its user id (no process limit, "
                "and a kernel could stop its worker)",
            ),
        ]


_NAMES = ("files", "network", "memory", "time", "processes")


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
    seen["private_pids"] = os.getpid() < 10
    return seen
