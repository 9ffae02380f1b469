"""What each cell of a notebook is to the grader, and the small helpers every grading step shares.

Roles follow the exercise contract (``CONTRACT.md``): an *answer* cell is a code cell with
``solution: true``; a *test* cell a code cell with ``grade: true, solution: false``; an
*self-check* cell an instructor cell made only of ``with self_check():`` blocks (formative, no
points); an *instructor* cell any other code cell the instructor owns; a *student* cell one the
student added. An answer cell carries the names the source solution's version of it assigns:
the verdict kernel binds those, and only those, as data.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from ._cells import error_output, grade_id
from .tamper import SourceCell

__all__ = [
    "Role",
    "assigned_names",
    "error_output",
    "grade_id",
    "read_names",
    "roles",
    "self_checks",
    "solutions",
]


@dataclass
class Role:
    """``answer``, ``test``, ``selfcheck``, ``instructor`` or ``student``; ``names`` for an
    answer cell."""

    kind: str
    grade_id: str | None = None
    names: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1024)
def _parse(source: str) -> ast.Module | None:
    """The cell's syntax tree, kept: every submission asks about the same source cells (callers
    only read the tree)."""
    try:
        return ast.parse(source)
    except SyntaxError:  # IPython syntax (magics): nothing to read by name
        return None


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [name for item in node.elts for name in _targets(item)]
    if isinstance(node, ast.Starred):
        return _targets(node.value)
    return []


def assigned_names(source: str, imports: bool = False) -> list[str]:
    """Top-level names a cell assigns (``def f``, ``class C``, ``x = …``, ``x += …``, ``for x``),
    in order; with ``imports``, names bound by imports too."""
    tree = _parse(source)
    names: dict[str, None] = {}
    for node in tree.body if tree is not None else []:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = None
        elif isinstance(node, ast.Assign):
            names.update(dict.fromkeys(n for t in node.targets for n in _targets(t)))
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For)):
            names.update(dict.fromkeys(_targets(node.target)))
        elif imports and isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = None
    return list(names)


@functools.lru_cache(maxsize=1024)
def read_names(source: str) -> frozenset[str]:
    """Every name a cell reads (kept, like ``_parse``: the same source cells are asked about for
    every submission)."""
    tree = _parse(source)
    if tree is None:
        return frozenset()
    return frozenset(
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    )


def _only_self_checks(tree: ast.Module | None) -> bool:
    def self_check(item: ast.withitem) -> bool:
        call = item.context_expr
        func = call.func if isinstance(call, ast.Call) else None
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        return name == "self_check"

    body = tree.body if tree is not None else []
    return bool(body) and all(
        isinstance(n, ast.With) and all(self_check(i) for i in n.items) for n in body
    )


def self_checks(cells: list[SourceCell]) -> set[str]:
    """The grade ids of the source's self-check cells: owned code cells made only of ``with
    self_check():`` blocks, assigning no name a later instructor or test cell reads. They carry
    no points, so the verdict kernel leaves them out and the student's own run of them is shown.
    """
    found: set[str] = set()
    read_later: set[str] = set()
    owned = [c for c in cells if c.cell_type == "code" and c.owned and not c.solution]
    for cell in reversed(owned):
        tree = _parse(cell.source)
        names = [n for n in ast.walk(tree) if isinstance(n, ast.Name)] if tree else []
        reads = {n.id for n in names if isinstance(n.ctx, ast.Load)}
        stores = {n.id for n in names if not isinstance(n.ctx, ast.Load)}
        if not cell.test and _only_self_checks(tree) and not stores & read_later:
            found.add(cell.name)
        read_later |= reads
    return found


def solutions(path: Path) -> dict[str, str]:
    """The solution code of each answer cell of the source notebook at ``path``, by grade_id
    (the gradebook keeps only the released version, without the solution)."""
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return {}
    found = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and grade_id(cell):
            found[str(grade_id(cell))] = cell.source
    return found


def roles(nb: NotebookNode, cells: list[SourceCell], answers: dict[str, str]) -> list[Role]:
    """The role of each cell of a restored notebook (``tamper.restore`` ran on it); ``answers``
    holds the source solution of each answer cell (see ``solutions``)."""
    by_name = {c.name: c for c in cells}
    formative = self_checks(cells)
    instructor: set[str] = set()
    for source in cells:
        if source.cell_type == "code" and source.owned and not source.test:
            instructor.update(assigned_names(source.source, imports=True))
    found = []
    for cell in nb.cells:
        name = grade_id(cell)
        source = by_name.get(name) if name else None
        if cell.cell_type != "code":
            found.append(Role("markdown", name))
        elif source is None or source.cell_type != "code":
            found.append(Role("student", name))
        elif source.test:
            found.append(Role("test", name))
        elif source.solution:
            solution = answers.get(source.name, source.source)
            names = [n for n in assigned_names(solution) if n not in instructor]
            found.append(Role("answer", name, names))
        elif source.owned:
            found.append(Role("selfcheck" if source.name in formative else "instructor", name))
        else:
            found.append(Role("student", name))
    return found
