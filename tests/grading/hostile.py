"""A class that attacks grading's perimeter: intake, rendered output, names shown to the grader.

Written from the attacks in the grading threat model, each submission with the result it
deserves. The course uses its own hidden-test and mark-scheme markers, so feedback must take
them from the configuration. ``build(root)`` writes the course and the class.
"""

from __future__ import annotations

import copy
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import nbformat
from classgen import make_class, new_course
from grading_helpers import REPO, toy_notebook

from canvaskit_widgets.grading.course import Course

BEGIN, END = "### SECRET CHECKS START", "### SECRET CHECKS STOP"
HIDDEN_LINE = "retention(10, 10, 0)"
MARKERS = f"""
# This course marks its hidden tests its own way.
c.ClearHiddenTests.begin_test_delimeter = {BEGIN!r}
c.ClearHiddenTests.end_test_delimeter = {END!r}
"""
CORRECT = "s000_correct"


def payload(tag: str) -> str:
    """JavaScript that marks the page and tries to write a file through the server's API."""
    return (
        f"window.canvaskitPwned='{tag}';fetch('/api/contents/pwned-{tag}.txt',"
        "{method:'PUT',body:JSON.stringify({type:'file',format:'text',content:'x'})})"
    )


MARKUP_OUTPUTS = f"""
from IPython.display import HTML, SVG, Javascript, Markdown, display
display(HTML({f"<script>{payload('html')}</script><img src=x onerror={payload('img')!r}>"!r}))
display(Javascript({payload("js")!r}))
display(SVG({f'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>{payload("svg")}</script></svg>'!r}))
display(Markdown({f"<script>{payload('md')}</script>"!r}))
"""
ESSAY = (
    f'<script>{payload("essay")}</script><img src=x onerror="{payload("essayimg")}">\n\n'
    "Keeping a customer costs less than winning a new one."
)
MARKUP_ID = "<img src=x onerror=alert(1)>"
ESCAPE_ID = "h_\x1b[2K\x1b[1Aclean"
FORMULA_ID = "=HYPERLINK(A1)"

# The student kernel is the student's: these answer cells replace what it sends the verdict
# kernel. ``total`` goes out as an Arrow stream of 100 zstd batches that each expand to 64 MB
# of zeros (0.2 MB sent, 6.4 GB declared); every reply of ``retention`` is a 15 MB tuple
# literal where the repr of one str belongs.
FORGED_EXPORTS = """
import base64, json
import numpy as np, pyarrow as pa
import canvaskit_widgets.grading._student as _own

def _bomb():
    zeros = pa.table({"x": np.zeros(8 * 2**20)})
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.ipc.new_stream(sink, zeros.schema, options=options) as writer:
        writer.write_table(zeros)
    one = sink.getvalue().to_pybytes()
    head = zeros.schema.serialize().to_pybytes()
    data = head + one[len(head):-8] * 100 + one[-8:]
    return json.dumps({"$": "frame", "v": base64.b64encode(data).decode()})

_honest = _own.export
def _export(namespace, names):
    sent = json.loads(_honest(namespace, names))
    if "total" in names:
        sent["total"] = {"value": _bomb()}
    return json.dumps(sent)
_own.export = _export

class _Reply:
    def __repr__(self):
        return "'" + "x', '" * 3_000_000 + "'"
_own.call = lambda ref, arguments: _Reply()
"""
# The grader itself reads each answer cell's export: retention's is a 50 MB tuple literal (the old
# reader, ``ast.literal_eval``, took more than 3 GB for it, outside every limit).
GRADER_EXPORTS = """
import canvaskit_widgets.grading._student as _own

class _Shown:
    def __repr__(self):
        return "'" + "x', '" * 10_000_000 + "'"
_honest = _own.export
_own.export = lambda namespace, names: _Shown() if "retention" in names else _honest(namespace, names)
"""
# Every reply of retention is 70 MB, over the largest message the verdict kernel takes from
# the student's (64 MB): the message is dropped, so the call runs over its time.
HUGE_REPLY = """
import json
import canvaskit_widgets.grading._student as _own

_own.call = lambda ref, arguments: json.dumps({"value": json.dumps("x" * (70 * 2**20))})
"""
# retention sleeps far past the 5 s a call may take, but only on the hidden test's call (the
# visible one passes): the grader interrupts it there and grades the rest.
SLOW_CALL = """
import time
_quick = retention
def retention(start, end, new):
    if start == 10:
        time.sleep(60)
    return _quick(start, end, new)
"""
# Valid tags under the byte cap: 1.3 million empty sets, 24 MB of text that take more than
# this class's memory limit (1 GB) in the verdict kernel once handed over and decoded.
MEMORY_EXPORTS = """
import json
import canvaskit_widgets.grading._student as _own

_honest = _own.export
def _export(namespace, names):
    sent = json.loads(_honest(namespace, names))
    if "total" in names:
        sets = ",".join(['{"$":"set","v":[]}'] * 1_300_000)
        sent["total"] = {"value": '{"$":"list","v":[' + sets + ']}'}
    return json.dumps(sent)
_own.export = _export
"""


@dataclass(frozen=True)
class Expected:
    """What a graded hostile submission must get: its total, words in its outcome's reasons,
    and what it is listed to review for."""

    total: float
    words: tuple[str, ...] = ()
    status: str = "graded"
    review: tuple[str, ...] = ()


