"""Self-checks that say pass or what is wrong without revealing the expected answer.

An expected answer is stored as a *fingerprint*: its kind (and length, for collections)
in clear, then a salted hash of a normalised form. Students can check themselves with no
grader; a fingerprint hides a value from reading, not from a determined brute force.

**The precision rule.** A number counts as right when it agrees with the expected value to 7
significant digits (6 decimals for values below 1), give or take one in the last digit: about
one millionth (``TOLERANCE``) of its size. Hidden tests apply :func:`close`; a
:func:`fingerprint` stores numbers at that same precision and :func:`check` allows the same
one digit, so self-checks apply the same rule, to int, float and numpy scalars alike. A value
that misses the rule but matches at 2 decimals "looks rounded".
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = [
    "TOLERANCE",
    "CheckResult",
    "answer_hash",
    "check",
    "close",
    "fingerprint",
    "normalise",
]

_SALT = "canvaskit:v1:"
TOLERANCE = 1e-6


def _quantum(number: float, tolerance: float = TOLERANCE) -> float:
    """One unit in the last digit the rule keeps: ``tolerance`` times the size of ``number``
    (``1e-6`` below 10, ``1e-5`` from 10 to 100, and so on)."""
    return tolerance * 10.0 ** math.floor(math.log10(max(1.0, abs(number))))


def close(got: float, want: float, tolerance: float = TOLERANCE) -> bool:
    """The precision rule: ``got`` and ``want`` agree to 7 significant digits (6 decimals below
    1), give or take one in the last digit. Self-checks apply it through :func:`fingerprint`."""
    quantum = _quantum(float(want), tolerance)
    return abs(round(float(got) / quantum) - round(float(want) / quantum)) <= 1


def _precise(number: float) -> str:
    """``number`` at the precision of the rule: 6 decimals below 1, 7 significant digits above."""
    quantum = _quantum(number)
    exponent = round(math.log10(quantum))
    return str((Decimal(round(number / quantum)).scaleb(exponent)).normalize())


def normalise(value: Any, digits: int | None = 2) -> str:
    """A canonical text form: case and spacing of strings ignored, numbers rounded to ``digits``
    (``None``: to the precision rule), sets and dict keys sorted, lists and tuples kept in order."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"bool:{value}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
        if digits is None:
            return "num:" + _precise(number + 0.0)
        rounded = round(number, digits) + 0.0  # + 0.0 folds -0.0 into 0.0
        return f"num:{rounded:.{digits}f}"
    if isinstance(value, str):
        return "str:" + " ".join(value.casefold().split())
    if isinstance(value, Mapping):
        items = sorted((normalise(k, digits), normalise(v, digits)) for k, v in value.items())
        return "dict:{" + ",".join(f"{k}={v}" for k, v in items) + "}"
    if isinstance(value, Set):
        return "set:{" + ",".join(sorted(normalise(v, digits) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "list:[" + ",".join(normalise(v, digits) for v in value) + "]"
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def _kind(value: Any) -> str:
    form = normalise(value, 0)
    kind = form.split(":", 1)[0]
    if kind in {"list", "set", "dict"}:
        kind += str(len(value))
    return kind


def _digest(value: Any, digits: int | None) -> str:
    return hashlib.sha256((_SALT + normalise(value, digits)).encode()).hexdigest()[:20]


def answer_hash(value: Any, digits: int = 2) -> str:
    """The fingerprint of ``value`` at ``digits`` decimals: ``kind:digest`` (``num:1f0c…``)."""
    return f"{_kind(value)}:{_digest(value, digits)}"


def fingerprint(value: Any) -> str:
    """The fingerprint of ``value`` under the precision rule: ``kind:digest:rounded digest``.

    The second digest (at 2 decimals) lets :func:`check` say that an answer looks rounded.
    """
    return f"{_kind(value)}:{_digest(value, None)}:{_digest(value, 2)}"


_KIND_WORDS = {"num": "a number", "str": "a text (str)", "bool": "True or False", "none": "None"}


def _describe(kind: str) -> str:
    for prefix, word in (("list", "a list"), ("set", "a set"), ("dict", "a dict")):
        if kind.startswith(prefix):
            return f"{word} of {kind[len(prefix) :]} item(s)"
    return _KIND_WORDS.get(kind, kind)


def _plain(value: Any) -> Any:
    """``value`` with numpy scalars as Python numbers, so messages show ``84``, not ``np.int64(84)``."""
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    item = getattr(value, "item", None)
    if type(value).__module__ == "numpy" and callable(item):
        return item()
    return value


def _short(value: Any) -> str:
    text = repr(_plain(value))
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a self-check; true when it passed, and shown as a one-line message."""

    name: str
    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return f"{'✔' if self.passed else '✘'} {self.name}: {self.message}"

    def _repr_markdown_(self) -> str:
        colour = "green" if self.passed else "#b00020"
        return f'<span style="color:{colour}">{self}</span>'


def _map_numbers(value: Any, change: Callable[[float], float]) -> Any:
    """``value`` with every number (not bool) passed through ``change``."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return change(float(value))
    if isinstance(value, Mapping):
        return {k: _map_numbers(v, change) for k, v in value.items()}
    if isinstance(value, Set):
        return {_map_numbers(v, change) for v in value}
    if isinstance(value, (list, tuple)):
        return [_map_numbers(v, change) for v in value]
    return value


def _has_numbers(value: Any) -> bool:
    if isinstance(value, numbers.Real):
        return not isinstance(value, bool)
    if isinstance(value, Mapping):
        value = value.values()
    return isinstance(value, (Set, list, tuple, type({}.values()))) and any(
        map(_has_numbers, value)
    )


def _as_set(value: list | tuple) -> set | None:
    """The items of ``value`` as a set, when they are unique (lists inside become tuples)."""
    try:
        items = {tuple(v) if isinstance(v, list) else v for v in value}
    except TypeError:
        return None
    return items if len(items) == len(value) else None


SLIPS: tuple[tuple[Callable[[float], float], str], ...] = (
    (lambda x: x / 100, "is 100 times too large: give a share such as 0.8, not a percentage"),
    (lambda x: x * 100, "is 100 times too small: give a percentage such as 80, not a share"),
    (lambda x: -x, "has the wrong sign"),
)


def _wrong_kind(name: str, value: Any, want_kind: str, *, shown: bool) -> CheckResult | None:
    """A failed result when ``value`` is not of the expected kind (showing it if ``shown``)."""
    try:
        got_kind = _kind(value)
    except (TypeError, ValueError) as exc:
        return CheckResult(name, False, f"{exc}; expected {_describe(want_kind)}.")
    if got_kind == want_kind:
        return None
    got = f" {_short(value)}" if shown else ""
    return CheckResult(
        name, False, f"expected {_describe(want_kind)}, got {_describe(got_kind)}{got}."
    )


def _new_check(name: str, value: Any, expected: str, hint: str) -> CheckResult:
    want_kind, precise, rounded = expected.split(":")
    note = ""
    if want_kind.startswith("set") and isinstance(value, (list, tuple)):
        as_set = _as_set(value)
        if as_set is not None:
            value, note = as_set, f" (a set is asked for; your {type(value).__name__} is accepted)"
    if value is None and want_kind != "none":
        return CheckResult(
            name,
            False,
            f"got None; expected {_describe(want_kind)}. "
            "If it comes from a function, does the function end with `return ...`?",
        )
    wrong_kind = _wrong_kind(name, value, want_kind, shown=True)
    if wrong_kind is not None:
        return wrong_kind
    candidates = [value]
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        step = _quantum(float(value))
        candidates += [float(value) - step, float(value) + step]
    if any(_digest(c, None) == precise for c in candidates):
        return CheckResult(name, True, "correct" + note + ".")
    if _has_numbers(value):
        if _digest(value, 2) == rounded:
            return CheckResult(
                name,
                False,
                f"got {_short(value)}, which looks rounded: it matches at 2 decimals but not to "
                f"the checks' precision (one millionth). Do not round.",
            )
        for change, words in SLIPS:
            if _digest(_map_numbers(value, change), None) == precise:
                return CheckResult(name, False, f"got {_short(value)}, which {words}.")
    return CheckResult(
        name,
        False,
        f"got {_short(value)}: not yet right. " + (hint or "Check your working and try again."),
    )


def check(name: str, value: Any, expected: str, *, digits: int = 2, hint: str = "") -> CheckResult:
    """Compare ``value`` with a fingerprint and say what is wrong, if anything.

    The kind is checked first (a number, a text, a list of 3 items) so the message can say
    what to fix; the expected value itself is never revealed. A :func:`fingerprint` (three
    parts) applies the precision rule and names rounding, ×100 and sign slips; an
    :func:`answer_hash` (two parts) compares at ``digits`` decimals.
    """
    if expected.count(":") == 2:
        return _new_check(name, value, expected, hint)
    want_kind, _, _ = expected.partition(":")
    wrong_kind = _wrong_kind(name, value, want_kind, shown=False)
    if wrong_kind is not None:
        return wrong_kind
    if answer_hash(value, digits) == expected:
        return CheckResult(name, True, "correct.")
    return CheckResult(
        name, False, "not yet right. " + (hint or "Check your working and try again.")
    )
