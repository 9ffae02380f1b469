"""The ``canvaskit`` command line: one small function per subcommand.

Adding a subcommand
-------------------
1. Write ``def run_<name>(args: argparse.Namespace) -> int``. Its docstring's first line is the
   one-line help shown by ``canvaskit --help``; it returns the exit code. Import anything heavy
   (nbgrader, pandas, altair) inside the function, never at the top of this module.
2. Add one line to ``SUBCOMMANDS``: the name, the function and its options, each written
   ``arg("--flag", help=...)`` with the keywords of ``ArgumentParser.add_argument``.

Keep the work itself in the package module that owns it (``grading/``, ``export.py``...):
the subcommand only turns options into a call and the result into an exit code.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["SUBCOMMANDS", "build_parser", "course_dir", "lab_command", "main", "start_page"]

EPILOG = """\
typical use:
  canvaskit lab                  open the course in JupyterLab
  canvaskit lab --notebook       the same in the classic-looking Notebook 7
  canvaskit lab --no-browser --port 8890
                                 start the server only; open the printed URL yourself
"""


Option = tuple[tuple[str, ...], dict[str, Any]]


def arg(*flags: str, **options: Any) -> Option:
    """One option of a subcommand, as ``ArgumentParser.add_argument`` takes it."""
    return flags, options


def is_root() -> bool:
    """Whether this process runs as root (Jupyter then needs ``--allow-root``)."""
    geteuid = getattr(os, "geteuid", None)  # missing on Windows
    return geteuid is not None and geteuid() == 0


def course_dir() -> Path:
    """The ``course/`` folder of a source checkout, else the current directory."""
    course = Path(__file__).resolve().parent.parent / "course"
    if course.is_dir():
        return course
    print(
        f"canvaskit: no course folder at {course} (this is not a source checkout); "
        "serving the current directory instead.",
        file=sys.stderr,
    )
    return Path.cwd()


def start_page(folder: Path) -> Path | None:
    """The course's table of contents: the first ``00_*.ipynb`` in ``folder``, if any."""
    return next(iter(sorted(folder.glob("00_*.ipynb"))), None)


def lab_command(
    folder: Path,
    *,
    notebook: bool = False,
    port: int | None = None,
    browser: bool = True,
    ip: str | None = None,
    root: bool = False,
    python: str = sys.executable,
) -> list[str]:
    """The command that serves ``folder`` in JupyterLab (or Notebook 7), opening its start page."""
    cmd = [python, "-m", "jupyter", "notebook" if notebook else "lab"]
    cmd.append(f"--ServerApp.root_dir={folder}")
    if port is not None:
        cmd.append(f"--port={port}")
    if ip is not None:
        cmd.append(f"--ip={ip}")
    if not browser:
        cmd.append("--no-browser")
    if root:
        cmd.append("--allow-root")
    page = start_page(folder)
    if page is not None:
        cmd.append(str(page))
    return cmd


def run_child(cmd: Sequence[str]) -> int:
    """Run ``cmd`` to its end and return its exit code.

    Ctrl-C reaches the child too and is its to handle; SIGTERM is passed on to it.
    """
    child = subprocess.Popen(cmd)
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: child.send_signal(signum))
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue  # the child got the same SIGINT and decides how to stop
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_lab(args: argparse.Namespace) -> int:
    """Open the course in JupyterLab (or Notebook 7 with --notebook)."""
    cmd = lab_command(
        course_dir(),
        notebook=args.notebook,
        port=args.port,
        browser=not args.no_browser,
        ip=args.ip,
        root=is_root(),
    )
    print("canvaskit: " + shlex.join(cmd), file=sys.stderr)
    return run_child(cmd)


def run_toc(args: argparse.Namespace) -> int:
    """Rebuild the course table of contents (course/README.md)."""
    from .toc import README, is_current, write_readme

    folder = course_dir()
    if args.check:
        if is_current(folder):
            return 0
        print(f"canvaskit: {folder / README} is out of date; run `canvaskit toc`", file=sys.stderr)
        return 1
    print(f"canvaskit: wrote {write_readme(folder)}", file=sys.stderr)
    return 0


def run_release(args: argparse.Namespace) -> int:
    """Regenerate the student exercises (exercises/) from their nbgrader sources (solutions/)."""
    from .release import ROOT, release, stale

    if not (ROOT / "solutions").is_dir():
        print(
            f"canvaskit: no solutions folder at {ROOT}; run this in a source checkout",
            file=sys.stderr,
        )
        return 2
    if args.check:
        differ = stale()
        for path in differ:
            print(f"canvaskit: {path} differs from what nbgrader generates", file=sys.stderr)
        if differ:
            print("canvaskit: run `canvaskit release` to regenerate exercises/", file=sys.stderr)
        return 1 if differ else 0
    for name in release():
        print(f"canvaskit: released exercises/{name}/", file=sys.stderr)
    return 0


