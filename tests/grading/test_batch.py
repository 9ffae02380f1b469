"""Grading a whole class of the toy assignment: scores, reasons, the gradebook, re-runs."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time

import nbformat
import pytest
from classgen import HOSTILE, ORDINARY, make_class, nbgrader_env
from grading_helpers import (
    LIMITS,
    SECRET_VALUE,
    TOTALS,
    cell_scores,
    expected_scores,
    max_points,
    outcome_text,
    printed,
)

from canvaskit_widgets.cli import main
from canvaskit_widgets.grading import batch
from canvaskit_widgets.grading.batch import Options, Worker, default_jobs, grade
from canvaskit_widgets.grading.kernels import ForkedKernel, Zygote, ZygoteError
from canvaskit_widgets.grading.pipeline import Pipeline
from canvaskit_widgets.grading.sandbox import clean_env

pytestmark = pytest.mark.slow


def test_the_generator_makes_every_kind_once(graded):
    assert [p.kind for p in graded.planned] == [*ORDINARY, *HOSTILE]
    assert set(TOTALS) == {*ORDINARY, *HOSTILE}


def test_every_submission_gets_its_worked_out_total(graded):
    totals = {
        kind: sum(float(s or 0) for s in scores.values()) for kind, scores in graded.scores.items()
    }
    assert totals == TOTALS


def test_every_test_cell_score_matches_the_plan(graded):
    points = max_points(graded.course, "toy")
    wrong = {}
    for plan in graded.planned:
        want = expected_scores(plan, points, graded.scores)
        got = {k: float(v or 0) for k, v in graded.scores[plan.kind].items()}
        if got != want:
            wrong[plan.kind] = (got, want)
    assert wrong == {}


def test_every_outcome_has_its_status_and_names_what_happened(graded):
    problems = []
    for plan in graded.planned:
        outcome = graded.outcomes[plan.student]
        text = outcome_text(outcome)
        if outcome.status != plan.status:
            problems.append((plan.kind, outcome.status))
        problems += [(plan.kind, word, text) for word in plan.words if word not in text]
    assert problems == []


def test_honest_submissions_carry_no_flags(graded):
    for kind in ORDINARY:
        outcome = graded.outcomes[graded.student(kind)]
        assert (outcome.tampered, outcome.timed_out, outcome.kernel_died, outcome.reasons) == (
            [],
            [],
            [],
            [],
        ), kind


def test_the_summary_counts_each_problem_and_names_the_students(graded):
    result = graded.result
    assert {o.student for o in result.count("failed")} == {
        graded.student(k) for k in ("corrupt_json", "empty_file", "missing")
    }
    honest = {graded.student(k) for k in ORDINARY}
    timed_out = {o.student for o in result.count("timed out")}
    assert {graded.student(k) for k in ("loop", "stubborn_loop", "slow_cells")} <= timed_out
    died = {o.student for o in result.count("kernel died")}
    assert graded.student("os_exit") in died
    assert not (timed_out | died) & honest
    tampered = {o.student for o in result.count("tampered")}
    assert graded.student("edit_test") in tampered and graded.student("correct") not in tampered
    # Every essay waits for a grader, except where there is none: blank, unreadable, missing.
    blank = {graded.student(k) for k in ("blank", "corrupt_json", "empty_file", "missing")}
    assert {o.student for o in result.count("needs manual")} == set(graded.outcomes) - blank
    summary = result.summary()
    assert "  failed           3" in summary
    assert graded.student("corrupt_json") in summary
    assert "protections: files on" in summary or "protections: files OFF" in summary


@pytest.mark.parametrize(("cores", "workers"), [(1, 2), (2, 3), (3, 5), (4, 6), (16, 24)])
def test_the_default_is_one_and_a_half_workers_per_core_rounded_up(monkeypatch, cores, workers):
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    monkeypatch.setattr(batch, "available_memory", lambda: 1000 * 2**30)
    assert default_jobs() == workers
    monkeypatch.setattr(batch, "available_memory", lambda: None)  # unknown: cores alone decide
    assert default_jobs() == workers


@pytest.mark.parametrize(
    ("free_gb", "memory_gb", "workers"), [(64, 2, 12), (8, 2, 3), (8, 1, 6), (4, 1, 3), (1, 2, 1)]
)
def test_the_default_workers_fit_in_the_free_memory(monkeypatch, free_gb, memory_gb, workers):
    monkeypatch.setattr("os.cpu_count", lambda: 8)  # 12 workers by the cores
    monkeypatch.setattr(batch, "available_memory", lambda: free_gb * 2**30)
    assert default_jobs(memory_gb * 2**30) == workers
    # Each worker's share: its own processes and a submission using all of its allowance.
    assert workers == 1 or workers * (batch.WORKER_MEMORY + memory_gb * 2**30) <= free_gb * 2**30


def test_the_free_memory_is_read_from_the_system():
    free = batch.available_memory()
    if sys.platform.startswith("linux"):  # /proc/meminfo
        assert free is not None
    assert free is None or 0 < free <= os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def test_a_class_without_jobs_given_gets_the_default_workers(graded):
    assert graded.result.jobs == min(default_jobs(LIMITS.memory), len(graded.outcomes)) > 1
    assert f"with {graded.result.jobs} worker(s)" in graded.result.summary()


def test_the_workers_share_one_verdict_fork_server(toy_course, monkeypatch):
    make_class(toy_course, "toy", ("correct", "blank", "partial"))
    started = []
    start = Zygote.start

    async def counted(self, *args, **kwargs):
        started.append("verdicts" if self.log.name == "verdicts.log" else "sandbox")
        return await start(self, *args, **kwargs)

    monkeypatch.setattr(Zygote, "start", counted)
    result = grade(toy_course, "toy", Options(limits=LIMITS, jobs=3, progress=False), io.StringIO())
    assert sorted(started) == ["sandbox"] * 3 + ["verdicts"]
    assert [o.score for o in sorted(result.outcomes, key=lambda o: o.student)] == [6.0, 0.0, 3.0]


def test_ending_a_kernel_spares_the_other_kernels_of_its_server(tmp_path):
    async def scenario() -> tuple[bool, bool]:
        env = clean_env(tmp_path)
        command = [sys.executable, "-m", "canvaskit_widgets.grading._zygote", json.dumps({})]
        server = Zygote(command, tmp_path / "server.log", env)
        await server.start()
        try:
            one, other = (ForkedKernel(server, tmp_path, env=env, limits={}) for _ in range(2))
            await one.start_kernel()
            await other.start_kernel()
            await one.shutdown_kernel()
            alive = await one.is_alive(), await other.is_alive()
            await other.shutdown_kernel()
            return alive
        finally:
            await server.close()

    assert asyncio.run(scenario()) == (False, True)


def test_the_progress_bar_and_protections_are_shown(graded):
    assert "grading toy" in graded.log and "100%" in graded.log
    for name in ("files", "network", "memory", "time", "processes", "cpu", "disk"):
        assert f"canvaskit: {name}: " in graded.log


def test_hidden_tests_ran_and_a_tampered_test_says_why_it_scores_zero(graded):
    nb = nbformat.read(
        graded.course.path("autograded", graded.student("edit_test"), "toy") / "toy.ipynb", 4
    )
    cell = next(
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_retention"
    )
    assert "retention(10, 10, 0)" in cell.source
    assert cell.outputs[0]["ename"] == "TamperedTestCell"
    assert "edited" in cell.outputs[0]["evalue"]


def test_nbgrader_export_reads_the_gradebook(graded):
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "export"],
        cwd=graded.course.root,
        env=nbgrader_env(),
        check=True,
        capture_output=True,
    )
    with (graded.course.root / "grades.csv").open() as f:
        rows = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    assert rows == {p.student: float(TOTALS[p.kind]) for p in graded.planned}


def test_escapes_are_blocked_where_the_sandbox_is_on(graded):
    if not all(p.on for p in graded.result.protections if p.name in ("files", "network")):
        pytest.skip("this machine cannot sandbox student code: " + graded.result.summary())
    nb = nbformat.read(
        graded.course.path("autograded", graded.student("escape"), "toy") / "toy.ipynb", 4
    )
    printed = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert printed.count("blocked:") == 6
    assert "LEAK" not in printed
    assert not (graded.course.root / "pwned.txt").exists()


def test_no_kernel_sees_the_graders_secrets_hidden_tests_or_solutions(graded):
    secrets = printed(graded.course, "toy", graded.student("secrets"))
    assert "no secret seen" in secrets and SECRET_VALUE not in secrets
    hidden = printed(graded.course, "toy", graded.student("read_hidden"))
    assert "nothing hidden found" in hidden and "LEAK" not in hidden


def test_forged_replies_and_stolen_helpers_change_no_verdict(graded):
    """The verdict kernel's outputs, not the student kernel's messages, fill the test cells."""
    for kind in ("steal_guard", "forge_replies", "edit_memory", "patch_helpers"):
        nb = nbformat.read(
            graded.course.path("autograded", graded.student(kind), "toy") / "toy.ipynb", 4
        )
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        errors = [c for c in tests if c.cell_type == "code" and c.outputs]
        assert all(any(o["output_type"] == "error" for o in c.outputs) for c in errors), kind
        assert len(errors) == 3, kind


def test_the_limits_hit_are_named_in_the_summary(graded):
    summary = graded.result.summary()
    assert f"{graded.student('slow_cells')}: toy:" in summary
    assert "ran over its 20 s budget" in summary
    assert "more than 100 code cells" in summary
    assert "killed at the memory limit" in summary


def test_what_one_student_leaves_behind_never_reaches_the_next(toy_course):
    """Graded one after another by one worker: startup files, temp and working-folder files
    left by the first submission must not cost the next ones a point."""
    planned = make_class(toy_course, "toy", ("persist", "correct", "partial", "correct"))
    grade(toy_course, "toy", Options(limits=LIMITS, jobs=1, progress=False), out=io.StringIO())
    totals = {
        p.student: sum(float(s or 0) for s in cell_scores(toy_course, "toy", p.student).values())
        for p in planned
    }
    assert list(totals.values()) == [6.0, 6.0, 3.0, 6.0]
    left = printed(toy_course, "toy", planned[0].student)
    assert "left:" in left, "the attack must have written something to be a test"


def test_a_rerun_grades_only_new_or_changed_submissions(toy_course):
    make_class(toy_course, "toy", ("correct", "blank"))
    quiet = Options(limits=LIMITS, progress=False)
    first = grade(toy_course, "toy", quiet, out=io.StringIO())
    assert sorted(o.student for o in first.outcomes) == ["s000_correct", "s001_blank"]
    again = grade(toy_course, "toy", quiet, out=io.StringIO())
    assert again.outcomes == [] and sorted(again.skipped) == ["s000_correct", "s001_blank"]
    # The blank student submits again, with answers this time.
    shutil.copy(
        toy_course.path("submitted", "s000_correct", "toy") / "toy.ipynb",
        toy_course.path("submitted", "s001_blank", "toy") / "toy.ipynb",
    )
    changed = grade(toy_course, "toy", quiet, out=io.StringIO())
    assert [o.student for o in changed.outcomes] == ["s001_blank"]
    assert changed.outcomes[0].score == 6
    forced = grade(
        toy_course, "toy", Options(limits=LIMITS, progress=False, force=True), out=io.StringIO()
    )
    assert len(forced.outcomes) == 2


def test_the_command_line_grades_chosen_students_and_reports(toy_course, capsys):
    make_class(toy_course, "toy", ("correct", "partial", "blank"))
    code = main(
        [
            "grade",
            "toy",
            "--course",
            str(toy_course.root),
            "-s",
            "s00[01]*",
            "--no-progress",
            "-j",
            "1",
        ]
    )
    out = capsys.readouterr()
    assert code == 0
    assert "2 graded" in out.out and "s002_blank" not in out.out
    assert main(["grade", "nosuch", "--course", str(toy_course.root)]) == 2
    assert "run `nbgrader generate_assignment nosuch` first" in capsys.readouterr().err


def test_what_was_graded_before_a_worker_fails_is_recorded(toy_course, monkeypatch):
    make_class(toy_course, "toy", ("correct", "blank", "partial"))
    run = Worker.run

    async def fails_on_the_second(self, job, prepared, pipeline):
        if prepared.submission.student != "s000_correct":
            raise RuntimeError("the sandbox broke")
        return await run(self, job, prepared, pipeline)

    async def cannot_restart(self):
        raise ZygoteError("the fork server cannot start again")

    finish = Pipeline.finish

    def slow_finish(self, prepared, seconds):  # still scoring the first when the worker fails
        time.sleep(3)
        return finish(self, prepared, seconds)

    monkeypatch.setattr(Pipeline, "finish", slow_finish)
    monkeypatch.setattr(Worker, "run", fails_on_the_second)
    monkeypatch.setattr(Worker, "restart", cannot_restart)
    with pytest.raises(ZygoteError):
        grade(toy_course, "toy", Options(limits=LIMITS, jobs=1, progress=False), out=io.StringIO())
    outcomes = json.loads((toy_course.state_dir / "toy.json").read_text())["outcomes"]
    kept = outcomes.values() if isinstance(outcomes, dict) else outcomes
    assert [(o["student"], o["score"]) for o in kept] == [("s000_correct", 6.0)]
