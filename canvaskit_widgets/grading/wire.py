"""Values as data across the grading trust boundary: tagged JSON, Arrow IPC for frames, never pickle.

The sandboxed kernel sends the names an answer cell defined, and the results of student
functions, as text made by ``dumps``; the verdict kernel rebuilds them with ``loads`` (and
sends call arguments the other way). Only the types of the exercise contract cross:

- ``None``, ``bool``, ``int``, ``float`` (NaN and infinities too), ``str``, numpy scalars and
  numeric arrays, pandas timestamps, periods and timedeltas;
- ``list``, ``tuple``, ``set``, ``frozenset`` and ``dict`` (any data keys), nested, each kept
  as its own type;
- pandas ``DataFrame`` and ``Series`` as Arrow IPC streams (index, names and dtypes kept);
- altair charts as ``chart.to_dict()`` (rebuilt as a chart), ``Canvas`` as ``Canvas.to_dict()``;
- callables as a reference that the receiving side turns into a proxy (see ``functions``).

Anything else raises ``NotData`` naming its type. Decoding checks every tag and size, so bad
text from the sandbox raises ``WireError`` and never runs code.
"""

from __future__ import annotations

import base64
import builtins
import json
import math
import sys
from collections.abc import Callable
from typing import Any

__all__ = [
    "NotData",
    "WireError",
    "dumps",
    "exception_from_data",
    "exception_to_data",
    "loads",
]

# Largest text accepted from the other side (a message of the kernel protocol holds it).
MAX_TEXT = 48 * 2**20

# Exceptions re-raised as themselves; any other arrives as the nearest of these it derives from.
_NOT_RERAISED = (SystemExit, KeyboardInterrupt, GeneratorExit)

Functions = Callable[[Any], dict[str, Any]]


class NotData(TypeError):
    """A value that cannot be graded as data."""


