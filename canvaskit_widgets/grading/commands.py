"""The grading subcommands of ``canvaskit``: options in, exit code out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["feedback_command", "grade_command", "report_command"]


def _course(args: argparse.Namespace):  # -> Course, imported lazily (nbgrader is slow to load)
    from .course import Course

    return Course.find(args.course)


def grade_command(args: argparse.Namespace) -> int:
    """Run ``canvaskit grade``: 0 when the batch ran, whatever the students' results; 2 for a
    wrong course or assignment, 1 when no worker could start, 130 when interrupted."""
    from .batch import Options, grade
    from .course import CourseError
    from .kernels import ZygoteError
    from .sandbox import Limits

    try:
        course = _course(args)
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
    print(result.summary())
    return 0


def _write(args: argparse.Namespace, write: Callable[[Any], list[Path]]) -> int:
    """Call ``write(course)``, list the files it wrote; 2 when the course or assignment is wrong."""
    from .course import CourseError

    try:
        written = write(_course(args))
    except CourseError as exc:
        print(f"canvaskit: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"canvaskit: wrote {path}", file=sys.stderr)
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
