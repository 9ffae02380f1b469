"""A hostile class against grading's perimeter: the batch completes, each submission gets what it
deserves, the summary names each attack, and nothing a student wrote can run or leak."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from pathlib import Path

import nbformat
import pytest
from hostile import CORRECT, ESCAPE_ID, FORMULA_ID, HIDDEN_LINE, MARKUP_ID, build

from canvaskit_widgets.cli import main
from canvaskit_widgets.grading._text import html_text
from canvaskit_widgets.grading.feedback import write_feedback
from canvaskit_widgets.grading.manifest import Manifest
from canvaskit_widgets.grading.report import write_report

pytestmark = pytest.mark.slow

# A tag that would run: an opening <script, or an event handler inside a real tag.
LIVE_SCRIPT = re.compile(r"<script\b[^>]*>[^<]*canvaskitPwned|<[a-zA-Z][^<>]*\son\w+\s*=", re.I)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    course, expected, refused = build(tmp_path_factory.mktemp("hostile") / "course")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(
            [
                "grade",
                "toy",
                "--course",
                str(course.root),
                "--no-progress",
                "--timeout",
                "5",
                "--memory",
                "1",
            ]
        )
    assert code == 0
    return course, expected, refused, out.getvalue()


def test_the_batch_grades_every_safe_folder_and_each_gets_what_it_deserves(hostile):
    course, expected, _, _ = hostile
    outcomes = Manifest(course.state_dir / "toy.json").outcomes
    assert set(outcomes) == set(expected)
    for student, want in expected.items():
        got = outcomes[student]
        assert (got.status, got.score) == (want.status, want.total), student
        text = " | ".join(got.reasons)
        for word in want.words:
            assert word in text, (student, word, text)
        for word in want.review:
            assert any(word in item for item in got.review), (student, word, got.review)


def test_the_summary_names_each_attack_and_no_escape_code_reaches_the_terminal(hostile):
    _, expected, refused, summary = hostile
    assert "\x1b" not in summary
    to_review = next(line for line in summary.splitlines() if "to review" in line)
    assert "h_markup_essay" in to_review and "h_markup_outputs" in to_review
    for student, want in expected.items():
        for word in want.words:
            assert word in summary, (student, word)
    assert "not graded (4):" in summary
    for name in refused:
        assert f"submitted/{name}: " in summary
    assert f"submitted/{MARKUP_ID}: not graded: the student id holds < >" in summary
    assert "submitted/h_alias: a symbolic link: not followed, not graded" in summary
    assert "submitted/.h_hidden: a hidden folder" in summary


def test_nothing_that_was_linked_reaches_the_graded_folder(hostile):
    course, _, _, _ = hostile
    graded = course.path("autograded", "h_links", "toy")
    assert sorted(p.name for p in graded.iterdir()) == ["timestamp.txt", "toy.ipynb"]
    assert not course.path("autograded", "h_link_notebook", "toy").joinpath("toy.ipynb").exists()
    for name in (ESCAPE_ID, MARKUP_ID, ".h_hidden", "h_alias"):
        assert not course.path("autograded", name, "toy").exists()
    with course.gradebook() as gb:
        assert {s.id for s in gb.students} == set(hostile[1])


def _rendered(nb: nbformat.NotebookNode) -> str:
    """Everything a page pastes in as markup: Markdown sources and output data other than
    plain text (which every renderer escapes)."""
    parts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = {k: v for k, v in output.get("data", {}).items() if k != "text/plain"}
            parts += [json.dumps(data), json.dumps(output.get("metadata", {}))]
    return "\n".join(parts)


def test_autograded_notebooks_hold_no_script(hostile):
    course, _, _, _ = hostile
    for student in ("h_markup_outputs", "h_markup_essay"):
        nb = nbformat.read(course.path("autograded", student, "toy") / "toy.ipynb", 4)
        shown = _rendered(nb)
        assert "canvaskitPwned" in shown or student == "h_markup_outputs", "the text stays"
        assert "application/javascript" not in shown
        assert "<script" not in shown and not LIVE_SCRIPT.search(shown), student
    nb = nbformat.read(course.path("autograded", "h_markup_outputs", "toy") / "toy.ipynb", 4)
    chart = next(
        o for c in nb.cells for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})
    )
    assert chart.data["image/svg+xml"].startswith("<svg"), "charts still draw"


def test_feedback_is_inert_and_keeps_the_courses_hidden_tests_hidden(hostile):
    course, expected, _, _ = hostile
    pages = {p.parent.parent.name: p.read_text() for p in write_feedback(course, "toy")}
    assert set(pages) == set(expected) - {"h_link_notebook"}
    for student, page in pages.items():
        assert not LIVE_SCRIPT.search(page), student
        assert HIDDEN_LINE not in page and "SECRET CHECKS" not in page, student
    assert "canvaskitPwned" in pages["h_markup_essay"], "the written answer shows, as text"
    assert "data:image/svg+xml" in pages[CORRECT], "the chart shows"


def test_the_csv_escapes_formulas_and_the_report_lists_what_was_refused(hostile):
    course, _, refused, _ = hostile
    page, grades, _ = write_report(course, "toy")
    with Path(grades).open() as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert "'" + FORMULA_ID in rows and FORMULA_ID not in rows
    assert rows["'" + FORMULA_ID]["provisional"] == "yes (explain_answer)"
    html = page.read_text()
    assert "Folders not graded" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and MARKUP_ID not in html
    assert "h_\\x1b[2K" in html and "\x1b" not in html
    assert all(f"submitted/{html_text(name)}" in html for name in refused)
