"""The grading subcommands of ``canvaskit``: options in, exit code out."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["feedback_command", "grade_command", "report_command"]

_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def _course(args: argparse.Namespace):  # -> Course, imported lazily (nbgrader is slow to load)
    from .course import Course

    return Course.find(args.course)


def _caps(course: Any, args: argparse.Namespace):  # -> intake.Caps
    """The intake caps: the course's ``CanvaskitIntake`` config, then the command line."""
    from .intake import CONFIG_SECTION, SETTINGS, Caps

    given = {
        name: getattr(args, option[2:].replace("-", "_"), None)
        for name, (option, *_) in SETTINGS.items()
    }
    return Caps.chosen(course.config.get(CONFIG_SECTION, {}), given)


def _sweep_leftovers() -> None:
    """Remove the empty control groups and the sandbox folders of graders that were killed
    outright; say so."""
    from ._text import plain
    from .cgroups import sweep
    from .leftovers import sweep_folders

    swept, folders = sweep(), sweep_folders()
    for count, what in (
        (len(swept.removed), "empty control group"),
        (len(folders), "sandbox folder"),
    ):
        if count:
            print(
                f"canvaskit: removed {count} {what}(s) left by a grader that was killed",
                file=sys.stderr,
            )
    for folder in swept.busy:
        print(
            f"canvaskit: {plain(folder)} belongs to a grader that has ended but still holds "
            "processes: left in place",
            file=sys.stderr,
        )


def grade_command(args: argparse.Namespace) -> int:
    """Run ``canvaskit grade``: 0 when the batch ran, whatever the students' results; 2 for a
    wrong course, assignment or intake setting, 1 when no worker could start or the disk filled
    up before the end, 130 when interrupted. The summary shows every student-given name made
    printable."""
    from ._text import plain
    from .batch import Options, grade
    from .course import CONFIG_FILE, CourseError
    from .intake import CapError
    from .kernels import ZygoteError
    from .sandbox import Limits

    course = None
    try:
        course = _course(args)
        try:
            caps = _caps(course, args)
        except CapError as exc:
            raise CourseError(f"{course.root / CONFIG_FILE}: {exc}") from None
        _sweep_leftovers()
        base = Limits()
        limits = None
        if args.timeout is not None or args.memory is not None or args.budget is not None:
            from nbgrader.preprocessors import Execute

            configured = Execute(config=course.config).timeout or base.timeout
            limits = Limits(
                timeout=args.timeout or configured,
                memory=int(args.memory * 2**30) if args.memory else base.memory,
                budget=args.budget or base.budget,
            )
        options = Options(
            students=args.student or None,
            jobs=args.jobs,
            force=args.force,
            limits=limits,
            caps=caps,
            sandbox=not args.no_sandbox,
            progress=not args.no_progress,
        )
        result = grade(course, args.assignment, options)
    except CourseError as exc:
        print(f"canvaskit: {exc}", file=sys.stderr)
        return 2
    except ZygoteError as exc:  # no worker could start: nothing was graded
        print(f"canvaskit: cannot grade here: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "\ncanvaskit: interrupted; what was graded is kept, and the next run grades the rest",
            file=sys.stderr,
        )
        return 130
    except OSError as exc:
        if exc.errno not in _DISK_FULL or course is None:
            raise
        print(f"canvaskit: grading stopped: the disk is full ({exc})", file=sys.stderr)
        print(plain(_recorded(course, args.assignment), keep_newlines=True))
        return 1
    lines = [result.summary()]
    refused = course.refused(args.assignment, args.student or None)
    if refused:
        lines += [f"not graded ({len(refused)}):", *(f"  {item}" for item in refused)]
    print(plain("\n".join(lines), keep_newlines=True))
    return 0


def _recorded(course: Any, assignment: str) -> str:
    """What the manifest holds of ``assignment``: the outcomes recorded before grading stopped."""
    from .manifest import Manifest

    manifest = Manifest(course.state_dir / f"{assignment}.json")
    lines = [f"recorded before it stopped: {len(manifest.outcomes)} submission(s)"]
    for student, outcome in sorted(manifest.outcomes.items()):
        detail = "; ".join(outcome.reasons[:3])
        lines.append(
            f"  {student}: {outcome.status}, {outcome.score:g} of {outcome.max_score:g}"
            + (f" ({detail})" if detail else "")
        )
    return "\n".join(lines)


def _write(args: argparse.Namespace, write: Callable[[Any], list[Path]]) -> int:
    """Call ``write(course)``, list the files it wrote; 2 when the course or assignment is wrong."""
    from .course import CourseError

    try:
        written = write(_course(args))
    except CourseError as exc:
        print(f"canvaskit: {exc}", file=sys.stderr)
        return 2
    from ._text import plain

    for path in written:
        print(f"canvaskit: wrote {plain(path)}", file=sys.stderr)
    return 0


def feedback_command(args: argparse.Namespace) -> int:
    """Run ``canvaskit feedback``: feedback HTML per graded submission."""
    from .feedback import write_feedback

    return _write(
        args, lambda course: write_feedback(course, args.assignment, args.student, args.force)
    )


def report_command(args: argparse.Namespace) -> int:
    """Run ``canvaskit report``: the class report page, its notebook and the LMS grades CSV."""
    from .report import write_report

    return _write(args, lambda course: write_report(course, args.assignment))
