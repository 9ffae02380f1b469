"""The fork server: imports the heavy modules once, then forks a fresh kernel per submission.

Run inside the sandbox as ``python -m canvaskit_widgets.grading._zygote CONFIG_JSON``. It speaks
JSON lines: requests on stdin, replies and events on stdout. Requests:

- ``{"op": "spawn", "id": N, "argv": [...], "cwd": ..., "env": {...}, "limits": {...}}``:
  fork a child that becomes an IPython kernel; reply ``{"event": "spawned", "id": N, "pid": P}``.
- ``{"op": "signal", "pid": P, "signal": S}``: signal one kernel.
- ``{"op": "reap", "id": N, "pid": P}``: kill kernel ``P`` and its process group (in a private
  pid namespace, every other process of the sandbox); reply ``"reaped"``.

Events: ``ready`` once the modules are imported, ``exit`` with ``pid`` and ``status`` (exit code,
or minus the signal number) whenever a kernel ends. End of stdin ends the server.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import resource
import select
import shutil
import signal
import sys
import threading
import time
import traceback

from ._lean import import_jsonschema
from ._warm import preload

__all__ = ["main"]

_LIMITS = {
    "memory": "RLIMIT_DATA",
    "cpu": "RLIMIT_CPU",
    "nproc": "RLIMIT_NPROC",
    "fsize": "RLIMIT_FSIZE",
}


def _send(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _prctl(option: int, value: int) -> None:
    with contextlib.suppress(Exception):  # Linux only; elsewhere the protection is missing
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def _set_dumpable(flag: int) -> None:
    """Forbid (0) or allow (1) other processes of the same user to trace this one."""
    _prctl(4, flag)  # PR_SET_DUMPABLE


def _die_with_server() -> None:
    """Have the kernel killed if this server dies, however it dies (not left running)."""
    _prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG


def _drop_privileges(uid: int | None, gid: int | None) -> None:
    """Become ``uid`` (only possible, and only done, when running as root)."""
    if uid is None or os.getuid() != 0:
        return
    os.setgroups([])
    os.setgid(gid if gid is not None else uid)
    os.setuid(uid)


def _apply_limits(limits: dict[str, int]) -> None:
    for key, value in limits.items():
        which = getattr(resource, _LIMITS[key], None)
        if which is None or not value:
            continue
        hard = value + 5 if key == "cpu" else value
        resource.setrlimit(which, (value, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _reseed() -> None:
    """Give each forked kernel its own random state, as a freshly started one would have."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        with contextlib.suppress(Exception):
            numpy.random.seed(int.from_bytes(os.urandom(4), "little"))


def _wipe(folder: str) -> None:
    """Empty ``folder`` without following links (it may hold anything a kernel wrote)."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _fresh(scratch: str, stage: str, uid: int | None) -> str:
    """A new home, temp and working folder under ``scratch`` (what the last kernel left there
    is deleted first), the working folder holding a copy of ``stage``; return the working folder."""
    _wipe(scratch)
    for name in ("home", "tmp"):
        os.mkdir(os.path.join(scratch, name), 0o700)
    work = os.path.join(scratch, "work")
    shutil.copytree(stage, work, symlinks=True)
    if uid is not None and os.getuid() == 0:
        for dirpath, dirnames, filenames in os.walk(scratch):
            for name in [*dirnames, *filenames]:
                os.lchown(os.path.join(dirpath, name), uid, uid)
            os.lchown(dirpath, uid, uid)
    return work


def _become_kernel(request: dict) -> None:
    """In the forked child: set up the process, then run an IPython kernel until it ends."""
    code = 70
    try:
        os.setsid()
        # The first process the memory limit should stop.
        with contextlib.suppress(OSError), open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
        if request.get("fresh"):
            request["cwd"] = _fresh(**request["fresh"], uid=request.get("uid"))
        _drop_privileges(request.get("uid"), request.get("uid"))
        _die_with_server()  # after the change of user, which clears it
        _set_dumpable(1)
        log = os.open(
            request.get("log") or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600
        )
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        _apply_limits(request.get("limits", {}))
        _reseed()
        if request.get("render"):
            from ._render import install

            install(request["render"])
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", *request["argv"]]
        app = IPKernelApp.instance()
        app.initialize(request["argv"])
        app.start()
        code = 0
    except BaseException:
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        os._exit(code)


def _others(keep: int | None) -> list[int]:
    """Every process this server can see, except itself, the sandbox's init and ``keep``."""
    spared = {os.getpid(), 1, keep}
    return [int(e) for e in os.listdir("/proc") if e.isdigit() and int(e) not in spared]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _start_renderer(render: dict) -> int:
    """Fork the worker's chart renderer (see ``_render``), as its own user when possible."""
    sys.stdout.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        _drop_privileges(render.get("uid"), render.get("uid"))
        _die_with_server()
        from ._render import serve

        serve(render["address"])
    except BaseException:
        code = 71
    finally:
        os._exit(code)


