"""Self-checks that say pass or what is wrong without revealing the expected answer.

An expected answer is stored as a *fingerprint*: its kind (and length, for collections)
in clear, then a salted hash of a normalised form. Students can check themselves with no
grader; a fingerprint hides a value from reading, not from a determined brute force.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

__all__ = ["CheckResult", "answer_hash", "check", "normalise"]

_SALT = "canvaskit:v1:"


def normalise(value: Any, digits: int = 2) -> str:
    """A canonical text form: case and spacing of strings ignored, numbers rounded to ``digits``,
    sets and dict keys sorted, lists kept in order."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"bool:{value}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
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


def answer_hash(value: Any, digits: int = 2) -> str:
    """The fingerprint of ``value``: ``kind:digest`` (e.g. ``num:1f0c…``, ``list3:9ab2…``)."""
    digest = hashlib.sha256((_SALT + normalise(value, digits)).encode()).hexdigest()[:20]
    return f"{_kind(value)}:{digest}"


_KIND_WORDS = {"num": "a number", "str": "a text (str)", "bool": "True or False", "none": "None"}


def _describe(kind: str) -> str:
    for prefix, word in (("list", "a list"), ("set", "a set"), ("dict", "a dict")):
        if kind.startswith(prefix):
            return f"{word} of {kind[len(prefix) :]} item(s)"
    return _KIND_WORDS.get(kind, kind)


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


def check(name: str, value: Any, expected: str, *, digits: int = 2, hint: str = "") -> CheckResult:
    """Compare ``value`` with an ``answer_hash`` fingerprint and say what is wrong, if anything.

    The kind is checked first (a number, a text, a list of 3 items) so the message can say
    what to fix; the value itself is never revealed.
    """
    want_kind, _, _ = expected.partition(":")
    try:
        got_kind = _kind(value)
    except (TypeError, ValueError) as exc:
        return CheckResult(name, False, f"{exc}; expected {_describe(want_kind)}.")
    if got_kind != want_kind:
        return CheckResult(
            name, False, f"expected {_describe(want_kind)}, got {_describe(got_kind)}."
        )
    if answer_hash(value, digits) == expected:
        return CheckResult(name, True, "correct.")
    return CheckResult(
        name, False, "not yet right. " + (hint or "Check your working and try again.")
    )
