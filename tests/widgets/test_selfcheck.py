"""Tests for SelfCheck: pass, fail, hint, the explanation after two tries, and authoring slips."""

from __future__ import annotations

import ast
import json

import pytest

from canvaskit_widgets.checks import answer_hash
from canvaskit_widgets.widgets import HintLadder, SelfCheck, StateError

OPTIONS = ["Self-service", "Communities", "Dedicated personal assistance"]


def choice(**kwargs) -> SelfCheck:
    return SelfCheck(
        "Which category lets customers answer each other's questions?",
        OPTIONS,
        answer_hash=SelfCheck.fingerprint("Communities"),
        explanation="In a community, customers help each other.",
        hint="Who answers: the firm, software, or other customers?",
        **kwargs,
    )


def answer(widget: SelfCheck, value) -> None:
    widget._input.value = value
    widget._check_button.click()


def shown(widget: SelfCheck) -> bool:
    return widget._explanation.layout.display != "none"


def test_fingerprint_is_the_checks_answer_hash():
    assert SelfCheck.fingerprint("Communities") == answer_hash("Communities")
    assert SelfCheck.fingerprint(2.6667) == answer_hash(2.67)


def test_a_right_answer_passes_and_explains():
    widget = choice()
    answer(widget, "Communities")
    assert widget.get_state()["passed"] is True
    assert widget.get_state()["attempts"] == 1
    assert "Correct" in widget._feedback.value
    assert shown(widget)


def test_wrong_answers_give_the_hint_and_explain_after_two_tries():
    widget = choice()
    answer(widget, "Self-service")
    assert (widget.passed, widget.attempts) == (False, 1)
    assert "Who answers" in widget._feedback.value
    assert not shown(widget)
    answer(widget, "Dedicated personal assistance")
    assert (widget.passed, widget.attempts) == (False, 2)
    assert shown(widget)
    answer(widget, "Communities")
    assert (widget.passed, widget.attempts) == (True, 3)


def test_checking_without_a_choice_counts_nothing():
    widget = choice()
    widget._check_button.click()
    assert widget.attempts == 0
    assert "Choose an answer" in widget.message


def test_observers_see_attempts_and_passed():
    widget = choice()
    seen = []
    widget.observe(lambda change: seen.append((change.name, change.new)), ["attempts", "passed"])
    answer(widget, "Communities")
    assert seen == [("attempts", 1), ("passed", True)]


def test_numeric_answers_are_rounded_to_digits():
    widget = SelfCheck(
        "What is CLV / m for r = 0.8 and d = 0.1?",
        answer_hash=SelfCheck.fingerprint(0.8 / 0.3),
        explanation="0.8 / (1 + 0.1 - 0.8) = 2.67",
    )
    answer(widget, 2.6)
    assert not widget.passed
    answer(widget, 2.67)
    assert widget.passed


@pytest.mark.parametrize(
    ("options", "fingerprint", "match"),
    [
        (OPTIONS, "Communities", "not a fingerprint"),
        (OPTIONS, answer_hash("Co-creation"), "matches none of the options"),
        (["Communities", "communities"], answer_hash("Communities"), "matches 2 of the options"),
        (["Communities"], answer_hash("Communities"), "at least two"),
        (None, answer_hash("Communities"), "needs a number"),
    ],
)
def test_authoring_slips_fail_at_once(options, fingerprint, match):
    with pytest.raises(ValueError, match=match):
        SelfCheck("Q?", options, answer_hash=fingerprint, explanation="E")


def test_literal_and_file_round_trip(tmp_path):
    widget = choice()
    answer(widget, "Self-service")
    answer(widget, "Communities")
    literal = ast.literal_eval(widget.as_literal())
    again = choice(state=literal)
    assert (again.attempts, again.passed, shown(again)) == (2, True, True)
    path = widget.save(tmp_path / "q1.widget.json")
    other = choice()
    other.load(path)
    assert (other._input.value, other.attempts, other.passed) == ("Communities", 2, True)


def test_a_claimed_pass_is_checked_again():
    widget = choice(state={"answer": "Self-service", "attempts": 1, "passed": True})
    assert widget.passed is False