def _source() -> nbformat.NotebookNode:
    nb = toy_notebook()
    for cell in nb.cells:
        cell.source = cell.source.replace("### BEGIN HIDDEN TESTS", BEGIN).replace(
            "### END HIDDEN TESTS", END
        )
    return nb


def _answer(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def build(root: Path) -> tuple[Course, dict[str, Expected], list[str]]:
    """The course at ``root`` with the hostile class submitted; returns the course, what each
    graded student must get, and the folder names that must be refused."""
    config = root.parent / "config.py"
    config.write_text((REPO / "nbgrader_config.py").read_text() + MARKERS)
    course = new_course(root, config, {"toy": _source()})
    make_class(course, "toy", ("correct",))
    top = course.step("submitted")
    correct = top / CORRECT / "toy"
    solved = nbformat.read(correct / "toy.ipynb", as_version=4)

    def submit(student: str, nb: nbformat.NotebookNode | None = solved) -> Path:
        folder = top / student / "toy"
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2025-03-01 12:00:00 UTC\n")
        if nb is not None:
            nbformat.write(nb, folder / "toy.ipynb")
        return folder

    outputs = copy.deepcopy(solved)
    _answer(outputs, "retention_answer").source += "\n" + MARKUP_OUTPUTS
    submit("h_markup_outputs", outputs)
    attacks = {
        "h_wire_forged": FORGED_EXPORTS,
        "h_wire_memory": MEMORY_EXPORTS,
        "h_wire_grader": GRADER_EXPORTS,
        "h_wire_huge": HUGE_REPLY,
        "h_slow_call": SLOW_CALL,
    }
    for student, attack in attacks.items():
        forged = copy.deepcopy(solved)
        _answer(forged, "retention_answer").source += "\n" + attack
        submit(student, forged)
    essay = copy.deepcopy(solved)
    _answer(essay, "explain_answer").source = ESSAY
    submit("h_markup_essay", essay)

    links = submit("h_links")
    (links / "source.ipynb").symlink_to(course.path("source", ".", "toy") / "toy.ipynb")
    (links / "gradebook.db").symlink_to(course.gradebook_file)
    (links / "friend.ipynb").symlink_to(correct / "toy.ipynb")
    (links / "zero").symlink_to("/dev/zero")
    os.mkfifo(links / "pipe")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(links / "sock"))
    linked = submit("h_link_notebook", None)
    (linked / "toy.ipynb").symlink_to(course.path("source", ".", "toy") / "toy.ipynb")

    deep = submit("h_deep")
    for _ in range(100):
        deep = deep / "d"
    deep.mkdir(parents=True)
    wide = submit("h_wide") / "many"
    wide.mkdir()
    for i in range(2100):
        (wide / f"{i}.txt").touch()
    with open(submit("h_big") / "big.bin", "wb") as f:
        f.truncate(150 * 2**20)  # sparse: over the cap, no disk used
    (submit("h_escname") / "\x1b[2J\x1b[Hwipe.txt").write_text("x")
    submit(FORMULA_ID)

    for refused in (".h_hidden", MARKUP_ID, ESCAPE_ID):
        submit(refused)
    (top / "h_alias").symlink_to(top / CORRECT, target_is_directory=True)

    expected = {
        CORRECT: Expected(6),
        "h_markup_outputs": Expected(6, review=("uses script in outputs",)),
        "h_markup_essay": Expected(6, review=("writes script in Markdown",)),
        # retention's forged replies and total's bomb score 0; the chart is graded (3).
        "h_wire_forged": Expected(
            3, ("total could not be read (a table with compressed buffers)",)
        ),
        # retention is never bound (its test meets a NameError: 0); total and the chart count.
        "h_wire_grader": Expected(
            4, ("its answers could not be read (an answer that is not a str)",)
        ),
        # retention's test meets a TimeoutError (0); total and the chart count.
        "h_wire_huge": Expected(4, ("retention() ran over 5 s",)),
        "h_slow_call": Expected(4, ("retention() ran over 5 s",)),
        # total meets the verdict kernel's memory limit; retention (2) and the chart (3) count.
        "h_wire_memory": Expected(5, ("total: too large for the verdict kernel's memory",)),
        "h_links": Expected(
            6,
            (
                f"source.ipynb: a symbolic link to {course.path('source', '.', 'toy')}",
                f"gradebook.db: a symbolic link to {course.gradebook_file}",
                "friend.ipynb: a symbolic link to",
                "zero: a symbolic link to /dev/zero: not followed",
                "pipe: a FIFO (named pipe): not followed",
                "sock: a socket: not followed",
            ),
        ),
        "h_link_notebook": Expected(
            0,
            (
                "toy.ipynb: a symbolic link to",
                "toy.ipynb was refused at intake, so it was not graded",
            ),
            "failed",
        ),
        "h_deep": Expected(6, ("folders nested deeper than 12 levels (--max-depth)",)),
        "h_wide": Expected(6, ("more than 2000 files and folders (--max-entries)",)),
        "h_big": Expected(6, ("big.bin: too large (150 MB",)),
        "h_escname": Expected(6, ("\\x1b[2J\\x1b[Hwipe.txt: a name with control characters",)),
        FORMULA_ID: Expected(6),
    }
    return course, expected, [".h_hidden", MARKUP_ID, "h_\\x1b[2K\\x1b[1Aclean", "h_alias"]
