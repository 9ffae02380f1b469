"""Tests for the self-checks, the precision rule and the helpers of hidden tests."""

from __future__ import annotations

import functools
import math

import nbformat
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from nbgrader.utils import get_partial_grade

from canvaskit_widgets.checks import TOLERANCE, answer_hash, check, close, fingerprint, normalise
from canvaskit_widgets.exercise import (
    expect,
    expect_calls,
    expect_raises,
    expect_same,
    passed,
    score_items,
    self_check,
)


def test_fingerprint_hides_the_value_but_names_the_kind():
    fp = answer_hash("Communities")
    assert fp.startswith("str:") and "communities" not in fp.lower()
    assert answer_hash([1, 2, 3]).startswith("list3:")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (" communities ", "Communities"),
        ("CO-CREATION", "co-creation"),
        (2.6667, 8 / 3),
        (3, 3.0),
        ({"b", "a"}, {"a", "b"}),
        ({"x": 0.5}, {"x": 0.501}),
        (-0.001, 0.0),
    ],
)
def test_equivalent_answers_pass(given, expected):
    assert check("q", given, answer_hash(expected))


@pytest.mark.parametrize(
    ("given", "expected", "message"),
    [
        (2.6, 8 / 3, "not yet right"),
        ("2.67", 8 / 3, "expected a number, got a text"),
        ([1, 2], [1, 2, 3], "expected a list of 3 item(s), got a list of 2 item(s)"),
        ([3, 2, 1], [1, 2, 3], "not yet right"),
        (True, 1, "expected a number, got True or False"),
        (float("nan"), 1.0, "not a finite number"),
        (object(), 1.0, "cannot fingerprint"),
    ],
)
def test_wrong_answers_say_what_is_off(given, expected, message):
    result = check("q", given, answer_hash(expected))
    assert not result
    assert message in result.message
    assert str(result).startswith("✘ q:")


def test_hint_is_shown_on_wrong_value():
    result = check("clv", 1.0, answer_hash(2.0), hint="Use m*r/(1+d-r).")
    assert result.message.endswith("Use m*r/(1+d-r).")


def test_digits_control_rounding():
    assert normalise(1.234, 1) == "num:1.2"
    assert check("q", 1.24, answer_hash(1.2, digits=1), digits=1)
    assert not check("q", 1.24, answer_hash(1.2))


# -- the precision rule ---------------------------------------------------------------------------
@pytest.mark.parametrize("want", [0.7834567, 8000.0, 1800.0, 12.820512820512821, -16.67, 0.0, 84])
@pytest.mark.parametrize("factor", [1.0, 1 + 3e-7, 1 - 3e-7, 1 + 5e-6, 1.01])
def test_self_checks_and_hidden_tests_apply_the_same_tolerance(want, factor):
    got = want * factor if want else (factor - 1)
    assert bool(check("x", got, fingerprint(want))) == close(got, want)
    raised = _raises(expect_same, "x", got, want)
    assert (raised is None) == close(got, want)


@pytest.mark.parametrize("got", [84, 84.0, np.int64(84), np.float64(84.0), np.float32(84.0)])
def test_every_numeric_type_passes(got):
    assert check("n", got, fingerprint(84))
    assert _raises(expect_same, "n", got, 84.0) is None


def test_a_rounded_value_is_named_as_rounded_by_both_kinds_of_check():
    want = 0.7763157894736842
    assert "looks rounded" in check("r", 0.78, fingerprint(want)).message
    assert "looks rounded" in _raises(expect_same, "retention(...)", 0.78, want)
    assert "looks rounded" not in check("r", 0.5, fingerprint(want)).message


@pytest.mark.parametrize(
    ("got", "words"),
    [(77.63157894736842, "100 times too large"), (-0.7763157894736842, "wrong sign")],
)
def test_percent_and_sign_slips_are_named(got, words):
    assert words in check("r", got, fingerprint(0.7763157894736842)).message
    assert words in _raises(expect_same, "r", got, 0.7763157894736842)


def test_a_share_where_a_percentage_is_asked_for_is_named():
    assert "100 times too small" in _raises(expect_same, "nps([9, 6])", 0.0 + 0.25, 25.0)


def test_messages_show_the_students_value_never_the_expected_one():
    want = 0.7763157894736842
    for message in (
        check("r", 0.61, fingerprint(want)).message,
        _raises(expect_same, "r", 0.61, want),
    ):
        assert "0.61" in message
        assert "0.776" not in message and "0.78" not in message


def test_the_old_two_part_fingerprints_still_work():
    assert check("q", 2.6667, answer_hash(8 / 3))
    assert not check("q", 2.6, answer_hash(8 / 3))


# -- content, not container ----------------------------------------------------------------------
def test_a_tuple_passes_where_a_list_is_asked_for():
    assert check("c", ("a", "b"), fingerprint(["a", "b"]))
    assert _raises(expect_same, "c", ("a", "b"), ["a", "b"]) is None


def test_a_list_of_unique_pairs_passes_where_a_set_is_asked_for_with_a_note():
    pairs = {("men", "no_channel"), ("adult-women", "no_revenue")}
    result = check(
        "gaps", [["men", "no_channel"], ("adult-women", "no_revenue")], fingerprint(pairs)
    )
    assert result and "accepted" in result.message
    assert _raises(expect_same, "gaps", list(pairs), pairs) is None


def test_a_list_with_a_repeated_pair_is_not_a_set():
    pairs = {("men", "no_channel"), ("adult-women", "no_revenue")}
    got = [("men", "no_channel"), ("men", "no_channel")]
    assert not check("gaps", got, fingerprint(pairs))
    assert "not a set of unique items" in _raises(expect_same, "gaps", got, pairs)


