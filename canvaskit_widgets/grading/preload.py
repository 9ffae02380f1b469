"""What the fork servers make once before they fork, read from the source notebooks: the
modules the notebooks import, and the package's datasets their cells generate."""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterable

from .tamper import SourceCell

__all__ = ["TRACED", "dataset_calls", "importable", "modules"]

# The modules a failed test's traceback passes through, which the verdict's fork server parses
# once (each kernel would parse them again for its first traceback): the checks the tests call
# and the proxy of the student's functions. Parsing the package's other modules would cost
# every fork server more than the few tracebacks that reach them.
TRACED = ("canvaskit_widgets.exercise", "canvaskit_widgets.grading._verdict")


def _trees(cells: Iterable[SourceCell]) -> list[ast.Module]:
    trees = []
    for cell in cells:
        try:
            trees.append(ast.parse(cell.source))
        except SyntaxError:
            continue
    return trees


def importable(name: str) -> bool:
    """Whether ``name`` is a module (not, say, a function imported from one)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def modules(cells: Iterable[SourceCell]) -> list[str]:
    """Modules the cells import (importable here): a fork server loads them once."""
    names = {"canvaskit_widgets"}
    for tree in _trees(cells):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(n for n in names if importable(n))


def dataset_calls(cells: Iterable[SourceCell]) -> list[list]:
    """Calls of ``canvaskit_widgets.datasets`` generators with literal arguments in the cells, as
    ``[name, args, kwargs]``. Made once in the verdict's fork server, they leave the frames
    remembered for every verdict kernel (``datasets`` hands each caller its own copy)."""
    from canvaskit_widgets.datasets import DATASETS

    trees = _trees(cells)
    spelled = {f"canvaskit_widgets.datasets.{name}": name for name in DATASETS}
    for tree in trees:  # the names the cells import the module or a generator under
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "canvaskit_widgets":
                for alias in node.names:
                    if alias.name == "datasets":
                        prefix = alias.asname or alias.name
                        spelled.update({f"{prefix}.{name}": name for name in DATASETS})
            elif isinstance(node, ast.ImportFrom) and node.module == "canvaskit_widgets.datasets":
                spelled.update(
                    {a.asname or a.name: a.name for a in node.names if a.name in DATASETS}
                )
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "canvaskit_widgets.datasets" and alias.asname:
                        spelled.update({f"{alias.asname}.{name}": name for name in DATASETS})
    calls: list[list] = []
    for tree in trees:
        for node in ast.walk(tree):
            name = spelled.get(ast.unparse(node.func)) if isinstance(node, ast.Call) else None
            if name is None:
                continue
            try:
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
            except ValueError:
                continue  # an argument computed in the notebook
            if len(kwargs) == len(node.keywords) and [name, args, kwargs] not in calls:
                calls.append([name, args, kwargs])
    return calls
