"""The instructor's report on an assignment: score distributions per part and for the class as
altair charts in one offline HTML page, the notebook that builds it, and a CSV for an LMS."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .._atomic import write_text_atomic
from ..charts import chart_to_svg
from ._cells import count
from ._text import csv_cell, html_text
from .course import Course, quiet_gradebook
from .manifest import Manifest

__all__ = [
    "class_chart",
    "difficulty_chart",
    "lms_csv",
    "lms_table",
    "load_scores",
    "parts_chart",
    "pending_parts",
    "report_html",
    "write_report",
]


def load_scores(course: Course, assignment: str) -> pd.DataFrame:
    """One row per submitted graded part: ``student``, ``part``, ``score`` (None while it waits
    for a grader), ``points``, ``graded`` (``tests`` or ``by hand``) and ``pending`` (nbgrader's
    ``needs_manual_grade``: a grader still has to score it), in notebook order."""
    course.notebooks(assignment)  # a clear error for an unknown assignment
    rows = []
    with quiet_gradebook(), course.gradebook() as gb:
        for submission in gb.find_assignment(assignment).submissions:
            for notebook in submission.notebooks:
                by_hand = {cell.name for cell in notebook.notebook.solution_cells}
                for grade in notebook.grades:
                    rows.append(
                        {
                            "student": submission.student.id,
                            "part": grade.name,
                            "score": None if grade.needs_manual_grade else grade.score,
                            "points": float(grade.max_score),
                            "graded": "by hand" if grade.name in by_hand else "tests",
                            "pending": bool(grade.needs_manual_grade),
                        }
                    )
    data = pd.DataFrame(rows, columns=["student", "part", "score", "points", "graded", "pending"])
    order = _part_order(course, assignment)
    data["order"] = data["part"].map(lambda p: order.index(p) if p in order else len(order))
    return data.sort_values(["order", "part", "student"]).drop(columns="order")


def _part_order(course: Course, assignment: str) -> list[str]:
    """Graded parts in the order of the gradebook's source cells."""
    with quiet_gradebook(), course.gradebook() as gb:
        return [
            cell.name
            for nb in sorted(gb.find_assignment(assignment).notebooks, key=lambda n: n.name)
            for cell in nb.source_cells
        ]


def pending_parts(scores: pd.DataFrame) -> dict[str, list[str]]:
    """Each student whose total is provisional, with the parts that still wait for a grader."""
    waiting = scores[scores["pending"].astype(bool)]
    return {student: list(rows["part"]) for student, rows in waiting.groupby("student")}


def lms_table(course: Course, scores: pd.DataFrame) -> pd.DataFrame:
    """One row per student of the gradebook and one column per graded part (headed
    ``part (max N)``), then the total and whether it is ``provisional``: what an LMS gradebook
    import takes. A part still to be graded by hand, or not submitted, is empty; while one
    waits for a grader, the total leaves it out and ``provisional`` says ``yes (parts)``."""
    parts = list(dict.fromkeys(scores["part"]))
    points = scores.groupby("part")["points"].first()
    wide = scores.pivot(index="student", columns="part", values="score").reindex(columns=parts)
    with quiet_gradebook(), course.gradebook() as gb:
        people = pd.DataFrame(
            [(s.id, s.last_name or "", s.first_name or "", s.email or "") for s in gb.students],
            columns=["student", "last_name", "first_name", "email"],
        ).set_index("student")
    table = people.join(wide, how="outer").sort_index()
    table["total"] = table[parts].sum(axis=1, min_count=1)
    names = {p: f"{p} (max {points[p]:g})" for p in parts}
    names["total"] = f"total (max {points.sum():g})"
    waiting = pending_parts(scores)
    submitted = set(scores["student"])
    table["provisional"] = [
        f"yes ({', '.join(waiting[s])})" if s in waiting else "no" if s in submitted else ""
        for s in table.index
    ]
    table = table.rename(columns=names).fillna({"last_name": "", "first_name": "", "email": ""})
    return table.rename_axis("student_id").reset_index()


def lms_csv(table: pd.DataFrame) -> str:
    """``table`` as CSV, every text cell that a spreadsheet would run as a formula escaped."""
    safe = table.map(csv_cell).rename(columns=lambda c: csv_cell(str(c)))
    return safe.to_csv(index=False, float_format="%g")


def _shares(scores: pd.DataFrame) -> pd.DataFrame:
    known = scores.dropna(subset=["score"])
    return known.assign(percent=100 * known["score"] / known["points"].where(known["points"] > 0))


def class_chart(scores: pd.DataFrame) -> alt.Chart:
    """The class at a glance: each student's total as a share of the points, in 10 % bins."""
    totals = _shares(scores).groupby("student")[["score", "points"]].sum().reset_index()
    totals["percent"] = 100 * totals["score"] / totals["points"]
    return (
        alt.Chart(totals, title="Class overview: totals (parts graded so far)")
        .mark_bar()
        .encode(
            x=alt.X("percent:Q", bin=alt.Bin(extent=[0, 100], step=10), title="% of the points"),
            y=alt.Y("count():Q", title="students"),
        )
        .properties(width=420, height=180)
    )


