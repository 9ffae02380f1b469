"""Grader-side handles on a fork server (see ``_zygote``) and on the kernels it forks."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import write_connection_file

__all__ = ["ForkedKernel", "Zygote", "ZygoteError"]

# Largest message the grader accepts from a kernel; a bigger one drops the connection.
MAX_MESSAGE = 64 * 2**20


class ZygoteError(RuntimeError):
    """The fork server could not start, or stopped."""


class Zygote:
    """One fork server process (usually inside its sandbox) and the kernels it has forked.

    Parameters
    ----------
    command:
        The command that starts ``python -m canvaskit_widgets.grading._zygote CONFIG``.
    log:
        File that receives the server's stderr.
    env:
        The server's whole environment (its kernels inherit it, even in ``/proc/PID/environ``,
        so it holds nothing of the grader's).
    enter:
        Called in the server's process before it starts (to enter its control groups).
    """

    def __init__(
        self,
        command: Sequence[str],
        log: Path,
        env: dict[str, str],
        enter: Callable[[], None] | None = None,
    ) -> None:
        self.command = list(command)
        self.log = log
        self.env = env
        self.enter = enter
        self.info: dict[str, Any] = {}
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._exits: dict[int, int] = {}
        self._live: set[int] = set()
        self._ids = itertools.count(1)
        self._ready: asyncio.Future[dict[str, Any]] | None = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    async def start(self, timeout: float = 120) -> dict[str, Any]:
        """Start the server and wait until it has imported its modules."""
        loop = asyncio.get_running_loop()
        self._ready = loop.create_future()
        with open(self.log, "ab") as err:
            self._proc = await asyncio.create_subprocess_exec(
                *self.command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=err,
                limit=2**20,
                env=self.env,
                preexec_fn=self.enter,
            )
        self._reader = asyncio.create_task(self._read())
        try:
            self.info = await asyncio.wait_for(asyncio.shield(self._ready), timeout)
        except (asyncio.TimeoutError, ZygoteError) as exc:
            await self.close()
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ZygoteError(f"the kernel fork server did not start: {exc}\n{tail}") from None
        return self.info

    async def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        try:
            async for line in self._proc.stdout:
                self._on_message(json.loads(line))
            await self._proc.wait()
        finally:
            error = ZygoteError(f"the kernel fork server stopped (exit {self._proc.returncode})")
            for future in [self._ready, *self._waiting.values()]:
                if future is not None and not future.done():
                    future.set_exception(error)
            for pid in self._live:
                self._exits.setdefault(pid, -signal.SIGKILL)
            self._live.clear()

    def _on_message(self, message: dict[str, Any]) -> None:
        event = message["event"]
        if event == "ready":
            assert self._ready is not None
            if not self._ready.done():
                self._ready.set_result(message)
        elif event == "exit":
            self._live.discard(message["pid"])
            self._exits[message["pid"]] = message["status"]
        elif "id" in message:
            future = self._waiting.pop(message["id"], None)
            if event == "spawned":
                self._live.add(message["pid"])
            if future is not None and not future.done():
                future.set_result(message)

    async def _request(self, op: str, **fields: Any) -> dict[str, Any]:
        if not self.running:
            raise ZygoteError("the kernel fork server is not running")
        number = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        self._write({"op": op, "id": number, **fields})
        return await future

    def _write(self, message: dict[str, Any]) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write((json.dumps(message) + "\n").encode())

    async def spawn(
        self,
        argv: list[str],
        cwd: str,
        env: dict[str, str],
        limits: dict[str, int],
        log: str,
        stage: str | None = None,
    ) -> int:
        """Fork a kernel; return its pid (as the server sees it). A server with a scratch
        folder gives the kernel a fresh one, its working folder a copy of ``stage``."""
        reply = await self._request(
            "spawn", argv=argv, cwd=cwd, env=env, limits=limits, log=log, stage=stage
        )
        return int(reply["pid"])

    def signal(self, pid: int, signum: int) -> None:
        """Send ``signum`` to one kernel (nothing happens if it has ended)."""
        if self.running and pid in self._live:
            self._write({"op": "signal", "pid": pid, "signal": int(signum)})

    def alive(self, pid: int) -> bool:
        return pid in self._live

    def exit_status(self, pid: int) -> int | None:
        """The kernel's exit code (minus the signal number if killed), or None while it runs."""
        return self._exits.get(pid)

    async def reap(self, pid: int, timeout: float = 20) -> None:
        """Kill the kernel ``pid`` and whatever it started; wait until they are gone. In a
        sandbox (a pid namespace of its own) every process but the server's goes."""
        await asyncio.wait_for(self._request("reap", pid=pid), timeout)

    async def close(self) -> None:
        """Stop the server and every kernel it still runs."""
        proc = self._proc
        if proc is None:
            return
        if proc.returncode is None:
            with contextlib.suppress(Exception):
                assert proc.stdin is not None
                proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 5)
            except asyncio.TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await self._reader


