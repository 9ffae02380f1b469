"""When are two groups separate segments? The tests a canvas can answer, applied to two segments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Canvas
from .vocab import BLOCKS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SEPARATION_TESTS", "compare_segments"]

# The tests for separate segments that a canvas can answer, with the block that answers each.
# (The fifth test, a difference in profitability, needs figures rather than notes.)
SEPARATION_TESTS: dict[str, str] = {
    "value_propositions": "needs a distinct offer",
    "channels": "is reached through different channels",
    "customer_relationships": "expects a different relationship",
    "revenue_streams": "pays for different things",
}


def _own_notes(canvas: Canvas, block: str, segment: str) -> list[str]:
    return [n.text for n in canvas.notes_for(block, segment) if n.segments]


def compare_segments(canvas: Canvas, first: str, second: str) -> pd.DataFrame:
    """Apply ``SEPARATION_TESTS`` to two segments of ``canvas``, given by their ids.

    One row per test: the block that answers it, the notes tagged for each segment in that
    block (notes serving every segment are shared, so they count for neither), and
    ``differs``: true when either segment has notes of its own there that the other lacks.
    """
    import pandas as pd

    for seg in (first, second):
        if canvas.block_of(seg) != "customer_segments":
            raise KeyError(f"{seg!r} is a note in {canvas.block_of(seg)!r}, not a segment")
    if first == second:
        raise ValueError(f"compare two different segments, not {first!r} with itself")
    rows = []
    for block, test in SEPARATION_TESTS.items():
        a, b = _own_notes(canvas, block, first), _own_notes(canvas, block, second)
        rows.append(
            {
                "test": test,
                "block": BLOCKS[block].label,
                f"only {first}": "; ".join(t for t in a if t not in b),
                f"only {second}": "; ".join(t for t in b if t not in a),
                "differs": set(a) != set(b),
            }
        )
    return pd.DataFrame(rows)
