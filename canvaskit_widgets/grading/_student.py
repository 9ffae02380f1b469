"""Runs in the sandboxed student kernel: hands out answers as data, runs student functions on call.

The grader calls ``export`` after each answer cell and the verdict kernel calls ``call`` when
a test calls a student function, both through ``user_expressions``. Everything here belongs
to the student (they can replace it): the verdict kernel trusts only the data that comes back,
never code or objects.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from .wire import (
    MAX_TEXT,
    MissingTable,
    NotData,
    WireError,
    dumps,
    exception_to_data,
    loads,
)

__all__ = ["call", "export"]

# The callables handed out so far, by reference.
_FUNCTIONS: dict[str, Any] = {}

# The tables of the last few calls, decoded: hidden tests call functions again and again on the
# same tables (with other arguments beside them). The verdict kernel sends each once, then its
# digest; decoding one costs more than copying it.
_TABLES: dict[str, Any] = {}


def _register(value: Any) -> dict[str, Any]:
    ref = secrets.token_hex(8)
    _FUNCTIONS[ref] = value
    return {"$": "function", "ref": ref, "name": str(getattr(value, "__name__", "function"))}


def _lookup(data: dict) -> Any:
    try:
        return _FUNCTIONS[data["ref"]]
    except (KeyError, TypeError):
        raise WireError("an unknown function reference") from None


def _value(value: Any) -> dict[str, Any]:
    try:
        text = dumps(value, _register)
    except NotData as exc:
        return {"error": str(exc), "type": type(value).__name__}
    if len(text) > MAX_TEXT:  # the other side would refuse it, or never get the message
        size = f"{len(text) / 2**20:.0f} MB of text; at most {MAX_TEXT / 2**20:.0f} MB"
        return {"error": f"a value too large to send ({size})", "type": type(value).__name__}
    return {"value": text}


def export(namespace: dict[str, Any], names: list[str]) -> str:
    """The values of ``names`` in ``namespace`` as data (missing names are left out)."""
    return json.dumps({name: _value(namespace[name]) for name in names if name in namespace})


def call(ref: str, arguments: str) -> str:
    """Call the function ``ref`` with the encoded ``(args, kwargs)``; its result as data."""
    function = _FUNCTIONS.get(ref)
    if function is None:
        return json.dumps({"error": "an unknown function"})
    try:
        args, kwargs = loads(arguments, _lookup, _TABLES)  # a copy: a function may change it
    except MissingTable:
        return json.dumps({"resend": True})
    except (WireError, ValueError, TypeError) as exc:
        return json.dumps({"error": f"arguments that could not be read ({exc})"})
    try:
        result = function(*args, **kwargs)
    except Exception as exc:
        return json.dumps({"raised": exception_to_data(exc)})
    return json.dumps(_value(result))
