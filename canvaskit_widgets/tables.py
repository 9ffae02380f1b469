"""Any block of a canvas as a table: each note, the segments it serves and its tags as labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Canvas, allowed_tags
from .vocab import BLOCKS, TAG_VOCABULARIES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EVERY_SEGMENT", "block_table"]

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
