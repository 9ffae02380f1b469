"""Hand-scored submissions graded by ``canvaskit grade``: every part within half a point of fair.

Each ``fair/<case>/<kind>.py`` is a whole submission written from the student's view of the task
(task text, data, setup and self-checks), in the format of ``answers/``: a first comment line
saying what it shows, then the source of each answer cell after ``# %% <grade_id>``; answer cells
it does not list keep the release's stub. Instead of ``# expect:`` it holds the score a teaching
assistant gives each autograded part from the task text alone, written before any grading
(``# fair: part_a=3, part_b=2.5, ...``, keyed by the letter of the ``## Part X: ... (N points)``
heading), and a ``# why: part_b: ...`` line for each part scored below full. A graded test cell
counts towards the part whose heading precedes it.
"""

from __future__ import annotations

import io
import re
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader_course import CASES, REPO, fill, nbgrader_meta, run_nbgrader
from sqlalchemy.exc import SAWarning

from canvaskit_widgets.grading.batch import Options, grade
from canvaskit_widgets.grading.course import Course
from canvaskit_widgets.grading.sandbox import Limits

FAIR = Path(__file__).parent / "fair"
KINDS = ("correct_own_way", "one_slip", "defensible", "typed_in", "mostly_blank")
TOLERANCE = 0.5
HEADING = re.compile(r"^## Part ([A-Z]):.*\((\d+(?:\.\d+)?) points?", re.MULTILINE)


@dataclass
class Submission:
    """One hand-scored submission: its answer cells and the fair score of each part."""

    case: str
    kind: str
    summary: str
    fair: dict[str, float]
    why: dict[str, str]
    cells: dict[str, str]


