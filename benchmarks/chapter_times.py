"""Execute each course chapter in a fresh kernel and print its wall time (goal: at most 10 s each).

Usage: python benchmarks/chapter_times.py [course/NN_name.ipynb ...]   (default: every chapter)
The notebooks are run from the course folder, as a student runs them; nothing is written back.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

COURSE = Path(__file__).resolve().parent.parent / "course"
GOAL_SECONDS = 10.0


def _cell_seconds(cell: nbformat.NotebookNode) -> float:
    timing = cell.get("metadata", {}).get("execution", {})
    try:
        start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    except KeyError:
        return 0.0
    return (end - start).total_seconds()


def run(path: Path) -> tuple[float, int, int, float]:
    """Execute ``path`` top to bottom in a fresh kernel: total seconds (kernel start included),
    cell count, and the slowest cell's index and seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(COURSE)}}
    )
    start = time.perf_counter()
    client.execute()
    total = time.perf_counter() - start
    slowest = max(range(len(nb.cells)), key=lambda i: _cell_seconds(nb.cells[i]))
    return total, len(nb.cells), slowest, _cell_seconds(nb.cells[slowest])


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
    slow = 0
    print(f"{'chapter':36} {'cells':>5} {'seconds':>8}   slowest cell")
    for path in paths:
        seconds, cells, slowest, slowest_seconds = run(path)
        flag = "" if seconds <= GOAL_SECONDS else f"  over the {GOAL_SECONDS:g} s goal"
        slow += bool(flag)
        print(
            f"{path.name:36} {cells:5d} {seconds:8.2f}   "
            f"cell {slowest} ({slowest_seconds:.2f} s){flag}"
        )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
