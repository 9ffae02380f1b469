"""The ipywidgets views of canvaskit: canvas board, relationship planner, journey map, CLV,
self-checks and hint ladders."""

from __future__ import annotations

from ._persist import StateError
from .board import CanvasBoard
from .clv import CLVExplorer, ScenarioTwins
from .journey import JourneyMap
from .planner import RelationshipPlanner
from .selfcheck import HintLadder, SelfCheck

__all__ = [
    "CLVExplorer",
    "CanvasBoard",
    "HintLadder",
    "JourneyMap",
    "RelationshipPlanner",
    "ScenarioTwins",
    "SelfCheck",
    "StateError",
]
