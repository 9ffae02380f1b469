"""The Customer Relationships block as a table: each segment's relationships with category,
motivation, the metric that tests it and its relative cost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Canvas
from .vocab import MOTIVATIONS, RELATIONSHIP_CATEGORIES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "relationship_table"]

COLUMNS = (
    "segment",
    "relationship",
    "category",
    "motivation",
    "metric",
    "relative_cost",
    "contact",
    "intimacy",
)


def relationship_table(canvas: Canvas) -> pd.DataFrame:
    """One row per segment and relationship note serving it (untagged notes serve every segment).

    ``category`` and ``motivation`` are labels; ``metric`` is the motivation's metric and
    ``relative_cost`` (1 cheapest to 5 dearest), ``contact`` and ``intimacy`` come from the
    category. Tags a note lacks are left empty (cost as NaN), so gaps show rather than vanish.
    A segment with no relationship at all gets one row whose relationship is empty.
    """
    import pandas as pd

    rows = []
    for seg in canvas.segments:
        notes = canvas.notes_for("customer_relationships", seg.id)
        for note in notes or [None]:
            row: dict[str, object] = dict.fromkeys(COLUMNS)
            row["segment"] = seg.text
            if note is not None:
                row["relationship"] = note.text
                if note.category:
                    term = RELATIONSHIP_CATEGORIES[note.category]
                    row["category"] = term.label
                    row.update({k: term.extra[k] for k in ("relative_cost", "contact", "intimacy")})
                if note.motivation:
                    term = MOTIVATIONS[note.motivation]
                    row["motivation"] = term.label
                    row["metric"] = term.extra["metric"]
            rows.append(row)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["relative_cost"] = table["relative_cost"].astype(float)
    return table
