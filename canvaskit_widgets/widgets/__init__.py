"""The ipywidgets views of canvaskit: canvas board, relationship planner, journey map, CLV, self-checks."""

from __future__ import annotations

from ._persist import StateError
from .board import CanvasBoard
from .journey import JourneyMap
from .planner import RelationshipPlanner

__all__ = ["CanvasBoard", "JourneyMap", "RelationshipPlanner", "StateError"]