class WireError(ValueError):
    """Text that is not a valid encoding (damaged, forged or too large)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _frame_bytes(frame: Any) -> bytes:
    import pyarrow as pa

    try:
        table = pa.Table.from_pandas(frame)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise NotData(f"a DataFrame whose columns Arrow cannot hold ({exc})") from None
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _frame(data: str) -> Any:
    import pyarrow as pa

    try:
        table = pa.ipc.open_stream(base64.b64decode(data, validate=True)).read_all()
        table.validate(full=True)
        return table.to_pandas()
    except (pa.ArrowException, ValueError, TypeError, KeyError) as exc:
        raise WireError(f"a damaged table ({exc})") from None


_CHARTS = {
    "layer": "LayerChart",
    "hconcat": "HConcatChart",
    "vconcat": "VConcatChart",
    "concat": "ConcatChart",
    "repeat": "RepeatChart",
    "facet": "FacetChart",
}


def _chart(spec: Any) -> Any:
    """A chart rebuilt from its ``to_dict()`` (the dict itself if altair cannot rebuild it)."""
    if not isinstance(spec, dict):
        raise WireError("a chart that is not a dict")
    import altair as alt

    name = next((cls for key, cls in _CHARTS.items() if key in spec), "Chart")
    try:
        return getattr(alt, name).from_dict(spec, validate=False)
    except Exception:  # an odd but valid spec: tests read the dict as well as a chart
        return spec


def _encode(value: Any, functions: Functions | None, depth: int) -> Any:
    if depth > 100:
        raise NotData("a value nested more than 100 levels deep")
    module = type(value).__module__.split(".")[0]
    if module == "numpy":  # before float: numpy's float64 is a float too
        return _numpy(value, functions, depth + 1)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        value = float(value)
        return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
    kids = depth + 1
    if isinstance(value, (list, tuple, set, frozenset)):
        kind = next(t for t in (tuple, frozenset, set, list) if isinstance(value, t)).__name__
        return {"$": kind, "v": [_encode(v, functions, kids) for v in value]}
    if isinstance(value, dict):
        items = [
            [_encode(k, functions, kids), _encode(v, functions, kids)] for k, v in value.items()
        ]
        return {"$": "dict", "v": items}
    if module == "pandas":
        return _pandas(value, functions, kids)
    if module == "altair" and callable(getattr(value, "to_dict", None)):
        try:
            spec = value.to_dict()
        except Exception as exc:  # as plain nbgrader would, report the chart's own error
            raise NotData(f"a chart that altair cannot turn into a spec ({exc})") from None
        return {"$": "chart", "v": spec}
    if type(value).__name__ == "Canvas" and module == "canvaskit_widgets":
        return {"$": "canvas", "v": value.to_dict()}
    if callable(value) and functions is not None:
        return functions(value)
    raise NotData(f"a {type(value).__name__}")


def _numpy(value: Any, functions: Functions | None, depth: int) -> Any:
    import numpy as np

    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return {"$": "np", "d": value.dtype.str, "v": _encode(value.item(), functions, depth)}
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        data = np.ascontiguousarray(value).tobytes()
        return {"$": "ndarray", "d": value.dtype.str, "s": list(value.shape), "v": _b64(data)}
    raise NotData(f"a numpy {type(value).__name__} of {getattr(value, 'dtype', '?')}")


def _pandas(value: Any, functions: Functions | None, depth: int) -> Any:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return {"$": "frame", "v": _b64(_frame_bytes(value))}
    if isinstance(value, pd.Series):
        frame = value.to_frame(name="values")
        return {
            "$": "series",
            "v": _b64(_frame_bytes(frame)),
            "name": _encode(value.name, functions, depth),
        }
    if value is pd.NaT:
        return {"$": "nat"}
    if isinstance(value, pd.Timestamp):
        return {"$": "timestamp", "v": value.isoformat(), "unit": value.unit}
    if isinstance(value, pd.Timedelta):
        return {"$": "timedelta", "v": int(value.value)}
    if isinstance(value, pd.Period):
        return {"$": "period", "v": str(value), "f": value.freqstr}
    raise NotData(f"a pandas {type(value).__name__}")


def dumps(value: Any, functions: Functions | None = None) -> str:
    """``value`` as text; ``functions`` turns a callable into its reference (else ``NotData``)."""
    return json.dumps(_encode(value, functions, 0), allow_nan=False, separators=(",", ":"))


def _list(data: Any) -> list:
    if not isinstance(data, list):
        raise WireError("a container without its items")
    return data


def _decode(data: Any, functions: Callable[[dict], Any] | None) -> Any:
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if not isinstance(data, dict) or not isinstance(data.get("$"), str):
        raise WireError(f"an untagged {type(data).__name__}")
    tag = data["$"]
    items = data.get("v")
    if tag in ("list", "tuple", "set", "frozenset"):
        decoded = [_decode(v, functions) for v in _list(items)]
        try:
            return getattr(builtins, tag)(decoded)
        except TypeError:  # an unhashable item in a set
            raise WireError(f"a {tag} of unhashable items") from None
    if tag == "dict":
        out = {}
        for pair in _list(items):
            if not isinstance(pair, list) or len(pair) != 2:
                raise WireError("a dict item that is not a pair")
            try:
                out[_decode(pair[0], functions)] = _decode(pair[1], functions)
            except TypeError:
                raise WireError("a dict with an unhashable key") from None
        return out
    if tag == "float":
        if items not in ("nan", "inf", "-inf"):
            raise WireError("a float that is not NaN or infinite")
        return float(items)
    if tag in ("np", "ndarray"):
        import numpy as np

        dtype = np.dtype(str(data.get("d")))
        if dtype.kind not in "biuf":
            raise WireError(f"a numpy value of dtype {dtype}")
        if tag == "np":
            return dtype.type(_decode(items, None))
        raw = base64.b64decode(str(items), validate=True)
        shape = tuple(int(n) for n in _list(data.get("s")))
        try:
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        except ValueError as exc:
            raise WireError(f"a damaged array ({exc})") from None
    if tag in ("frame", "series"):
        frame = _frame(str(items))
        if tag == "frame":
            return frame
        if list(frame.columns) != ["values"]:
            raise WireError("a damaged Series")
        series = frame["values"]
        series.name = _decode(data.get("name"), None)
        return series
    if tag in ("nat", "timestamp", "timedelta", "period"):
        import pandas as pd

        try:
            if tag == "nat":
                return pd.NaT
            if tag == "timestamp":
                return pd.Timestamp(str(items)).as_unit(str(data.get("unit", "ns")))
            if tag == "timedelta":
                return pd.Timedelta(int(items))
            return pd.Period(str(items), freq=str(data.get("f")))
        except (ValueError, TypeError) as exc:
            raise WireError(f"a damaged {tag} ({exc})") from None
    if tag == "chart":
        return _chart(items)
    if tag == "canvas":
        from canvaskit_widgets import Canvas

        try:
            return Canvas.from_dict(items)
        except Exception as exc:
            raise WireError(f"a damaged canvas ({exc})") from None
    if tag == "function" and functions is not None:
        return functions(data)
    raise WireError(f"an unknown tag {tag!r}")


def loads(text: str, functions: Callable[[dict], Any] | None = None) -> Any:
    """The value ``dumps`` wrote; ``functions`` makes a proxy of each function reference."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise WireError("not text, or too long")
    limit = sys.getrecursionlimit()
    try:
        return _decode(json.loads(text), functions)
    except RecursionError:
        raise WireError(f"nested deeper than this interpreter's limit ({limit})") from None
    except json.JSONDecodeError as exc:
        raise WireError(f"not JSON ({exc.msg})") from None


def _builtin_base(cls: type) -> type:
    for base in cls.__mro__:
        if getattr(builtins, base.__name__, None) is base and issubclass(base, BaseException):
            return RuntimeError if issubclass(base, _NOT_RERAISED) else base
    return RuntimeError


def exception_to_data(exc: BaseException) -> dict[str, Any]:
    """What the other side needs to raise ``exc`` again: its class, built-in base and message."""
    base = _builtin_base(type(exc))
    try:
        args = json.loads(dumps(list(exc.args)))
    except (NotData, TypeError, ValueError):
        args = None
    return {"cls": type(exc).__name__, "base": base.__name__, "args": args, "text": str(exc)}


def exception_from_data(data: Any) -> BaseException:
    """The exception ``exception_to_data`` described: the same built-in class and message, or
    the nearest built-in base with the class name in the message."""
    if not isinstance(data, dict):
        return RuntimeError("the student's function failed in a way that cannot be reported")
    name, text = str(data.get("cls", "Exception")), str(data.get("text", ""))
    base = getattr(builtins, str(data.get("base")), None)
    if not (isinstance(base, type) and issubclass(base, Exception)):
        base = RuntimeError
    if base.__name__ == name and data.get("args") is not None:
        try:
            return base(*_decode(data["args"], None))
        except Exception:  # odd constructor arguments: fall back to the message
            pass
    if base.__name__ == name:
        return base(text)
    return base(f"{name}: {text}" if text else name)
