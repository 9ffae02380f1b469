"""Grade every submission of an assignment: sandboxed workers in parallel, a progress bar with an
ETA, a manifest that makes re-runs cheap, and a summary of what needs the instructor."""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import os
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from time import monotonic
from typing import TextIO

from nbgrader.preprocessors import Execute
from tqdm import tqdm

from ._cells import count
from .course import Course, Submission
from .execute import RunResult, run_notebook
from .kernels import ForkedKernel, Zygote, ZygoteError
from .manifest import Manifest, Outcome
from .pipeline import NotebookJob, Pipeline, Prepared
from .sandbox import Limits, Protection, Sandbox

__all__ = ["BatchResult", "Options", "grade"]


@dataclass
class Options:
    """How to grade.

    Parameters
    ----------
    students:
        Student ids or shell patterns (``s0*``); None grades everyone.
    jobs:
        Parallel workers; None uses one per CPU core.
    force:
        Grade again even submissions whose files and source did not change.
    limits:
        Resource limits; None takes the cell timeout from nbgrader's ``Execute.timeout``.
    sandbox, guard:
        Turn the sandbox or the in-kernel integrity guard off (not recommended).
    progress:
        Show a progress bar.
    """

    students: list[str] | None = None
    jobs: int | None = None
    force: bool = False
    limits: Limits | None = None
    sandbox: bool = True
    guard: bool = True
    progress: bool = True


@dataclass
class BatchResult:
    """What one ``grade`` run did."""

    assignment: str
    outcomes: list[Outcome]
    skipped: list[str]
    protections: list[Protection]
    seconds: float
    jobs: int
    manifest: Path

    def count(self, what: str) -> list[Outcome]:
        """The outcomes that are ``graded``, ``failed``, ``timed out``, ``kernel died``,
        ``tampered``, ``to review`` or ``needs manual``."""
        return count(self.outcomes, what)

    def summary(self, width: int = 8) -> str:
        """A short report: protections, counts, and each submission that needs a look."""
        rate = len(self.outcomes) / self.seconds * 60 if self.seconds and self.outcomes else 0.0
        lines = [
            f"canvaskit grade {self.assignment}: {len(self.outcomes)} graded in "
            f"{self.seconds:.1f} s ({rate:.0f} per minute) with {self.jobs} worker(s); "
            f"{len(self.skipped)} unchanged skipped",
            "protections: "
            + ", ".join(f"{p.name} {'on' if p.on else 'OFF'}" for p in self.protections),
        ]
        for what in ("graded", "failed", "timed out", "kernel died", "tampered", "to review"):
            found = sorted(self.count(what), key=lambda o: o.student)
            names = "" if what == "graded" else ", ".join(o.student for o in found[:width])
            more = f" and {len(found) - width} more" if len(found) > width else ""
            lines.append(f"  {what:<13}{len(found):>5}  {names}{more}")
        lines.append(f"  {'needs manual':<13}{len(self.count('needs manual')):>5}")
        flagged = sorted(
            (o for o in self.outcomes if o.status == "failed" or o.tampered or o.reasons),
            key=lambda o: o.student,
        )
        if flagged:
            lines.append("details:")
        for outcome in flagged[:50]:
            items = [*outcome.reasons, *(f"tampered: {t}" for t in outcome.tampered)]
            lines.append(f"  {outcome.student}: " + "; ".join(items))
        if len(flagged) > 50:
            lines.append(f"  ... {len(flagged) - 50} more")
        lines.append(f"every outcome: {self.manifest}")
        return "\n".join(lines)


def preload_modules(pipeline: Pipeline) -> list[str]:
    """Modules the source notebooks import (importable here): the fork server loads them once."""
    names = {"canvaskit_widgets"}
    for cells in pipeline.source.values():
        for cell in cells:
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module)
                    names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(n for n in names if _importable(n))


def _importable(name: str) -> bool:
    """Whether ``name`` is a module (not, say, a function imported from one)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class Worker:
    """One sandbox with its fork server; runs one notebook at a time in a fresh kernel."""

    def __init__(self, index: int, sandbox: Sandbox, preload: list[str]) -> None:
        self.index = index
        self.sandbox = sandbox
        self.preload = preload
        self.folder = sandbox.folder(index)
        self.zygote: Zygote | None = None

    async def start(self) -> None:
        config: dict = {"preload": self.preload}
        if "altair" in self.preload and _importable("vl_convert"):
            # An abstract socket: it lives in the sandbox's network namespace, not on disk.
            address = f"\0canvaskit-render-{secrets.token_hex(8)}"
            config["render"] = {"address": address, "uid": self.sandbox.render_uid(self.index)}
        command = self.sandbox.command(self.index, config)
        self.zygote = Zygote(command, self.folder.parent / f"w{self.index}.log")
        await self.zygote.start()

    async def restart(self) -> None:
        await self.close()
        await self.start()

    def _scratch(self, dest: Path) -> Path:
        """A fresh copy of the submission's autograded folder: the only place it may write."""
        work = self.folder / "work"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(dest, work)
        uid = self.sandbox.uid(self.index)
        for dirpath, _, files in os.walk(work):
            os.chmod(dirpath, 0o700)
            if uid is not None:
                os.chown(dirpath, uid, uid)
            for name in files:
                path = os.path.join(dirpath, name)
                os.chmod(path, 0o600)
                if uid is not None:
                    os.chown(path, uid, uid)
        return work

    async def run(self, job: NotebookJob, dest: Path, config: object, guard: bool) -> RunResult:
        assert self.zygote is not None and job.nb is not None
        limits = self.sandbox.limits
        kernel = ForkedKernel(
            self.zygote,
            self.folder,
            env=self.sandbox.env(self.index),
            limits=limits.rlimits(self.sandbox.switch_user),
        )
        work = self._scratch(dest)
        return await run_notebook(
            job.nb, kernel, job.roles, limits, config=config, guard=guard, cwd=str(work)
        )

    async def close(self) -> None:
        if self.zygote is not None:
            await self.zygote.close()
            self.zygote = None


