"""What grading's perimeter costs: taking submissions in, and making a graded notebook inert.

Intake copies each submitted folder's regular files without following links; it runs for every
submission on every ``canvaskit grade``. The sanitizer runs on every notebook before it is
written. Both should stay small beside the seconds a notebook takes to execute.

    python benchmarks/perimeter.py --case esther --size 200
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from canvaskit_widgets.grading.course import Course
from canvaskit_widgets.grading.sanitize import sanitize_notebook

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "grading"))  # the class generator lives with the tests
from classgen import new_course, ordinary_class  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="esther")
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources = {args.case: REPO / "solutions" / args.case}
        course = new_course(Path(tmp) / "course", REPO / "nbgrader_config.py", sources)
        ordinary_class(course, args.case, args.size)
        runs = []
        for _ in range(args.repeat):
            fresh = Course.find(course.root)
            start = time.perf_counter()
            taken = fresh.submissions(args.case)
            runs.append(time.perf_counter() - start)
        per = min(runs) / len(taken) * 1000
        print(
            f"intake of {len(taken)} {args.case} submissions: min {min(runs):.2f} s "
            f"({per:.1f} ms each), median {statistics.median(runs):.2f} s"
        )
    path = REPO / "solutions" / args.case / f"{args.case}.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute()
    runs = []
    for _ in range(20):
        copied = copy.deepcopy(nb)
        start = time.perf_counter()
        sanitize_notebook(copied)
        runs.append(time.perf_counter() - start)
    outputs = sum(len(c.get("outputs", [])) for c in nb.cells)
    print(
        f"sanitize_notebook on the executed {args.case} solution ({len(nb.cells)} cells, "
        f"{outputs} outputs): median {statistics.median(runs) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
