"""RelationshipPlanner: per segment, a relationship category, a main aim, get/keep/grow tactics,
and the test that would show the relationship works: a metric, a threshold and a review date."""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
from datetime import date
from functools import partial
from html import escape
from typing import Any

import ipywidgets as widgets
from traitlets import Dict, TraitError, observe, validate

from .. import vocab
from ..model import Canvas, CanvasError
from ..vocab import MOTIVATIONS, RELATIONSHIP_CATEGORIES, RELATIONSHIP_DIMENSIONS
from ._persist import StatefulBox

__all__ = [
    "RelationshipPlanner",
    "cost_html",
    "default_metric",
    "lower_is_better",
    "metric_key",
    "plan_note_id",
]

TACTICS = tuple(MOTIVATIONS)  # get, keep, grow
HYPOTHESIS = ("metric", "threshold", "review")
FIELDS = ("category", "motivation", *TACTICS, *HYPOTHESIS)
_NONE = "(choose)"


def default_metric(aim: str) -> str:
    """The first success metric that tests ``aim`` (get, keep, grow or advocacy)."""
    return next(key for key, term in vocab.SUCCESS_METRICS.items() if term.extra["aim"] == aim)


def metric_key(metric: Any) -> Any:
    """The key of a success metric given as its key, its label or its name in words
    (``"churn rate"``, ``"NPS"``); anything else is returned as it is, for validation to refuse."""
    if not isinstance(metric, str) or metric in vocab.SUCCESS_METRICS or not metric:
        return metric
    wanted = " ".join(metric.replace("_", " ").casefold().split())
    for key, term in vocab.SUCCESS_METRICS.items():
        names = (key.replace("_", " "), term.label, str(term.extra["name"]))
        if wanted in (name.casefold() for name in names):
            return key
    return metric


def lower_is_better(metric: str) -> bool:
    """Whether a lower value of the success metric ``metric`` (a key or a name) is the better
    one: acquisition cost and churn."""
    return vocab.SUCCESS_METRICS[metric_key(metric)].extra["better"] == "lower"


def _blank() -> dict[str, Any]:
    return {
        "category": None,
        "motivation": None,
        **dict.fromkeys(TACTICS, ""),
        "metric": "",
        "threshold": None,
        "review": "",
    }


def _check_hypothesis(seg: str, entry: dict[str, Any]) -> None:
    """Raise ``TraitError`` naming the field unless metric, threshold and review are valid."""
    metric = entry.get("metric", "")
    if metric and (not isinstance(metric, str) or metric not in vocab.SUCCESS_METRICS):
        raise TraitError(f"the plan for {seg!r}: {vocab.SUCCESS_METRICS.unknown(metric)}")
    threshold = entry.get("threshold")
    if threshold is not None and (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float))
        or not math.isfinite(threshold)
    ):
        raise TraitError(f"the plan for {seg!r}: threshold must be a number, not {threshold!r}")
    review = entry.get("review", "")
    try:
        if not isinstance(review, str) or (
            review and date.fromisoformat(review).isoformat() != review
        ):
            raise ValueError
    except ValueError:
        raise TraitError(
            f"the plan for {seg!r}: review must be a date written like 2025-06-30, not {review!r}"
        ) from None


def plan_note_id(segment: str, tactic: str) -> str:
    """The id of the Customer Relationships note that ``apply_to`` writes for one tactic."""
    note_id = f"plan-{tactic}-{segment}"
    if len(note_id) <= 40:
        return note_id
    return f"{note_id[:31]}-{hashlib.sha1(segment.encode()).hexdigest()[:8]}"


def cost_html(category: str | None, motivation: str | None = None) -> str:
    """The relative cost of a category as dots, what drives it, and the main aim's metric."""
    lines = []
    if category is None:
        lines.append("cost: choose a category")
    else:
        term = RELATIONSHIP_CATEGORIES[category]
        cost = int(term.extra["relative_cost"])  # type: ignore[call-overload]
        intimacy = RELATIONSHIP_DIMENSIONS["intimacy"][str(term.extra["intimacy"])]
        contact = RELATIONSHIP_DIMENSIONS["contact"][str(term.extra["contact"])]
        lines.append(f"cost: {'●' * cost}{'○' * (5 - cost)} ({cost} of 5)")
        lines.append(
            f"driven by: {intimacy.label} ({intimacy.definition.rstrip('.')}); "
            f"{contact.label.lower()} contact ({contact.definition.rstrip('.')})"
        )
    if motivation is not None:
        term = MOTIVATIONS[motivation]
        lines.append(f"main aim: {term.label}; watch the {term.extra['metric']}")
    return '<div class="ck-cost">' + "<br>".join(escape(line) for line in lines) + "</div>"


