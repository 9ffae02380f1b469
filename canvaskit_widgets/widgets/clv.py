"""CLVExplorer and ScenarioTwins: margin-multiple CLV and CLV:CAC under sliders, with a chart."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from functools import partial
from html import escape
from typing import Any

import ipywidgets as widgets
from traitlets import Dict, Float, TraitError, observe, validate

from ..export import note_html
from ..model import Canvas
from ..vocab import BLOCKS
from ._persist import STATE_ERRORS, StatefulBox

__all__ = ["INPUTS", "CLVExplorer", "ScenarioTwins"]

# The inputs, each with its slider's label, starting maximum and step.
INPUTS: dict[str, tuple[str, float, float]] = {
    "margin": ("Margin per period", 1000.0, 1.0),
    "retention": ("Retention (r)", 1.0, 0.01),
    "discount_rate": ("Discount rate (d)", 0.5, 0.01),
    "acquisition_cost": ("Acquisition cost", 1000.0, 1.0),
}
_SHARES = ("retention", "discount_rate")


def _ceiling(value: float) -> float:
    """A round slider maximum above ``value``: 1, 2 or 5 times a power of ten."""
    power = 10 ** math.floor(math.log10(value))
    return next(k * power for k in (1, 2, 5, 10) if k * power >= value)


class CLVExplorer(StatefulBox):
    """Margin-multiple CLV, CLV - CAC and CLV:CAC under four sliders, with CLV against retention.

    Parameters
    ----------
    margin
        Margin per customer and period.
    retention
        Share of customers kept from one period to the next (r, 0 to 1).
    discount_rate
        Discount rate per period (d, 0 to 1; 0.1 for 10%).
    acquisition_cost
        What it costs to win one customer (the CAC).
    title
        A heading, e.g. the scenario's name.
    autosave
        A file to save the slider values to after every change.

    Traits: ``margin``, ``retention``, ``discount_rate``, ``acquisition_cost`` (linked to the
    sliders), ``clv`` and ``clv_to_cac`` (read-only; ``None`` when undefined) and ``message``.
    """

    margin = Float(100.0, help="Margin per customer and period.").tag(sync=True)
    retention = Float(0.8, help="Retention per period, 0 to 1.").tag(sync=True)
    discount_rate = Float(0.1, help="Discount rate per period, 0 to 1.").tag(sync=True)
    acquisition_cost = Float(0.0, help="Cost of winning one customer (CAC).").tag(sync=True)
    _holding = False  # True while _restore sets several inputs at once
    clv = Float(None, allow_none=True, read_only=True, help="m·r/(1+d-r)").tag(sync=True)
    clv_to_cac = Float(None, allow_none=True, read_only=True, help="clv / CAC").tag(sync=True)

    def __init__(
        self,
        margin: float = 100.0,
        retention: float = 0.8,
        discount_rate: float = 0.1,
        acquisition_cost: float = 0.0,
        *,
        title: str = "",
        autosave: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._sliders: dict[str, widgets.FloatSlider] = {}
        for name, (label, top, step) in INPUTS.items():
            slider = widgets.FloatSlider(
                min=0.0,
                max=top,
                step=step,
                description=label,
                continuous_update=False,
                readout_format=".2f" if name in _SHARES else ",.0f",
                style={"description_width": "10em"},
                layout=widgets.Layout(width="32em"),
            ).add_class(f"ck-clv-{name}")
            slider.observe(partial(self._on_slider_change, name), "value")
            self._sliders[name] = slider
        self._result = widgets.HTML().add_class("ck-clv-result")
        self._chart = widgets.HTML().add_class("ck-clv-chart")
        heading = widgets.HTML(f"<h4>{escape(title)}</h4>" if title else "")
        self.children = [
            heading,
            *self._sliders.values(),
            self._result,
            self._chart,
            self._file_controls(str(autosave) if autosave is not None else "clv.widget.json"),
            self._status,
        ]
        self._restore(
            {
                "margin": margin,
                "retention": retention,
                "discount_rate": discount_rate,
                "acquisition_cost": acquisition_cost,
            }
        )
        self._start_autosave(autosave)

    # -- inputs --------------------------------------------------------------------------------
    @validate(*INPUTS)
    def _valid_input(self, proposal: Any) -> float:
        name, value = proposal.trait.name, proposal.value
        if not math.isfinite(value) or value < 0:
            raise TraitError(f"{name} must be a finite number of at least 0, not {value!r}")
        if name in _SHARES and value > 1:
            raise TraitError(f"{name} is {value!r}, not a share between 0 and 1 (write 80% as 0.8)")
        return value

    @observe(*INPUTS)
    def _on_input_change(self, change: Any) -> None:
        self._sync_slider(change.name)
        if not self._holding:
            self._show()
            self._changed()

    def _sync_slider(self, name: str) -> None:
        value, slider = getattr(self, name), self._sliders[name]
        if value > slider.max:
            slider.max = _ceiling(value)
        slider.value = value

    def _on_slider_change(self, name: str, change: Any) -> None:
        setattr(self, name, change.new)

    def _state(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in INPUTS}

    def _restore(self, data: Any) -> None:
        if not isinstance(data, Mapping) or set(data) != set(INPUTS):
            raise TraitError(f"a CLV state is a dict of exactly {', '.join(INPUTS)}, not {data!r}")
        for name, value in data.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TraitError(f"{name} must be a number, not {value!r}")
        old = self._state()
        self._holding = True
        try:
            for name in INPUTS:
                setattr(self, name, float(data[name]))
        except TraitError:
            for name in INPUTS:
                setattr(self, name, old[name])
            raise
        finally:
            self._holding = False
        for name in INPUTS:
            self._sync_slider(name)
        self._show()
        self._changed()

    # -- outputs -------------------------------------------------------------------------------
    def _show(self) -> None:
        from .. import charts
        from ..metrics import MetricError, margin_multiple_clv

        m, r, d, cac = (getattr(self, name) for name in INPUTS)
        try:
            clv = float(margin_multiple_clv(m, r, d))
        except MetricError as exc:
            self.set_trait("clv", None)
            self.set_trait("clv_to_cac", None)
            self._result.value = ""
            self._chart.value = ""
            self._say(f"No CLV for these values: {exc}.", error=True)
            return
        ratio = clv / cac if cac > 0 else None
        self.set_trait("clv", clv)
        self.set_trait("clv_to_cac", ratio)
        multiple = f" ({r / (1 + d - r):.2f} × margin)"
        lines = [
            f"CLV = m·r / (1 + d − r) = {m:,.2f} × {r:.2f} / {1 + d - r:.2f} = "
            f"<b>{clv:,.2f}</b>{multiple}",
            f"CLV − acquisition cost (value of a new customer) = {clv - cac:,.2f}",
            f"CLV:CAC = <b>{ratio:.2f}</b> (about 3 is a rule of thumb, not a law)"
            if ratio is not None
            else "CLV:CAC: set an acquisition cost above 0",
        ]
        self._result.value = "<br>".join(lines)
        lo, hi = min(0.5, r), max(0.95, r)
        rates = [round(lo + (hi - lo) * i / 45, 4) for i in range(46)]
        chart = charts.clv_sensitivity(m, d, cac, retentions=[x for x in rates if x < 1 + d])
        self._chart.value = charts.chart_to_svg(chart)
        if self.message.startswith("No CLV"):
            self._say("")


class ScenarioTwins(StatefulBox):
    """Two or more scenarios side by side, each with its own CLV sliders (and canvas notes).

    Parameters
    ----------
    scenarios
        Scenario name -> CLV inputs (``margin``, ``retention``, ``discount_rate``,
        ``acquisition_cost``); by default the gemstone dealer's ``cheaper`` and ``polished``.
    canvases
        Scenario name -> canvas, whose value propositions, relationships, costs and revenue
        show above the sliders; by default the gemstone canvases when ``scenarios`` is default.
    autosave
        A file to save every scenario's inputs to after every change.

    Traits: ``clv`` (scenario name -> CLV or ``None``, read-only) and ``message``.
    """

    clv = Dict(read_only=True, help="Scenario name -> CLV.").tag(sync=True)

    SHOWN_BLOCKS = ("value_propositions", "customer_relationships", "cost_structure")

    def __init__(
        self,
        scenarios: Mapping[str, Mapping[str, float]] | None = None,
        *,
        canvases: Mapping[str, Canvas] | None = None,
        autosave: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        if scenarios is None:
            from ..cases import GEMSTONE_SCENARIOS, gemstone_canvases

            scenarios = GEMSTONE_SCENARIOS
            canvases = gemstone_canvases() if canvases is None else canvases
        canvases = canvases or {}
        if len(scenarios) < 2:
            raise ValueError("scenario twins need at least two scenarios")
        unknown = set(canvases) - set(scenarios)
        if unknown:
            raise ValueError(f"canvases for unknown scenario(s): {', '.join(sorted(unknown))}")
        super().__init__(**kwargs)
        self._titles = {
            name: canvases[name].title if name in canvases else name for name in scenarios
        }
        self.explorers = {
            name: CLVExplorer(**inputs, title=self._titles[name])
            for name, inputs in scenarios.items()
        }
        columns = []
        for name, explorer in self.explorers.items():
            explorer.observe(self._on_explorer_change, "clv")
            explorer.observe(lambda _change: self._changed(), list(INPUTS))
            notes = widgets.HTML(self._notes_html(canvases[name]) if name in canvases else "")
            notes.add_class("ck-twin-notes")
            column = widgets.VBox([notes, explorer], layout=widgets.Layout(flex="1 1 0"))
            columns.append(column.add_class(f"ck-twin-{name}"))
        self._comparison = widgets.HTML().add_class("ck-twins-comparison")
        self.children = [
            widgets.HBox(columns),
            self._comparison,
            self._file_controls(str(autosave) if autosave is not None else "twins.widget.json"),
            self._status,
        ]
        self._on_explorer_change(None)
        self._start_autosave(autosave)

    def _notes_html(self, canvas: Canvas) -> str:
        parts = []
        for key in self.SHOWN_BLOCKS:
            notes = "".join(note_html(canvas, key, n) for n in canvas.blocks[key])
            parts.append(f"<b>{escape(BLOCKS[key].label)}</b>{notes}")
        return "".join(parts)

    def _on_explorer_change(self, _change: Any) -> None:
        values = {name: explorer.clv for name, explorer in self.explorers.items()}
        self.set_trait("clv", values)
        known = {name: v for name, v in values.items() if v is not None}
        if len(known) < 2:
            self._comparison.value = "<i>Every scenario needs a valid CLV to compare them.</i>"
            return
        best = max(known, key=known.__getitem__)
        lines = [
            f"{escape(self._titles[name])}: CLV {v:,.2f}, "
            f"CLV − CAC {v - self.explorers[name].acquisition_cost:,.2f}"
            for name, v in known.items()
        ]
        lines.append(f"<b>Highest CLV: {escape(self._titles[best])}</b>")
        self._comparison.value = "<br>".join(lines)

    def _state(self) -> dict[str, Any]:
        return {name: explorer._state() for name, explorer in self.explorers.items()}

    def _restore(self, data: Any) -> None:
        if not isinstance(data, Mapping) or set(data) != set(self.explorers):
            raise TraitError(
                f"a twins state has one entry per scenario: {', '.join(self.explorers)}"
            )
        old = self._state()
        try:
            for name, explorer in self.explorers.items():
                explorer._restore(data[name])
        except STATE_ERRORS:
            for name, explorer in self.explorers.items():
                explorer._restore(old[name])
            raise
