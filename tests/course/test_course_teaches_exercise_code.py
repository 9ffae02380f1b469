"""The course shows, in a worked example, every pandas and altair call the exercise solutions use.

The calls are read from the syntax tree of each solution answer cell (nbgrader ``solution``
code cells of ``solutions/*/*.ipynb``) when the tests run, so the check follows the exercises
as they change. A call counts as pandas or altair when it is:

- a function of the module, through its import alias (``pd.read_csv``, ``alt.Chart``);
- a method chained onto such a call (``alt.Chart(df).mark_bar().encode(...)``);
- any other method whose name pandas or altair defines (``.groupby``, ``.transform``) and
  that the builtin containers and the canvas model do not also define: ``scenarios.items()``
  or ``canvas.add(...)`` cannot be told from a pandas call by syntax alone, so such shared
  names (``items``, ``add``, ``get``, ``to_dict``...) count only in a chain of the first kind.

A call is shown when a code cell of a course notebook (``course/NN_*.ipynb``) makes it.
The Python the solutions write around those calls (functions, lambdas, comprehensions, raising
an error...) must be shown the same way.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
MODULES = {"pandas": "pd", "altair": "alt"}


def _names_of(*objects: object) -> set[str]:
    return {name for obj in objects for name in dir(obj) if not name.startswith("_")}


def library_methods() -> set[str]:
    """Method names of pandas' and altair's objects, minus those of builtins and the model."""
    import altair as alt
    import pandas as pd
    from pandas.core.groupby import DataFrameGroupBy, SeriesGroupBy
    from pandas.core.indexes.accessors import DatetimeProperties, PeriodProperties
    from pandas.core.strings.accessor import StringMethods

    from canvaskit_widgets.model import Canvas, Note

    ours = _names_of(
        pd.DataFrame,
        pd.Series,
        pd.Index,
        pd.PeriodIndex,
        DataFrameGroupBy,
        SeriesGroupBy,
        DatetimeProperties,
        PeriodProperties,
        StringMethods,
        pd.Timestamp,
        pd.Period,
        alt.Chart,
        alt.X,
    )
    shared = _names_of(dict, list, set, str, tuple, Canvas, Note)
    return ours - shared


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> library alias (``pd``/``alt``) for ``import pandas as pd`` and the like."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    found[alias.asname or alias.name] = MODULES[alias.name]
    return found


def _root(node: ast.expr) -> ast.expr:
    """The start of a chain such as ``alt.Chart(df).mark_bar().encode``: here ``alt``."""
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def calls(source: str, methods: set[str], aliases: dict[str, str] | None = None) -> set[str]:
    """The pandas and altair calls in ``source``: ``pd.read_csv``, ``alt.Chart``, ``.groupby``."""
    tree = ast.parse(source)
    aliases = {"pd": "pd", "alt": "alt", **(aliases or {}), **_aliases(tree)}
    found = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner, name = node.func.value, node.func.attr
        if isinstance(owner, ast.Name) and owner.id in aliases:
            found.add(f"{aliases[owner.id]}.{name}")
        elif name in methods or (isinstance(root := _root(owner), ast.Name) and root.id in aliases):
            found.add(f".{name}")
    return found


def _code_cells(path: Path) -> Iterable[tuple[dict, str]]:
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            source = cell["source"]
            yield cell, "".join(source) if isinstance(source, list) else source


def _notebook_aliases(path: Path) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for _, source in _code_cells(path):
        aliases.update(_aliases(ast.parse(source)))
    return aliases


def solution_calls(paths: Iterable[Path], methods: set[str]) -> dict[str, set[str]]:
    """Each pandas or altair call of the solution answer cells -> the cells that make it."""
    used: dict[str, set[str]] = {}
    for path in paths:
        aliases = _notebook_aliases(path)
        for cell, source in _code_cells(path):
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if grading.get("solution") and not grading.get("grade"):
                where = f"{path.stem}:{grading.get('grade_id', '?')}"
                for call in calls(source, methods, aliases):
                    used.setdefault(call, set()).add(where)
    return used


def taught_calls(paths: Iterable[Path], methods: set[str]) -> set[str]:
    """Every pandas or altair call made in a code cell of the course notebooks."""
    taught = set()
    for path in paths:
        aliases = _notebook_aliases(path)
        for _, source in _code_cells(path):
            taught |= calls(source, methods, aliases)
    return taught


def untaught(solutions: Iterable[Path], course: Iterable[Path]) -> dict[str, set[str]]:
    """The solutions' calls no course notebook shows, with the cells that use them."""
    methods = library_methods()
    taught = taught_calls(course, methods)
    return {c: where for c, where in solution_calls(solutions, methods).items() if c not in taught}


