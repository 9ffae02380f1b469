"""Helpers for the exercises' check cells: checks that pass or say what is wrong, and chart specs.

A check raises ``AssertionError`` with a message a student can act on, so nbgrader scores the
cell 0; when it passes it prints one line, so a self-learner without nbgrader sees the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .checks import check
from .vocab import Vocabulary

__all__ = ["chart_layers", "chart_rows", "expect", "expect_chart", "expect_keys", "expect_type"]

_TYPES = {"N": "nominal", "O": "ordinal", "Q": "quantitative", "T": "temporal"}


def expect(name: str, value: Any, fingerprint: str, *, digits: int = 2, hint: str = "") -> None:
    """Compare ``value`` with an ``answer_hash`` fingerprint; print a pass line or raise."""
    result = check(name, value, fingerprint, digits=digits, hint=hint)
    if not result:
        raise AssertionError(str(result))
    print(result)


def expect_type(name: str, value: Any, kind: type | tuple[type, ...], example: str) -> None:
    """Raise unless ``value`` is an instance of ``kind``; ``example`` shows the expected form."""
    if not isinstance(value, kind):
        raise AssertionError(
            f"✘ {name}: expected {example}, got {type(value).__name__} {_short(value)}."
        )


def expect_keys(name: str, values: Sequence[Any], vocabulary: Vocabulary) -> None:
    """Raise unless every item of ``values`` is a key of ``vocabulary`` (naming the first bad one)."""
    for i, value in enumerate(values):
        if value not in vocabulary:
            raise AssertionError(f"✘ {name}[{i}]: {vocabulary.unknown(value)}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _spec(chart: Any) -> dict[str, Any]:
    if isinstance(chart, Mapping):
        return dict(chart)
    to_dict = getattr(chart, "to_dict", None)
    if not callable(to_dict) or not type(chart).__module__.startswith("altair"):
        raise AssertionError(
            f"✘ expected an altair chart such as alt.Chart(data).mark_bar().encode(...), "
            f"got {type(chart).__name__}."
        )
    return to_dict()


def _channel(definition: Any) -> dict[str, Any]:
    if not isinstance(definition, Mapping):
        return {}
    field = definition.get("field")
    if isinstance(field, Mapping):  # {"repeat": "row"} and the like
        field = None
    kind = definition.get("type")
    return {
        "field": field,
        "type": _TYPES.get(kind, kind),
        "aggregate": definition.get("aggregate"),
    }


def chart_layers(chart: Any) -> list[dict[str, Any]]:
    """Each layer of an altair chart (or of its ``to_dict()``) as ``{"mark": ..., channel:
    {"field", "type", "aggregate"}, "data": name or None}``, with top-level encodings inherited."""
    spec = _spec(chart)
    layers = spec.get("layer") or [spec]
    top = spec.get("encoding", {})
    top_data = spec.get("data", {})
    summaries = []
    for layer in layers:
        mark = layer.get("mark")
        summary: dict[str, Any] = {"mark": mark.get("type") if isinstance(mark, Mapping) else mark}
        for name, definition in {**top, **layer.get("encoding", {})}.items():
            summary[name] = _channel(definition)
        data = layer.get("data", top_data)
        summary["data"] = data.get("name") if isinstance(data, Mapping) else None
        summaries.append(summary)
    return summaries


def chart_rows(chart: Any) -> list[dict[str, Any]]:
    """The rows of inline data an altair chart draws (its first layer that has data)."""
    spec = _spec(chart)
    datasets = spec.get("datasets", {})
    for layer in chart_layers(spec):
        if layer["data"] in datasets:
            return list(datasets[layer["data"]])
    values = spec.get("data", {}).get("values")
    return list(values) if isinstance(values, list) else []


def expect_chart(
    name: str, chart: Any, mark: str, **channels: tuple[str, str | tuple[str, ...]]
) -> None:
    """Raise unless some layer of ``chart`` has ``mark`` and every channel given as
    ``x=(field, type or types)``; the message names the first thing to fix."""
    layers = chart_layers(chart)
    marks = [layer["mark"] for layer in layers]
    if mark not in marks:
        raise AssertionError(
            f"✘ {name}: expected a {mark} mark (mark_{mark}()), got {', '.join(map(str, marks))}."
        )
    layer = layers[marks.index(mark)]
    for channel, (field, types) in channels.items():
        allowed = (types,) if isinstance(types, str) else tuple(types)
        got = layer.get(channel)
        if not got:
            raise AssertionError(f"✘ {name}: encode the field {field!r} on {channel}.")
        if got["field"] != field:
            raise AssertionError(
                f"✘ {name}: {channel} shows {got['field']!r}; expected the field {field!r}."
            )
        if got["type"] not in allowed:
            letters = " or ".join(f":{t[0].upper()} ({t})" for t in allowed)
            raise AssertionError(
                f"✘ {name}: {channel} encodes {field!r} as {got['type']}; expected {letters}."
            )
    print(f"✔ {name}: the mark and the encodings are right.")
