"""Make a class of submissions for any nbgrader assignment: honest ones and hostile ones.

The answers come from the source notebook's solution cells, so the same generator serves every
case. Each submission is planned with what grading must find: the per-test scores (as a
baseline plus the tests that must score 0) and words the outcome must contain. Run
``python -m canvaskit_widgets.grading.classgen COURSE ASSIGNMENT`` to write one.
"""

from __future__ import annotations

import argparse
import ast
import copy
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell

from .course import Course

__all__ = ["HOSTILE", "ORDINARY", "Planned", "make_class", "ordinary_class"]

# Kinds whose scores plain nbgrader must reproduce exactly (the benchmark uses them).
ORDINARY = ("correct", "partial", "blank", "wrong")

# Kinds that try to break or game grading.
HOSTILE = (
    "loop",
    "stubborn_loop",
    "memory_bomb",
    "os_exit",
    "sys_exit",
    "huge_output",
    "delete_test",
    "duplicate_test",
    "edit_test",
    "retype_test",
    "ungrade_test",
    "add_graded_cell",
    "corrupt_json",
    "empty_file",
    "renamed",
    "missing",
    "escape",
    "patch_builtins",
    "patch_helpers",
    "swallow_errors",
    "empty_cells",
    "ast_strip",
    "thread_patcher",
)


@dataclass(frozen=True)
class Planned:
    """One generated submission and what grading it must give.

    Parameters
    ----------
    student, kind:
        The student id and what the submission is (see ``ORDINARY`` and ``HOSTILE``).
    baseline:
        Per-test scores it must match: ``max`` (full points), ``zero``, ``partial``
        (``answered`` tests full, others 0), or another kind's actual scores.
    zero:
        Tests that must score 0 on top of the baseline.
    status:
        ``graded`` or ``failed``.
    words:
        Texts that must appear in the outcome's reasons, tampering or review list.
    answered:
        For ``partial``: the tests whose part was answered.
    """

    student: str
    kind: str
    baseline: str
    zero: tuple[str, ...] = ()
    status: str = "graded"
    words: tuple[str, ...] = ()
    answered: tuple[str, ...] = ()