def _limits(course: Course, options: Options) -> Limits:
    if options.limits is not None:
        return options.limits
    timeout = Execute(config=course.config).timeout
    return Limits(timeout=timeout if timeout and timeout > 0 else Limits.timeout)


def _sandbox(course: Course, limits: Limits, options: Options) -> Sandbox:
    """The strongest sandbox that starts here: without bubblewrap if it cannot run, and without
    a worker user id if this Python cannot run as another user (it lives in a private home)."""
    root = Path(tempfile.mkdtemp(prefix="canvaskit-grade-"))
    sandbox = Sandbox.create(root, course.private_paths(), limits, isolate=options.sandbox)
    found = sandbox.probe()
    if sandbox.bwrap is not None and not any(p.on for p in found if p.name == "files"):
        sandbox.bwrap = None
        sandbox.off_reason = "bubblewrap is installed but cannot run here"
        sandbox.probe()
    if not sandbox.started and sandbox.switch_user:
        sandbox.switch_user = False
        sandbox.user_off_reason = (
            f"this Python ({sys.prefix}) cannot run as another user: install it in a shared "
            "folder to give each worker its own user id and process limit"
        )
        sandbox.probe()
    if not sandbox.started:
        raise ZygoteError("student code cannot run here: " + str(sandbox.protections[0]))
    return sandbox


async def _run_one(
    pipeline: Pipeline, worker: Worker, submission: Submission, guard: bool
) -> Outcome:
    start = monotonic()
    try:
        prepared: Prepared = pipeline.prepare(submission)
    except Exception as exc:  # a broken submission folder must not stop the batch
        return Outcome(
            submission.student,
            submission.assignment,
            "failed",
            reasons=[f"could not be prepared: {type(exc).__name__}: {exc}"],
        )
    for job in prepared.jobs:
        if job.nb is None:
            continue
        for attempt in (1, 2):
            try:
                job.result = await worker.run(job, prepared.dest, pipeline.course.config, guard)
                break
            except (ZygoteError, RuntimeError, OSError) as exc:
                await worker.restart()
                if attempt == 2:
                    job.problem = f"{job.name}.ipynb could not be run: {exc}"
    try:
        return pipeline.finish(prepared, monotonic() - start)
    except Exception as exc:
        return Outcome(
            submission.student,
            submission.assignment,
            "failed",
            digest=prepared.digest,
            reasons=[f"could not be scored: {type(exc).__name__}: {exc}"],
        )


async def _grade(course: Course, assignment: str, options: Options, out: TextIO) -> BatchResult:
    start = monotonic()
    pipeline = Pipeline(course, assignment)
    submissions = course.submissions(assignment, options.students)
    manifest = Manifest(course.state_dir / f"{assignment}.json")
    todo, skipped = [], []
    for submission in submissions:
        dest = course.path("autograded", submission.student, assignment)
        if (
            not options.force
            and dest.is_dir()
            and manifest.current(submission.student, submission.digest(), pipeline.fingerprint)
        ):
            skipped.append(submission.student)
        else:
            todo.append(submission)
    limits = _limits(course, options)
    sandbox = _sandbox(course, limits, options)
    manifest.protections = [str(p) for p in sandbox.protections]
    for protection in sandbox.protections:
        print(f"canvaskit: {protection}", file=out)
    jobs = max(1, min(options.jobs or os.cpu_count() or 1, len(todo)))
    result = BatchResult(assignment, [], skipped, sandbox.protections, 0.0, jobs, manifest.path)
    workers = [Worker(i, sandbox, preload_modules(pipeline)) for i in range(jobs)] if todo else []
    queue: asyncio.Queue[Submission] = asyncio.Queue()
    for submission in todo:
        queue.put_nowait(submission)
    bar = tqdm(
        total=len(todo),
        desc=f"grading {assignment}",
        unit="sub",
        file=out,
        disable=not options.progress,
        mininterval=0.5 if out.isatty() else 10,
    )

    async def serve(worker: Worker) -> None:
        while not queue.empty():
            outcome = await _run_one(pipeline, worker, queue.get_nowait(), options.guard)
            manifest.record(outcome)
            result.outcomes.append(outcome)
            bar.update(1)
            bar.set_postfix(
                failed=len(result.count("failed")), tampered=len(result.count("tampered"))
            )

    try:
        await asyncio.gather(*(w.start() for w in workers))
        await asyncio.gather(*(serve(w) for w in workers))
    finally:
        bar.close()
        await asyncio.gather(*(w.close() for w in workers), return_exceptions=True)
        shutil.rmtree(sandbox.root, ignore_errors=True)
        manifest.save()
    result.seconds = monotonic() - start
    return result


def grade(
    course: Course, assignment: str, options: Options | None = None, out: TextIO = sys.stderr
) -> BatchResult:
    """Autograde ``assignment`` for every student (or ``options.students``) of ``course``."""
    return asyncio.run(_grade(course, assignment, options or Options(), out))