def parse_submission(case: str, path: Path) -> Submission:
    header, *parts = re.split(r"^# %% ", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    comments = [line.removeprefix("#").strip() for line in header.splitlines()]
    comments = [c for c in comments if c and not c.startswith("ruff:")]
    fair: dict[str, float] = {}
    why: dict[str, str] = {}
    for line in comments:
        if line.startswith("fair:"):
            for item in line.removeprefix("fair:").split(","):
                part, _, score = item.strip().partition("=")
                fair[part.strip()] = float(score)
        elif line.startswith("why:"):
            part, _, reason = line.removeprefix("why:").partition(":")
            why[part.strip()] = reason.strip()
    cells = {}
    for part in parts:
        grade_id, _, source = part.partition("\n")
        cells[grade_id.strip()] = source.strip("\n")
    return Submission(case, path.stem, comments[0] if comments else "", fair, why, cells)


def submissions(case: str) -> list[Submission]:
    return [parse_submission(case, FAIR / case / f"{kind}.py") for kind in KINDS]


@dataclass
class Parts:
    """The autograded parts of a notebook: points from each heading, points of its test cells,
    and the part each graded test cell belongs to."""

    heading: dict[str, float]
    cells: dict[str, float]
    owner: dict[str, str]


def autograded_parts(notebook: nbformat.NotebookNode) -> Parts:
    parts = Parts({}, {}, {})
    part, points = None, 0.0
    for cell in notebook.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "markdown" and (found := HEADING.search(cell.source)):
            part, points = f"part_{found.group(1).lower()}", float(found.group(2))
        elif cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            assert part is not None, f"test cell {meta['grade_id']} comes before any part heading"
            parts.owner[meta["grade_id"]] = part
            parts.heading[part] = points
            parts.cells[part] = parts.cells.get(part, 0.0) + float(meta.get("points", 0))
    return parts


def source_notebook(case: str) -> nbformat.NotebookNode:
    return nbformat.read(REPO / "solutions" / case / f"{case}.ipynb", as_version=4)


@pytest.mark.parametrize("case", CASES)
def test_every_submission_scores_every_autograded_part_by_hand(case: str) -> None:
    source = source_notebook(case)
    parts = autograded_parts(source)
    answer_ids = {
        nbgrader_meta(c)["grade_id"] for c in source.cells if nbgrader_meta(c).get("solution")
    }
    problems = [
        f"{part}: its heading says {parts.heading[part]:g} points, its test cells hold {points:g}"
        for part, points in parts.cells.items()
        if points != parts.heading[part]
    ]
    for sub in submissions(case):
        where = f"fair/{case}/{sub.kind}.py"
        if set(sub.fair) != set(parts.heading):
            problems.append(
                f"{where}: scores {sorted(sub.fair)}; the parts are {sorted(parts.heading)}"
            )
        for part, score in sub.fair.items():
            top = parts.heading.get(part, 0.0)
            if not 0 <= score <= top:
                problems.append(f"{where}: {part}={score:g} is outside 0..{top:g}")
            if score < top and part not in sub.why:
                problems.append(f"{where}: say why {part} loses points in a '# why:' line")
        if unknown := set(sub.cells) - answer_ids:
            problems.append(f"{where}: no answer cell {sorted(unknown)}")
    assert problems == []


@dataclass
class Graded:
    """Fair and autograded score of each part, by case and kind, and each case's parts."""

    fair: dict[tuple[str, str], dict[str, float]]
    auto: dict[tuple[str, str], dict[str, float]]
    parts: dict[str, Parts]


def part_scores(course: Course, case: str, student: str, parts: Parts) -> dict[str, float]:
    """The student's autograded score of each part: the sum of its test cells' scores."""
    scores = dict.fromkeys(parts.heading, 0.0)
    with warnings.catch_warnings(), course.gradebook() as gb:
        warnings.simplefilter("ignore", SAWarning)
        for notebook in gb.find_submission(case, student).notebooks:
            for cell in notebook.grades:
                if cell.name in parts.owner:
                    scores[parts.owner[cell.name]] += float(cell.score or 0)
    return scores


@pytest.fixture(scope="module")
def graded_fair(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    """A temporary course with the four cases and the twenty submissions, graded by canvaskit."""
    root = tmp_path_factory.mktemp("fair") / "course"
    root.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(
        REPO / "solutions", root / "solutions", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    run_nbgrader(root, "generate_assignment", "*")
    course = Course.find(root)
    graded = Graded({}, {}, {})
    options = Options(limits=Limits(timeout=60, memory=2**30), progress=False)
    for case in CASES:
        release_dir = root / "exercises" / case
        release = nbformat.read(release_dir / f"{case}.ipynb", as_version=4)
        graded.parts[case] = autograded_parts(release)
        for sub in submissions(case):
            folder = course.path("submitted", sub.kind, case)
            shutil.copytree(release_dir, folder, ignore=shutil.ignore_patterns("*.ipynb"))
            nbformat.write(fill(release, sub.cells), folder / f"{case}.ipynb")
            graded.fair[case, sub.kind] = sub.fair
        result = grade(course, case, options, out=io.StringIO())
        failed = [f"{o.student}: {o.status}" for o in result.outcomes if o.status != "graded"]
        assert not failed, f"{case}: submissions not graded: {failed}"
        for kind in KINDS:
            graded.auto[case, kind] = part_scores(course, case, kind, graded.parts[case])
    return graded


def gaps(graded: Graded, case: str) -> list[tuple[str, str, float, float]]:
    """(kind, part, fair, autograded) of every part more than TOLERANCE from its fair score."""
    return [
        (kind, part, fair, graded.auto[case, kind][part])
        for kind in KINDS
        for part, fair in graded.fair[case, kind].items()
        if abs(graded.auto[case, kind][part] - fair) > TOLERANCE
    ]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_every_part_scores_within_half_a_point_of_its_fair_score(
    graded_fair: Graded, case: str
) -> None:
    off = gaps(graded_fair, case)
    lines = [
        f"  {kind:16} {part}: fair {fair:g}, autograded {auto:g} ({auto - fair:+g})"
        for kind, part, fair, auto in off
    ]
    largest = max((abs(auto - fair) for *_, fair, auto in off), default=0.0)
    assert not off, (
        f"{case}: {len(off)} parts off by more than {TOLERANCE:g} point "
        f"(largest gap {largest:g}):\n" + "\n".join(lines)
    )


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_typed_in_numbers_never_outscore_correct_work(graded_fair: Graded, case: str) -> None:
    typed = sum(graded_fair.auto[case, "typed_in"].values())
    correct = sum(graded_fair.auto[case, "correct_own_way"].values())
    assert typed <= correct, (
        f"{case}: typed-in numbers score {typed:g}, correct work {correct:g}, "
        f"of {sum(graded_fair.parts[case].heading.values()):g} autograded points"
    )
