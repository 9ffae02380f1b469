"""Execute each exercise's solution notebook in a fresh kernel and print its wall time (goal: 15 s).

Usage: python benchmarks/exercise_times.py [--runs N] [CASE ...]   (default: every exercise, 3 runs)
Each notebook runs from its own folder, as nbgrader runs it; nothing is written back.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"
GOAL_SECONDS = 15.0


def run(path: Path) -> float:
    """Seconds to execute ``path`` top to bottom in a fresh kernel, kernel start included."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Print the median and worst time of each solution; exit 1 if a median misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="exercise names (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="runs per notebook (default 3)")
    args = parser.parse_args(argv)
    cases = args.cases or sorted(p.parent.name for p in SOLUTIONS.glob("*/*.ipynb"))
    print(f"{'exercise':12} {'median s':>9} {'worst s':>8}   (goal <= {GOAL_SECONDS:.0f} s)")
    missed = 0
    for case in cases:
        times = [run(SOLUTIONS / case / f"{case}.ipynb") for _ in range(args.runs)]
        median = statistics.median(times)
        missed += median > GOAL_SECONDS
        print(f"{case:12} {median:9.1f} {max(times):8.1f}")
    print("goal met" if not missed else f"GOAL MISSED by {missed} exercise(s)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
