"""Run one sanitized notebook in a forked kernel with nbgrader's ``Execute``, adding the guard
around instructor cells, an output cap, and a clear reason when a cell hangs or the kernel dies."""

from __future__ import annotations

import asyncio
import itertools
import logging
import signal
from dataclasses import dataclass, field
from typing import Any

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute

from .integrity import Guard, GuardError, Role
from .kernels import ForkedKernel
from .sandbox import Limits

__all__ = ["QUIET", "CellEvent", "RunResult", "run_notebook"]

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
    """Something that happened to one cell: ``timeout``, ``died``, ``integrity``, ``memory``
    or ``output cut``."""

    index: int
    grade_id: str | None
    kind: str
    message: str


@dataclass
class RunResult:
    """An executed notebook and what happened on the way."""

    nb: NotebookNode
    events: list[CellEvent] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    zeroed: dict[int, str] = field(default_factory=dict)


def _error(ename: str, evalue: str) -> NotebookNode:
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


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

    async def _async_poll_kernel_alive(self) -> None:
        while True:
            await asyncio.sleep(0.1)
            try:
                await self._async_check_alive()
            except DeadKernelError:
                assert self.task_poll_for_reply is not None
                self.task_poll_for_reply.cancel()
                return

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


async def run_notebook(
    nb: NotebookNode,
    kernel: ForkedKernel,
    roles: list[Role],
    limits: Limits,
    *,
    config: Any = None,
    guard: bool = True,
    cwd: str,
) -> RunResult:
    """Execute ``nb`` in place in a new kernel of ``kernel``; the kernel is killed at the end."""
    ex = _Execute(config=config, log=QUIET)
    NotebookClient.__init__(ex, nb, kernel)
    ex.reset_execution_trackers()
    ex.timeout = limits.timeout
    ex.output_cap = limits.output
    result = RunResult(nb)
    try:
        await kernel.start_kernel(extra_arguments=KERNEL_ARGS, cwd=cwd)
        ex.kc = kernel.client()
        ex.kc.start_channels()
        await ex.kc.wait_for_ready(timeout=ex.startup_timeout)
        info = ex.kc.kernel_info_reply["content"]
        nb.metadata["language_info"] = info.get("language_info", {})
        checker = Guard(ex.kc) if guard else None
        if checker is not None:
            await checker.arm()
        await _cells(ex, kernel, roles, checker, result)
    finally:
        if ex.kc is not None:
            ex.kc.stop_channels()
        await kernel.shutdown_kernel(now=True)
        await kernel.cleanup_resources()
    for index in sorted(ex.output_cut):
        cell = nb.cells[index]
        cell.outputs.append(
            new_output("stream", name="stdout", text="\n[output cut by the grader: too long]\n")
        )
        result.events.append(
            CellEvent(index, roles[index].grade_id, "output cut", "output too long; cut")
        )
    return result


async def _cells(
    ex: _Execute, kernel: ForkedKernel, roles: list[Role], checker: Guard | None, result: RunResult
) -> None:
    """Run the cells in order; a dead kernel leaves the remaining tests unrun (no credit)."""
    nb = result.nb
    dead: str | None = None
    student_ran = False
    ready = False  # the guard already prepared this cell (with the previous one's check)
    runs = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    after = dict(itertools.pairwise(runs))
    for index, (cell, role) in enumerate(zip(nb.cells, roles, strict=True)):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        if dead is not None:
            if role.kind == "test":
                cell.outputs = [_error("NotRun", f"not run: {dead}")]
                result.zeroed[index] = f"not run: {dead}"
            continue
        if checker is not None and role.trusted and not ready:
            try:
                report = await checker.check("pre", {**role.spec, "scan": student_ran})
            except GuardError as exc:
                dead = await _guard_failed(kernel, result, index, role, exc)
                continue
            result.flags.extend(report["flags"])
            student_ran = False
        ready = False
        try:
            await ex.async_execute_cell(cell, index, execution_count=ex.code_cells_executed + 1)
        except CellTimeoutError:
            await kernel.shutdown_kernel(now=True)
            dead = f"cell {role.grade_id or index} hung and ignored the interrupt"
            message = f"ran over {ex.timeout} s and ignored the interrupt; the kernel was stopped"
            cell.outputs.append(_error("CellTimeoutError", message))
            result.events.append(CellEvent(index, role.grade_id, "timeout", message))
            continue
        except DeadKernelError:
            reason = death_reason(kernel.exit_status)
            dead = f"the kernel {reason} in cell {role.grade_id or index}"
            cell.outputs.append(_error("DeadKernelError", f"the kernel {reason}"))
            result.events.append(CellEvent(index, role.grade_id, "died", f"the kernel {reason}"))
            continue
        if any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
            result.events.append(
                CellEvent(index, role.grade_id, "timeout", f"ran over {ex.timeout} s; interrupted")
            )
        if not role.trusted:
            student_ran = True
            if any(o.get("ename") == "MemoryError" for o in cell.get("outputs", [])):
                message = "hit the memory limit (MemoryError)"
                result.events.append(CellEvent(index, role.grade_id, "memory", message))
            continue
        if checker is not None:
            following = after.get(index)
            then = roles[following].spec if following is not None else None
            if then is not None and not roles[following].trusted:
                then = None
            try:
                report = await checker.check("post", {**role.spec, "then": then})
            except GuardError as exc:
                dead = await _guard_failed(kernel, result, index, role, exc)
                continue
            problems = list(report["flags"])
            if not report.get("ran", True):
                problems.append("the cell did not run as written")
            if problems and role.kind == "test":
                reason = "the grading environment changed while this test ran"
                result.zeroed[index] = f"{reason}: {'; '.join(problems[:3])}"
                result.events.append(CellEvent(index, role.grade_id, "integrity", reason))
            result.flags.extend(problems)
            if then is not None:
                result.flags.extend(report.get("then", []))
                ready = True


async def _guard_failed(
    kernel: ForkedKernel, result: RunResult, index: int, role: Role, exc: GuardError
) -> str:
    """The guard cannot vouch for this kernel any more: stop it; later tests get no credit."""
    await kernel.shutdown_kernel(now=True)
    reason = f"integrity check failed before cell {role.grade_id or index}: {exc}"
    result.events.append(CellEvent(index, role.grade_id, "integrity", reason))
    if role.kind == "test":
        result.nb.cells[index].outputs = [_error("GradingIntegrityError", str(exc))]
        result.zeroed[index] = reason
    return reason
