"""Grade one class with plain sequential ``nbgrader autograde`` and with ``canvaskit grade``.

Both grade the same generated class (correct, partial, blank and wrong answers in turn) of one
case exercise, each in its own copy of a temporary course. The script checks that every test
cell got the same score from both, and prints submissions per minute for each and the ratio.
It exits with 1 if a score differs.

    python benchmarks/grade_throughput.py --case esther --size 200
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from canvaskit_widgets.grading.course import Course, quiet_gradebook

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "grading"))  # the class generator lives with the tests
from classgen import nbgrader_env, new_course, ordinary_class  # noqa: E402

CASES = ("gemstone", "hair_salon", "maria", "esther")


def scores(course: Course, assignment: str) -> dict[tuple[str, str], float | None]:
    """Every (student, graded part) score in the course's gradebook."""
    with quiet_gradebook(), course.gradebook() as gb:
        return {
            (submission.student.id, grade.name): grade.score
            for submission in gb.find_assignment(assignment).submissions
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


def timed(command: list[str], cwd: Path) -> float:
    """Run ``command`` in ``cwd``; return its wall-clock seconds (fail loudly if it fails)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=nbgrader_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=CASES, default="esther")
    parser.add_argument("--size", type=int, default=200, help="submissions in the class")
    parser.add_argument("--jobs", type=int, help="canvaskit workers (default: cores)")
    parser.add_argument("--keep", type=Path, help="keep the two courses in this folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="grade-throughput-")) if args.keep is None else args.keep
    try:
        base = new_course(
            work / "base", REPO / "nbgrader_config.py", {args.case: REPO / "solutions" / args.case}
        )
        ordinary_class(base, args.case, args.size)
        for name in ("plain", "canvaskit"):
            shutil.copytree(base.root, work / name)
        python = sys.executable
        plain = timed([python, "-m", "nbgrader", "autograde", args.case], work / "plain")
        ours_cmd = [python, "-m", "canvaskit_widgets.cli", "grade", args.case, "--no-progress"]
        if args.jobs:
            ours_cmd += ["--jobs", str(args.jobs)]
        ours = timed(ours_cmd, work / "canvaskit")
        expected = scores(Course.find(work / "plain"), args.case)
        found = scores(Course.find(work / "canvaskit"), args.case)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    differ = sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))
    rate = {name: 60 * args.size / seconds for name, seconds in (("plain", plain), ("ours", ours))}
    print(f"class: {args.size} submissions of {args.case}; machine: {os.cpu_count()} cores")
    print(f"nbgrader autograde (sequential): {plain:8.1f} s  {rate['plain']:7.1f} per minute")
    print(f"canvaskit grade:                 {ours:8.1f} s  {rate['ours']:7.1f} per minute")
    print(f"ratio: {rate['ours'] / rate['plain']:.2f}x")
    print(f"scores compared: {len(expected)} graded parts; differing: {len(differ)}")
    for student, part in differ[:20]:
        print(
            f"  {student} {part}: nbgrader {expected.get((student, part))}, "
            f"canvaskit {found.get((student, part))}"
        )
    return 1 if differ or not expected else 0


if __name__ == "__main__":
    sys.exit(main())
