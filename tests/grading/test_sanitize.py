"""Inert output: a graded notebook cannot run script where an instructor opens it, and
student-given text is escaped for the terminal and for spreadsheets."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from canvaskit_widgets.grading._text import csv_cell, html_text, plain
from canvaskit_widgets.grading.sanitize import markdown_text, safe_svg, sanitize_notebook

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180">'
    '<rect width="320" height="180" fill="steelblue"/></svg>'
)
EVIL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="window.pwned=1">'
    "<script>window.pwned=2</script></svg>"
)


def output(data: dict, **metadata) -> nbformat.NotebookNode:
    return new_output("display_data", data=data, metadata=metadata)


def test_plain_shows_control_and_escape_characters_instead_of_acting_on_them():
    assert plain("s1\x1b[2K\x1b[1A") == "s1\\x1b[2K\\x1b[1A"
    assert plain("a\nb") == "a\\x0ab"
    assert plain("a\nb", keep_newlines=True) == "a\nb"
    assert plain("right\u202eleft") == "right\\u202eleft"
    assert plain("caf\udce9") == "caf\\udce9", "an undecodable byte cannot crash print()"
    assert plain("Zoë Nguyễn") == "Zoë Nguyễn"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote(start):
    assert csv_cell(f"{start}HYPERLINK(A1)") == f"'{start}HYPERLINK(A1)"
    assert csv_cell("s001") == "s001"
    assert csv_cell(-3.5) == -3.5, "numbers stay numbers"


def test_html_text_escapes_markup_and_quotes():
    assert html_text('<img src=x onerror="a">') == "&lt;img src=x onerror=&quot;a&quot;&gt;"


def test_script_outputs_go_and_the_rest_stays():
    cell = new_code_cell("x")
    cell.outputs = [
        output({"application/javascript": "window.pwned=1", "text/plain": "<JS>"}),
        output(
            {
                "text/html": '<b onclick="window.pwned=1">bold</b><script>window.pwned=2</script>'
                '<a href="javascript:window.pwned=3">link</a><iframe src="/api"></iframe>',
                "text/plain": "bold",
            }
        ),
        output({"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}, **{"image/png": {}}),
        output({"image/png": '" onerror="window.pwned=4'}),
        output({"text/latex": r"\href{javascript:alert(1)}{x}", "text/plain": "x"}),
    ]
    nb = new_notebook(cells=[cell])
    notes = sanitize_notebook(nb)
    first, html, png, bad_png, latex = (o.data for o in nb.cells[0].outputs)
    assert first == {"text/plain": "<JS>"}
    assert html["text/html"] == '<b>bold</b><a rel="noopener noreferrer">link</a>'
    assert png["image/png"] == "iVBORw0KGgo="
    assert bad_png == {}
    assert latex == {"text/plain": "x"}
    assert "application/javascript output removed" in notes
    nbformat.validate(nb)


def test_output_metadata_keeps_only_numeric_sizes():
    cell = new_code_cell("x")
    cell.outputs = [
        output(
            {"image/png": "iVBORw0KGgo="},
            **{"image/png": {"width": 40, "height": "1 onerror=window.pwned=1"}},
        )
    ]
    nb = new_notebook(cells=[cell])
    sanitize_notebook(nb)
    assert nb.cells[0].outputs[0].metadata == {"image/png": {"width": 40}}


def test_an_svg_chart_keeps_drawing_as_an_image_that_cannot_script():
    wrapped = safe_svg(CHART)
    assert wrapped.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"')
    inner = re.search(r"base64,([A-Za-z0-9+/=]+)", wrapped).group(1)
    assert base64.b64decode(inner).decode() == CHART, "the picture is the chart itself"
    evil = safe_svg(EVIL_SVG)
    assert "<script" not in evil and "onload" not in evil
    assert safe_svg(evil) == evil, "a second pass changes nothing"


def test_markdown_html_shows_as_text_code_stays_as_written():
    source = (
        "My answer <script>window.pwned=1</script> is <img src=x onerror=alert(1)>.\n"
        "Use `a < b` and [this](javascript:alert(1)) or [that](&#106;avascript:alert(1)).\n"
        "```html\n<b>kept in a code block</b>\n```"
    )
    shown = markdown_text(source)
    assert "<script" not in shown and "<img" not in shown
    assert "&lt;script>window.pwned=1&lt;/script>" in shown
    assert "`a < b`" in shown and "<b>kept in a code block</b>" in shown
    assert "javascript:" not in shown and "&#106;" not in shown
    assert markdown_text(shown) == shown, "idempotent"


def test_student_markdown_is_escaped_locked_instructor_cells_are_not():
    essay = new_markdown_cell("<script>window.pwned=1</script>")
    essay.metadata["nbgrader"] = {"grade": True, "solution": True, "locked": False}
    task = new_markdown_cell("<b>Task:</b> explain")
    task.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True}
    raw = new_raw_cell("<script>window.pwned=2</script>", metadata={"format": "text/html"})
    nb = new_notebook(cells=[essay, task, raw])
    sanitize_notebook(nb)
    assert essay.source == "&lt;script>window.pwned=1&lt;/script>"
    assert task.source == "<b>Task:</b> explain"
    assert "format" not in raw.metadata, "no exporter pastes a raw cell into the page"


def test_markdown_attachments_keep_images_only():
    cell = new_markdown_cell("![x](attachment:x.svg)")
    cell["attachments"] = {"x.svg": {"image/svg+xml": EVIL_SVG, "text/html": "<script></script>"}}
    nb = new_notebook(cells=[cell])
    sanitize_notebook(nb)
    kept = cell.attachments["x.svg"]
    assert list(kept) == ["image/svg+xml"] and "<script" not in kept["image/svg+xml"]
