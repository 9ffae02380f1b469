"""The intake caps an instructor sets: in the course's nbgrader_config.py or on the command
line, checked, with the defaults kept when nothing is set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from classgen import make_class
from grading_helpers import cell_scores

from canvaskit_widgets.cli import build_parser, main
from canvaskit_widgets.grading.commands import _caps
from canvaskit_widgets.grading.course import Course
from canvaskit_widgets.grading.intake import CapError, Caps, check


def test_the_defaults_are_unchanged_when_nothing_is_set():
    assert Caps.chosen({}, {}) == Caps() == Caps(100 * 2**20, 300 * 2**20, 12, 2000)


@pytest.mark.parametrize(
    ("name", "value", "wrong"),
    [
        ("max_depth", "0", "must be a whole number above 0, not '0'"),
        ("max_entries", -5, "must be a whole number above 0, not -5"),
        ("max_entries", "2.5", "must be a whole number above 0, not '2.5'"),
        ("max_file_mb", "abc", "must be a number of megabytes above 0, not 'abc'"),
        ("max_file_mb", "nan", "not 'nan'"),
        ("max_submission_mb", "inf", "not 'inf'"),
        ("max_submission_mb", True, "not True"),
        ("max_file_mb", None, "not None"),
        ("max_file_mb", 1e-9, "above 0"),  # not one byte
    ],
)
def test_nonsense_values_are_refused_with_what_is_wrong(name, value, wrong):
    with pytest.raises(CapError) as refused:
        check(name, value)
    assert wrong in str(refused.value)


def test_sensible_values_are_taken_in_their_units():
    assert check("max_file_mb", "0.5") == 0.5
    assert check("max_depth", "20") == 20 and check("max_entries", 3.0) == 3
    caps = Caps.chosen({"max_file_mb": 0.5, "max_submission_mb": "1"}, {"max_depth": 3})
    assert caps == Caps(file_bytes=2**19, total_bytes=2**20, depth=3, entries=2000)


def test_the_command_line_wins_over_the_course_config(toy_course):
    with open(toy_course.root / "nbgrader_config.py", "a") as config:
        config.write("\nc.CanvaskitIntake.max_file_mb = 1\nc.CanvaskitIntake.max_depth = 20\n")
    course = Course.find(toy_course.root)
    args = build_parser().parse_args(["grade", "toy", "--max-depth", "5", "--max-entries", "9"])
    assert _caps(course, args) == Caps(file_bytes=2**20, depth=5, entries=9)
    assert _caps(course, build_parser().parse_args(["grade", "toy"])).depth == 20


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("c.CanvaskitIntake.max_depth = 0", "c.CanvaskitIntake.max_depth must be a whole number"),
        ("c.CanvaskitIntake.max_file = 5", "c.CanvaskitIntake.max_file is not a setting (the"),
    ],
)
def test_nonsense_in_the_course_config_stops_before_grading(toy_course, capsys, line, said):
    make_class(toy_course, "toy", ("correct",))
    with open(toy_course.root / "nbgrader_config.py", "a") as config:
        config.write(f"\n{line}\n")
    assert main(["grade", "toy", "--course", str(toy_course.root), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert f"canvaskit: {toy_course.root / 'nbgrader_config.py'}: {said}" in err
    assert not toy_course.step("autograded").exists(), "nothing was graded"


@pytest.mark.parametrize("flag", ["--max-file", "--max-submission", "--max-depth", "--max-entries"])
@pytest.mark.parametrize("value", ["0", "-1", "ten"])
def test_nonsense_on_the_command_line_is_a_usage_error(capsys, flag, value):
    with pytest.raises(SystemExit) as stopped:
        main(["grade", "toy", flag, value])
    assert stopped.value.code == 2
    assert f"argument {flag}: must be a " in capsys.readouterr().err


def test_the_help_names_each_cap_and_its_default(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    out = capsys.readouterr().out
    shown = " ".join(out[out.index("options:") :].split())  # not the usage line
    defaults = Caps()
    for flag, value in [
        ("--max-file MB", defaults.file_bytes // 2**20),
        ("--max-submission MB", defaults.total_bytes // 2**20),
        ("--max-depth N", defaults.depth),
        ("--max-entries N", defaults.entries),
    ]:
        after = shown[shown.index(flag) :]
        assert after[: after.index(")") + 1].endswith(f"(default: {value})")


def _pad(notebook: Path, megabytes: float) -> None:
    """Make the submitted notebook larger (metadata a student's tools could write)."""
    nb = json.loads(notebook.read_text())
    nb["metadata"]["padding"] = "x" * int(megabytes * 2**20)
    notebook.write_text(json.dumps(nb))


@pytest.mark.slow
def test_a_notebook_over_a_lowered_cap_is_not_graded_and_the_cap_is_named(toy_course, capsys):
    (student,) = (p.student for p in make_class(toy_course, "toy", ("correct",)))
    _pad(toy_course.path("submitted", student, "toy") / "toy.ipynb", 1.5)
    command = ["grade", "toy", "--course", str(toy_course.root), "--no-progress", "-j", "1"]
    assert main([*command, "--max-file", "1"]) == 0
    summary = capsys.readouterr().out
    assert f"failed           1  {student}" in summary
    assert (
        f"{student}: intake: toy.ipynb: too large (1.5 MB; the limit is 1 MB per file, "
        "--max-file): not copied" in summary
    )
    assert "toy.ipynb was refused at intake, so it was not graded" in summary
    assert "no toy.ipynb was submitted" not in summary
    assert main(command) == 0  # the default cap: the same submission is graded in full
    summary = capsys.readouterr().out
    assert "failed           0" in summary and "too large" not in summary
    assert sum(float(s or 0) for s in cell_scores(toy_course, "toy", student).values()) == 6


def test_the_readme_states_the_default_caps():
    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text().split())
    caps = Caps()
    assert (
        f"{caps.file_bytes // 2**20} MB per file (`--max-file MB`), "
        f"{caps.total_bytes // 2**20} MB per submission (`--max-submission MB`), "
        f"{caps.depth} folder levels (`--max-depth N`) and "
        f"{caps.entries:,} files and folders (`--max-entries N`)"
    ) in readme
