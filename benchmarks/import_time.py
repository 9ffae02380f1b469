"""Time ``import canvaskit_widgets`` in fresh interpreters; the goal is 0.3 s or less."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

GOAL = 0.3
HEAVY = ("pandas", "altair", "ipywidgets")
PROBE = f"""
import json, sys, time
start = time.perf_counter()
import canvaskit_widgets
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def measure(runs: int) -> tuple[list[float], set[str]]:
    """Import times of ``runs`` fresh interpreters, and the heavy modules any of them loaded."""
    times: list[float] = []
    heavy: set[str] = set()
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
        ).stdout
        result = json.loads(out)
        times.append(result["seconds"])
        heavy.update(result["heavy"])
    return times, heavy


def main(argv: list[str] | None = None) -> int:
    """Print min and median import time; exit 1 if the median is over the goal or a heavy module loaded."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters (default 7)")
    runs = parser.parse_args(argv).runs
    times, heavy = measure(runs)
    print(f"import canvaskit_widgets, {runs} fresh interpreters ({sys.executable})")
    print(f"  min    {min(times):.3f} s")
    print(f"  median {statistics.median(times):.3f} s   (goal <= {GOAL} s)")
    print(f"  heavy modules imported: {', '.join(sorted(heavy)) or 'none'} (of {', '.join(HEAVY)})")
    ok = statistics.median(times) <= GOAL and not heavy
    print("  goal met" if ok else "  GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
