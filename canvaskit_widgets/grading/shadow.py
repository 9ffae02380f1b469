"""Shadow execution of one notebook: the student's code in a sandboxed kernel, the verdict in
another.

1. The *student kernel* (sandboxed, untrusted) runs the instructor cells and the student's
   cells in notebook order, never a test cell. After each answer cell it exports, as data
   (``wire``), the names the source solution's version of that cell assigns.
2. The *verdict kernel* (fresh, trusted, outside the sandbox) runs the source notebook's
   instructor and test cells in order, hidden tests included; where the source has an answer
   cell it binds the exported names (``_verdict.bind``): values as data, functions as proxies
   that run in the student kernel on data.
3. The test cells' outputs, and the instructor cells', come from the verdict kernel; the
   student's cells and the self-checks (formative, no points, see ``cells.self_checks``) keep
   the outputs of the student kernel. nbgrader then scores the notebook as usual.

Student code never shares an interpreter with a test: no patch, hook, forged reply or stolen
key in the student's process can change a verdict.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import json
from time import monotonic
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_notebook

from .cells import Role, error_output, read_names
from .execute import CellEvent, KernelError, KernelRun, RunResult
from .kernels import ForkedKernel
from .sandbox import Limits
from .tamper import SourceCell

__all__ = ["shadow_run"]

_STUDENT = "__import__('canvaskit_widgets.grading._student', fromlist=['export'])"
_VERDICT = "__import__('canvaskit_widgets.grading._verdict', fromlist=['bind'])"


@functools.lru_cache(maxsize=16)
def _awaits(sources: tuple[str, ...]) -> bool:
    """Whether a cell may ``await`` at top level (or is not plain Python, as with magics)."""
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return True
        if any(isinstance(n, (ast.Await, ast.AsyncFor, ast.AsyncWith)) for n in ast.walk(tree)):
            return True
    return False


def _verdict_arguments(nb: NotebookNode) -> list[str]:
    """The verdict kernel runs only the source's cells: when none of them awaits, IPython need
    not check each one for a top-level ``await`` before running it."""
    return (
        [] if _awaits(tuple(c.source for c in nb.cells)) else ["--InteractiveShell.autoawait=False"]
    )


def _verdict_notebook(
    cells: list[SourceCell], formative: set[str]
) -> tuple[NotebookNode, list[SourceCell]]:
    """The source's code cells that matter to the verdict: instructor, answer and test cells
    (not the ``formative`` self-checks: they carry no points, the student kernel runs them)."""
    kept = [
        c
        for c in cells
        if c.cell_type == "code" and (c.owned or c.solution) and c.name not in formative
    ]
    nb = new_notebook(cells=[new_code_cell(c.source if not c.solution else "") for c in kept])
    for cell, source in zip(nb.cells, kept, strict=True):
        cell.metadata["nbgrader"] = source.metadata()
    return nb, kept


async def _student_phase(
    run: KernelRun, roles: list[Role], limits: Limits, events: list[CellEvent]
) -> tuple[dict[str, str], str | None]:
    """Run the student's notebook without its tests; the exported answers by grade_id, and why
    the run stopped early, if it did."""
    exports: dict[str, str] = {}
    stopped: str | None = None
    deadline = monotonic() + limits.budget
    ran = 0
    answers = [i for i, r in enumerate(roles) if r.kind == "answer"]
    last = answers[-1] if answers else -1
    for index, role in enumerate(roles):
        cell = run.nb.cells[index]
        if role.kind in ("markdown", "test") or not cell.source.strip() or run.dead:
            continue
        if role.kind == "instructor" and index > last:
            continue  # nothing the student's answers depend on; the verdict kernel runs it
        left = deadline - monotonic()
        if ran >= limits.cells or left <= 0:
            what = "cells" if ran >= limits.cells else "budget"
            reason = (
                f"the notebook has more than {limits.cells} code cells"
                if what == "cells"
                else f"the notebook ran over its {limits.budget:g} s budget"
            )
            # The kernel stays: functions defined so far are still graded.
            events.append(CellEvent(index, role.grade_id, what, reason + "; the rest was not run"))
            stopped = reason
            break
        answer = role.kind == "answer" and bool(role.names)
        expression = f"{_STUDENT}.export(globals(), {role.names!r})" if answer else None
        status = await run.run(index, role.grade_id, min(limits.timeout, left), expression)
        ran += 1
        if status in ("timeout", "hung") and left < limits.timeout:
            run.events[-1].kind = "budget"
            run.events[-1].message = f"the notebook ran over its {limits.budget:g} s budget"
        if isinstance(run.after, str):  # exported in the cell's own request
            exports[str(role.grade_id)] = run.after
        elif expression is not None and run.dead is None:  # the cell failed: ask separately
            try:
                exports[str(role.grade_id)] = str(await run.expression(expression, limits.timeout))
            except KernelError as exc:
                message = f"its answers could not be read ({exc})"
                events.append(CellEvent(index, role.grade_id, "data", message))
    return exports, stopped or run.dead


async def _verdict_phase(
    run: KernelRun,
    sources: list[SourceCell],
    answers: dict[str, list[str]],
    exports: dict[str, str],
    stopped: str | None,
    link: dict[str, Any],
    events: list[CellEvent],
) -> None:
    """Run the source's instructor and test cells, binding the student's answers as data.

    A test that reads a name the student kernel never got to (it stopped early) or that is not
    data is not run: it scores 0 with the reason."""
    unusable: dict[str, tuple[str, str]] = {}
    for index, source in enumerate(sources):
        cell = run.nb.cells[index]
        if run.dead is not None:
            if source.test:
                cell.outputs = [error_output("NotRun", f"not run: {run.dead}")]
            continue
        if source.solution:
            names = answers.get(source.name, [])
            for name in names:
                unusable.pop(name, None)
            if source.name not in exports and stopped is not None:
                unusable.update(dict.fromkeys(names, ("NotRun", f"not run: {stopped}")))
                continue
            spec = {**link, "names": names, "exported": exports.get(source.name, "")}
            try:
                report = json.loads(
                    await run.expression(f"{_VERDICT}.bind(globals(), {json.dumps(spec)!r})", 120)
                )
            except (KernelError, ValueError) as exc:
                if str(exc).startswith("MemoryError"):  # the kernel lives: only these names fail
                    message = f"{', '.join(names)}: too large for the verdict kernel's memory"
                    unusable.update(dict.fromkeys(names, ("NotGradable", message)))
                    continue
                run.dead = f"the verdict kernel could not bind {source.name} ({exc})"
                events.append(CellEvent(index, source.name, "verdict", run.dead))
                continue
            for name, message in report["failed"].items():  # reported where a test reads one
                unusable[name] = ("NotGradable", message)
            continue
        blocked = sorted(read_names(source.source) & set(unusable))
        if source.test and blocked:
            ename = unusable[blocked[0]][0]
            message = "; ".join(dict.fromkeys(unusable[n][1] for n in blocked))
            cell.outputs = [error_output(ename, message)]
            if ename == "NotGradable":
                events.append(CellEvent(index, source.name, "data", message))
            continue
        await run.run(index, source.name)
        if run.dead is not None:
            events.append(
                CellEvent(index, source.name, "verdict", f"the verdict kernel failed: {run.dead}")
            )
    if run.dead is None:
        try:
            for problem in json.loads(await run.expression(f"{_VERDICT}.problems()", 30)):
                events.append(CellEvent(-1, None, "calls", str(problem)))
        except (KernelError, ValueError):
            pass


def _merge(nb: NotebookNode, roles: list[Role], verdict: NotebookNode) -> None:
    """Give the instructor and test cells of ``nb`` the verdict kernel's outputs."""
    by_id = {c.metadata["nbgrader"]["grade_id"]: c for c in verdict.cells}
    for cell, role in zip(nb.cells, roles, strict=True):
        if role.kind not in ("test", "instructor"):
            continue
        found = by_id.get(role.grade_id)
        if found is not None:
            cell.outputs = found.get("outputs", [])
            cell.execution_count = found.get("execution_count")
        elif role.kind == "test":
            cell.outputs = [error_output("NotRun", "this test is not in the source notebook")]


