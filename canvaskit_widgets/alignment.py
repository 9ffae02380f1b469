"""The alignment table: for each block, what customers expect, whether the canvas delivers it,
and the action to take, as in the metrics article's table: an improvement where the canvas is
misaligned ("improve response time"), and what to keep doing where it is aligned ("maintain
product quality", "optimise the website")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .vocab import BLOCKS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "AlignmentError", "alignment_table"]

COLUMNS = ("block", "customer expectation", "aligned?", "action")
_KEYS = ("block", "expectation", "aligned", "action")


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
    elif isinstance(raw, (tuple, list)) and len(raw) == 4:
        values = dict(zip(_KEYS, raw, strict=True))
    else:
        raise AlignmentError(
            f"row {i}: give a dict or a (block, expectation, aligned, action) tuple, not {raw!r}"
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
    action = values["action"]
    if not isinstance(action, str) or not action.strip():
        needed = "an improvement" if not aligned else "what to keep doing"
        raise AlignmentError(
            f"row {i}: {BLOCKS[block].label} needs an action: name {needed} (got {action!r})"
        )
    return {
        "block": BLOCKS[block].label,
        "customer expectation": expectation.strip(),
        "aligned?": aligned,
        "action": action.strip(),
    }


def alignment_table(rows: Iterable[Any]) -> pd.DataFrame:
    """The alignment table as a DataFrame with columns ``COLUMNS``, in the order given.

    Each row is a dict with ``block`` (a block key such as ``"customer_relationships"`` or its
    label), ``expectation``, ``aligned`` (True/False) and ``action`` (an improvement when not
    aligned, what to keep doing when aligned; required on every row), or the same four values
    as a tuple.
    """
    import pandas as pd

    checked = [_row(i, raw) for i, raw in enumerate(rows)]
    if not checked:
        raise AlignmentError("the alignment table needs at least one row")
    return pd.DataFrame(checked, columns=list(COLUMNS))