class _Row:
    """The controls of one segment's plan."""

    def __init__(self, segment: str) -> None:
        self.name = widgets.HTML()
        self.category = widgets.Dropdown(
            options=[(_NONE, None), *RELATIONSHIP_CATEGORIES.options()], description="Category:"
        ).add_class("ck-plan-category")
        self.motivation = widgets.Dropdown(
            options=[(_NONE, None), *MOTIVATIONS.options()], description="Main aim:"
        ).add_class("ck-plan-motivation")
        self.tactics = {
            t: widgets.Textarea(
                placeholder=f"{MOTIVATIONS.label(t)}: e.g. {MOTIVATIONS[t].example}",
                rows=3,
                continuous_update=False,
                layout=widgets.Layout(flex="1 1 0", width="auto"),
            ).add_class(f"ck-plan-{t}")
            for t in TACTICS
        }
        self.cost = widgets.HTML()
        self.metric = widgets.Dropdown(
            options=[(_NONE, ""), *vocab.SUCCESS_METRICS.options()], description="It works if:"
        ).add_class("ck-plan-metric")
        self.threshold = widgets.Text(
            placeholder="threshold, e.g. 0.1", continuous_update=False, description="reaches:"
        ).add_class("ck-plan-threshold")
        self.review = widgets.DatePicker(description="Review on:").add_class("ck-plan-review")
        self.box = widgets.VBox(
            [
                widgets.HBox([self.name, self.category, self.motivation]),
                self.cost,
                widgets.HBox(list(self.tactics.values())),
                widgets.HBox([self.metric, self.threshold, self.review]),
            ],
            layout=widgets.Layout(border="1px solid #ccc", padding="4px", margin="2px 0"),
        ).add_class(f"ck-plan-row-{segment}")

    def controls(self) -> dict[str, widgets.Widget]:
        return {
            "category": self.category,
            "motivation": self.motivation,
            **self.tactics,
            "metric": self.metric,
            "threshold": self.threshold,
            "review": self.review,
        }


def _to_control(name: str, value: Any) -> Any:
    """A plan field's value as its control shows it."""
    if name == "threshold":
        return "" if value is None else f"{value:g}"
    if name == "review":
        return date.fromisoformat(value) if value else None
    return value


def _from_control(name: str, value: Any) -> Any:
    """A control's value as the plan stores it; ``ValueError`` for a threshold that is no number."""
    if name == "threshold":
        text = value.strip().replace(",", ".")
        return float(text) if text else None
    if name == "review":
        return value.isoformat() if value else ""
    return value


