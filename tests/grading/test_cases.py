"""The four case exercises graded as a class: every score and every reason, case by case.

One case gets every hostile kind; the others the honest kinds and the tampering ones, which
keeps the run to a couple of minutes on two cores.
"""

from __future__ import annotations

import io

import pytest
from classgen import HOSTILE, ORDINARY, make_class
from grading_helpers import LIMITS, REPO, cell_scores, expected_scores, make_course, max_points
from grading_helpers import outcome_text as text

from canvaskit_widgets.grading.batch import Options, grade
from canvaskit_widgets.grading.course import Course

pytestmark = pytest.mark.slow

CASES = ("gemstone", "hair_salon", "maria", "esther")
FULL = "esther"
SHORT = (*ORDINARY, "delete_test", "edit_test", "retype_test", "renamed", "patch_helpers")

if not all((REPO / "solutions" / case / f"{case}.ipynb").exists() for case in CASES):
    pytest.skip("the case notebooks are not in this checkout", allow_module_level=True)


@pytest.fixture(scope="module")
def graded_cases(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("cases") / "course"
    course = Course.find(make_course(root, {c: REPO / "solutions" / c for c in CASES}))
    found = {}
    for case in CASES:
        kinds = (*ORDINARY, *HOSTILE) if case == FULL else SHORT
        planned = make_class(course, case, kinds)
        result = grade(course, case, Options(limits=LIMITS, progress=False), out=io.StringIO())
        scores = {p.kind: cell_scores(course, case, p.student) for p in planned}
        found[case] = (planned, {o.student: o for o in result.outcomes}, scores)
    return course, found


@pytest.mark.parametrize("case", CASES)
def test_the_solution_earns_every_automatic_point_and_a_blank_none(graded_cases, case):
    course, found = graded_cases
    _, _, scores = found[case]
    points = max_points(course, case)
    assert scores["correct"] == points
    assert set(scores["blank"].values()) == {0.0}


@pytest.mark.parametrize("case", CASES)
def test_every_test_cell_scores_as_planned(graded_cases, case):
    course, found = graded_cases
    planned, _, scores = found[case]
    points = max_points(course, case)
    wrong = {}
    for plan in planned:
        want = expected_scores(plan, points, scores)
        got = {k: float(v or 0) for k, v in scores[plan.kind].items()}
        if got != want:
            wrong[plan.kind] = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    assert wrong == {}


@pytest.mark.parametrize("case", CASES)
def test_every_outcome_gives_its_status_and_reason(graded_cases, case):
    _, found = graded_cases
    planned, outcomes, _ = found[case]
    problems = []
    for plan in planned:
        outcome = outcomes[plan.student]
        if outcome.status != plan.status:
            problems.append((plan.kind, outcome.status, text(outcome)))
        problems += [(plan.kind, w, text(outcome)) for w in plan.words if w not in text(outcome)]
        if plan.kind in ORDINARY and (outcome.tampered or outcome.reasons):
            problems.append((plan.kind, "flagged though honest", text(outcome)))
    assert problems == []
