"""Time loading canvas files of growing size (goal: 20,000 notes well under a second).

Writes each canvas to a temporary file and times ``Canvas.load``, which parses and validates
every note; loading must grow linearly with the number of notes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from canvaskit_widgets.model import SCHEMA, SCHEMA_VERSION, Canvas

GOAL = 1.0
SIZES = (1_000, 5_000, 20_000)


def canvas_file(folder: Path, notes: int) -> Path:
    """A valid canvas file of ``notes`` notes: 10 segments, the rest tagged channels and notes."""
    segments = [{"id": f"s{i}", "text": f"Segment {i}"} for i in range(10)]
    channels = [
        {
            "id": f"c{i}",
            "text": f"Channel {i}",
            "segments": [f"s{i % 10}"],
            "phases": ["awareness", "purchase"],
            "channel_type": "own_direct",
        }
        for i in range((notes - 10) // 2)
    ]
    partners = [{"id": f"p{i}", "text": f"Partner {i}"} for i in range(notes - 10 - len(channels))]
    data = {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "title": f"{notes} notes",
        "blocks": {"customer_segments": segments, "channels": channels, "key_partners": partners},
    }
    path = folder / f"{notes}.canvas.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for notes in SIZES:
            path = canvas_file(Path(tmp), notes)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                canvas = Canvas.load(path)
                times.append(time.perf_counter() - start)
            assert len(canvas.notes) == notes
            best = min(times)
            print(
                f"{notes:>6} notes: min {best:.3f} s, median {statistics.median(times):.3f} s, "
                f"{best / notes * 1e6:.1f} µs per note"
            )
    print(f"goal: {SIZES[-1]:,} notes in well under {GOAL:.0f} s")


if __name__ == "__main__":
    main()
