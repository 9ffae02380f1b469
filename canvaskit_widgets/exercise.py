"""Helpers for the exercises' check cells: checks that pass or say what is wrong, and chart specs.

A check raises ``AssertionError`` with a message a student can act on, so nbgrader scores the
cell 0; a self-check that passes prints one line starting with ✔. Messages name the call, show
the student's value and say what kind of difference it is (rounded, ×100, wrong sign, wrong
type, ``None`` from a missing ``return``, the same output for any input); they never show the
expected value.

Numbers follow one precision rule (:data:`canvaskit_widgets.checks.TOLERANCE`, see
:func:`canvaskit_widgets.checks.close`), in self-checks and hidden tests alike. Content counts,
not the container: a tuple passes where a list is asked for, a list of unique items where a set
is. :func:`score_items` scores a classification per item, for partial credit.
"""

from __future__ import annotations

import contextlib
import numbers
from collections.abc import Iterator, Mapping, Sequence, Set
from typing import Any

from .checks import SLIPS, _as_set, _short, check, close
from .vocab import Vocabulary

__all__ = [
    "chart_layers",
    "chart_rows",
    "expect",
    "expect_calls",
    "expect_chart",
    "expect_defined",
    "expect_keys",
    "expect_raises",
    "expect_same",
    "expect_type",
    "passed",
    "score_items",
    "self_check",
]

_TYPES = {"N": "nominal", "O": "ordinal", "Q": "quantitative", "T": "temporal"}


_pending: list[str] | None = None


def _say(line: str) -> None:
    """Print a pass line now, or at the end of the ``self_check()`` block it belongs to."""
    if _pending is None:
        print(line)
    else:
        _pending.append(line)


@contextlib.contextmanager
def self_check() -> Iterator[None]:
    """Run a self-check cell's checks; print their ✔ lines only once every check has passed,
    so no ✔ shows in a cell that then fails."""
    global _pending
    outer, _pending = _pending, []
    try:
        yield
        lines = _pending
    finally:
        _pending = outer
    for line in lines:
        _say(line)


def passed(text: str) -> None:
    """A self-check's own pass line (``✔ text``), held back like ``expect``'s."""
    _say(f"✔ {text}")


def expect(
    name: str, value: Any, fingerprint: str, *also: str, digits: int = 2, hint: str = ""
) -> None:
    """Compare ``value`` with a fingerprint, or any of the accepted ``also`` (see
    :mod:`canvaskit_widgets.checks`); print a pass line or raise with the first one's message."""
    result = check(name, value, fingerprint, digits=digits, hint=hint)
    if not result:
        result = next((r for r in (check(name, value, f) for f in also) if r), result)
    if not result:
        raise AssertionError(str(result))
    _say(str(result))


def expect_type(name: str, value: Any, kind: type | tuple[type, ...], example: str) -> None:
    """Raise unless ``value`` is an instance of ``kind``; ``example`` shows the expected form."""
    if value is None and kind is not type(None):
        raise AssertionError(
            f"✘ {name} is None; expected {example}. "
            "If it comes from a function, does the function end with `return ...`?"
        )
    if not isinstance(value, kind):
        raise AssertionError(
            f"✘ {name}: expected {example}, got {type(value).__name__} {_short(value)}."
        )


def expect_defined(name: str, function: Any, *args: Any) -> None:
    """Raise unless ``function`` is callable and ``function(*args)`` returns something: the
    visible line of a graded cell, so that a stub or a missing ``return`` fails validation.
    An error the function raises propagates with its own message."""
    if not callable(function):
        raise AssertionError(f"✘ {name}: define a function with def {name}(...).")
    if function(*args) is None:
        raise AssertionError(
            f"✘ {_call_text(name, args)} returned None: does the function end with `return ...`?"
        )


def expect_keys(name: str, values: Sequence[Any], vocabulary: Vocabulary) -> None:
    """Raise unless every item of ``values`` is a key of ``vocabulary`` (naming the first bad one)."""
    for i, value in enumerate(values):
        if value not in vocabulary:
            raise AssertionError(f"✘ {name}[{i}]: {vocabulary.unknown(value)}")


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _number_problem(got: Any, want: float) -> str | None:
    """What is wrong with the number ``got`` (None when it is right under the precision rule)."""
    if got is None:
        return "is None: does the function end with `return ...`?"
    if not _is_number(got):
        return f"is {type(got).__name__} {_short(got)}, not a number"
    if close(got, want):
        return None
    if round(float(got), 2) == round(float(want), 2):
        return f"is {_short(got)}, which looks rounded: return the value unrounded"
    for change, words in SLIPS:
        if close(change(float(got)), want):
            return f"is {_short(got)}, which {words}"
    return f"is {_short(got)}, which is not right"


