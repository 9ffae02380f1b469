"""The worker's shared chart renderer: same pictures as vl-convert's own, and never in the way."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from canvaskit_widgets.grading._render import _forward

vl_convert = pytest.importorskip("vl_convert")

SPEC = {
    "data": {
        "values": [{"segment": "young", "customers": 3}, {"segment": "adult", "customers": 5}]
    },
    "mark": "bar",
    "encoding": {"x": {"field": "segment", "type": "nominal"}, "y": {"field": "customers"}},
}


def start(code: str) -> tuple[str, subprocess.Popen]:
    """A renderer process started with ``code`` (``ADDRESS`` in it is replaced), once it listens."""
    address = f"\0canvaskit-render-test-{secrets.token_hex(6)}"
    process = subprocess.Popen([sys.executable, "-c", code.replace("ADDRESS", repr(address))])
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.connect(address)
            return address, process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the renderer did not listen within 60 s")
            time.sleep(0.1)


@pytest.fixture(scope="module")
def renderer():
    address, process = start("from canvaskit_widgets.grading._render import serve; serve(ADDRESS)")
    yield address
    process.kill()
    process.wait()


def test_a_forwarded_chart_is_the_one_vl_convert_draws(renderer):
    own = vl_convert.vegalite_to_svg
    assert _forward(renderer, "vegalite_to_svg", own)(SPEC) == own(SPEC)
    png = _forward(renderer, "vegalite_to_png", vl_convert.vegalite_to_png)(SPEC)
    assert png.startswith(b"\x89PNG")


def test_without_a_renderer_the_kernel_draws_its_own():
    calls = []

    def own(spec):
        calls.append(spec)
        return "<svg/>"

    missing = f"\0canvaskit-render-none-{secrets.token_hex(6)}"
    assert _forward(missing, "vegalite_to_svg", own)(SPEC) == "<svg/>"
    assert calls == [SPEC]


def test_a_request_the_renderer_refuses_is_drawn_by_the_kernel(renderer):
    assert _forward(renderer, "svg_to_pdf", lambda *a: b"%PDF")("<svg/>") == b"%PDF"
    broken = {"mark": "no-such-mark"}  # vl-convert's own error must reach the student
    with pytest.raises(ValueError):
        _forward(renderer, "vegalite_to_svg", vl_convert.vegalite_to_svg)(broken)


# The renderer's engine start held until the test opens GATE: a kernel's first chart of a worker
# may come before the engine is up, and must then wait for the renderer, not start its own
# engine (a second or more, counted in the student's cell time).
HELD = """
import os, time, vl_convert
from canvaskit_widgets.grading._render import serve
real = vl_convert.vegalite_to_svg
def held(*args, **kwargs):
    while not os.path.exists(GATE):
        time.sleep(0.05)
    return real(*args, **kwargs)
vl_convert.vegalite_to_svg = held
serve(ADDRESS)
"""


def test_a_chart_asked_for_while_the_engine_starts_waits_for_the_renderer(tmp_path):
    gate = tmp_path / "engine-may-start"
    address, process = start(HELD.replace("GATE", repr(str(gate))))
    calls = []
    try:
        with ThreadPoolExecutor(1) as pool:
            drawing = pool.submit(_forward(address, "vegalite_to_svg", calls.append), SPEC)
            time.sleep(0.5)
            assert not drawing.done()
            gate.touch()
            assert drawing.result(timeout=60) == vl_convert.vegalite_to_svg(SPEC)
        assert calls == []
    finally:
        process.kill()
        process.wait()