def _grading(name: str) -> Callable[[argparse.Namespace], int]:
    """A command of ``grading.commands``, imported with a lean jsonschema (see ``_lean``)."""
    from .grading import _lean

    _lean.import_jsonschema()
    from .grading import commands

    return getattr(commands, name)


def run_grade(args: argparse.Namespace) -> int:
    """Autograde an assignment's submissions in parallel, sandboxed, with a summary."""
    return _grading("grade_command")(args)


def run_feedback(args: argparse.Namespace) -> int:
    """Write feedback HTML for graded submissions: each test's points and message, no hidden tests."""
    return _grading("feedback_command")(args)


def run_report(args: argparse.Namespace) -> int:
    """Write an assignment's class report (HTML with charts, its notebook) and an LMS grades CSV."""
    return _grading("report_command")(args)


def positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    """The argparse type of a finite number above 0 (a whole one for ``int``)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if not 0 < value < float("inf"):
            raise argparse.ArgumentTypeError(f"{text!r} must be above 0 and finite")
        return value

    return parse


def intake_cap(name: str) -> Callable[[str], float]:
    """The argparse type of intake setting ``name`` (see ``grading.intake.SETTINGS``): a
    positive number, or a usage error saying what is wrong."""

    def parse(text: str) -> float:
        from .grading.intake import CapError, check

        try:
            return check(name, text)
        except CapError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


# The options of ``canvaskit grade`` that cap what intake takes in of each submission:
# flag, setting (``grading.intake.SETTINGS``), unit, help.
INTAKE = [
    ("--max-file", "max_file_mb", "MB", "largest file copied from a submission (default: 100)"),
    ("--max-submission", "max_submission_mb", "MB", "most copied per submission (default: 300)"),
    ("--max-depth", "max_depth", "N", "deepest folder level read (default: 12)"),
    ("--max-entries", "max_entries", "N", "most files and folders read (default: 2000)"),
]

# Options the grading subcommands share.
ASSIGNMENT = arg("assignment", help="the assignment (its nbgrader name)")
STUDENTS = arg(
    "-s",
    "--student",
    action="append",
    metavar="ID",
    help="only this student (repeat; shell patterns like 's0*' work); default: everyone",
)
COURSE = arg("--course", metavar="DIR", help="course root (default: here or a parent)")


# name -> (function, options). One line per subcommand; see the module docstring.
SUBCOMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], list[Option]]] = {
    "lab": (
        run_lab,
        [
            arg("--notebook", action="store_true", help="use Notebook 7 instead of JupyterLab"),
            arg("--port", type=int, metavar="N", help="port to serve on (default: Jupyter's)"),
            arg("--no-browser", action="store_true", help="do not open a browser"),
            arg("--ip", metavar="ADDRESS", help="address to listen on (default: localhost)"),
        ],
    ),
    "toc": (
        run_toc,
        [arg("--check", action="store_true", help="only check that README.md is up to date")],
    ),
    "release": (
        run_release,
        [arg("--check", action="store_true", help="only check that exercises/ is up to date")],
    ),
    "grade": (
        run_grade,
        [
            ASSIGNMENT,
            STUDENTS,
            arg(
                "-j",
                "--jobs",
                type=positive(int),
                metavar="N",
                help="parallel workers (default: 1.5 per core, rounded up, as many as the free "
                "memory holds with --memory each)",
            ),
            arg("--force", action="store_true", help="grade again even unchanged submissions"),
            arg(
                "--timeout",
                type=positive(int),
                metavar="S",
                help="seconds per cell (default: nbgrader's)",
            ),
            arg(
                "--memory",
                type=positive(float),
                metavar="GB",
                help="memory per submission (default: 2)",
            ),
            arg(
                "--budget",
                type=positive(int),
                metavar="S",
                help="seconds per notebook (default: 600)",
            ),
            *(
                arg(flag, type=intake_cap(name), metavar=unit, help=text)
                for flag, name, unit, text in INTAKE
            ),
            arg("--no-sandbox", action="store_true", help="run student code unsandboxed"),
            arg("--no-progress", action="store_true", help="no progress bar"),
            COURSE,
        ],
    ),
    "feedback": (
        run_feedback,
        [
            ASSIGNMENT,
            STUDENTS,
            arg("--force", action="store_true", help="write feedback again even if up to date"),
            COURSE,
        ],
    ),
    "report": (run_report, [ASSIGNMENT, COURSE]),
}


def build_parser() -> argparse.ArgumentParser:
    """The ``canvaskit`` parser with every subcommand of ``SUBCOMMANDS``."""
    parser = argparse.ArgumentParser(
        prog="canvaskit",
        description="The canvaskit course kit: the Business Model Canvas in Jupyter.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (run, options) in SUBCOMMANDS.items():
        summary = (run.__doc__ or "").strip().splitlines()[0]
        command = sub.add_parser(name, help=summary, description=summary)
        for flags, kwargs in options:
            command.add_argument(*flags, **kwargs)
        command.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: ``sys.argv[1:]``), run the subcommand, return its exit code."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
