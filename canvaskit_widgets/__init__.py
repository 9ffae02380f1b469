"""canvaskit: the Business Model Canvas as a Python model, widgets, metrics and charts.

Importing the package is cheap: pandas, altair and ipywidgets load only when a name
that needs them is first used.
"""

from __future__ import annotations

import importlib
from typing import Any

from .model import Canvas, CanvasError, Note
from .vocab import (
    BLOCKS,
    CHANNEL_PHASES,
    MOTIVATIONS,
    RELATIONSHIP_CATEGORIES,
    SEGMENT_TYPES,
    VALUE_ELEMENTS,
)

__version__ = "0.1.0"

# Public names whose modules are imported on first use.
_LAZY = {
    "check_threads": "consistency",
    "Finding": "consistency",
    "phase_coverage": "consistency",
    "summary": "consistency",
    "to_markdown": "export",
    "to_html": "export",
    "save_html": "export",
    "answer_hash": "checks",
    "check": "checks",
    "MetricError": "metrics",
    "retention_rate": "metrics",
    "churn_rate": "metrics",
    "repeat_purchase_rate": "metrics",
    "average_order_value": "metrics",
    "purchase_frequency": "metrics",
    "simple_clv": "metrics",
    "margin_multiple_clv": "metrics",
    "cac": "metrics",
    "clv_to_cac": "metrics",
    "payback_months": "metrics",
    "nps": "metrics",
    "nps_by": "metrics",
    "nps_interval": "metrics",
    "nps_by_interval": "metrics",
    "nps_difference": "metrics",
    "share_interval": "metrics",
    "cohort_table": "metrics",
    "use_offline_charts": "charts",
    "chart_to_svg": "charts",
    "cohort_heatmap": "charts",
    "nps_by_segment": "charts",
    "clv_sensitivity": "charts",
    "CanvasBoard": "widgets",
    "RelationshipPlanner": "widgets",
    "JourneyMap": "widgets",
    "CLVExplorer": "widgets",
    "ScenarioTwins": "widgets",
    "SelfCheck": "widgets",
    "HintLadder": "widgets",
}

__all__ = [
    "BLOCKS",
    "CHANNEL_PHASES",
    "MOTIVATIONS",
    "RELATIONSHIP_CATEGORIES",
    "SEGMENT_TYPES",
    "VALUE_ELEMENTS",
    "Canvas",
    "CanvasError",
    "Note",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        from importlib.util import find_spec  # here, not at the top: it costs import time

        if name.isidentifier() and not name.startswith("_") and find_spec(f"{__name__}.{name}"):
            return importlib.import_module(f".{name}", __name__)  # a submodule: ck.metrics
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