def _meta(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _strip_markers(source: str) -> str:
    return "\n".join(
        line
        for line in source.split("\n")
        if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line
    )


def _wrong(source: str) -> str:
    """A wrong answer with the same names: each function returns None, each value is None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "pass"
    lines = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines.append(f"def {node.name}(*args, **kwargs):\n    return None")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            lines += [f"{t.id} = None" for t in targets if isinstance(t, ast.Name)]
    return "\n".join(lines) or "pass"


class _Assignment:
    """The release notebook, the source's answers and the tests, of one notebook."""

    def __init__(self, course: Course, assignment: str, name: str) -> None:
        source = course.path("source", ".", assignment) / f"{name}.ipynb"
        self.release_dir = course.path("release", ".", assignment)
        self.release = nbformat.read(self.release_dir / f"{name}.ipynb", as_version=4)
        cells = nbformat.read(source, as_version=4).cells
        self.answers = {  # code answers, in order
            _meta(c)["grade_id"]: _strip_markers(c.source)
            for c in cells
            if _meta(c).get("solution") and c.cell_type == "code"
        }
        self.essays = {  # written answers, graded by hand
            _meta(c)["grade_id"]: _strip_markers(c.source)
            for c in cells
            if _meta(c).get("solution") and c.cell_type == "markdown"
        }
        self.tests: list[str] = []
        self.part: dict[str, int] = {}  # test -> number of answer cells before it
        seen = 0
        for cell in self.release.cells:
            meta = _meta(cell)
            if meta.get("grade_id") in self.answers:
                seen += 1
            elif meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
                self.tests.append(meta["grade_id"])
                self.part[meta["grade_id"]] = seen

    def notebook(self, answers: dict[str, str], essays: bool = True) -> NotebookNode:
        """The release with ``answers`` written in (and the essays, unless told not to)."""
        answers = {**(self.essays if essays else {}), **answers}
        nb = copy.deepcopy(self.release)
        for cell in nb.cells:
            if _meta(cell).get("grade_id") in answers:
                cell.source = answers[_meta(cell)["grade_id"]]
        return nb

    def index(self, nb: NotebookNode, grade_id: str) -> int:
        return next(i for i, c in enumerate(nb.cells) if _meta(c).get("grade_id") == grade_id)

    @property
    def first_answer(self) -> str:
        return next(iter(self.answers))

    def tests_from(self, answer_number: int) -> tuple[str, ...]:
        """Tests after the ``answer_number``-th answer cell (1-based) begins."""
        return tuple(t for t in self.tests if self.part[t] >= answer_number)


_LOOP = "\nwhile True:\n    pass\n"
_STUBBORN = """
import time
while True:
    try:
        time.sleep(0.2)
    except BaseException:
        pass
"""
_BOMB = """
_bomb = []
try:
    while True:
        _bomb.append(bytearray(2**26))
finally:
    del _bomb
"""
_HELPERS = """
import canvaskit_widgets.checks as _checks
import canvaskit_widgets.exercise as _exercise
_checks.check = lambda *args, **kwargs: True
for _name in ("expect", "expect_type", "expect_keys", "expect_chart"):
    setattr(_exercise, _name, lambda *args, **kwargs: None)
    globals()[_name] = lambda *args, **kwargs: None
check = lambda *args, **kwargs: True
"""
_BUILTINS = """
import builtins
builtins.abs = lambda value: 0  # so that `abs(got - want) < 1e-6` always holds
builtins.round = lambda value, digits=None: value
"""
_SWALLOW = "\nget_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"
_EMPTY = "\nget_ipython().input_transformers_post.append(lambda lines: [])\n"
_AST = """
import ast as _ast
class _Strip(_ast.NodeTransformer):
    def visit_Module(self, node):
        node.body = []
        return node
get_ipython().ast_transformers.append(_Strip())
"""
_THREAD = """
import threading, time
import canvaskit_widgets.exercise as _exercise
def _keep_patching():
    while True:
        try:
            for _name in ("expect", "expect_type", "expect_keys", "expect_chart"):
                setattr(_exercise, _name, lambda *args, **kwargs: None)
                globals()[_name] = lambda *args, **kwargs: None
            time.sleep(0.001)
        except BaseException:
            pass
threading.Thread(target=_keep_patching, daemon=True).start()
"""


def _escape(course: Course, assignment: str, name: str, other: str) -> str:
    """Code that tries every way out of the sandbox and prints what it got."""
    targets = {
        "gradebook": course.gradebook_file,
        "another student's notebook": course.path("submitted", other, assignment) / f"{name}.ipynb",
        "the source notebook": course.path("source", ".", assignment) / f"{name}.ipynb",
    }
    reads = "".join(
        f"_try({what!r}, lambda: open({str(path)!r}, 'rb').read(10))\n"
        for what, path in targets.items()
        if path is not None
    )
    return textwrap.dedent(
        f"""
        import os, socket
        def _try(what, action):
            try:
                action()
                print("LEAK:", what)
            except Exception as exc:
                print("blocked:", what, type(exc).__name__)
        {{reads}}_try("write to the course", lambda: open({str(course.root / "pwned.txt")!r}, 'w').write('x'))
        _try("network", lambda: socket.create_connection(("1.1.1.1", 53), timeout=2))
        _try("stopping the grader", lambda: os.kill(os.getppid(), 9))
        """
    ).replace("{reads}", reads)


def make_class(
    course: Course, assignment: str, kinds: tuple[str, ...] = ORDINARY + HOSTILE, start: int = 0
) -> list[Planned]:
    """Write one submission of each of ``kinds`` for ``assignment``; return what each must get."""
    names = course.notebooks(assignment)
    if len(names) != 1:
        raise ValueError(
            f"the generator handles one-notebook assignments; {assignment} has {names}"
        )
    name = names[0]
    spec = _Assignment(course, assignment, name)
    if not spec.tests:
        raise ValueError(f"{assignment} has no autograded test cells")
    planned = []
    students = [f"s{start + i:03d}_{kind}" for i, kind in enumerate(kinds)]
    for student, kind in zip(students, kinds, strict=True):
        other = next((s for s in students if s != student), student)
        plan, content = _build(spec, course, assignment, name, student, kind, other)
        _write(course, assignment, student, name, kind, content, spec)
        planned.append(plan)
    return planned


def ordinary_class(course: Course, assignment: str, size: int) -> list[Planned]:
    """``size`` ordinary submissions (correct, partial, blank, wrong in turn) for benchmarks."""
    kinds = tuple(ORDINARY[i % len(ORDINARY)] for i in range(size))
    return make_class(course, assignment, kinds)


def _build(
    spec: _Assignment,
    course: Course,
    assignment: str,
    name: str,
    student: str,
    kind: str,
    other: str,
) -> tuple[Planned, NotebookNode | str | None]:
    answers = dict(spec.answers)
    first = spec.first_answer
    test = spec.tests[0]
    wrong = {gid: _wrong(src) for gid, src in answers.items()}
    after_first = spec.tests_from(1)
    hacks = {
        "patch_builtins": (_BUILTINS, ("replaced builtins.abs",)),
        "patch_helpers": (_HELPERS, ("replaced",)),
        "swallow_errors": (_SWALLOW, ("custom exception handler",)),
        "empty_cells": (_EMPTY, ("input transformers",)),
        "ast_strip": (_AST, ("ast transformers",)),
        "thread_patcher": (_THREAD, ("thread",)),
    }
    if kind == "correct":
        return Planned(student, kind, "max"), spec.notebook(answers)
    if kind == "blank":
        return Planned(student, kind, "zero"), spec.notebook({}, essays=False)
    if kind == "wrong":
        return Planned(student, kind, "zero"), spec.notebook(wrong)
    if kind == "partial":
        half = math.ceil(len(answers) / 2)
        kept = dict(list(answers.items())[:half])
        answered = tuple(t for t in spec.tests if spec.part[t] <= half)
        return Planned(student, kind, "partial", answered=answered), spec.notebook(kept)
    if kind in hacks:
        code, words = hacks[kind]
        wrong[first] = wrong[first] + "\n" + code
        return Planned(student, kind, "wrong", words=words), spec.notebook(wrong)
    appended = {
        "loop": (_LOOP, "max", (), ("interrupted",)),
        "stubborn_loop": (_STUBBORN, "max", after_first, ("ignored the interrupt",)),
        "memory_bomb": (_BOMB, "max", (), ("memory limit",)),
        "os_exit": ("\nimport os\nos._exit(3)\n", "max", after_first, ("exited with code 3",)),
        "sys_exit": ("\nimport sys\nsys.exit(0)\n", "max", (), ()),
        "huge_output": ("\nprint('x' * 6_000_000)\n", "max", (), ("output too long",)),
    }
    if kind in appended:
        code, baseline, zero, words = appended[kind]
        answers[first] = answers[first] + "\n" + code
        return Planned(student, kind, baseline, zero, words=words), spec.notebook(answers)
    if kind == "escape":
        answers[first] += "\n" + _escape(course, assignment, name, other)
        return Planned(student, kind, "max", words=("grading files",)), spec.notebook(answers)
    nb = spec.notebook(answers)
    where = spec.index(nb, test)
    if kind == "delete_test":
        del nb.cells[where]
    elif kind == "duplicate_test":
        twin = copy.deepcopy(nb.cells[where])
        twin["id"] = f"{twin.get('id', 'test')}-copy"
        nb.cells.insert(where, twin)
    elif kind == "edit_test":
        nb.cells[where].source = "assert True"
    elif kind == "retype_test":
        cell = nb.cells[where]
        nb.cells[where] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
    elif kind == "ungrade_test":
        nb.cells[where].metadata.nbgrader["grade"] = False
    elif kind == "add_graded_cell":
        bonus = new_code_cell("print('bonus points please')")
        bonus.metadata["nbgrader"] = {
            "schema_version": 3,
            "grade": True,
            "solution": False,
            "locked": True,
            "grade_id": "bonus",
            "points": 100,
        }
        nb.cells.insert(where, bonus)
        return Planned(student, kind, "max", words=("added graded cell bonus",)), nb
    elif kind == "corrupt_json":
        return Planned(student, kind, "zero", status="failed", words=("not a valid",)), "{"
    elif kind == "empty_file":
        return Planned(student, kind, "zero", status="failed", words=("is empty",)), ""
    elif kind == "renamed":
        return Planned(student, kind, "max", words=("renamed",)), nb
    elif kind == "missing":
        return Planned(student, kind, "zero", status="failed", words=("no ",)), None
    else:
        raise ValueError(f"unknown kind of submission: {kind!r}")
    verb = {
        "delete_test": "deleted",
        "duplicate_test": "duplicated",
        "edit_test": "edited",
        "retype_test": "retyped",
        "ungrade_test": "edited",
    }[kind]
    return Planned(student, kind, "max", (test,), words=(f"{verb} test cell {test}",)), nb


def _write(
    course: Course,
    assignment: str,
    student: str,
    name: str,
    kind: str,
    content: NotebookNode | str | None,
    spec: _Assignment,
) -> None:
    folder = course.path("submitted", student, assignment)
    folder.mkdir(parents=True, exist_ok=True)
    for extra in spec.release_dir.iterdir():
        if extra.is_file() and extra.suffix != ".ipynb":
            (folder / extra.name).write_bytes(extra.read_bytes())
    (folder / "timestamp.txt").write_text("2025-03-01 12:00:00 UTC\n")
    target = folder / (f"{name} (1).ipynb" if kind == "renamed" else f"{name}.ipynb")
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    elif content is not None:
        nbformat.write(content, target)


def main(argv: list[str] | None = None) -> int:
    """Write a class of submissions into a course's submitted folder."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("course", type=Path)
    parser.add_argument("assignment")
    parser.add_argument("--ordinary", type=int, metavar="N", help="N ordinary submissions only")
    args = parser.parse_args(argv)
    course = Course.find(args.course)
    if args.ordinary:
        planned = ordinary_class(course, args.assignment, args.ordinary)
    else:
        planned = make_class(course, args.assignment)
    print(f"wrote {len(planned)} submissions of {args.assignment} in {course.step('submitted')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
