"""Helpers for the exercise tests: run nbgrader, read answers, fill notebooks, read scores.

A committed answer (``answers/<case>/<name>.py``) holds the source of the answer cells it changes,
each after a line ``# %% <grade_id>``; every other answer cell keeps the solution. Its header says
what it shows (first line) and which test cells lose points (``# expect: grade_id=score, ...``);
optional ``# feedback: text`` lines must appear in its feedback.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

CASES = ("gemstone", "hair_salon", "maria", "esther")
ANSWERS = Path(__file__).parent / "answers"
REPO = Path(__file__).resolve().parents[2]


def course_env(root: Path) -> dict[str, str]:
    """The environment nbgrader needs: the venv's bin first on PATH (nbgrader runs `alembic`
    from there) and Jupyter's runtime files inside the course."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
    }


def run_nbgrader(root: Path, *args: str) -> str:
    """Run ``nbgrader ARGS`` in the course ``root`` and return its log; fail with the log."""
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        env=course_env(root),
        capture_output=True,
        text=True,
        check=False,
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{log[-4000:]}"
    return log


def nbgrader_meta(cell: nbformat.NotebookNode) -> dict:
    return cell.metadata.get("nbgrader", {})


def solution_sources(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The source notebook's answers by grade_id, with the solution markers dropped."""
    return {
        nbgrader_meta(cell)["grade_id"]: "\n".join(
            line
            for line in cell.source.split("\n")
            if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line
        )
        for cell in notebook.cells
        if nbgrader_meta(cell).get("solution")
    }


def hidden_lines(notebook: nbformat.NotebookNode) -> list[str]:
    """The lines only the notebook's hidden tests have (not even inside a visible line), long
    enough not to occur by chance."""
    hidden, shown, inside = [], [], False
    for cell in notebook.cells:
        for line in cell.source.split("\n"):
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                inside = "BEGIN" in line
            else:
                (hidden if inside else shown).append(line.strip())
    visible = "\n".join(shown)
    return [line for line in hidden if len(line) >= 16 and line not in visible]


def visible_text(page: str) -> str:
    """The text of an HTML page, tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@contextlib.contextmanager
def jupyter_server(root: Path) -> Iterator[Callable[[str], Any]]:
    """A Jupyter server started in ``root`` (so it reads its nbgrader_config.py), as a function
    that GETs a path and returns the decoded JSON; stopped on exit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cmd = [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}"]
    cmd += [
        "--ServerApp.token=canvaskit",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = (root / "server.log").open("w")
    server = subprocess.Popen(cmd, cwd=root, env=course_env(root), stdout=log, stderr=log)

    def get(path: str) -> Any:
        url = f"http://127.0.0.1:{port}{path}?token=canvaskit"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())

    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get("/api/status")
                break
            except OSError:
                assert server.poll() is None, (root / "server.log").read_text()
                assert time.monotonic() < deadline, "the Jupyter server did not start in 90 s"
                time.sleep(0.5)
        yield get
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@dataclass
class Answer:
    """A committed wrong or partial answer to one case."""

    case: str
    name: str
    summary: str
    expected: dict[str, float]
    cells: dict[str, str]
    feedback: list[str] = field(default_factory=list)


def parse_answer(case: str, path: Path) -> Answer:
    header, *parts = re.split(r"^# %% ", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    comments = [line.removeprefix("#").strip() for line in header.splitlines()]
    comments = [c for c in comments if c and not c.startswith("ruff:")]
    expected: dict[str, float] = {}
    feedback: list[str] = []
    for line in comments:
        if line.startswith("expect:"):
            for item in line.removeprefix("expect:").split(","):
                grade_id, _, score = item.strip().partition("=")
                expected[grade_id] = float(score)
        elif line.startswith("feedback:"):
            feedback.append(line.removeprefix("feedback:").strip())
    cells = {}
    for part in parts:
        grade_id, _, source = part.partition("\n")
        cells[grade_id.strip()] = source.strip("\n")
    assert expected, f"{path}: say which cells lose points in a '# expect:' line"
    return Answer(case, path.stem, comments[0], expected, cells, feedback)


def answers(case: str) -> list[Answer]:
    """The committed wrong and partial answers to ``case``."""
    return [parse_answer(case, p) for p in sorted((ANSWERS / case).glob("*.py"))]


def fill(release: nbformat.NotebookNode, sources: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the student notebook with the given answer cells written in."""
    notebook = nbformat.from_dict(release)
    known = {
        nbgrader_meta(c).get("grade_id") for c in notebook.cells if nbgrader_meta(c).get("solution")
    }
    unknown = set(sources) - known
    assert not unknown, (
        f"no answer cell with grade_id {sorted(unknown)}; answer cells: {sorted(known)}"
    )
    for cell in notebook.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution") and grade_id in sources:
            cell.source = sources[grade_id]
    return notebook


@dataclass
class GradedCourse:
    """A temporary course after generate, submit, autograde, feedback and export."""

    root: Path
    scores: dict[tuple[str, str], dict[str, tuple[float | None, float]]]
    students: dict[str, list[str]]

    def release(self, case: str) -> Path:
        return self.root / "exercises" / case / f"{case}.ipynb"

    def feedback(self, case: str, student: str) -> Path:
        return self.root / "instructor" / "feedback" / student / case / f"{case}.html"

    def autograded(self, case: str, student: str) -> dict[str, tuple[float | None, float]]:
        """Auto score and maximum of every autograded cell, by grade_id."""
        return {k: v for k, v in self.scores[case, student].items() if v[0] is not None}


def read_scores(root: Path) -> dict[tuple[str, str], dict[str, tuple[float | None, float]]]:
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{root / 'instructor' / 'gradebook.db'}", "canvaskit") as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    scores[assignment.name, submission.student.id] = {
                        g.name: (None if g.needs_manual_grade else g.auto_score, g.max_score)
                        for g in notebook.grades
                    }
    return scores


def grade_course(root: Path) -> GradedCourse:
    """Generate every case in the course ``root`` (a copy of the repository's config and
    solutions), submit the solution, the blank notebook and each committed answer, autograde,
    generate feedback and export."""
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(
        REPO / "solutions", root / "solutions", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    run_nbgrader(root, "generate_assignment", "*")
    students: dict[str, list[str]] = {}
    for case in CASES:
        if not (root / "solutions" / case / f"{case}.ipynb").is_file():
            continue  # test_every_case_has_an_exercise reports it
        source = nbformat.read(root / "solutions" / case / f"{case}.ipynb", as_version=4)
        release = nbformat.read(root / "exercises" / case / f"{case}.ipynb", as_version=4)
        solution = solution_sources(source)
        submissions = {"solution": fill(release, solution), "blank": release}
        for answer in answers(case):
            submissions[answer.name] = fill(release, {**solution, **answer.cells})
        for student, notebook in submissions.items():
            folder = root / "instructor" / "submitted" / student / case
            folder.mkdir(parents=True)
            nbformat.write(notebook, folder / f"{case}.ipynb")
        students[case] = list(submissions)
    run_nbgrader(root, "autograde", "*")
    run_nbgrader(root, "generate_feedback", "*")
    run_nbgrader(root, "export", "--to", str(root / "grades.csv"))
    return GradedCourse(root, read_scores(root), students)