def _reap_all(children: dict[int, int], renderer: int | None) -> None:
    """Kill every process the kernels left behind (only safe inside a private pid namespace:
    everything but the sandbox's init, this server and its renderer is a kernel's)."""
    for _ in range(100):
        others = _others(renderer)
        for pid in others:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        _collect(children)
        if not others:
            return
        time.sleep(0.005)


def _collect(children: dict[int, int]) -> None:
    """Reap ended children and report the kernels among them."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in children:
            children.pop(pid)
            code = os.waitstatus_to_exitcode(status)
            _send({"event": "exit", "pid": pid, "status": code})


def _serve(private_pids: bool, uid: int | None, render: dict | None, scratch: str | None) -> None:
    children: dict[int, int] = {}
    renderer = _start_renderer(render) if render else None
    stdin = sys.stdin.fileno()
    buffer = b""
    while True:
        ready, _, _ = select.select([stdin], [], [], 0.05)
        _collect(children)
        if not ready:
            continue
        chunk = os.read(stdin, 65536)
        if not chunk:
            break
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line)
            op = request["op"]
            if op == "spawn":
                sys.stdout.flush()
                pid = os.fork()
                if pid == 0:
                    fresh = {"scratch": scratch, "stage": request["stage"]} if scratch else None
                    _become_kernel(
                        {
                            **request,
                            "uid": uid,
                            "fresh": fresh,
                            "render": render and render["address"],
                        }
                    )
                children[pid] = request["id"]
                _send({"event": "spawned", "id": request["id"], "pid": pid})
            elif op == "signal":
                if request["pid"] in children:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(request["pid"], request["signal"])
            elif op == "reap":
                if renderer is not None and not _alive(renderer):
                    renderer = _start_renderer(render)
                if private_pids:
                    _reap_all(children, renderer)
                else:  # other kernels of this server may belong to other workers
                    doomed = [pid for pid in children if pid == request["pid"]]
                    for pid in doomed:  # the kernel itself too: it may not have its group yet
                        for kill in (os.killpg, os.kill):
                            with contextlib.suppress(ProcessLookupError):
                                kill(pid, signal.SIGKILL)
                    for pid in doomed:
                        with contextlib.suppress(ChildProcessError):
                            os.waitpid(pid, 0)
                        children.pop(pid, None)
                        _send({"event": "exit", "pid": pid, "status": -signal.SIGKILL})
                _send({"event": "reaped", "id": request["id"]})
    for pid in [*children, *([renderer] if renderer else [])]:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    """Start the fork server with the JSON configuration in ``argv[0]``."""
    config = json.loads((argv if argv is not None else sys.argv[1:])[0])
    if "probe" in config:
        from .sandbox import run_probe

        _drop_privileges(config.get("uid"), config.get("uid"))
        _send(run_probe(config["probe"]))
        return 0
    # The server keeps its user id; each kernel drops to the worker's (see _become_kernel), so
    # a kernel can neither signal nor trace the server.
    _set_dumpable(0)
    os.environ.update(config.get("env", {}))
    import_jsonschema()
    failed = preload(config.get("preload", []), config.get("calls", []), config.get("traced", []))
    gc.collect()
    gc.freeze()
    _send(
        {
            "event": "ready",
            "pid": os.getpid(),
            "uid": os.getuid(),
            "failed": failed,
            "threads": threading.active_count(),
        }
    )
    _serve(
        config.get("private_pids", False),
        config.get("uid"),
        config.get("render"),
        config.get("scratch"),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
