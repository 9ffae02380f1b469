"""Which cells the verdict kernel leaves to the student's kernel (the self-checks), and how it
runs its own."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from canvaskit_widgets.grading.cells import self_checks
from canvaskit_widgets.grading.shadow import _verdict_arguments
from canvaskit_widgets.grading.tamper import SourceCell

CHECK = "with self_check():\n    expect(f(2), 4)\n"


def cell(name: str, source: str, *, grade: bool = False, solution: bool = False) -> SourceCell:
    return SourceCell(name, "code", source, not solution, grade, solution, False, None, source)


@pytest.mark.parametrize(
    ("source", "formative"),
    [
        (CHECK, True),
        ("# Self-check (no points).\n" + CHECK + CHECK, True),
        ("import canvaskit_widgets.exercise as ex\nwith ex.self_check():\n    pass\n", False),
        ("with exercise.self_check():\n    expect(f(2), 4)\n", True),
        (CHECK + "print('done')\n", False),
        ("with open('x') as f:\n    pass\n", False),
        ("with self_check(), open('x'):\n    pass\n", False),
        ("", False),
        ("with self_check(:\n", False),
    ],
)
def test_only_cells_made_of_self_check_blocks_are_self_checks(source: str, formative: bool) -> None:
    found = self_checks([cell("a", "def f(x): ...", solution=True), cell("check", source)])
    assert found == ({"check"} if formative else set())


def test_a_self_check_whose_names_a_later_cell_reads_stays_with_the_verdict() -> None:
    check = cell("check", "with self_check():\n    got = f(2)\n    expect(got, 4)\n")
    reads = cell("test", "assert got == 4\n", grade=True)
    assert self_checks([check, reads]) == set()
    assert self_checks([check, cell("test", "assert f(2) == 4\n", grade=True)]) == {"check"}


def test_graded_self_checks_are_never_self_checks() -> None:
    assert self_checks([cell("t", CHECK, grade=True)]) == set()
    assert self_checks([cell("t", CHECK, solution=True)]) == set()


@pytest.mark.parametrize("case", ["gemstone", "hair_salon", "maria", "esther"])
def test_every_self_check_of_the_exercises_is_found(case: str, repo_root: Path) -> None:
    nb = nbformat.read(repo_root / "solutions" / case / f"{case}.ipynb", as_version=4)
    cells = []
    for c in nb.cells:
        meta = c.metadata.get("nbgrader", {})
        if c.cell_type == "code" and meta:
            cells.append(
                cell(meta["grade_id"], c.source, grade=meta["grade"], solution=meta["solution"])
            )
    named = {c.name for c in cells if c.name.endswith("_selfcheck")}
    assert named and self_checks(cells) == named


@pytest.mark.parametrize(
    ("sources", "checked"),
    [
        (["x = 1", "assert x == 1, 'no'"], False),
        (["import asyncio", "await asyncio.sleep(0)"], True),
        (["async def f():\n    await g()"], True),
        (["async with lock:\n    pass"], True),
        (["async for row in rows:\n    pass"], True),
        (["%time x = 1"], True),  # IPython syntax: not read, so not assumed free of await
    ],
)
def test_the_verdict_kernel_checks_for_await_only_where_a_cell_may_use_it(sources, checked):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    arguments = _verdict_arguments(nb)
    assert arguments == ([] if checked else ["--InteractiveShell.autoawait=False"])
