"""Grade a whole class with nbgrader's own machinery: in parallel, sandboxed, tamper-aware."""

from __future__ import annotations

__all__: list[str] = []
