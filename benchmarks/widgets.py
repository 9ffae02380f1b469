"""Time building a 60-note CanvasBoard (goal 0.2 s), one edit on it, and check_threads (goal 10 ms)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from canvaskit_widgets import Canvas
from canvaskit_widgets.consistency import check_threads
from canvaskit_widgets.vocab import BLOCKS, CHANNEL_PHASES, MOTIVATIONS, RELATIONSHIP_CATEGORIES

BUILD_GOAL = 0.2
CHECK_GOAL = 0.010
NOTES = 60


def sixty_notes() -> Canvas:
    """A canvas of 4 segments and 56 other notes spread over the blocks, tagged where they can be."""
    canvas = Canvas("Benchmark: sixty notes")
    segments = [canvas.add("customer_segments", f"Segment {i}").id for i in range(4)]
    others = [b for b in BLOCKS if b != "customer_segments"]
    phases, categories, motivations = (
        list(CHANNEL_PHASES),
        list(RELATIONSHIP_CATEGORIES),
        list(MOTIVATIONS),
    )
    for i in range(NOTES - len(segments)):
        block = others[i % len(others)]
        tags: dict[str, object] = {"segments": [segments[i // len(others) % len(segments)]]}
        if block == "channels":
            tags["phases"] = phases[i % 5 : i % 5 + 2]
        if block == "customer_relationships":
            tags["category"] = categories[i % len(categories)]
            tags["motivation"] = motivations[i % len(motivations)]
        canvas.add(block, f"Note {i} in {BLOCKS[block].label}", **tags)
    assert len(canvas.notes) == NOTES
    return canvas


def timings(run: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``run``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float], unit: str, goal: float | None = None) -> bool:
    scale = {"s": 1.0, "ms": 1e3}[unit]
    median = statistics.median(times)
    line = (
        f"  {label:<42} min {min(times) * scale:7.2f} {unit}   median {median * scale:7.2f} {unit}"
    )
    if goal is not None:
        line += f"   (goal <= {goal * scale:g} {unit})"
    print(line)
    return goal is None or median <= goal


def main(argv: list[str] | None = None) -> int:
    """Print min and median times; exit 1 if a median misses its goal."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="boards to build (default 7)")
    runs = parser.parse_args(argv).runs

    start = time.perf_counter()
    from canvaskit_widgets.widgets import CanvasBoard  # ipywidgets import, timed apart

    imported = time.perf_counter() - start
    data = sixty_notes().to_dict()
    canvases = [Canvas.from_dict(data) for _ in range(runs)]
    boards: list[CanvasBoard] = []
    build = timings(lambda: boards.append(CanvasBoard(canvases[len(boards)])), runs)
    board = boards[-1]
    partner = board.canvas.blocks["key_partners"][0].id
    edit = timings(lambda: board.canvas.update(partner, text=f"Edited {time.time()}"), 50)
    check = timings(lambda: check_threads(board.canvas), 200)

    print(f"CanvasBoard with {NOTES} notes ({sys.executable})")
    print(f"  import canvaskit_widgets.widgets   {imported:.3f} s (once)")
    ok = report(f"build the board ({runs} runs)", build, "ms", BUILD_GOAL)
    report("one edit, view refreshed (50 runs)", edit, "ms")
    found = len(check_threads(board.canvas))
    ok &= report(f"check_threads, {found} findings (200 runs)", check, "ms", CHECK_GOAL)
    print("  goals met" if ok else "  GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