# The Python constructs a student has to write, by syntax-tree node.
CONSTRUCTS = {
    ast.FunctionDef: "a function (def ... return)",
    ast.Lambda: "a lambda",
    ast.ListComp: "a list comprehension",
    ast.DictComp: "a dict comprehension",
    ast.SetComp: "a set comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.Raise: "raising an error",
    ast.Try: "try/except",
    ast.For: "a for loop",
    ast.While: "a while loop",
    ast.With: "a with block",
}


def constructs(source: str) -> set[str]:
    """The ``CONSTRUCTS`` that ``source`` uses."""
    return {CONSTRUCTS[type(n)] for n in ast.walk(ast.parse(source)) if type(n) in CONSTRUCTS}


SOLUTIONS = sorted(ROOT.glob("solutions/*/*.ipynb"))
CHAPTERS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))


def test_there_are_solutions_and_they_use_pandas_and_altair():
    used = solution_calls(SOLUTIONS, library_methods())
    assert len(SOLUTIONS) >= 4
    assert {".groupby", ".to_period", "alt.Chart", ".encode"} <= set(used)


def test_every_call_of_the_solutions_is_shown_in_the_course():
    missing = untaught(SOLUTIONS, CHAPTERS)
    assert not missing, "calls the exercises need but no course notebook shows: " + "; ".join(
        f"{call} (in {', '.join(sorted(where))})" for call, where in sorted(missing.items())
    )


def test_every_python_construct_of_the_solutions_is_shown_in_the_course():
    needed: dict[str, set[str]] = {}
    for path in SOLUTIONS:
        for cell, source in _code_cells(path):
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if grading.get("solution") and not grading.get("grade"):
                for kind in constructs(source):
                    needed.setdefault(kind, set()).add(f"{path.stem}:{grading['grade_id']}")
    shown = {
        kind for path in CHAPTERS for _, source in _code_cells(path) for kind in constructs(source)
    }
    missing = {kind: where for kind, where in needed.items() if kind not in shown}
    assert not missing, f"Python the exercises need but no course notebook shows: {missing}"


def test_constructs_are_read_from_the_syntax_tree():
    source = "def f(x):\n    return {k: v for k, v in x.items()}\n\ntry:\n    f(1)\nexcept TypeError:\n    pass"
    assert constructs(source) == {
        "a function (def ... return)",
        "a dict comprehension",
        "try/except",
    }
    assert constructs("# def f(): raise ValueError\nx = 1") == set()


def _notebook(path: Path, *cells: tuple[str, dict]) -> Path:
    nb = {
        "cells": [
            {"cell_type": "code", "metadata": meta, "source": src, "outputs": []}
            for src, meta in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


ANSWER = {"nbgrader": {"solution": True, "grade": False, "grade_id": "melt_answer"}}
TEST = {"nbgrader": {"solution": False, "grade": True, "grade_id": "melt_check"}}


def test_a_solution_with_an_unshown_call_fails(tmp_path: Path):
    solution = _notebook(
        tmp_path / "case.ipynb",
        ("import pandas as pandas_lib\nimport altair", {}),
        ("wide = pandas_lib.read_csv('x.csv')\nlong = wide.melt(id_vars='a')", ANSWER),
        ("altair.Chart(long).mark_point()\nlong.explode('b')", TEST),  # a test cell: not counted
    )
    chapter = _notebook(tmp_path / "00_ch.ipynb", ("import pandas as pd\npd.read_csv('y.csv')", {}))
    assert untaught([solution], [chapter]) == {".melt": {"case:melt_answer"}}
    _notebook(tmp_path / "01_ch.ipynb", ("frame.melt(id_vars=['a', 'b'])", {}))
    assert untaught([solution], [chapter, tmp_path / "01_ch.ipynb"]) == {}


def test_calls_tells_library_calls_from_builtins_and_the_canvas_model():
    methods = library_methods()
    source = (
        "import altair as a\n"
        "a.Chart(df).encode(x='s:N')\n'text'.encode()\n"
        "scenarios.items()\ncanvas.add('channels', 'x')\nnames.append(1)\n"
        "orders.groupby('c')['d'].transform('min')\na.Chart(df).mark_bar().encode(x='s:N')\n"
        "pd.Period('2024-01', 'M')\nlen(orders)\n"
    )
    assert calls(source, methods) == {
        ".groupby",
        ".transform",
        "alt.Chart",
        ".mark_bar",
        ".encode",
        "pd.Period",
    }


@pytest.mark.parametrize("name", ["groupby", "agg", "transform", "to_period", "mark_rect", "stack"])
def test_library_methods_know_the_methods_the_on_ramp_teaches(name: str):
    assert name in library_methods()