@pytest.mark.parametrize(
    "state",
    [{"answer": "Telepathy", "attempts": 1}, {"answer": "Communities", "attempts": -1}, [1]],
)
def test_a_bad_state_file_changes_nothing(tmp_path, state):
    path = tmp_path / "q1.widget.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    widget = choice()
    answer(widget, "Self-service")
    with pytest.raises(StateError):
        widget.load(path)
    assert (widget._input.value, widget.attempts, widget.passed) == ("Self-service", 1, False)
    assert json.loads(path.read_text(encoding="utf-8")) == state


# -- hint ladders ----------------------------------------------------------------------------------
LADDER = [
    "Count the answers of each segment and the promoters among them.",
    "Use `groupby` on the segment column, then `agg` or `apply`.",
    'survey.groupby("segment")["score"].apply(...)',
]


def test_a_ladder_opens_one_hint_at_a_time_and_stops_at_the_last():
    ladder = HintLadder(LADDER)
    visible = lambda: [s.layout.display != "none" for s in ladder._steps]  # noqa: E731
    assert ladder.shown == 0 and visible() == [False, False, False]
    assert ladder._next_button.description == "Show hint 1 of 3"
    ladder._next_button.click()
    ladder._next_button.click()
    assert ladder.shown == 2 and visible() == [True, True, False]
    assert ladder.get_state()["shown"] == 2
    ladder._next_button.click()
    assert ladder._next_button.disabled and ladder._next_button.description == "No more hints"
    assert "<code>groupby</code>" in ladder._steps[1].value


def test_default_labels_climb_from_what_to_compute_to_a_skeleton():
    assert HintLadder(LADDER).labels == ["What to compute", "Which method", "A skeleton"]
    assert HintLadder(LADDER[:2]).labels == ["What to compute", "A skeleton"]
    assert HintLadder([*LADDER, "x", "y"]).labels[2:] == ["Hint 3", "Hint 4", "A skeleton"]
    with pytest.raises(ValueError, match="one label per hint"):
        HintLadder(LADDER, labels=["a", "b"])


@pytest.mark.parametrize(
    ("hint", "answer"),
    [
        ("The category is `co_creation`.", "co_creation"),
        ('Write "Communities".', "Communities"),
        ("It comes to 0.78 of the customers.", 0.78),
        ("Try `retention = 0.78` and check.", 0.78),
        ("co_creation", "co_creation"),
    ],
)
def test_a_hint_that_states_the_answer_is_refused(hint, answer):
    with pytest.raises(ValueError, match="hint 2 states the answer"):
        HintLadder([LADDER[0], hint], answer_hash=answer_hash(answer))


def test_hints_that_only_point_at_the_method_are_accepted():
    fingerprint = answer_hash("co_creation")
    ladder = HintLadder(
        ["Ask what customers do on a testing day.", "Read the table of categories."],
        answer_hash=fingerprint,
    )
    assert ladder.shown == 0


@pytest.mark.parametrize("hints", [["only one"], "a string", ["ok", ""], [1, 2]])
def test_malformed_ladders_are_refused(hints):
    with pytest.raises(ValueError):
        HintLadder(hints)


def test_ladder_state_round_trips_and_bad_states_change_nothing(tmp_path):
    ladder = HintLadder(LADDER, autosave=tmp_path / "hints.widget.json")
    ladder._next_button.click()
    again = HintLadder(LADDER, autosave=tmp_path / "hints.widget.json")
    assert again.shown == 1 and "Restored" in again.message
    assert HintLadder(LADDER, state=ast.literal_eval(again.as_literal())).shown == 1
    bad = tmp_path / "bad.json"
    for text in ('{"shown": 7}', '{"shown": true}', '{"open": 1}'):
        bad.write_text(text)
        with pytest.raises(StateError):
            again.load(bad)
        assert again.shown == 1


def test_as_markdown_nests_the_hints_in_details_to_open_in_order():
    text = HintLadder(LADDER).as_markdown()
    assert text.count("<details>") == 3 and text.count("</details>") == 3
    order = [text.index(label) for label in ("What to compute", "Which method", "A skeleton")]
    assert order == sorted(order)
    assert text.index(LADDER[0]) < text.index("<summary>Which method")
    json.dumps(text)
