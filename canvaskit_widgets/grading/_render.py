"""One chart renderer per grading worker: vl-convert's JavaScript engine started once, drawing for
every kernel the worker forks, instead of each kernel spending a second to start its own.

The engine runs threads, so it cannot be inherited through ``fork``: the fork server forks
this renderer once, and each kernel's ``vl_convert`` conversion functions forward to it over
a Unix socket in the sandbox's own namespace. If the renderer is gone or refuses a request,
the kernel's own vl-convert draws the chart: a kernel never fails for want of the renderer.
Grading never depends on it (tests inspect ``chart.to_dict()``); it only draws the pictures.
"""

from __future__ import annotations

import base64
import contextlib
import json
import signal
import socket
import struct
from collections.abc import Callable
from typing import Any

__all__ = ["FUNCTIONS", "install", "serve"]

# The conversions altair's renderers call; each returns text (SVG), bytes (PNG) or a dict.
FUNCTIONS = ("vegalite_to_svg", "vegalite_to_png", "vega_to_svg", "vega_to_png", "vegalite_to_vega")

# Seconds one chart, or the engine's start, may take; past it the renderer stops (the fork
# server starts another), so a chart that never finishes cannot hold up the next students' kernels.
TIME_LIMIT = 20

_TINY = {"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {"x": {"field": "a"}}}


def _send(conn: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message).encode()
    conn.sendall(struct.pack("!Q", len(data)) + data)


def _receive(conn: socket.socket) -> dict[str, Any]:
    def exactly(size: int) -> bytes:
        chunks = []
        while size:
            chunk = conn.recv(min(size, 2**20))
            if not chunk:
                raise ConnectionError("the other side closed the connection")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    (size,) = struct.unpack("!Q", exactly(8))
    return json.loads(exactly(size))


def serve(address: str) -> None:
    """Listen on ``address``, start the engine, then draw each request, one at a time, forever."""
    import vl_convert

    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)  # before the engine starts: an early kernel waits, not starts its own
    server.listen(8)
    signal.alarm(TIME_LIMIT)
    vl_convert.vegalite_to_svg(_TINY)  # start the engine now, not for the first student
    signal.alarm(0)
    while True:
        conn, _ = server.accept()
        with conn:
            conn.settimeout(60)
            with contextlib.suppress(OSError, ValueError):
                request = _receive(conn)
                signal.alarm(TIME_LIMIT)  # a chart that will not finish ends the renderer
                try:
                    if request["name"] not in FUNCTIONS:
                        raise ValueError(f"not a conversion: {request['name']!r}")
                    value = getattr(vl_convert, request["name"])(
                        *request["args"], **request["kwargs"]
                    )
                    if isinstance(value, bytes):
                        reply = {"bytes": base64.b64encode(value).decode()}
                    else:
                        reply = {"value": value}
                except Exception as exc:  # the kernel draws it itself and shows the real error
                    reply = {"error": f"{type(exc).__name__}: {exc}"}
                signal.alarm(0)
                _send(conn, reply)


def _forward(address: str, name: str, own: Callable[..., Any]) -> Callable[..., Any]:
    def convert(*args: Any, **kwargs: Any) -> Any:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(TIME_LIMIT + 5)
                conn.connect(address)
                _send(conn, {"name": name, "args": args, "kwargs": kwargs})
                reply = _receive(conn)
        except (OSError, TypeError, ValueError):  # no renderer, or arguments JSON cannot carry
            return own(*args, **kwargs)
        if "bytes" in reply:
            return base64.b64decode(reply["bytes"])
        if "value" in reply:
            return reply["value"]
        return own(*args, **kwargs)

    convert.__name__ = convert.__qualname__ = name
    convert.__doc__ = own.__doc__
    return convert


def install(address: str) -> None:
    """In a kernel, before any student code: make vl-convert's conversions use the renderer."""
    import vl_convert

    for name in FUNCTIONS:
        own = getattr(vl_convert, name, None)
        if own is not None:
            setattr(vl_convert, name, _forward(address, name, own))