class _ForkedClient(AsyncKernelClient):
    """A kernel client that asks the fork server whether its kernel lives, and starts fast."""

    handle: ForkedKernel | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)
        # The channels connect before the new kernel has bound its sockets; ZeroMQ's default
        # retry after 100 ms would then be most of a kernel's start.
        self.context.setsockopt(zmq.RECONNECT_IVL, 5)
        self.context.setsockopt(zmq.RECONNECT_IVL_MAX, 100)

    async def _async_is_alive(self) -> bool:
        return self.handle is not None and await self.handle.is_alive()

    is_alive = _async_is_alive

    def start_channels(
        self,
        shell: bool = True,
        iopub: bool = True,
        stdin: bool = True,
        hb: bool = False,  # the fork server reports deaths; no heartbeat thread needed
        control: bool = True,
    ) -> None:
        super().start_channels(shell=shell, iopub=iopub, stdin=stdin, hb=hb, control=control)

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait for a kernel_info reply and one IOPub message (proof the subscription works)."""
        deadline = monotonic() + (timeout or 60)
        while monotonic() < deadline:
            msg_id = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info") from None
                continue
            if reply["parent_header"].get("msg_id") != msg_id:
                continue
            try:
                await self.iopub_channel.get_msg(timeout=0.5)
            except Empty:
                continue
            self._handle_kernel_info_reply(reply)
            self.kernel_info_reply = reply
            return
        raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    wait_for_ready = _async_wait_for_ready


class ForkedKernel:
    """A kernel forked by a ``Zygote``, offering the kernel-manager calls nbclient makes.

    Parameters
    ----------
    zygote:
        The fork server.
    folder:
        A folder the kernel and the grader both see: connection file and ipc sockets.
    env, limits:
        The kernel's environment and resource limits (see ``sandbox.Limits``).
    """

    ipykernel = True
    kernel_name = "python3"

    def __init__(
        self,
        zygote: Zygote,
        folder: Path,
        env: dict[str, str],
        limits: dict[str, int],
        stage: Path | None = None,
    ) -> None:
        self.zygote = zygote
        self.folder = folder
        self.env = env
        self.limits = limits
        self.stage = stage
        self.kernel_id = uuid.uuid4().hex[:8]
        self.connection_file = str(folder / f"kernel-{self.kernel_id}.json")
        self.pid: int | None = None

    @property
    def has_kernel(self) -> bool:
        return self.pid is not None

    async def start_kernel(
        self, extra_arguments: Sequence[str] = (), cwd: str | None = None, **_: Any
    ) -> None:
        write_connection_file(
            self.connection_file,
            transport="ipc",
            ip=str(self.folder / f"k{self.kernel_id}"),
            key=uuid.uuid4().hex.encode(),
        )
        os.chmod(self.connection_file, 0o644)
        argv = ["-f", self.connection_file, *extra_arguments]
        log = str(self.folder / f"kernel-{self.kernel_id}.log")
        self.pid = await self.zygote.spawn(
            argv,
            cwd or str(self.folder),
            self.env,
            self.limits,
            log,
            None if self.stage is None else str(self.stage),
        )

    def client(self, **_: Any) -> _ForkedClient:
        kc = _ForkedClient(connection_file=self.connection_file)
        kc.load_connection_file()
        kc.handle = self
        return kc

    async def is_alive(self) -> bool:
        return self.pid is not None and self.zygote.alive(self.pid)

    @property
    def exit_status(self) -> int | None:
        return None if self.pid is None else self.zygote.exit_status(self.pid)

    async def interrupt_kernel(self) -> None:
        if self.pid is not None:
            self.zygote.signal(self.pid, signal.SIGINT)

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        """Kill the kernel and everything it started (a graded kernel keeps no state)."""
        if self.pid is not None and self.zygote.running:
            await self.zygote.reap(self.pid)

    async def cleanup_resources(self, restart: bool = False) -> None:
        for path in self.folder.glob(f"k{self.kernel_id}-*"):
            path.unlink(missing_ok=True)
        Path(self.connection_file).unlink(missing_ok=True)