async def shadow_run(
    nb: NotebookNode,
    roles: list[Role],
    sources: list[SourceCell],
    student: ForkedKernel,
    verdict: ForkedKernel,
    limits: Limits,
    *,
    config: Any,
    student_cwd: str,
    verdict_cwd: str,
) -> RunResult:
    """Grade ``nb`` (restored by ``tamper.restore``) by shadow execution; outputs are written
    into ``nb``. Both kernels are stopped at the end."""
    for cell, role in zip(nb.cells, roles, strict=True):
        if role.kind in ("test", "instructor", "selfcheck"):
            cell.outputs, cell.execution_count = [], None
    formative = {str(r.grade_id) for r in roles if r.kind == "selfcheck"}
    verdict_nb, verdict_sources = _verdict_notebook(sources, formative)
    own = KernelRun(nb, student, limits.timeout, limits.output, config)
    judge = KernelRun(verdict_nb, verdict, 2 * limits.timeout + 5, limits.output, config)
    result = RunResult(nb)
    judging = asyncio.ensure_future(  # starts while the student's kernel runs
        judge.start(verdict_cwd, _verdict_arguments(verdict_nb))
    )
    try:
        await own.start(student_cwd)
        exports, stopped = await _student_phase(own, roles, limits, result.events)
        await judging
        link = {"connection": own.connection_info(), "timeout": limits.timeout, "down": own.dead}
        answers = {str(r.grade_id): r.names for r in roles if r.kind == "answer"}
        await _verdict_phase(judge, verdict_sources, answers, exports, stopped, link, result.events)
    finally:
        await asyncio.gather(judging, return_exceptions=True)
        await asyncio.gather(own.close(), judge.close(), return_exceptions=True)
    result.events = [*own.events, *result.events, *judge.events]
    _merge(nb, roles, verdict_nb)
    return result
