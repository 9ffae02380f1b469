"""Drive one forked kernel cell by cell with nbgrader's ``Execute``: an output cap, a timeout per
cell, quick kernel-death detection, and a clear reason when a cell hangs or the kernel dies."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from queue import Empty
from typing import Any

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute

from .cells import error_output
from .kernels import ForkedKernel
from .wire import WireError, shown_str

__all__ = ["QUIET", "CellEvent", "KernelRun", "RunResult", "death_reason"]

# nbgrader's and nbclient's own log lines (a checksum warning for every hidden test, a timeout
# error per hung cell) would bury the progress bar; what matters goes into each outcome instead.
QUIET = logging.getLogger("canvaskit.grading.nbgrader")
QUIET.addHandler(logging.NullHandler())
QUIET.propagate = False

# nbgrader's default kernel arguments: no history file for graded kernels.
KERNEL_ARGS = ["--HistoryManager.hist_file=:memory:"]

_SIGNALS = {
    signal.SIGKILL: "was killed (a memory or process limit, or the grader after a hung cell)",
    signal.SIGXCPU: "used up its CPU time limit",
    signal.SIGSEGV: "crashed (segmentation fault)",
    signal.SIGABRT: "aborted (often out of memory)",
    signal.SIGTRAP: "crashed in a native library (often for lack of memory)",
    signal.SIGXFSZ: "wrote a file over the size limit",
}


def death_reason(status: int | None) -> str:
    """Why a kernel ended, from its exit status (minus the signal number when killed)."""
    if status is None:
        return "stopped answering"
    if status >= 0:
        return f"exited with code {status} (os._exit(), exit() or a crash)"
    return _SIGNALS.get(-status, f"was stopped by signal {-status}")


@dataclass
class CellEvent:
    """Something that happened to one cell: ``timeout``, ``died``, ``memory``, ``budget``,
    ``cells``, ``data``, ``calls``, ``verdict`` or ``output cut``."""

    index: int
    grade_id: str | None
    kind: str
    message: str


@dataclass
class RunResult:
    """An executed notebook and what happened on the way."""

    nb: NotebookNode
    events: list[CellEvent] = field(default_factory=list)


def _size(content: dict[str, Any]) -> int:
    if "text" in content:
        return len(content["text"])
    return sum(len(str(v)) for v in content.get("data", {}).values())


class _Execute(Execute):
    """nbgrader's executor with a per-cell output cap and quicker kernel-death detection."""

    output_cap = 2 * 2**20

    def reset_execution_trackers(self) -> None:
        super().reset_execution_trackers()
        self.output_used: dict[int, int] = {}
        self.output_cut: set[int] = set()
        self.last_reply: dict[str, Any] | None = None

    async def _async_poll_kernel_alive(self) -> None:
        while True:
            await asyncio.sleep(0.1)
            try:
                await self._async_check_alive()
            except DeadKernelError:
                assert self.task_poll_for_reply is not None
                self.task_poll_for_reply.cancel()
                return

    def on_cell_executed(self, **kwargs: Any) -> None:
        """nbgrader's hook after each cell; also keeps the cell's reply (``KernelRun.after``)."""
        super().on_cell_executed(**kwargs)
        self.last_reply = kwargs.get("execute_reply")

    def output(
        self, outs: list, msg: dict[str, Any], display_id: str | None, cell_index: int
    ) -> NotebookNode | None:
        used = self.output_used.get(cell_index, 0) + _size(msg["content"])
        self.output_used[cell_index] = used
        if used > self.output_cap and msg["msg_type"] != "error":
            first_stderr = msg["msg_type"] == "stream" and msg["content"].get("name") == "stderr"
            if not first_stderr or any(o.get("name") == "stderr" for o in outs):
                self.output_cut.add(cell_index)
                return None
            msg["content"]["text"] = msg["content"]["text"][:2000]
        return super().output(outs, msg, display_id, cell_index)


class KernelError(RuntimeError):
    """A kernel did not answer a grader's question, or answered it with an error."""


def _literal(result: dict[str, Any]) -> str:
    """The value of one evaluated user expression: every grader expression returns a str."""
    if result.get("status") != "ok":
        raise KernelError(f"{result.get('ename', 'no answer')}: {result.get('evalue', '')}")
    try:
        return shown_str(result["data"]["text/plain"])
    except (KeyError, TypeError, WireError):
        raise KernelError("an answer that is not a str") from None


