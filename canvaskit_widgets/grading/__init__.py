"""Grade a whole class with nbgrader's own machinery: in parallel, sandboxed, tamper-aware.

``grade(Course.find(), "esther")`` autogrades every submission; ``write_feedback`` and
``write_report`` follow. Names load on first use, so the fork server that imports this
package for its kernels does not pay for nbgrader.
"""

from __future__ import annotations

import importlib
from typing import Any

# Public name -> module of this package that defines it.
_LAZY = {
    "BatchResult": "batch",
    "Options": "batch",
    "grade": "batch",
    "Course": "course",
    "CourseError": "course",
    "Limits": "sandbox",
    "Outcome": "manifest",
    "write_feedback": "feedback",
    "write_report": "report",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
