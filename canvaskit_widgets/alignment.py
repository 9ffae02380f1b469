"""The alignment table: for each block, what customers expect, whether the canvas delivers it,
and what to improve."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .vocab import BLOCKS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "AlignmentError", "alignment_table"]

COLUMNS = ("block", "customer expectation", "aligned?", "improvement")
_KEYS = ("block", "expectation", "aligned", "improvement")


class AlignmentError(ValueError):
    """A row of the alignment table is not valid; the message names the row and the field."""


def _row(i: int, raw: Any) -> dict[str, object]:
    if isinstance(raw, Mapping):
        unknown = set(raw) - set(_KEYS)
        if unknown:
            raise AlignmentError(
                f"row {i}: unknown field(s) {', '.join(sorted(map(str, unknown)))};"
                f" use {', '.join(_KEYS)}"
            )
        values = {k: raw.get(k) for k in _KEYS}
    elif isinstance(raw, (tuple, list)) and len(raw) in (3, 4):
        values = dict(zip(_KEYS, [*raw, None][:4], strict=True))
    else:
        raise AlignmentError(
            f"row {i}: give a dict or a (block, expectation, aligned, improvement) tuple, not {raw!r}"
        )
    block = values["block"]
    if block not in BLOCKS:
        labels = {b.label.casefold(): k for k, b in BLOCKS.items()}
        block = labels.get(str(block).casefold())
        if block is None:
            raise AlignmentError(
                f"row {i}: unknown block {values['block']!r}; expected one of: {', '.join(BLOCKS)}"
            )
    expectation = values["expectation"]
    if not isinstance(expectation, str) or not expectation.strip():
        raise AlignmentError(f"row {i}: the customer expectation must be a non-empty text")
    aligned = values["aligned"]
    if not isinstance(aligned, bool):
        raise AlignmentError(f"row {i}: aligned must be True or False, not {aligned!r}")
    improvement = values["improvement"] or ""
    if not isinstance(improvement, str):
        raise AlignmentError(f"row {i}: the improvement must be a text, not {improvement!r}")
    if not aligned and not improvement.strip():
        raise AlignmentError(
            f"row {i}: {BLOCKS[block].label} is not aligned, so name an improvement"
        )
    return {
        "block": BLOCKS[block].label,
        "customer expectation": expectation.strip(),
        "aligned?": aligned,
        "improvement": improvement.strip(),
    }


def alignment_table(rows: Iterable[Any]) -> pd.DataFrame:
    """The alignment table as a DataFrame with columns ``COLUMNS``, in the order given.

    Each row is a dict with ``block`` (a block key such as ``"customer_relationships"`` or its
    label), ``expectation``, ``aligned`` (True/False) and ``improvement`` (required when not
    aligned), or the same four values as a tuple (the improvement may be left out).
    """
    import pandas as pd

    checked = [_row(i, raw) for i, raw in enumerate(rows)]
    if not checked:
        raise AlignmentError("the alignment table needs at least one row")
    return pd.DataFrame(checked, columns=list(COLUMNS))