class KernelRun:
    """One fresh kernel running cells of ``nb`` on request; it is killed by ``close``.

    Parameters
    ----------
    nb:
        The notebook whose cells run (outputs are written into it).
    kernel:
        The forked kernel to start.
    timeout, output_cap:
        Seconds per cell, and bytes of output kept per cell.
    config:
        nbgrader's configuration.
    """

    def __init__(
        self, nb: NotebookNode, kernel: ForkedKernel, timeout: float, output_cap: int, config: Any
    ) -> None:
        self.nb = nb
        self.kernel = kernel
        self.ex = _Execute(config=config, log=QUIET)
        NotebookClient.__init__(self.ex, nb, kernel)
        self.ex.reset_execution_trackers()
        self.ex.timeout = timeout
        self.ex.output_cap = output_cap
        self.dead: str | None = None
        self.events: list[CellEvent] = []
        self.after: Any = None

    async def start(self, cwd: str, arguments: Sequence[str] = ()) -> None:
        """Start the kernel in ``cwd`` (with IPython ``arguments`` beside nbgrader's)."""
        ex = self.ex
        await self.kernel.start_kernel(extra_arguments=[*KERNEL_ARGS, *arguments], cwd=cwd)
        ex.kc = self.kernel.client()
        ex.kc.start_channels()
        await ex.kc.wait_for_ready(timeout=ex.startup_timeout)
        self.nb.metadata["language_info"] = ex.kc.kernel_info_reply["content"].get(
            "language_info", {}
        )

    async def run(
        self,
        index: int,
        grade_id: str | None,
        timeout: float | None = None,
        after: str | None = None,
    ) -> str:
        """Run cell ``index``; return ``ok``, ``timeout`` (interrupted), ``hung`` or ``died``.
        ``after`` is an expression evaluated right after the cell, in the same request, if the
        cell succeeded (no extra round trip): its value is then in ``self.after``."""
        ex, cell = self.ex, self.nb.cells[index]
        ex.timeout = math.ceil(timeout) if timeout else ex.timeout
        self.after = ex.last_reply = None
        execute = ex.kc.execute
        if after is not None:
            ex.kc.execute = functools.partial(execute, user_expressions={"x": after})
        try:
            await ex.async_execute_cell(cell, index, execution_count=ex.code_cells_executed + 1)
        except CellTimeoutError:
            await self.kernel.shutdown_kernel(now=True)
            self.dead = f"cell {grade_id or index} hung and ignored the interrupt"
            message = f"ran over {ex.timeout:g} s and ignored the interrupt; the kernel was stopped"
            cell.outputs.append(error_output("CellTimeoutError", message))
            self.events.append(CellEvent(index, grade_id, "timeout", message))
            return "hung"
        except DeadKernelError:
            reason = death_reason(self.kernel.exit_status)
            self.dead = f"the kernel {reason} in cell {grade_id or index}"
            cell.outputs.append(error_output("DeadKernelError", f"the kernel {reason}"))
            self.events.append(CellEvent(index, grade_id, "died", f"the kernel {reason}"))
            return "died"
        finally:
            ex.kc.execute = execute
        found = (ex.last_reply or {}).get("content", {}).get("user_expressions", {}).get("x")
        if after is not None and found is not None:
            with contextlib.suppress(KernelError):
                self.after = _literal(found)
        outputs = cell.get("outputs", [])
        if any(o.get("ename") == "CellTimeoutError" for o in outputs):
            message = f"ran over {ex.timeout:g} s; interrupted"
            self.events.append(CellEvent(index, grade_id, "timeout", message))
            return "timeout"
        if any(o.get("ename") == "MemoryError" for o in outputs):
            message = "hit the memory limit (MemoryError)"
            self.events.append(CellEvent(index, grade_id, "memory", message))
        return "ok"

    async def expression(self, expression: str, timeout: float) -> Any:
        """Evaluate ``expression`` silently (no output, no execution count); its value, read
        as a Python literal."""
        if self.dead is not None:
            raise KernelError(self.dead)
        kc = self.ex.kc
        msg_id = kc.execute(
            "", silent=True, store_history=False, user_expressions={"x": expression}
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            left = deadline - loop.time()
            try:
                reply = await kc.shell_channel.get_msg(timeout=max(left, 0.01))
            except Empty:
                raise KernelError(f"no answer within {timeout:g} s") from None
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        return _literal(reply["content"].get("user_expressions", {}).get("x", {}))

    def connection_info(self) -> dict[str, Any]:
        """How another client reaches this kernel (its sockets and key), as plain data."""
        info = dict(self.ex.kc.get_connection_info(session=False))
        info["key"] = self.ex.kc.session.key.decode()
        info["signature_scheme"] = self.ex.kc.session.signature_scheme
        return info

    async def close(self) -> None:
        """Stop the kernel; note the outputs cut for length."""
        ex = self.ex
        if ex.kc is not None:
            ex.kc.stop_channels()
        await self.kernel.shutdown_kernel(now=True)
        await self.kernel.cleanup_resources()
        for index in sorted(ex.output_cut):
            cell = self.nb.cells[index]
            cell.outputs.append(
                new_output("stream", name="stdout", text="\n[output cut by the grader: too long]\n")
            )
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            self.events.append(CellEvent(index, grade_id, "output cut", "output too long; cut"))
