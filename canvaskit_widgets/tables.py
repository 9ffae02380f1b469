"""Any block of a canvas as a table: each note, the segments it serves and its tags as labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .model import Canvas, allowed_tags
from .vocab import BLOCKS, TAG_VOCABULARIES

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

__all__ = ["EVERY_SEGMENT", "THREAD_ORDER", "block_table", "show", "side_by_side", "thread_table"]

EVERY_SEGMENT = "every segment"
# Column title of each tag, in the order columns appear.
_TAG_COLUMNS = {
    "segment_type": "segment type",
    "elements": "elements",
    "phases": "phases",
    "channel_type": "channel type",
    "category": "category",
    "motivation": "motivation",
}
# A thread is read as the customer meets it: the right half of the poster, then the rest.
THREAD_ORDER = (
    "customer_segments",
    "value_propositions",
    "channels",
    "customer_relationships",
    "revenue_streams",
    "key_activities",
    "key_resources",
    "key_partners",
    "cost_structure",
)


def block_table(canvas: Canvas, block: str) -> pd.DataFrame:
    """One row per note of ``block``: its text, whom it serves, and one column per tag.

    ``serves`` names the segments a note is tagged with (``"every segment"`` when it has
    none); it is left out for the Customer Segments block itself. Tag columns hold labels
    (several joined with ``", "``) and are empty where a note lacks the tag.
    """
    import pandas as pd

    if block not in BLOCKS:
        raise KeyError(f"unknown block {block!r}; expected one of: {', '.join(BLOCKS)}")
    tags = [t for t in _TAG_COLUMNS if t in allowed_tags(block)]
    columns = ["note"] + (["serves"] if block != "customer_segments" else [])
    columns += [_TAG_COLUMNS[t] for t in tags]
    rows = []
    for note in canvas.blocks[block]:
        row = {"note": note.text}
        if block != "customer_segments":
            row["serves"] = "; ".join(canvas.note(s).text for s in note.segments) or EVERY_SEGMENT
        for tag in tags:
            value = getattr(note, tag)
            keys = value if isinstance(value, tuple) else (value,) if value else ()
            row[_TAG_COLUMNS[tag]] = ", ".join(TAG_VOCABULARIES[tag].label(k) for k in keys)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def thread_table(canvas: Canvas, segment: str) -> pd.DataFrame:
    """A segment's thread through the canvas: block by block (``THREAD_ORDER``), every note
    that serves it. ``shared`` is true for notes that serve every segment (no segment tag)."""
    import pandas as pd

    seg = canvas.note(segment)
    if canvas.block_of(segment) != "customer_segments":
        raise KeyError(f"{segment!r} is a note in {canvas.block_of(segment)!r}, not a segment")
    rows = [{"block": BLOCKS["customer_segments"].label, "note": seg.text, "shared": False}]
    rows += [
        {"block": BLOCKS[b].label, "note": n.text, "shared": not n.segments}
        for b in THREAD_ORDER[1:]
        for n in canvas.notes_for(b, segment)
    ]
    return pd.DataFrame(rows, columns=["block", "note", "shared"])


def side_by_side(
    canvases: Mapping[str, Canvas], blocks: Iterable[str] | None = None
) -> pd.DataFrame:
    """Two or more canvases compared block by block: one row per block (``THREAD_ORDER`` by
    default), one column per canvas, each cell the block's notes joined with ``"; "``."""
    import pandas as pd

    keys = list(THREAD_ORDER if blocks is None else blocks)
    unknown = [b for b in keys if b not in BLOCKS]
    if unknown:
        raise KeyError(
            f"unknown block(s) {', '.join(map(repr, unknown))}; expected: {', '.join(BLOCKS)}"
        )
    if not canvases:
        raise ValueError("give at least one canvas to compare")
    return pd.DataFrame(
        {
            name: ["; ".join(n.text for n in c.blocks[b]) for b in keys]
            for name, c in canvases.items()
        },
        index=pd.Index([BLOCKS[b].label for b in keys], name="block"),
    )


def show(frame: pd.DataFrame, *, index: bool = False, precision: int = 2) -> Styler:
    """``frame`` for display in a notebook: every text in full (pandas cuts cells at 50
    characters), left-aligned, numbers to ``precision`` decimals, the index hidden unless
    ``index`` is true."""
    styled = frame.style.format(precision=precision).set_properties(
        **{"text-align": "left", "vertical-align": "top"}
    )
    return styled if index else styled.hide(axis="index")