def test_none_from_a_function_without_return_is_named():
    assert "return" in check("clv(1, 0.5, 0.1)", None, fingerprint(1.0)).message
    assert "return" in _raises(expect_calls, "clv", lambda *args: None, [((1, 0.5, 0.1), 0.5)])


# -- hidden-test helpers ---------------------------------------------------------------------------
def _raises(helper, *args):
    """The message of the AssertionError ``helper(*args)`` raises, or None."""
    try:
        helper(*args)
    except AssertionError as error:
        return str(error)
    return None


def test_same_output_for_any_input_is_said_only_when_it_is_true():
    cases = [((1,), 2.0), ((2,), 4.0)]
    constant = _raises(expect_calls, "double", lambda x: 2.0, cases)
    assert "same output" in constant and "from the arguments" in constant
    varying = _raises(expect_calls, "double", lambda x: 3 * x, cases)
    assert "double(1) is 3" in varying and "same output" not in varying
    assert _raises(expect_calls, "double", lambda x: 2 * x, cases) is None


def test_an_error_raised_by_the_students_function_is_reported_with_its_call():
    def broken(x):
        raise KeyError("segment")

    assert "broken(1) raised KeyError" in _raises(expect_calls, "broken", broken, [((1,), 1)])


def test_expect_raises_names_a_missing_or_wrong_error():
    def lenient(x):
        return x

    def strict(x):
        raise ValueError("no")

    def wrong(x):
        raise TypeError("no")

    assert "should raise ValueError" in _raises(expect_raises, "f", lenient, (1.5,))
    assert _raises(expect_raises, "f", strict, (1.5,)) is None
    assert "raised TypeError" in _raises(expect_raises, "f", wrong, (1.5,))


def test_an_alternative_reading_is_accepted():
    assert _raises(expect_same, "t", 2.0, 1.0, 2.0) is None
    assert _raises(expect_same, "t", 3.0, 1.0, 2.0) is not None


# -- per-item scoring ------------------------------------------------------------------------------
def test_score_items_gives_the_share_right_times_the_points(capsys):
    assert score_items("c", ["a", "b", "x"], ["a", "b", "c"]) == pytest.approx(0.67)
    assert score_items("c", ("a", "b", "c"), ["a", "b", "c"], points=2) == 2.0
    assert score_items("c", ["x", "y"], ["a", "b"], points=2) == 0.0
    out = capsys.readouterr().out
    assert "c[2] = 'x' is not right" in out and "'c'" not in out.split("c[2]")[1].split("\n")[0]


def test_score_items_accepts_any_of_the_defensible_keys():
    want = [{"convenience_usability", "accessibility"}, "price"]
    assert score_items("e", ["accessibility", "price"], want) == 1.0
    assert score_items("e", ["convenience_usability", "price"], want) == 1.0


def test_score_items_scores_a_dict_by_key_and_ignores_extra_keys():
    want = {"jam": {"extension", "diversification"}, "juice": "diversification"}
    assert score_items("s", {"jam": "diversification", "juice": "extension", "x": 1}, want) == 0.5
    assert score_items("s", ["diversification"], want) == 0.0


def test_score_items_gives_nothing_for_none_or_a_short_list():
    assert score_items("c", None, ["a", "b"]) == 0.0
    assert score_items("c", ["a"], ["a", "b"]) == 0.5


@pytest.mark.parametrize("points", [1, 2, 3])
def test_nbgrader_reads_the_score_as_the_cells_partial_credit(points):
    score = score_items("c", ["a", "x", "c"], ["a", "b", "c"], points=points)
    output = nbformat.v4.new_output("execute_result", data={"text/plain": repr(score)})
    assert get_partial_grade(output, points) == pytest.approx(points * 2 / 3, abs=0.01)


@given(
    want=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    steps=st.floats(min_value=-4, max_value=4),
)
def test_self_checks_agree_with_the_rule_everywhere(want, steps):
    size = max(1.0, abs(want))
    assume(abs(math.log10(size) - round(math.log10(size))) > 1e-3 or size == 1.0)
    got = want + steps * TOLERANCE * 10.0 ** math.floor(math.log10(size))
    assert bool(check("x", got, fingerprint(want))) == close(got, want)


def test_a_self_check_accepts_any_of_the_defensible_answers(capsys):
    expect(
        "e",
        ["accessibility"],
        fingerprint(["convenience_usability"]),
        fingerprint(["accessibility"]),
    )
    assert capsys.readouterr().out.startswith("✔ e")
    assert "not yet right" in _raises(
        expect, "e", ["price"], fingerprint(["newness"]), fingerprint(["design"])
    )


def test_a_method_point_to_2_decimals_forgives_rounding_but_not_a_wrong_method():
    cases = [((1,), 0.7763), ((2,), 0.4127)]
    to_2 = functools.partial(expect_calls, digits=2)

    def rounded(x):
        return round(0.7763 if x == 1 else 0.4127, 2)

    assert _raises(to_2, "r", rounded, cases) is None
    assert "looks rounded" in _raises(expect_calls, "r", rounded, cases)
    assert "r(1) is 0.9" in _raises(to_2, "r", lambda x: 0.9 if x == 1 else 0.5, cases)


def test_a_self_check_cell_prints_no_pass_line_when_a_later_check_fails(capsys):
    with pytest.raises(AssertionError, match="✘ b"), self_check():
        expect("a", 1.0, fingerprint(1.0))
        passed("a raises ValueError")
        expect("b", 2.0, fingerprint(3.0))
    assert "✔" not in capsys.readouterr().out
    with self_check():
        expect("a", 1.0, fingerprint(1.0))
        passed("a raises ValueError")
    assert capsys.readouterr().out.splitlines() == ["✔ a: correct.", "✔ a raises ValueError"]