class RelationshipPlanner(StatefulBox):
    """Plan each segment's customer relationship: category, main aim, get/keep/grow tactics,
    and the hypothesis to test: the metric that would show it works, a threshold decided in
    advance and a date to review it.

    Parameters
    ----------
    canvas
        The canvas whose segments get a row each; rows follow the canvas as segments come and go.
    value
        A plan to start from (``{segment_id: {"category", "motivation", "get", "keep", "grow",
        "metric", "threshold", "review"}}``, any field may be left out); by default the plan is
        read back from notes an earlier ``apply_to`` wrote. ``metric`` is a key of
        ``vocab.SUCCESS_METRICS`` (choosing a main aim proposes the first metric for it),
        ``threshold`` a number and ``review`` an ISO date (``"2025-06-30"``).
    autosave
        A file to save the plan to after every change (e.g. ``"maria.widget.json"``).

    Traits: ``value`` (the plan, every segment present) and ``message``.
    """

    value = Dict(
        help="The plan: segment id -> category, motivation, get, keep, grow, metric, threshold, review."
    ).tag(sync=True)

    def __init__(
        self,
        canvas: Canvas | None = None,
        *,
        value: dict[str, Any] | None = None,
        autosave: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self._syncing = False
        self.canvas = canvas if canvas is not None else Canvas()
        self._rows: dict[str, _Row] = {}
        super().__init__(**kwargs)
        self._rows_box = widgets.VBox()
        self._apply_button = widgets.Button(description="Apply to canvas", icon="check")
        self._apply_button.add_class("ck-apply")
        self._apply_button.on_click(self._on_apply_click)
        self._hint = widgets.HTML()
        self.children = [
            self._hint,
            self._rows_box,
            widgets.HBox([self._apply_button]),
            self._file_controls(str(autosave) if autosave is not None else "plan.widget.json"),
            self._status,
        ]
        self._sync_rows()
        self.value = value if value is not None else self._read_back()
        self._follow(self.canvas)
        self._start_autosave(autosave)

    # -- the plan as a trait -------------------------------------------------------------------
    @validate("value")
    def _valid_value(self, proposal: Any) -> dict[str, Any]:
        plan = {
            seg: {**entry, "metric": metric_key(entry["metric"])}
            if isinstance(entry, dict) and "metric" in entry
            else entry
            for seg, entry in proposal.value.items()
        }
        segments = [s.id for s in self.canvas.segments]
        for seg, entry in plan.items():
            if seg not in segments:
                raise TraitError(
                    f"segment {seg!r} is not on the canvas; its segments are: "
                    f"{', '.join(segments) or 'none yet'}"
                )
            if not isinstance(entry, dict):
                raise TraitError(f"the plan for {seg!r} must be a dict, not {entry!r}")
            unknown = set(entry) - set(FIELDS)
            if unknown:
                raise TraitError(
                    f"the plan for {seg!r} has unknown field(s) {', '.join(sorted(unknown))}; "
                    f"known: {', '.join(FIELDS)}"
                )
            for name, terms in (("category", RELATIONSHIP_CATEGORIES), ("motivation", MOTIVATIONS)):
                key = entry.get(name)
                if key is not None and key not in terms:
                    raise TraitError(f"the plan for {seg!r}: {terms.unknown(key)}")
            for tactic in TACTICS:
                if not isinstance(entry.get(tactic, ""), str):
                    raise TraitError(f"the plan for {seg!r}: {tactic} must be text")
            _check_hypothesis(seg, entry)
        return {seg: {**_blank(), **plan.get(seg, {})} for seg in segments}

    @observe("value")
    def _on_value_change(self, _change: Any) -> None:
        self._show_value()
        self._changed()

    def _state(self) -> dict[str, Any]:
        return {seg: dict(entry) for seg, entry in self.value.items()}

    def _restore(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise TraitError(f"a plan must be a dict of segment id to plan, not {data!r}")
        self.value = data

    # -- rows ----------------------------------------------------------------------------------
    def _sync_rows(self) -> None:
        """One row per segment on the canvas, in canvas order."""
        segments = self.canvas.segments
        for seg in segments:
            if seg.id not in self._rows:
                row = self._rows[seg.id] = _Row(seg.id)
                for name, control in row.controls().items():
                    control.observe(partial(self._on_row_change, seg.id, name), "value")
            colour = self.canvas.colour_of(seg.id)
            self._rows[
                seg.id
            ].name.value = (
                f'<b style="border-left:6px solid {colour};padding-left:4px">{escape(seg.text)}</b>'
            )
        for gone in set(self._rows) - {s.id for s in segments}:
            self._rows.pop(gone).box.close()
        self._rows_box.children = [self._rows[s.id].box for s in segments]
        self._hint.value = (
            "" if segments else "<i>Add customer segments to the canvas to plan for them.</i>"
        )

    def _show_value(self) -> None:
        self._syncing = True
        try:
            for seg, entry in self.value.items():
                row = self._rows[seg]
                for name, control in row.controls().items():
                    control.value = _to_control(name, entry[name])
                row.cost.value = cost_html(entry["category"], entry["motivation"])
        finally:
            self._syncing = False

    def _on_row_change(self, segment: str, name: str, change: Any) -> None:
        if self._syncing:
            return
        plan = self._state()
        try:
            plan[segment][name] = _from_control(name, change.new)
        except ValueError:
            self._say(
                f"The threshold must be a number, such as 0.1 or 25, not {change.new!r}.",
                error=True,
            )
            return
        if name == "motivation" and change.new and not plan[segment]["metric"]:
            plan[segment]["metric"] = default_metric(change.new)
        self._say("")
        self.value = plan

    # -- the hypotheses ------------------------------------------------------------------------
    def hypothesis(self, segment: str) -> str:
        """The test of one segment's relationship as a sentence, e.g. "churn rate at most 0.1
        by 2025-06-30"; what is not decided yet shows as "?"."""
        entry = self.value[segment]
        metric = (
            str(vocab.SUCCESS_METRICS[entry["metric"]].extra["name"]) if entry["metric"] else "?"
        )
        bound = "at most" if entry["metric"] and lower_is_better(entry["metric"]) else "at least"
        threshold = "?" if entry["threshold"] is None else f"{entry['threshold']:g}"
        return f"{metric} {bound} {threshold} by {entry['review'] or '?'}"

    def met(self, segment: str, observed: float) -> bool:
        """Whether ``observed`` (the metric measured at review) meets the segment's threshold:
        at most the threshold for acquisition cost and churn, at least it for the others.
        Raises ``ValueError`` when the metric or threshold has not been decided."""
        entry = self.value[segment]
        if not entry["metric"] or entry["threshold"] is None:
            raise ValueError(
                f"decide the metric and the threshold for {segment!r} before you check it"
            )
        if lower_is_better(entry["metric"]):
            return observed <= entry["threshold"]
        return observed >= entry["threshold"]

    def _on_canvas_change(self, _canvas: Canvas) -> None:
        known = {s.id for s in self.canvas.segments}
        dropped = {
            seg: entry
            for seg, entry in self.value.items()
            if seg not in known and any(entry[t].strip() for t in TACTICS)
        }
        self._sync_rows()
        self.value = {seg: entry for seg, entry in self._state().items() if seg in known}
        self._show_value()  # a renamed segment keeps its value, but its row shows the new name
        if dropped:
            texts = "; ".join(
                f"{seg}: " + " / ".join(e[t] for t in TACTICS if e[t].strip())
                for seg, e in dropped.items()
            )
            self._say(f"Segment(s) left the canvas, with their plan: {texts}", error=True)

    def _read_back(self) -> dict[str, Any]:
        """The plan held in notes that ``apply_to`` wrote earlier."""
        notes = {n.id: n for n in self.canvas.blocks["customer_relationships"]}
        plan = {}
        for seg in self.canvas.segments:
            entry = _blank()
            for tactic in TACTICS:
                note = notes.get(plan_note_id(seg.id, tactic))
                if note is not None:
                    entry[tactic] = note.text
                    entry["category"] = entry["category"] or note.category
            plan[seg.id] = entry
        return plan

    # -- writing the plan into a canvas --------------------------------------------------------
    def apply_to(self, canvas: Canvas | None = None) -> list[str]:
        """Write the plan into ``canvas``'s Customer Relationships block (default: this canvas).

        Each non-empty tactic becomes one note tagged with its segment, the segment's category
        and the tactic's motivation; notes written before are updated, and removed when their
        tactic is emptied. All or nothing: a problem raises ``CanvasError`` (also shown in
        ``message``) and leaves ``canvas`` unchanged. Returns the ids of the plan's notes.
        """
        target = self.canvas if canvas is None else canvas
        data = target.to_dict()
        ours = {plan_note_id(seg, t) for seg in self.value for t in TACTICS}
        wanted: dict[str, dict[str, Any]] = {}
        for seg, entry in self.value.items():
            for tactic in TACTICS:
                if entry[tactic].strip():
                    note_id = plan_note_id(seg, tactic)
                    wanted[note_id] = {
                        "id": note_id,
                        "text": entry[tactic],
                        "segments": [seg],
                        "motivation": tactic,
                        **({"category": entry["category"]} if entry["category"] else {}),
                    }
        ids = list(wanted)
        block = []
        for note in data["blocks"]["customer_relationships"]:
            if note["id"] not in ours:
                block.append(note)
            elif note["id"] in wanted:
                block.append(wanted.pop(note["id"]))
        data["blocks"]["customer_relationships"] = [*block, *wanted.values()]
        try:
            new = Canvas.from_dict(data)
        except CanvasError as exc:
            self._say(f"The plan was not applied: {exc}", error=True)
            raise
        target.assign(new)
        self._say(f"Wrote {len(ids)} note(s) to Customer Relationships.")
        return ids

    def _on_apply_click(self, _button: widgets.Button) -> None:
        with contextlib.suppress(CanvasError):  # shown in the message
            self.apply_to()
