"""The generated student versions: up to date, free of solutions, and described honestly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader_course import CASES, REPO, nbgrader_meta

from canvaskit_widgets import cli, release

WORDS = {"four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def read(folder: str, case: str) -> nbformat.NotebookNode:
    return nbformat.read(REPO / folder / case / f"{case}.ipynb", as_version=4)


def test_the_committed_exercises_are_what_nbgrader_generates() -> None:
    assert release.assignments() == sorted(CASES)
    assert release.stale() == [], "exercises/ is stale: run `canvaskit release`"


def test_release_check_passes_on_the_committed_exercises() -> None:
    assert cli.main(["release", "--check"]) == 0


def copy_course(tmp_path: Path, case: str) -> Path:
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    shutil.copytree(REPO / "solutions" / case, tmp_path / "solutions" / case)
    shutil.copytree(REPO / "exercises" / case, tmp_path / "exercises" / case)
    return tmp_path


def test_stale_names_changed_extra_and_orphaned_files_and_release_mends_them(
    tmp_path: Path,
) -> None:
    root = copy_course(tmp_path, "gemstone")
    notebook = root / "exercises" / "gemstone" / "gemstone.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("Part A", "Part Z"))
    (root / "exercises" / "gemstone" / "notes.txt").write_text("left over")
    (root / "exercises" / "retired").mkdir()
    assert release.stale(root) == [
        "exercises/retired/",
        "exercises/gemstone/gemstone.ipynb",
        "exercises/gemstone/notes.txt",
    ]
    assert release.release(root) == ["gemstone"]
    assert release.stale(root) == []
    assert not (root / "exercises" / "retired").exists()
    assert (
        REPO / "exercises" / "gemstone" / "gemstone.ipynb"
    ).read_bytes() == notebook.read_bytes()


@pytest.mark.parametrize("case", CASES)
def test_the_student_version_holds_no_solution_hidden_test_or_rubric(case: str) -> None:
    source, student = read("solutions", case), read("exercises", case)
    text = "\n".join(cell.source for cell in student.cells)
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "Rubric"):
        assert marker not in text
    shown = set(text.split("\n"))
    secret, public, inside = [], set(), False
    for cell in source.cells:
        for line in cell.source.split("\n"):
            if "BEGIN SOLUTION" in line or "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END SOLUTION" in line or "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) >= 16:
                secret.append(line)
            elif not inside:
                public.add(
                    line
                )  # a line the source also shows openly (a self-check's) is no secret
    leaked = [line for line in secret if line in shown and line not in public]
    assert not leaked, f"solution or hidden lines in the student version: {leaked[:3]}"


@pytest.mark.parametrize("case", CASES)
def test_headings_and_introduction_state_the_points_the_metadata_gives(case: str) -> None:
    notebook = read("solutions", case)
    parts: list[tuple[str, int, int]] = []  # heading, stated points, points of its graded cells
    for cell in notebook.cells:
        match = re.match(r"## (Part \w+): .*\((\d+) points?", cell.source)
        if match:
            parts.append((match[1], int(match[2]), 0))
        points = nbgrader_meta(cell).get("points", 0)
        if points:
            assert parts, f"{nbgrader_meta(cell)['grade_id']} comes before the first part"
            name, stated, total = parts[-1]
            parts[-1] = (name, stated, total + points)
    for name, stated, total in parts:
        assert stated == total, f"{name} says {stated} points; its cells give {total}"
    graded = [nbgrader_meta(c) for c in notebook.cells if nbgrader_meta(c).get("grade")]
    auto = sum(m["points"] for m in graded if not m.get("solution"))
    manual = sum(m["points"] for m in graded if m.get("solution"))
    intro = re.search(
        r"There are (\w+) parts worth (\d+) points: (\d+) are checked automatically and (\d+)",
        notebook.cells[0].source,
    )
    assert intro, "the introduction states the parts and points"
    assert (WORDS[intro[1]], int(intro[2]), int(intro[3]), int(intro[4])) == (
        len(parts),
        auto + manual,
        auto,
        manual,
    )
    assert 8 <= auto <= 15
    assert manual >= 1


@pytest.mark.parametrize("case", CASES)
def test_cells_have_snake_case_ids_and_test_cells_say_what_they_check(case: str) -> None:
    notebook = read("solutions", case)
    ids = [nbgrader_meta(c)["grade_id"] for c in notebook.cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids))
    for grade_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", grade_id), grade_id
    for cell in notebook.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade") and not meta.get("solution"):
            assert cell.source.startswith(('"""Check', '"""Hidden tests: ')), meta["grade_id"]
    sources = "\n".join(c.source for c in notebook.cells)
    assert "illustrative" in sources, "say that the numbers are illustrative"


@pytest.mark.parametrize("case", CASES)
def test_notebooks_are_stored_without_outputs(case: str) -> None:
    for folder in ("solutions", "exercises"):
        for cell in read(folder, case).cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None


def solution_lines(source: str) -> list[str]:
    """The lines of an answer cell between its solution markers, stripped."""
    lines, inside = [], False
    for line in source.splitlines():
        if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
            inside = "BEGIN" in line
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


@pytest.mark.parametrize("case", CASES)
def test_every_autograded_part_opens_a_hint_ladder_that_keeps_the_solution_back(
    case: str,
) -> None:
    notebook = read("solutions", case)
    part, ladders, answers, graded, tasks = None, {}, {}, set(), {}
    for cell in notebook.cells:
        meta = nbgrader_meta(cell)
        if heading := re.match(r"## (Part \w+):", cell.source):
            part = heading[1]
        if cell.cell_type == "markdown" and not meta.get("grade_id", "").endswith("_hints"):
            tasks[part] = tasks.get(part, "") + cell.source
        elif meta.get("grade_id", "").endswith("_hints"):
            assert meta.get("locked") and not meta.get("grade"), meta["grade_id"]
            assert part not in answers, f"{part}: the hints come before the answer cell"
            ladders[part] = cell.source
        elif meta.get("solution") and cell.cell_type == "code":
            answers.setdefault(part, []).extend(solution_lines(cell.source))
        elif meta.get("grade") and cell.cell_type == "code":
            graded.add(part)
    assert set(ladders) == graded, f"parts without a hint ladder: {graded - set(ladders)}"
    for part, ladder in ladders.items():
        assert ladder.count("<details><summary>") >= 2, f"{part}: a ladder of steps"
        stores = re.compile(r"\w+ = \w+\([\w, ]*\)")  # storing a result, as the task says
        given = tasks.get(part, "")
        copied = [
            line
            for line in answers[part]
            if len(line) > 32
            and line in ladder
            and line not in given
            and not stores.fullmatch(line)
        ]
        assert not copied, f"{part}: the hints copy the solution: {copied}"
