"""jsonschema without its IRI grammar, for the grader's own processes.

jsonschema checks the ``iri`` and ``iri-reference`` formats with rfc3987-syntax when that is
installed (jupyter-events installs it), and rfc3987-syntax compiles its grammar when imported:
a second of CPU in every process that imports jsonschema, as nbformat and altair do. Neither
the notebook schema nor vega-lite's uses those formats, so the grader and its fork servers
(and the kernels they fork) import jsonschema without them; every other check is unchanged,
and ``import rfc3987_syntax`` still works afterwards.
"""

from __future__ import annotations

import sys

__all__ = ["import_jsonschema"]


def import_jsonschema() -> None:
    """Import jsonschema (once per process) with rfc3987-syntax out of its reach."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # ImportError: skipped
    try:
        import jsonschema  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]