def difficulty_chart(scores: pd.DataFrame) -> alt.Chart:
    """The mean score of each part as a share of its points: short bars are the hard parts."""
    data = _shares(scores)
    order = list(dict.fromkeys(data["part"]))
    return (
        alt.Chart(data, title="Mean score per part")
        .mark_bar()
        .encode(
            y=alt.Y("part:N", sort=order, title=None),
            x=alt.X(
                "mean(percent):Q",
                title="mean % of the part's points",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color("graded:N", title="graded"),
        )
        .properties(width=360)
    )


def parts_chart(scores: pd.DataFrame) -> alt.FacetChart:
    """A small histogram per graded part: how many students earned each share of its points."""
    data = _shares(scores)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("percent:Q", bin=alt.Bin(extent=[0, 100], step=25), title="% of the points"),
            y=alt.Y("count():Q", title="students"),
            color=alt.Color("graded:N", title="graded"),
        )
        .properties(width=150, height=100)
        .facet(
            facet=alt.Facet("part:N", sort=list(dict.fromkeys(data["part"])), title=None), columns=4
        )
        .properties(title="Score distribution per part")
    )


def _facts(table: pd.DataFrame, manifest: Manifest) -> list[str]:
    total = next(c for c in table.columns if str(c).startswith("total"))
    totals = table[total].dropna()
    outcomes = list(manifest.outcomes.values())
    provisional = int(table["provisional"].str.startswith("yes").sum())
    facts = [f"{len(table)} students", f"{len(totals)} with a score"]
    if len(totals):
        facts += [f"{total}: median {totals.median():g}, mean {totals.mean():.1f}"]
    if provisional:
        facts += [f"{provisional} totals provisional (written parts await hand grading)"]
    kinds = ("failed", "timed out", "kernel died", "tampered", "to review")
    facts += [f"{what}: {len(count(outcomes, what))}" for what in kinds]
    return [*facts, f"waiting for manual grading: {len(count(outcomes, 'needs manual'))}"]


def _provisional(scores: pd.DataFrame) -> list[str]:
    """The report's section on totals that may still change."""
    waiting = pending_parts(scores)
    if not waiting:
        return []
    items = "".join(
        f"<li><b>{html_text(student)}</b>: {html_text(', '.join(parts))}</li>"
        for student, parts in sorted(waiting.items())
    )
    return [
        "<h2>Provisional totals ⏳</h2>",
        "<p class='provisional'>These totals leave out written parts that wait for hand "
        "grading in the formgrader; they change once graded. The CSV marks them "
        "<code>provisional</code>.</p>",
        f"<ul>{items}</ul>",
    ]


def report_html(
    assignment: str,
    table: pd.DataFrame,
    scores: pd.DataFrame,
    manifest: Manifest,
    not_graded: Sequence[str] = (),
) -> str:
    """The report as one HTML page, charts drawn inline as SVG: no script, no CDN, works offline.
    Every student-given text is escaped; ``not_graded`` lists folders intake refused."""
    esc = html_text
    flagged = sorted(
        (
            o
            for o in manifest.outcomes.values()
            if o.status == "failed" or o.tampered or o.reasons or o.review
        ),
        key=lambda o: o.student,
    )
    items = "".join(
        f"<li><b>{esc(o.student)}</b>: {esc('; '.join([*o.reasons, *o.tampered, *o.review]))}</li>"
        for o in flagged
    )
    refused = "".join(f"<li>{esc(item)}</li>" for item in not_graded)
    charts = [class_chart(scores), difficulty_chart(scores), parts_chart(scores)]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f"<html lang='en'><head><meta charset='utf-8'><title>{esc(assignment)}: report</title>",
            "<style>body{font-family:system-ui,sans-serif;max-width:62em;margin:2em auto}"
            "figure{margin:1.5em 0}li{margin:.2em 0}</style></head><body>",
            f"<h1>{esc(assignment)}: grading report</h1>",
            "<p>" + " · ".join(esc(fact) for fact in _facts(table, manifest)) + "</p>",
            *_provisional(scores),
            *(f"<figure>{chart_to_svg(chart)}</figure>" for chart in charts),
            "<h2>Submissions to look at</h2>",
            f"<ul>{items}</ul>" if items else "<p>None.</p>",
            *(["<h2>Folders not graded</h2>", f"<ul>{refused}</ul>"] if refused else []),
            "</body></html>",
        ]
    )


def report_notebook(course: Course, assignment: str) -> nbformat.NotebookNode:
    """The notebook that rebuilds the report (stored without outputs)."""
    return new_notebook(
        cells=[
            new_markdown_cell(
                f"# {assignment}: grading report\n\n"
                "Written by `canvaskit report`. Run all cells to redraw the charts from the "
                "gradebook; the last cell writes the HTML page and the CSV again."
            ),
            new_code_cell(
                "from canvaskit_widgets.grading import report\n"
                "from canvaskit_widgets.grading.course import Course\n\n"
                f"course = Course.find({json.dumps(str(course.root))})\n"
                f"scores = report.load_scores(course, {assignment!r})\n"
                "report.lms_table(course, scores)"
            ),
            new_code_cell("report.class_chart(scores)"),
            new_code_cell("report.difficulty_chart(scores)"),
            new_code_cell("report.parts_chart(scores)"),
            new_code_cell(f"report.write_report(course, {assignment!r})"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )


def write_report(course: Course, assignment: str) -> list[Path]:
    """Write ``<assignment>.html``, ``<assignment>-grades.csv`` (for an LMS) and
    ``<assignment>-report.ipynb`` into the course's report folder; return their paths."""
    scores = load_scores(course, assignment)
    folder = course.state_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(course.state_dir / f"{assignment}.json")
    table = lms_table(course, scores)
    if scores.empty:
        page = f"<p>No graded submission of {html_text(assignment)} yet.</p>"
    else:
        page = report_html(assignment, table, scores, manifest, course.refused(assignment))
    return [
        write_text_atomic(folder / f"{assignment}.html", page),
        write_text_atomic(folder / f"{assignment}-grades.csv", lms_csv(table)),
        write_text_atomic(
            folder / f"{assignment}-report.ipynb",
            nbformat.writes(report_notebook(course, assignment)),
        ),
    ]
