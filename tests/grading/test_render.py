"""The worker's shared chart renderer: same pictures as vl-convert's own, and never in the way."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time

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


@pytest.fixture(scope="module")
def renderer():
    address = f"\0canvaskit-render-test-{secrets.token_hex(6)}"
    code = f"from canvaskit_widgets.grading._render import serve; serve({address!r})"
    process = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while True:  # wait until it listens (it starts its JavaScript engine first)
        try:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.connect(address)
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "no renderer"
            time.sleep(0.1)
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
