"""JourneyMap: which channels reach each segment in each of the five phases, and where the gaps are."""

from __future__ import annotations

import os
from functools import partial
from html import escape
from typing import Any

import ipywidgets as widgets
from traitlets import Dict

from ..consistency import phase_coverage
from ..model import Canvas, CanvasError
from ..vocab import CHANNEL_PHASES
from ._persist import StatefulBox

__all__ = ["JourneyMap"]

_PICK = "— pick a channel —"
_NO_NOTE = ""  # the picker's value when no channel is picked (None would show a blank picker)
_CELL = "border:1px solid #ccc;padding:4px;vertical-align:top;font-size:12px"
_GAP = "background:#fde3d3;color:#8a2b00;font-weight:bold"


def journey_html(canvas: Canvas) -> str:
    """The segments x phases table: the channel notes in each cell, gaps highlighted."""
    coverage = phase_coverage(canvas)
    texts = {n.id: n.text for n in canvas.blocks["channels"]}
    head = "".join(f'<th style="{_CELL}">{escape(t.label)}</th>' for t in CHANNEL_PHASES.values())
    rows = []
    for seg in canvas.segments:
        cells = []
        for notes in coverage[seg.id].values():
            if notes:
                items = "".join(f"<div>{escape(texts[n])}</div>" for n in notes)
                cells.append(f'<td style="{_CELL}">{items}</td>')
            else:
                cells.append(f'<td class="ck-gap" style="{_CELL};{_GAP}">gap</td>')
        colour = canvas.colour_of(seg.id)
        name = f'<th style="{_CELL};border-left:6px solid {colour};text-align:left">'
        rows.append(f"<tr>{name}{escape(seg.text)}</th>{''.join(cells)}</tr>")
    if not rows:
        return "<i>Add customer segments to the canvas to map their journey.</i>"
    return (
        '<table style="border-collapse:collapse">'
        f'<tr><th style="{_CELL}">Segment</th>{head}</tr>{"".join(rows)}</table>'
    )


class JourneyMap(StatefulBox):
    """A grid of segments x channel phases showing which channel notes cover each cell.

    Parameters
    ----------
    canvas
        The canvas to map; the map follows its changes, and ticking a phase for a channel
        note changes the note in the canvas.
    autosave
        A file to save the canvas to after every change made here or elsewhere; if it
        exists, the canvas is first loaded from it (in place, so widgets sharing the
        canvas follow).

    Traits: ``gaps`` (``{segment_id: [phase, ...]}``, the uncovered phases per segment,
    read-only) and ``message``.
    """

    gaps = Dict(read_only=True, help="Uncovered channel phases per segment.").tag(sync=True)

    def __init__(
        self,
        canvas: Canvas,
        *,
        autosave: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self._syncing = False
        self.canvas = canvas
        super().__init__(**kwargs)
        self._grid = widgets.HTML().add_class("ck-journey")
        self._channel = widgets.Dropdown(
            options=[(_PICK, _NO_NOTE)], value=_NO_NOTE, description="Channel:"
        ).add_class("ck-journey-channel")
        self._channel.observe(self._on_channel_change, "value")
        self._phases = {}
        for phase, term in CHANNEL_PHASES.items():
            box = widgets.Checkbox(description=term.label, indent=False, disabled=True)
            box.layout.width = "auto"
            box.add_class(f"ck-phase-{phase}")
            box.observe(partial(self._on_phase_change, phase), "value")
            self._phases[phase] = box
        self.children = [
            self._grid,
            widgets.HBox([self._channel, *self._phases.values()]),
            self._file_controls(str(autosave) if autosave is not None else "journey.canvas.json"),
            self._status,
        ]
        self._refresh()
        self._follow(canvas)
        self._start_autosave(autosave)

    def _state(self) -> dict[str, Any]:
        return self.canvas.to_dict()

    def _restore(self, data: Any) -> None:
        self.canvas.assign(Canvas.from_dict(data))

    def _on_canvas_change(self, _canvas: Canvas) -> None:
        self._refresh()
        self._changed()

    def _refresh(self) -> None:
        coverage = phase_coverage(self.canvas)
        self.set_trait(
            "gaps",
            {seg: [p for p, notes in cov.items() if not notes] for seg, cov in coverage.items()},
        )
        self._grid.value = journey_html(self.canvas)
        self._syncing = True
        try:
            keep = self._channel.value
            options = [(_PICK, _NO_NOTE), *((n.text, n.id) for n in self.canvas.blocks["channels"])]
            if list(self._channel.options) != options:
                self._channel.options = options
                self._channel.value = keep if keep in {v for _, v in options} else _NO_NOTE
            self._show_phases()
        finally:
            self._syncing = False

    def _show_phases(self) -> None:
        """Tick the selected channel's phases (all unticked and disabled when none is picked)."""
        note_id = self._channel.value
        phases = self.canvas.note(note_id).phases if note_id != _NO_NOTE else ()
        for phase, box in self._phases.items():
            box.value = phase in phases
            box.disabled = note_id == _NO_NOTE

    def _on_channel_change(self, _change: Any) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self._show_phases()
        finally:
            self._syncing = False

    def _on_phase_change(self, _phase: str, _change: Any) -> None:
        if self._syncing:
            return
        note_id = self._channel.value
        if note_id == _NO_NOTE:
            self._say("Pick a channel first.", error=True)
            self._on_channel_change(None)
            return
        phases = [p for p, box in self._phases.items() if box.value]
        try:
            self.canvas.update(note_id, phases=phases)
        except CanvasError as exc:
            self._say(f"Not changed: {exc}", error=True)
            self._on_channel_change(None)
            return
        self._say(f"{self.canvas.note(note_id).text!r} now covers {len(phases)} phase(s).")