def _problem(got: Any, want: Any, path: str) -> str | None:
    """The first difference of content between ``got`` and ``want``, as ``path: what``."""
    if _is_number(want):
        problem = _number_problem(got, want)
        return f"{path} {problem}" if problem else None
    if isinstance(want, str):
        if got == want:
            return None
        return f"{path} is {_short(got)}, which is not right"
    if isinstance(want, Mapping):
        if not isinstance(got, Mapping):
            return f"{path} is {type(got).__name__} {_short(got)}, not a dict"
        missing = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        if missing or extra:
            return (
                f"{path} has the keys {sorted(map(str, got))}; "
                f"{len(missing)} expected key(s) missing and {len(extra)} unexpected"
            )
        for key in want:
            found = _problem(got[key], want[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(want, Set):
        items = _as_set(got) if isinstance(got, (list, tuple)) else got
        if not isinstance(items, Set):
            return f"{path} is {type(got).__name__} {_short(got)}, not a set of unique items"
        if set(items) == set(want):
            return None
        return (
            f"{path} has {len(items)} item(s); {len(set(want) - set(items))} expected item(s) "
            f"missing and {len(set(items) - set(want))} unexpected"
        )
    if isinstance(want, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return f"{path} is {type(got).__name__} {_short(got)}, not a list"
        if len(got) != len(want):
            return f"{path} has {len(got)} item(s), not {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            found = _problem(g, w, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if got == want else f"{path} is {_short(got)}, which is not right"


def _sentence(problem: str) -> str:
    return f"✘ {problem}" + ("" if problem.endswith("?") else ".")


def expect_same(name: str, got: Any, want: Any, *also: Any) -> None:
    """Raise unless ``got`` has the content of ``want`` (or of one of the accepted ``also``):
    numbers under the precision rule, lists and tuples alike, a list of unique items where a set
    is expected. The message says where the first difference from ``want`` is and what kind it
    is, never the expected value."""
    problem = _problem(got, want, name)
    if problem and all(_problem(got, other, name) for other in also):
        raise AssertionError(_sentence(problem))


def _argument(value: Any) -> str:
    rows = getattr(value, "shape", None)
    if rows is not None and len(rows) >= 1:
        return f"<{type(value).__name__} of {rows[0]} rows>"
    return _short(value)


def _call_text(name: str, args: Sequence[Any]) -> str:
    return f"{name}({', '.join(map(_argument, args))})"


def _same_output(results: list[Any]) -> bool:
    first = results[0]
    return all(_problem(r, first, "") is None for r in results[1:])


def expect_calls(
    name: str,
    function: Any,
    cases: Sequence[tuple[Sequence[Any], Any]],
    *,
    label: str = "",
    digits: int | None = None,
) -> None:
    """Call ``function(*args)`` for each ``(args, want)`` of ``cases``; raise at the first result
    whose content differs from ``want``. When the function gives the same output for every
    input although the expected outputs differ, the message says so. With ``digits``, numbers
    within half a unit of that decimal count as right (a point for the method, apart from the
    precision rule)."""
    if not callable(function):
        raise AssertionError(f"✘ {name}: define it as a function with def {name}(...).")
    results = []
    for args, _ in cases:
        call = label or _call_text(name, args)
        try:
            results.append(function(*args))
        except Exception as exc:  # the student's error, reported as data
            raise AssertionError(f"✘ {call} raised {type(exc).__name__}: {exc}") from None
    wants = [want for _, want in cases]
    if digits is not None:  # a number within half a unit of the last decimal counts as right
        step = 0.5 * 10.0**-digits + 1e-12
        results = [
            w if _is_number(r) and _is_number(w) and abs(r - w) <= step else r
            for r, w in zip(results, wants, strict=True)
        ]
    if len(cases) > 1 and _same_output(results) and not _same_output(wants):
        raise AssertionError(
            f"✘ {name} gives the same output, {_short(results[0])}, for every input: "
            "compute the result from the arguments."
        )
    for (args, want), got in zip(cases, results, strict=True):
        problem = _problem(got, want, label or _call_text(name, args))
        if problem:
            raise AssertionError(_sentence(problem))


def expect_raises(
    name: str, function: Any, args: Sequence[Any], error: type[Exception] = ValueError
) -> None:
    """Raise unless ``function(*args)`` raises ``error``."""
    call = _call_text(name, args)
    try:
        function(*args)
    except error:
        return
    except Exception as exc:  # the student's other error, reported as data
        raise AssertionError(
            f"✘ {call} raised {type(exc).__name__}: {exc}; expected a {error.__name__}."
        ) from None
    raise AssertionError(f"✘ {call} should raise {error.__name__}.")


def _accepted(want: Any) -> set[str]:
    if isinstance(want, str):
        return {want}
    return set(want)


def score_items(name: str, got: Any, want: Sequence[Any] | Mapping[Any, Any], points: float = 1):
    """Score a classification per item: the share of items right, times ``points``, as a float.

    ``want`` is a list (or a dict by key) whose items are the expected key or a set of keys
    that are all accepted. ``got`` may be a list or tuple for a list, a dict for a dict. Each
    wrong item is printed (the student's key, never the expected one); the returned number,
    as the last line of an nbgrader test cell, is that cell's partial credit.
    """
    if isinstance(want, Mapping):
        keys = list(want)
        if not isinstance(got, Mapping):
            print(f"✘ {name}: expected a dict with one entry per item, got {_short(got)}.")
            return 0.0
        found = [got.get(key) for key in keys]
        labels = [f"{name}[{key!r}]" for key in keys]
        extra = [key for key in got if key not in want]
        if extra:
            print(f"✘ {name}: unexpected key(s) {extra[:3]} are ignored.")
    else:
        if not isinstance(got, (list, tuple)):
            print(f"✘ {name}: expected a list with one key per item, got {_short(got)}.")
            return 0.0
        keys = list(range(len(want)))
        found = list(got[: len(want)]) + [None] * (len(want) - len(got))
        labels = [f"{name}[{i}]" for i in keys]
        if len(got) != len(want):
            print(f"✘ {name}: give {len(want)} items, not {len(got)}.")
    right = 0
    for label, key, item in zip(labels, keys, found, strict=True):
        expected = want[key]
        if isinstance(item, str) and item in _accepted(expected):
            right += 1
        else:
            print(f"✘ {label} = {_short(item)} is not right.")
    total = len(keys)
    print(f"{name}: {right} of {total} right.")
    return float(round(points * right / total, 2)) if total else 0.0


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
    _say(f"✔ {name}: the mark and the encodings are right.")
