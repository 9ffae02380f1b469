"""Grade one class with plain sequential ``nbgrader autograde`` and with ``canvaskit grade``.

Both grade the same generated class (correct, partial, blank and wrong answers in turn) of one
case exercise, each in its own copy of a temporary course. The script checks that every test
cell got the same score from both, and prints submissions per minute for each and the ratio.
It exits with 1 if a score differs.

It also prints the physical ceiling of the ratio on this machine: plain nbgrader's time per
notebook divided by (the notebook's own cell time, imports excluded, per notebook / cores). The
cell time is measured by running one notebook of each kind, as ``nbgrader autograde`` ran it
(hidden tests restored), three times each in a fresh kernel and timing every cell but those that
only import: what any grader must spend per notebook, with kernel start-up, imports and
bookkeeping taken away.

On a shared machine one run can be slowed by others' load, so ``canvaskit grade`` grades
``--runs`` fresh copies of the class (every run's scores are compared) and the cell time is
measured after each run; the fastest of each counts, as with ``timeit``, and every time is
printed. Plain nbgrader runs once: it takes ten times as long, and its time only enters the
ratio, never the share of the ceiling.

    python benchmarks/grade_throughput.py --case esther --size 200
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from canvaskit_widgets.grading.batch import default_jobs
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


def _imports_only(source: str) -> bool:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return bool(tree.body) and all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body)


def cell_seconds(course: Course, assignment: str, students: list[str], repeats: int = 3) -> float:
    """Mean seconds the cells of these students' autograded notebooks (hidden tests included)
    take in a fresh kernel, cells that only import left out; each notebook runs ``repeats``
    times, in turn, so that one slow moment of the machine weighs less."""
    import nbformat
    from nbclient import NotebookClient

    times = []
    for student in students * repeats:
        folder = course.path("autograded", student, assignment)
        nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
        with tempfile.TemporaryDirectory() as work:
            for path in folder.iterdir():
                if path.is_file() and path.suffix != ".ipynb":
                    shutil.copy(path, work)
            client = NotebookClient(
                nb, timeout=120, allow_errors=True, resources={"metadata": {"path": work}}
            )
            spent = 0.0
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type == "code":
                        start = time.perf_counter()
                        client.execute_cell(cell, index)
                        if not _imports_only(cell.source):
                            spent += time.perf_counter() - start
            times.append(spent)
    return sum(times) / len(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=CASES, default="esther")
    parser.add_argument("--size", type=int, default=200, help="submissions in the class")
    parser.add_argument("--jobs", type=int, help="canvaskit workers (default: canvaskit's)")
    parser.add_argument("--runs", type=int, default=2, help="canvaskit runs (the fastest counts)")
    parser.add_argument("--keep", type=Path, help="keep the courses in this folder")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    work = Path(tempfile.mkdtemp(prefix="grade-throughput-")) if args.keep is None else args.keep
    try:
        base = new_course(
            work / "base", REPO / "nbgrader_config.py", {args.case: REPO / "solutions" / args.case}
        )
        ordinary_class(base, args.case, args.size)
        runs = [f"canvaskit{n}" for n in range(1, args.runs + 1)]
        for name in ("plain", *runs):
            shutil.copytree(base.root, work / name)
        python = sys.executable
        plain = timed([python, "-m", "nbgrader", "autograde", args.case], work / "plain")
        expected = scores(Course.find(work / "plain"), args.case)
        ours_cmd = [python, "-m", "canvaskit_widgets.cli", "grade", args.case, "--no-progress"]
        if args.jobs:
            ours_cmd += ["--jobs", str(args.jobs)]
        kinds = [k.name for k in sorted(base.step("submitted").iterdir())[:4]]  # one of each kind
        times, cell_times, differ = [], [], {}
        for name in runs:  # each run, then the cell time: both see the machine as it is then
            times.append(timed(ours_cmd, work / name))
            cell_times.append(cell_seconds(Course.find(work / "plain"), args.case, kinds))
            found = scores(Course.find(work / name), args.case)
            for key in expected.keys() | found.keys():
                if expected.get(key) != found.get(key):
                    differ.setdefault(key, found.get(key))
        cells = min(cell_times)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    ours = min(times)
    rate = {name: 60 * args.size / seconds for name, seconds in (("plain", plain), ("ours", ours))}
    machine = os.cpu_count() or 1
    workers = args.jobs or default_jobs()
    print(f"class: {args.size} submissions of {args.case}; machine: {machine} cores")
    print(f"nbgrader autograde (sequential): {plain:8.1f} s  {rate['plain']:7.1f} per minute")
    print(
        f"canvaskit grade:                 {ours:8.1f} s  {rate['ours']:7.1f} per minute "
        f"({workers} workers; fastest of {', '.join(f'{t:.1f}' for t in times)} s)"
    )
    cores = min(workers, machine)  # more workers than cores still have only the cores
    ratio = rate["ours"] / rate["plain"]
    ceiling = (plain / args.size) / (cells / cores)
    print(f"ratio: {ratio:.2f}x")
    print(
        f"ceiling: {ceiling:.2f}x (nbgrader {plain / args.size:.2f} s per notebook; cells alone "
        f"{cells:.2f} s per notebook, fastest of {', '.join(f'{t:.2f}' for t in cell_times)}, "
        f"on {cores} core(s)); ratio is {ratio / ceiling:.0%} of it"
    )
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(
        f"scores compared: {len(expected)} graded parts in each of {len(times)} runs; "
        f"differing: {len(differ)}"
    )
    for student, part in sorted(differ)[:20]:
        print(
            f"  {student} {part}: nbgrader {expected.get((student, part))}, "
            f"canvaskit {differ[student, part]}"
        )
    return 1 if differ or not expected else 0


if __name__ == "__main__":
    sys.exit(main())
