"""Grade every submission of an assignment: sandboxed workers in parallel, a progress bar with an
ETA, a manifest that makes re-runs cheap, and a summary of what needs the instructor."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import secrets
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from time import monotonic
from typing import TextIO

from nbgrader.preprocessors import Execute
from tqdm import tqdm

from . import preload
from ._cells import count
from ._speedups import faster_nbgrader
from .course import Course, Submission
from .execute import CellEvent, RunResult
from .intake import Caps
from .kernels import ForkedKernel, Zygote, ZygoteError
from .leftovers import owner
from .manifest import Manifest, Outcome
from .pipeline import NotebookJob, Pipeline, Prepared
from .preload import TRACED, importable
from .sandbox import Limits, Protection, Sandbox, clean_env
from .shadow import shadow_run

__all__ = ["BatchResult", "Options", "default_jobs", "grade"]


# What a worker holds besides the submission it grades: its fork server, chart renderer and
# kernels (about 215 MB PSS each with three workers on Esther, the shared verdict server apart).
WORKER_MEMORY = 300 * 2**20


def available_memory() -> int | None:
    """Bytes of memory the system can give to new work (``MemAvailable``), None if unknown."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def default_jobs(memory: int = Limits.memory) -> int:
    """Workers when none are asked for: one and a half per core, rounded up, but no more than
    the available memory holds with each submission using its ``memory`` allowance. A worker's
    three processes (student kernel, grader, verdict kernel) hand work to each other, so with
    one worker per core the cores stand idle part of the time (see
    ``benchmarks/grade_throughput.py`` and its ``--jobs``)."""
    cores = os.cpu_count() or 1
    jobs = cores + (cores + 1) // 2
    free = available_memory()
    if free is not None:
        jobs = min(jobs, max(1, free // (WORKER_MEMORY + memory)))
    return jobs


@dataclass
class Options:
    """How to grade.

    Parameters
    ----------
    students:
        Student ids or shell patterns (``s0*``); None grades everyone.
    jobs:
        Parallel workers; None uses ``default_jobs()``.
    force:
        Grade again even submissions whose files and source did not change.
    limits:
        Resource limits; None takes the cell timeout from nbgrader's ``Execute.timeout``.
    caps:
        What intake takes in of each submission (``intake.Caps``); None uses the defaults.
    sandbox:
        Turn the sandbox off (not recommended: student code then runs with the grader's rights).
    progress:
        Show a progress bar.
    """

    students: list[str] | None = None
    jobs: int | None = None
    force: bool = False
    limits: Limits | None = None
    caps: Caps | None = None
    sandbox: bool = True
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
            shown = [] if what == "graded" else found[:width]
            names = ", ".join(o.student for o in shown)
            more = f" and {len(found) - width} more" if shown and len(found) > width else ""
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


class Verdicts:
    """The trusted fork server every worker's verdict kernels come from: it imports the modules
    once for all workers, and starts again only if it stops."""

    def __init__(self, root: Path, preload: list[str], calls: list[list]) -> None:
        folder = root / "verdicts"
        folder.mkdir(mode=0o700, exist_ok=True)
        env = clean_env(folder)
        config = {"preload": preload, "calls": calls, "traced": TRACED, "env": env}
        command = [sys.executable, "-m", "canvaskit_widgets.grading._zygote", json.dumps(config)]
        self.zygote = Zygote(command, root / "verdicts.log", env)
        self._lock = asyncio.Lock()

    async def running(self) -> Zygote:
        """The fork server, started (again) if it is not running."""
        async with self._lock:
            if not self.zygote.running:
                await self.zygote.close()
                await self.zygote.start()
        return self.zygote

    async def close(self) -> None:
        await self.zygote.close()


class Worker:
    """One sandbox with its fork server: each submission gets a fresh student kernel from it,
    and a fresh verdict kernel from the trusted fork server the workers share."""

    def __init__(
        self, index: int, sandbox: Sandbox, preload: list[str], verdicts: Verdicts
    ) -> None:
        self.index = index
        self.sandbox = sandbox
        self.preload = preload
        self.verdicts = verdicts
        self.folder = sandbox.folder(index)
        self.judge_folder = sandbox.root / f"v{index}"
        self.judge_folder.mkdir(mode=0o700, exist_ok=True)
        self.zygote: Zygote | None = None

    async def start(self) -> None:
        config: dict = {"preload": self.preload}
        if "altair" in self.preload and importable("vl_convert"):
            # An abstract socket: it lives in the sandbox's network namespace, not on disk.
            address = f"\0canvaskit-render-{secrets.token_hex(8)}"
            config["render"] = {"address": address, "uid": self.sandbox.render_uid(self.index)}
        groups = self.sandbox.groups
        enter = None
        if groups is not None:
            groups.worker(self.index)
            enter = functools.partial(groups.enter, self.index)
        command = self.sandbox.command(self.index, config)
        env = self.sandbox.env(self.index)
        self.zygote = Zygote(command, self.folder.parent / f"w{self.index}.log", env, enter)
        await asyncio.gather(self.zygote.start(), self.verdicts.running())
        if groups is not None:  # the server's own share, plus the submission's allowance
            limits = self.sandbox.limits
            memory, pids = groups.usage(self.index)
            groups.limit(self.index, memory + limits.memory, pids + limits.processes, limits.cpus)

    async def restart(self) -> None:
        await self.close()
        await self.start()

    async def run(self, job: NotebookJob, prepared: Prepared, pipeline: Pipeline) -> RunResult:
        assert self.zygote is not None and job.nb is not None
        limits = self.sandbox.limits
        folder = self.sandbox.fresh(self.index, prepared.dest)
        judge_work = self.judge_folder / "work"
        shutil.rmtree(judge_work, ignore_errors=True)
        shutil.copytree(
            pipeline.source_folder, judge_work, ignore=shutil.ignore_patterns("*.ipynb")
        )
        student = ForkedKernel(
            self.zygote,
            folder / "sock",
            env=self.sandbox.env(self.index),
            limits=limits.rlimits(self.sandbox.switch_user),
            stage=folder / "stage",
        )
        # Trusted, but it decodes what the student's kernel sends: the same memory limit.
        verdict = ForkedKernel(
            await self.verdicts.running(),
            self.judge_folder,
            env=clean_env(self.judge_folder),
            limits={"memory": limits.memory},
        )
        groups = self.sandbox.groups
        kills = groups.oom_kills(self.index) if groups is not None else 0
        result = await shadow_run(
            job.nb,
            job.roles,
            pipeline.source[job.name],
            student,
            verdict,
            limits,
            config=pipeline.course.config,
            student_cwd=str(folder / "scratch" / "work"),
            verdict_cwd=str(judge_work),
        )
        if groups is not None and groups.oom_kills(self.index) > kills:
            message = f"a process was killed at the memory limit ({limits.memory / 2**30:.1f} GB)"
            result.events.append(CellEvent(-1, None, "memory", message))
        return result

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
    root = Path(tempfile.mkdtemp(prefix=f"canvaskit-grade-{owner()}-"))
    hidden = course.private_paths()
    beside = Path(__file__).resolve().parents[2] / "solutions"  # a source checkout's exercises
    if beside.is_dir():
        hidden.append(beside)
    sandbox = Sandbox.create(root, hidden, limits, isolate=options.sandbox)
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
        sandbox.remove()
        raise ZygoteError("student code cannot run here: " + str(sandbox.protections[0]))
    return sandbox


def _prepare(pipeline: Pipeline, submission: Submission) -> Prepared | Outcome:
    """``pipeline.prepare``, or the failed outcome of a submission folder that cannot be."""
    try:
        return pipeline.prepare(submission)
    except Exception as exc:  # a broken submission folder must not stop the batch
        return Outcome(
            submission.student,
            submission.assignment,
            "failed",
            reasons=[f"could not be prepared: {type(exc).__name__}: {exc}"],
        )


async def _execute(pipeline: Pipeline, worker: Worker, prepared: Prepared) -> None:
    """Run each notebook of ``prepared`` in ``worker`` (once more in a fresh one if it fails)."""
    for job in prepared.jobs:
        if job.nb is None:
            continue
        for attempt in (1, 2):
            try:
                job.result = await worker.run(job, prepared, pipeline)
                break
            except Exception as exc:  # one submission's failure is its own, never the batch's
                await worker.restart()
                if attempt == 2:
                    job.problem = f"{job.name}.ipynb could not be run: {type(exc).__name__}: {exc}"


def _finish(pipeline: Pipeline, prepared: Prepared, start: float) -> Outcome:
    """``pipeline.finish``, or the failed outcome of a submission that cannot be scored."""
    try:
        return pipeline.finish(prepared, monotonic() - start)
    except Exception as exc:
        return Outcome(
            prepared.submission.student,
            prepared.submission.assignment,
            "failed",
            digest=prepared.digest,
            reasons=[f"could not be scored: {type(exc).__name__}: {exc}"],
        )


async def _grade(course: Course, assignment: str, options: Options, out: TextIO) -> BatchResult:
    start = monotonic()
    pipeline = Pipeline(course, assignment)
    submissions = course.submissions(assignment, options.students, options.caps)
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
    jobs = max(1, min(options.jobs or default_jobs(limits.memory), len(todo)))
    result = BatchResult(assignment, [], skipped, sandbox.protections, 0.0, jobs, manifest.path)
    cells = [cell for cells in pipeline.source.values() for cell in cells]
    modules = preload.modules(cells)
    verdicts = Verdicts(sandbox.root, modules, preload.dataset_calls(cells))
    workers = [Worker(i, sandbox, modules, verdicts) for i in range(jobs)] if todo else []
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

    # The gradebook work (prepare, finish) runs in one thread, in submission order of each
    # worker: the next submission is prepared and the last one scored while the kernels run,
    # and the event loop stays free to drive the other workers' kernels.
    book = ThreadPoolExecutor(1, thread_name_prefix="canvaskit-gradebook")
    loop = asyncio.get_running_loop()

    def record(outcome: Outcome) -> None:
        manifest.record(outcome)
        result.outcomes.append(outcome)
        bar.update(1)
        bar.set_postfix(failed=len(result.count("failed")), tampered=len(result.count("tampered")))

    async def prepare(submission: Submission) -> tuple[float, Prepared | Outcome]:
        start = monotonic()
        prepared = await loop.run_in_executor(book, _prepare, pipeline, submission)
        return monotonic() - start, prepared

    def ahead() -> asyncio.Future | None:
        return None if queue.empty() else asyncio.ensure_future(prepare(queue.get_nowait()))

    async def scored(prepared: Prepared, start: float) -> None:
        record(await loop.run_in_executor(book, _finish, pipeline, prepared, start))

    async def serve(worker: Worker) -> None:
        scoring = []
        upcoming = ahead()
        try:
            while upcoming is not None:
                took, prepared = await upcoming
                upcoming = ahead()
                if isinstance(prepared, Outcome):
                    record(prepared)
                    continue
                start = monotonic() - took  # waiting for a worker is not the submission's time
                await _execute(pipeline, worker, prepared)
                scoring.append(asyncio.ensure_future(scored(prepared, start)))
        except BaseException:  # the worker failed: what it graded before is still recorded
            await asyncio.gather(*scoring, return_exceptions=True)
            raise
        await asyncio.gather(*scoring)

    try:
        await asyncio.gather(*(w.start() for w in workers))
        await asyncio.gather(*(serve(w) for w in workers))
    finally:
        bar.close()
        closing = [*(w.close() for w in workers), verdicts.close()]
        await asyncio.gather(*closing, return_exceptions=True)
        book.shutdown()
        sandbox.remove()
        manifest.save()
    result.seconds = monotonic() - start
    return result


def grade(
    course: Course, assignment: str, options: Options | None = None, out: TextIO = sys.stderr
) -> BatchResult:
    """Autograde ``assignment`` for every student (or ``options.students``) of ``course``."""
    with faster_nbgrader():
        return asyncio.run(_grade(course, assignment, options or Options(), out))
